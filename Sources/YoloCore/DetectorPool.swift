import Foundation

/// YoloCore's answer to concurrent use: a fixed set of `YoloDetector`s, each owned by a dedicated worker thread,
/// behind a bounded queue.
///
/// `detect` never blocks the calling task's thread (Swift's cooperative pool or an event loop): the work runs
/// on the pool's own threads. At most `workers` × `maxBatchSize` images are processed at once; at most
/// `queueCapacity` more wait. Beyond that `detect` fails at once with `DetectorPoolError.queueFull`, so a caller can
/// shed load (HTTP 503).
///
/// A worker that finds several images waiting takes up to `maxBatchSize` of them and runs them through its network
/// in one forward pass (`YoloDetector.detect(batch:)`): same results, less time per image. It never waits for a
/// batch to fill, so an image that arrives alone is processed at once.
public final class DetectorPool: @unchecked Sendable {
    /// The number of detectors (and threads).
    public let workers: Int
    /// How many images may wait for a free detector.
    public let queueCapacity: Int
    /// The most images one worker takes from the queue for one forward pass.
    public let maxBatchSize: Int
    public let configuration: YoloConfiguration

    private struct Job {
        var imageData: [UInt8]
        var continuation: CheckedContinuation<DetectionResult, any Error>
    }

    // All mutable state below is guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [Job] = []
    private var pendingHead = 0
    private var running = 0
    private var accepting = true
    private var liveThreads = 0

    /// Loads `workers` detectors in parallel, one per thread, each warmed up with one forward pass unless `warmsUp`
    /// is false (at a Lambda cold start the warm-up costs more at init than it saves on the first image).
    /// Throws the first load error (`YoloError`).
    public init(
        modelDirectory: String,
        configuration: YoloConfiguration = YoloConfiguration(),
        workers: Int,
        queueCapacity: Int,
        maxBatchSize: Int = 1,
        warmsUp: Bool = true
    ) throws {
        precondition(workers > 0, "a pool needs at least one worker")
        self.workers = workers
        self.queueCapacity = max(0, queueCapacity)
        self.maxBatchSize = max(1, maxBatchSize)
        self.configuration = configuration

        let loaded = DispatchGroup()
        let failures = LoadFailures()
        for index in 0..<workers {
            loaded.enter()
            let thread = Thread { [self] in
                let detector: YoloDetector
                do {
                    detector = try YoloDetector(modelDirectory: modelDirectory, configuration: configuration)
                    if warmsUp { try detector.warmUp(batchSize: self.maxBatchSize) }
                } catch {
                    failures.record(error)
                    loaded.leave()
                    return
                }
                condition.withLock { liveThreads += 1 }
                loaded.leave()
                work(with: detector)
            }
            thread.name = "yolo-worker-\(index)"
            thread.start()
        }
        loaded.wait()
        if let failure = failures.first {
            shutdown()
            throw failure
        }
    }

    /// Detects objects on a worker thread. Throws `DetectorPoolError.queueFull` when every detector is busy and
    /// the queue is full, `.shutDown` after `shutdown()`, or the detector's `YoloError`.
    public func detect(imageData: [UInt8]) async throws -> DetectionResult {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            defer { condition.unlock() }
            guard accepting else {
                continuation.resume(throwing: DetectorPoolError.shutDown)
                return
            }
            let waiting = pending.count - pendingHead
            guard running + waiting < workers * maxBatchSize + queueCapacity else {
                continuation.resume(throwing: DetectorPoolError.queueFull(workers: workers, queued: waiting))
                return
            }
            pending.append(Job(imageData: imageData, continuation: continuation))
            condition.signal()
        }
    }

    /// Images being processed and images waiting, at this instant.
    public var load: (running: Int, queued: Int) {
        condition.withLock { (running, pending.count - pendingHead) }
    }

    /// Stops accepting work, lets the queued and running images finish, then ends the worker threads.
    /// Returns when every worker has exited.
    public func shutdown() {
        condition.lock()
        accepting = false
        condition.broadcast()
        while liveThreads > 0 { condition.wait() }
        condition.unlock()
    }

    private func work(with detector: YoloDetector) {
        while let jobs = nextJobs() {
            // One job is a plain detection (`detect(batch:)` hands a single image to `detect(imageData:)`).
            let outcomes = detector.detect(batch: jobs.map(\.imageData))
            condition.withLock { running -= jobs.count }
            for (job, outcome) in zip(jobs, outcomes) { job.continuation.resume(with: outcome.mapError { $0 }) }
        }
        condition.withLock {
            liveThreads -= 1
            condition.broadcast()
        }
    }

    /// Blocks until a job is queued, then returns it with the jobs queued behind it, up to `maxBatchSize` in all,
    /// oldest first; returns nil when the pool is shut down with nothing left.
    private func nextJobs() -> [Job]? {
        condition.lock()
        defer { condition.unlock() }
        while pendingHead == pending.count {
            if !accepting { return nil }
            condition.wait()
        }
        let count = min(maxBatchSize, pending.count - pendingHead)
        let jobs = Array(pending[pendingHead..<(pendingHead + count)])
        pendingHead += count
        if pendingHead > 64, pendingHead * 2 > pending.count {
            pending.removeFirst(pendingHead)
            pendingHead = 0
        }
        running += count
        return jobs
    }
}

/// Why a `DetectorPool` refused an image without looking at it.
public enum DetectorPoolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Every detector is busy and the queue is full: retry later.
    case queueFull(workers: Int, queued: Int)
    /// The pool is shutting down.
    case shutDown

    public var description: String {
        switch self {
        case .queueFull(let workers, let queued):
            "all \(workers) detectors are busy and \(queued) images are queued; retry later"
        case .shutDown:
            "the detector pool is shutting down"
        }
    }
}

/// The errors of detectors that failed to load, collected across worker threads.
private final class LoadFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []

    func record(_ error: any Error) { lock.withLock { errors.append(error) } }
    var first: (any Error)? { lock.withLock { errors.first } }
}
