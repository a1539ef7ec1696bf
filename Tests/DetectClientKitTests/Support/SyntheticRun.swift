import DetectClientKit
import DetectionContract
import Foundation

/// A made-up pair of result files of any size, for the report's scale: image i (1-based) has local round trip
/// i ms, local inference i / 10 ms, cloud end-to-end 2i ms, upload i / 2 ms, cloud inference i / 5 ms, and one
/// object (a dog) on both paths.
enum SyntheticRun {
    static func inputs(images: Int) -> ReportInputs {
        let dog = DetectedObject(label: "dog", classId: 16, accuracy: 0.9, box: [1, 2, 3, 4])
        let files = (1...images).map { String(format: "image-%04d.jpg", $0) }
        let local = files.enumerated().map { index, file in
            LocalImageResult(id: "l-\(index)", file: file, pass: 1, status: .ok, objects: [dog],
                             roundTripMilliseconds: Double(index + 1), inferenceMilliseconds: Double(index + 1) / 10, attempts: 1)
        }
        let cloud = files.enumerated().map { index, file in
            AWSImageResult(id: "c-\(index)", file: file, key: "images/c-\(index)/\(file)", bytes: 1000, status: .ok, objects: [dog],
                           inferenceMilliseconds: Double(index + 1) / 5, uploadMilliseconds: Double(index + 1) / 2,
                           endToEndMilliseconds: Double(2 * (index + 1)), coldStart: index < 2,
                           lambdaTotalMilliseconds: Double(index + 1) / 5 + 3)
        }
        var localSummary = LocalRunSummary(
            endpoint: "http://127.0.0.1:8080/api/object_detection", concurrency: 4, repeatCount: 1, warmup: 0, images: images,
            requests: images, ok: images, failed: 0, wallSeconds: Double(images) / 10, throughputPerSecond: 10,
            roundTripMilliseconds: nil, inferenceMilliseconds: nil, startedAt: "2026-01-01T00:00:00.000Z", finishedAt: "2026-01-01T00:01:40.000Z")
        localSummary.workers = 2
        var cloudSummary = AWSRunSummary(
            region: "us-east-1", bucket: "b", table: "t", concurrency: 8, timeoutSeconds: 120, images: images, uploaded: images,
            ok: images, failed: 0, missing: 0, coldStarts: 2, wallSeconds: Double(images) / 5, throughputPerSecond: 5,
            uploadMilliseconds: nil, endToEndMilliseconds: nil, inferenceMilliseconds: nil,
            startedAt: "2026-01-01T00:02:00.000Z", finishedAt: "2026-01-01T00:05:20.000Z")
        cloudSummary.endpoint = CloudEndpoint(url: "http://127.0.0.1:4566", emulator: "MiniStack")
        cloudSummary.function = FunctionSettings(name: "yolo-offload-detect", memoryMB: 1024, architecture: "x86_64")
        cloudSummary.pollKeysRead = images * 3
        var sequential = LocalRunResults(summary: localSummary, images: local)
        sequential.summary.concurrency = 1
        return ReportInputs(local: LocalRunResults(summary: localSummary, images: local),
                            cloud: AWSRunResults(summary: cloudSummary, images: cloud), localSequential: sequential)
    }
}
