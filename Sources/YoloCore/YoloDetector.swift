import COpenCV
import Foundation

/// YOLOv3-tiny over OpenCV's dnn module: bytes in, labelled boxes out, per DETECTION.md.
///
/// A detector owns one `cv::dnn::Net`, which is not thread-safe: use one detector from one thread at a time.
/// For concurrent use, `DetectorPool` gives each of its worker threads a detector of its own.
public final class YoloDetector {
    public let configuration: YoloConfiguration
    public let labels: ClassLabels
    private let net: OpaquePointer
    private var candidates: [Candidate] = []

    /// Loads the model from `modelDirectory` (see `ModelFiles`). Throws `YoloError.modelFileMissing`,
    /// `.modelChecksumMismatch` or `.modelLoadFailed`.
    public init(modelDirectory: String, configuration: YoloConfiguration = YoloConfiguration()) throws {
        let files = ModelFiles(directory: modelDirectory)
        try files.verify(checksums: configuration.verifiesModelChecksums)
        guard let labelText = try? String(contentsOfFile: files.path(of: ModelFiles.labels), encoding: .utf8) else {
            throw YoloError.modelLoadFailed("\(files.path(of: ModelFiles.labels)) is not UTF-8 text")
        }
        let (loaded, message) = callCapturingError { error, capacity in
            cocv_net_load_darknet(files.path(of: ModelFiles.config), files.path(of: ModelFiles.weights), error, capacity)
        }
        guard let loaded else { throw YoloError.modelLoadFailed(message) }
        self.net = loaded
        self.labels = ClassLabels(parsing: labelText)
        self.configuration = configuration
    }

    deinit {
        cocv_net_free(net)
    }

    /// Detects objects in JPEG or PNG bytes.
    /// Throws `YoloError.notAnImage`, `.imageTooLarge` (checked from the header, before decoding) or `.inferenceFailed`.
    public func detect(imageData: UnsafeRawBufferPointer) throws -> DetectionResult {
        var clock = StageClock()
        let header = try ImageHeader(parsing: imageData)
        guard header.width * header.height <= configuration.maxImagePixels else {
            throw YoloError.imageTooLarge(width: header.width, height: header.height, limit: configuration.maxImagePixels)
        }
        let (decoded, decodeError) = callCapturingError { error, capacity in
            cocv_image_decode(imageData.baseAddress?.assumingMemoryBound(to: UInt8.self), imageData.count, error, capacity)
        }
        guard let image = decoded else { throw YoloError.notAnImage(decodeError) }
        defer { cocv_image_free(image) }
        let width = Int(cocv_image_width(image))
        let height = Int(cocv_image_height(image))
        let decode = clock.lap()

        let (inputSet, inputError) = callCapturingError { error, capacity in
            cocv_net_set_input(
                net, image, 1.0 / 255.0, Int32(configuration.inputWidth), Int32(configuration.inputHeight), true,
                error, capacity)
        }
        guard inputSet else { throw YoloError.inferenceFailed(stage: "preprocess", message: inputError) }
        let preprocess = clock.lap()

        let (forwarded, forwardError) = callCapturingError { error, capacity in cocv_net_forward(net, error, capacity) }
        guard forwarded else { throw YoloError.inferenceFailed(stage: "forward", message: forwardError) }
        let forward = clock.lap()

        candidates.removeAll(keepingCapacity: true)
        for index in 0..<cocv_net_output_count(net) {
            var rows: Int32 = 0
            var columns: Int32 = 0
            guard let output = cocv_net_output(net, index, &rows, &columns) else {
                throw YoloError.inferenceFailed(stage: "postprocess", message: "output \(index) is not a 2-D float matrix")
            }
            decodeCandidates(
                rows: UnsafeBufferPointer(start: output, count: Int(rows) * Int(columns)),
                columns: Int(columns),
                imageWidth: width,
                imageHeight: height,
                confidenceThreshold: configuration.confidenceThreshold,
                into: &candidates)
        }
        let kept = suppressPerClass(
            candidates, confidenceThreshold: configuration.confidenceThreshold, nmsThreshold: configuration.nmsThreshold)
        let objects = kept.map {
            Detection(label: labels.label(for: $0.classId), classId: $0.classId, accuracy: $0.confidence, box: $0.box)
        }
        let postprocess = clock.lap()

        return DetectionResult(
            objects: objects, imageWidth: width, imageHeight: height, candidateCount: candidates.count,
            timings: StageTimings(decode: decode, preprocess: preprocess, forward: forward, postprocess: postprocess))
    }

    /// Runs one forward pass on a black image, so that the first real image does not pay for OpenCV's lazy
    /// allocations (the first pass is several times slower than the rest).
    public func warmUp() throws {
        let (created, message) = callCapturingError { error, capacity in
            cocv_image_create(Int32(configuration.inputWidth), Int32(configuration.inputHeight), error, capacity)
        }
        guard let image = created else { throw YoloError.inferenceFailed(stage: "warm-up", message: message) }
        defer { cocv_image_free(image) }
        let (ran, runError) = callCapturingError { error, capacity in
            cocv_net_set_input(
                net, image, 1.0 / 255.0, Int32(configuration.inputWidth), Int32(configuration.inputHeight), true,
                error, capacity) && cocv_net_forward(net, error, capacity)
        }
        guard ran else { throw YoloError.inferenceFailed(stage: "warm-up", message: runError) }
    }

    /// Detects objects in JPEG or PNG bytes; see `detect(imageData:)` for the raw-buffer form.
    public func detect(imageData: some ContiguousBytes) throws -> DetectionResult {
        try imageData.withUnsafeBytes { try detect(imageData: $0) }
    }
}

extension YoloDetector {
    /// The OpenCV version the detector runs on, e.g. "4.6.0".
    public static var openCVVersion: String { String(cString: cocv_version()) }

    /// Sets how many threads OpenCV's parallel loops use in this process (`cv::setNumThreads`); <= 0 keeps the default.
    public static func setOpenCVThreads(_ threads: Int) { cocv_set_num_threads(Int32(threads)) }

    /// How many threads OpenCV's parallel loops use in this process (`cv::getNumThreads`).
    public static var openCVThreads: Int { Int(cocv_get_num_threads()) }
}

/// Calls a COpenCV function with an error buffer on the stack; returns its result and the message it left there
/// (empty when it left none).
func callCapturingError<T>(_ body: (UnsafeMutablePointer<CChar>, Int) -> T) -> (result: T, message: String) {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buffer in
        buffer[0] = 0
        let result = body(buffer.baseAddress!, buffer.count)
        return (result, String(cString: buffer.baseAddress!))
    }
}

/// Milliseconds between successive laps of a monotonic clock.
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1_000_000
    }
}
