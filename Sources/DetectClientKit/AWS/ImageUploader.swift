import AWSKitLite
import DetectionContract
import Foundation

/// Puts images into the pipeline's bucket, each under `images/<fresh UUID>/<file name>`, with at most
/// `concurrency` PutObject calls in flight, timing each call. Both `detect-client aws` modes upload through it.
///
/// Nothing is dropped: an upload that failed is recorded `failed` with the S3 error.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (one PutObject per image)
struct ImageUploader: Sendable {
    /// One image's upload and when its PutObject call started.
    struct Upload: Sendable {
        var record: UploadRecord
        var startedAt: ContinuousClock.Instant
    }

    let s3: S3Client
    let names: PipelineNames
    /// Uploads in flight at once (at least 1).
    let concurrency: Int
    let progress: ProgressReporter

    /// Uploads every image and returns one `Upload` per image in file order, and the wall time from the first
    /// call's start to the last call's reply. `uploaded(id, file)` is awaited after each successful PutObject.
    func upload(
        _ images: [ImageFile], clock: ContinuousClock = ContinuousClock(),
        uploaded: @escaping @Sendable (_ id: String, _ file: String) async -> Void = { _, _ in }
    ) async -> (uploads: [Upload], wall: Duration) {
        let (s3, names, progress) = (self.s3, self.names, self.progress)
        progress.start("uploading", total: images.count)
        let start = clock.now
        let uploads = await mapConcurrently(count: images.count, limit: concurrency) { index in
            let image = images[index]
            let id = UUID().uuidString.lowercased()
            let key = names.uploadKey(id: id, fileName: image.name)
            let uploadStart = clock.now
            do {
                try await s3.putObject(bucket: names.bucket, key: key, body: image.bytes, contentType: image.contentType)
                let elapsed = clock.now - uploadStart
                await uploaded(id, image.name)
                progress.advance(item: image.name)
                return Upload(record: UploadRecord(id: id, file: image.name, key: key, bytes: image.bytes.count, status: .ok,
                                                   uploadMilliseconds: elapsed.roundedMilliseconds),
                              startedAt: uploadStart)
            } catch {
                progress.advance(item: image.name, failure: "\(error)")
                return Upload(record: UploadRecord(id: id, file: image.name, key: key, bytes: image.bytes.count, status: .failed,
                                                   uploadMilliseconds: nil, error: "upload failed: \(error)"),
                              startedAt: uploadStart)
            }
        }
        let wall = clock.now - start
        progress.finish()
        return (uploads, wall)
    }
}
