import Dispatch
import Foundation
import YoloCore

/// The function's one detector: images are detected one at a time, in arrival order, on a serial dispatch queue
/// (a thread of its own, never Swift's cooperative pool, so S3 and DynamoDB calls of other records go on meanwhile).
///
/// Unlike `DetectorPool`, loading does not warm the network up unless asked: at a Lambda cold start the warm-up pass
/// costs more at init than it saves on the first image (README, "The function": measured figures).
public final class SerialDetector: @unchecked Sendable {
    /// Images that may wait for the detector; beyond that `detect` throws `SerialDetectorError.busy` at once.
    public let capacity: Int
    private let detector: YoloDetector
    private let queue = DispatchQueue(label: "detect-lambda.detector")
    private let lock = NSLock()
    private var pending = 0

    /// Loads the model (checksums verified per `configuration`), then runs one warm-up pass when `warmUp` is set.
    /// Throws `YoloError`.
    public init(modelDirectory: String, configuration: YoloConfiguration, capacity: Int, warmUp: Bool) throws {
        self.capacity = max(1, capacity)
        detector = try YoloDetector(modelDirectory: modelDirectory, configuration: configuration)
        if warmUp { try detector.warmUp() }
    }

    /// Detects objects in JPEG or PNG bytes once the images before it are done. Throws `SerialDetectorError.busy`
    /// when `capacity` images are already waiting, or the detector's `YoloError`.
    public func detect(imageData: [UInt8]) async throws -> DetectionResult {
        let admitted = lock.withLock {
            guard pending < capacity else { return false }
            pending += 1
            return true
        }
        guard admitted else { throw SerialDetectorError.busy(waiting: capacity) }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                let outcome = Result { try self.detector.detect(imageData: imageData) }
                self.lock.withLock { self.pending -= 1 }
                continuation.resume(with: outcome)
            }
        }
    }

    /// Returns once every image accepted so far has been detected.
    public func drain() {
        queue.sync {}
    }
}

/// Why `SerialDetector` refused an image without looking at it.
public enum SerialDetectorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `waiting` images are already queued for the detector: retry later.
    case busy(waiting: Int)

    public var description: String {
        switch self {
        case .busy(let waiting): "the detector is busy with \(waiting) queued images; retry later"
        }
    }
}
