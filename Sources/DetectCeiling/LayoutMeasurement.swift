import COpenCV
import CommandLineSupport
import Foundation
import ImageInput
import Synchronization
import YoloCore

/// The figures of one layout: how many images it processed in how long, and the time of each image.
struct LayoutMeasurement: Sendable, Encodable {
    var layout: String
    var nets: Int
    var threads: Int
    var images: Int
    var seconds: Double
    /// Images processed per second of wall time, all nets together.
    var imagesPerSecond: Double
    /// Median and mean time of one image (decode + blob + forward) on one net, in milliseconds.
    var p50Milliseconds: Double
    var meanMilliseconds: Double
    /// Processor time (user + system, every thread) spent per image, in milliseconds.
    var cpuMillisecondsPerImage: Double

    enum CodingKeys: String, CodingKey {
        case layout, nets, threads, images, seconds
        case imagesPerSecond = "images_per_second"
        case p50Milliseconds = "p50_ms"
        case meanMilliseconds = "mean_ms"
        case cpuMillisecondsPerImage = "cpu_ms_per_image"
    }

    /// Runs `passes` passes over `images` (in order, each image `passes` times) spread over `layout.nets` threads,
    /// each owning one of `networks`, after one warm-up pass per net. Sets OpenCV's thread count process-wide; a
    /// core-sharing layout installs the core-sharing backend for the rest of the process (measure those last).
    /// Throws the first `CeilingError` a thread met.
    static func measure(
        layout: Layout, networks: [CeilingNetwork], images: [ImageFile], passes: Int
    ) throws -> LayoutMeasurement {
        precondition(networks.count >= layout.nets, "need \(layout.nets) networks")
        do { try layout.threading.apply() } catch { throw CeilingError.stageFailed(stage: "threading", image: "-", message: "\(error)") }
        let total = images.count * passes
        let shared = SharedProgress()

        func runThreads(count: Int, body: @escaping @Sendable (CeilingNetwork) -> Void) {
            let done = DispatchGroup()
            for index in 0..<count {
                let network = networks[index]
                done.enter()
                let thread = Thread {
                    body(network)
                    done.leave()
                }
                thread.name = "ceiling-\(index)"
                thread.start()
            }
            done.wait()
        }

        // Warm-up: every net sees every image once (OpenCV allocates lazily on the first passes).
        runThreads(count: layout.nets) { network in
            for image in images {
                do { try network.process(image.bytes, name: image.name) } catch { shared.fail(error) }
            }
        }
        if let failure = shared.failure { throw failure }

        let cpuBefore = ProcessorTime.processMilliseconds()
        let started = DispatchTime.now().uptimeNanoseconds
        runThreads(count: layout.nets) { network in
            var durations: [Double] = []
            while let index = shared.claim(below: total) {
                let image = images[index % images.count]
                let before = DispatchTime.now().uptimeNanoseconds
                do { try network.process(image.bytes, name: image.name) } catch {
                    shared.fail(error)
                    return
                }
                durations.append(Double(DispatchTime.now().uptimeNanoseconds - before) / 1e6)
            }
            shared.record(durations)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let cpu = ProcessorTime.processMilliseconds() - cpuBefore
        if let failure = shared.failure { throw failure }

        let durations = shared.durations.sorted()
        return LayoutMeasurement(
            layout: layout.description, nets: layout.nets, threads: layout.threads, images: durations.count,
            seconds: seconds, imagesPerSecond: Double(durations.count) / seconds,
            p50Milliseconds: Median.of(durations), meanMilliseconds: durations.reduce(0, +) / Double(max(1, durations.count)),
            cpuMillisecondsPerImage: cpu / Double(max(1, durations.count)))
    }
}

/// What the measuring threads share: the next image index to claim, every image's time, the first failure.
private final class SharedProgress: Sendable {
    private struct State {
        var next = 0
        var durations: [Double] = []
        var failure: CeilingError?
    }

    private let state = Mutex(State())

    /// The next index below `total`, or nil when all are claimed or a thread failed.
    func claim(below total: Int) -> Int? {
        state.withLock { state in
            guard state.failure == nil, state.next < total else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    func record(_ durations: [Double]) { state.withLock { $0.durations += durations } }

    func fail(_ error: any Error) {
        state.withLock { state in
            if state.failure == nil {
                state.failure = error as? CeilingError ?? .stageFailed(stage: "?", image: "?", message: "\(error)")
            }
        }
    }

    var failure: CeilingError? { state.withLock { $0.failure } }
    var durations: [Double] { state.withLock { $0.durations } }
}
