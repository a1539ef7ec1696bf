import COpenCV
import Foundation

/// How OpenCV's parallel loops (convolutions, resizes) use the cores, for the whole process.
public enum OpenCVThreading: Sendable, Equatable, CustomStringConvertible {
    /// OpenCV's own backend (TBB in Debian's build), every parallel loop split over this many threads
    /// (`cv::setNumThreads`); 0 keeps OpenCV's default, one per core.
    case fixed(threads: Int)
    /// The core-sharing backend over this many cores: a parallel loop takes the cores that no other image (being
    /// decoded, preprocessed or run through a network) holds at that moment, so a lone forward pass gets every core
    /// and concurrent passes one each, without threads spinning for a core another pass needs. Results are the same.
    case sharedCores(Int)

    /// The core-sharing backend over every core of this machine.
    public static var sharedAllCores: OpenCVThreading { .sharedCores(ProcessInfo.processInfo.activeProcessorCount) }

    /// Parses `shared` (every core shared) or a thread count (`0` keeps OpenCV's default).
    public init?(argument: String) {
        if argument.lowercased() == "shared" {
            self = .sharedAllCores
        } else if let threads = Int(argument), threads >= 0 {
            self = .fixed(threads: threads)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .fixed(let threads): threads == 0 ? "OpenCV's default threads" : "\(threads) thread\(threads == 1 ? "" : "s") per loop"
        case .sharedCores(let cores): "\(cores) cores shared between images"
        }
    }

    /// Puts this in effect for the process. The core-sharing backend cannot be taken back once installed: after it,
    /// `.fixed` only caps the threads a loop may take. Throws `YoloError.inferenceFailed` if OpenCV refuses the backend.
    public func apply() throws(YoloError) {
        switch self {
        case .fixed(let threads):
            cocv_set_num_threads(Int32(threads))
        case .sharedCores(let cores):
            let (installed, message) = callCapturingError { error, capacity in
                cocv_use_core_sharing(Int32(max(1, cores)), error, capacity)
            }
            guard installed else { throw YoloError.inferenceFailed(stage: "parallel backend", message: message) }
            cocv_set_num_threads(Int32(max(1, cores)))
        }
    }

    /// What is in effect now: the core-sharing backend if installed, else OpenCV's thread count.
    public static var current: OpenCVThreading {
        let shared = Int(cocv_core_sharing_cores())
        return shared > 0 ? .sharedCores(shared) : .fixed(threads: Int(cocv_get_num_threads()))
    }
}
