import COpenCV
import Foundation

/// YOLOv3-tiny over OpenCV's dnn module: bytes in, labelled boxes out, per docs/detection.md.
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
        let image = try decodeChecked(imageData)
        defer { cocv_image_free(image.pointer) }
        let decode = clock.lap()

        let (inputSet, inputError) = callCapturingError { error, capacity in
            cocv_net_set_input(
                net, image.pointer, 1.0 / 255.0, Int32(configuration.inputWidth), Int32(configuration.inputHeight), true,
                error, capacity)
        }
        guard inputSet else { throw YoloError.inferenceFailed(stage: "preprocess", message: inputError) }
        let preprocess = clock.lap()

        try forward()
        let forward = clock.lap()

        var result = try postprocess(batchIndex: 0, width: image.width, height: image.height)
        result.timings = StageTimings(decode: decode, preprocess: preprocess, forward: forward, postprocess: clock.lap())
        result.warnings = image.warnings
        return result
    }

    /// Detects objects in several images with one forward pass over all of them (a batch blob,
    /// `cv::dnn::blobFromImages`), which costs less per image than one pass each; each image gets exactly the
    /// result `detect(imageData:)` gives it alone. Returns one result per image, in order: an image that is not
    /// a decodable JPEG/PNG or is too large fails alone; a failure of the shared pass fails every decoded image.
    /// Timings: decode is each image's own; preprocess and forward are the whole batch's; postprocess is each image's.
    public func detect<Bytes: ContiguousBytes>(batch: [Bytes]) -> [Result<DetectionResult, YoloError>] {
        guard batch.count > 1 else {
            return batch.map { bytes in Result { () throws(YoloError) in try Self.yoloError { try detect(imageData: bytes) } } }
        }
        var results = [Result<DetectionResult, YoloError>?](repeating: nil, count: batch.count)
        var decoded: [(index: Int, image: DecodedImage, decodeMilliseconds: Double)] = []
        defer { for entry in decoded { cocv_image_free(entry.image.pointer) } }
        var clock = StageClock()
        for (index, bytes) in batch.enumerated() {
            let outcome = bytes.withUnsafeBytes { raw in Result { () throws(YoloError) in try decodeChecked(raw) } }
            switch outcome {
            case .success(let image): decoded.append((index, image, clock.lap()))
            case .failure(let error):
                results[index] = .failure(error)
                _ = clock.lap()
            }
        }
        do throws(YoloError) {
            if !decoded.isEmpty {
                var pointers: [OpaquePointer?] = decoded.map { $0.image.pointer }
                let (inputSet, inputError) = callCapturingError { error, capacity in
                    cocv_net_set_input_batch(
                        net, &pointers, Int32(pointers.count), 1.0 / 255.0, Int32(configuration.inputWidth),
                        Int32(configuration.inputHeight), true, error, capacity)
                }
                guard inputSet else { throw YoloError.inferenceFailed(stage: "preprocess", message: inputError) }
                let preprocess = clock.lap()
                try forward()
                let forward = clock.lap()
                for (batchIndex, entry) in decoded.enumerated() {
                    var result = try postprocess(batchIndex: batchIndex, width: entry.image.width, height: entry.image.height)
                    result.timings = StageTimings(
                        decode: entry.decodeMilliseconds, preprocess: preprocess, forward: forward, postprocess: clock.lap())
                    result.warnings = entry.image.warnings
                    results[entry.index] = .success(result)
                }
            }
        } catch {
            for entry in decoded where results[entry.index] == nil { results[entry.index] = .failure(error) }
        }
        return results.map { $0! }
    }

    /// An image decoded by OpenCV; the caller frees `pointer`.
    private struct DecodedImage {
        var pointer: OpaquePointer
        var width: Int
        var height: Int
        /// What the decoder reported about damaged input it decoded anyway (`ImageWarning`).
        var warnings: [String]
    }

    /// Checks the header (format, declared size against `maxImagePixels`), then decodes with `cv::imdecode`.
    private func decodeChecked(_ imageData: UnsafeRawBufferPointer) throws(YoloError) -> DecodedImage {
        let header = try Self.yoloError { try ImageHeader(parsing: imageData) }
        guard header.width * header.height <= configuration.maxImagePixels else {
            throw YoloError.imageTooLarge(width: header.width, height: header.height, limit: configuration.maxImagePixels)
        }
        let (decoded, decodeError) = callCapturingError { error, capacity in
            cocv_image_decode(imageData.baseAddress?.assumingMemoryBound(to: UInt8.self), imageData.count, error, capacity)
        }
        guard let decoded else {
            // OpenCV 4.6 decodes a JPEG cut short as far as it goes; later versions (4.14) refuse it. Say which.
            if header.format == .jpeg, jpegWarnings(imageData).contains(truncatedJPEGWarning) {
                throw YoloError.notAnImage(
                    "image data ends early; OpenCV \(Self.openCVVersion) does not decode a JPEG cut short")
            }
            throw YoloError.notAnImage(decodeError)
        }
        let warnings = header.format == .jpeg ? jpegWarnings(imageData) : []
        return DecodedImage(
            pointer: decoded, width: Int(cocv_image_width(decoded)), height: Int(cocv_image_height(decoded)),
            warnings: warnings)
    }

    private func forward() throws(YoloError) {
        let (forwarded, forwardError) = callCapturingError { error, capacity in cocv_net_forward(net, error, capacity) }
        guard forwarded else { throw YoloError.inferenceFailed(stage: "forward", message: forwardError) }
    }

    /// docs/detection.md steps 4–7 on image `batchIndex` of the last forward pass (timings left zero).
    private func postprocess(batchIndex: Int, width: Int, height: Int) throws(YoloError) -> DetectionResult {
        candidates.removeAll(keepingCapacity: true)
        for index in 0..<cocv_net_output_count(net) {
            var rows: Int32 = 0
            var columns: Int32 = 0
            guard let output = cocv_net_output_rows(net, index, Int32(batchIndex), &rows, &columns) else {
                throw YoloError.inferenceFailed(
                    stage: "postprocess", message: "output \(index) has no float rows for image \(batchIndex)")
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
        return DetectionResult(
            objects: objects, imageWidth: width, imageHeight: height, candidateCount: candidates.count,
            timings: StageTimings())
    }

    /// Runs `body`, which throws only `YoloError`, as a typed throw.
    private static func yoloError<T>(_ body: () throws -> T) throws(YoloError) -> T {
        do { return try body() } catch let error as YoloError { throw error } catch {
            throw YoloError.inferenceFailed(stage: "detect", message: "\(error)")
        }
    }

    /// Runs one forward pass on a black image, so that the first real image does not pay for OpenCV's lazy
    /// allocations (the first pass is several times slower than the rest); with `batchSize` above 1, also one pass
    /// over a batch of that many, for the first batch's sake.
    public func warmUp(batchSize: Int = 1) throws {
        let (created, message) = callCapturingError { error, capacity in
            cocv_image_create(Int32(configuration.inputWidth), Int32(configuration.inputHeight), error, capacity)
        }
        guard let image = created else { throw YoloError.inferenceFailed(stage: "warm-up", message: message) }
        defer { cocv_image_free(image) }
        for size in batchSize > 1 ? [1, batchSize] : [1] {
            var images = [OpaquePointer?](repeating: image, count: size)
            let (ran, runError) = callCapturingError { error, capacity in
                cocv_net_set_input_batch(
                    net, &images, Int32(size), 1.0 / 255.0, Int32(configuration.inputWidth),
                    Int32(configuration.inputHeight), true, error, capacity) && cocv_net_forward(net, error, capacity)
            }
            guard ran else { throw YoloError.inferenceFailed(stage: "warm-up", message: runError) }
        }
    }

    /// Detects objects in JPEG or PNG bytes; see `detect(imageData:)` for the raw-buffer form.
    public func detect(imageData: some ContiguousBytes) throws -> DetectionResult {
        try imageData.withUnsafeBytes { try detect(imageData: $0) }
    }
}

extension YoloDetector {
    /// The version of the OpenCV library the detector runs on (loaded at run time), e.g. "4.6.0" or "4.14.0".
    public static let openCVVersion = String(cString: cocv_version())
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
