import ArgumentParser

/// How the ceiling spreads work over the machine: `nets` networks, each owned by one thread that loops over
/// the images, with OpenCV's parallel loops (`cv::setNumThreads`) set to `threads` for the whole process.
struct Layout: Hashable, Sendable, CustomStringConvertible, ExpressibleByArgument {
    var nets: Int
    var threads: Int

    init(nets: Int, threads: Int) {
        self.nets = nets
        self.threads = threads
    }

    /// Parses `NETSxTHREADS`, e.g. `2x1`; both at least 1.
    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x")
        guard parts.count == 2, let nets = Int(parts[0]), let threads = Int(parts[1]), nets > 0, threads > 0 else {
            return nil
        }
        self.init(nets: nets, threads: threads)
    }

    var description: String { "\(nets)x\(threads)" }

    /// The layouts worth trying on a machine with `cores` cores: 1 to `cores` nets × 1 to `cores` threads.
    static func candidates(cores: Int) -> [Layout] {
        let limit = max(1, cores)
        return (1...limit).flatMap { nets in (1...limit).map { Layout(nets: nets, threads: $0) } }
    }
}
