import ArgumentParser
import Foundation
import YoloCore

/// How the ceiling spreads work over the machine: `nets` networks, each owned by one thread that loops over
/// the images, with OpenCV's parallel loops (`cv::setNumThreads`) set to `threads` for the whole process; or,
/// with `sharesCores`, run by the core-sharing backend (`cocv_use_core_sharing`) over every core, which gives a
/// parallel loop the cores no other net is using at that moment.
struct Layout: Hashable, Sendable, CustomStringConvertible, ExpressibleByArgument {
    var nets: Int
    var threads: Int
    var sharesCores: Bool

    init(nets: Int, threads: Int) {
        self.nets = nets
        self.threads = threads
        self.sharesCores = false
    }

    /// `nets` nets sharing `cores` cores through the core-sharing backend.
    init(nets: Int, sharing cores: Int) {
        self.nets = nets
        self.threads = cores
        self.sharesCores = true
    }

    /// Parses `NETSxTHREADS`, e.g. `2x1`, or `NETSxS` for the core-sharing backend over every core, e.g. `2xS`.
    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x")
        guard parts.count == 2, let nets = Int(parts[0]), nets > 0 else { return nil }
        if parts[1] == "s" {
            self.init(nets: nets, sharing: ProcessInfo.processInfo.activeProcessorCount)
            return
        }
        guard let threads = Int(parts[1]), threads > 0 else { return nil }
        self.init(nets: nets, threads: threads)
    }

    var description: String { sharesCores ? "\(nets)xS" : "\(nets)x\(threads)" }

    /// What the layout puts in effect for the process before it is measured.
    var threading: OpenCVThreading { sharesCores ? .sharedCores(threads) : .fixed(threads: threads) }

    /// The layouts worth trying on a machine with `cores` cores: 1 to `cores` nets × 1 to `cores` threads, then
    /// 1 to `cores` nets sharing the cores.
    static func candidates(cores: Int) -> [Layout] {
        let limit = max(1, cores)
        let fixed = (1...limit).flatMap { nets in (1...limit).map { Layout(nets: nets, threads: $0) } }
        return fixed + (1...limit).map { Layout(nets: $0, sharing: limit) }
    }
}
