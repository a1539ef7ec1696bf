import AWSKitLite
import DetectionContract
import Foundation
import LogEscaping
import Logging
import YoloCore

/// The S3-triggered detection function: for each `ObjectCreated` record of an event under `images/<id>/`, GetObject,
/// detect, PutItem of a `DetectionItem` keyed by `<id>`; every other record is skipped with a log line.
///
/// Nothing uploaded is dropped silently: an object that is not a decodable image, is over the pixel or size limit, or
/// cannot be read for good (`UnreadableUpload`: deleted before it was read, or access denied) gets a `failed` item with
/// the reason. Failures a retry may fix (any other GetObject error, a full detector queue, a PutItem that still fails
/// after AWSKitLite's retries) make the invocation fail (`DetectLambdaError.recordsFailed`) after the event's other
/// records are stored, so Lambda retries the event; a redelivered event overwrites the same items (PutItem by `id`).
///
/// One detector (a `DetectorPool` of one worker), loaded at init, runs one image at a time on its own thread;
/// records of one event overlap their S3 and DynamoDB calls while they wait for it.
public final class DetectionHandler: LambdaEventHandler {
    public let configuration: DetectLambdaConfiguration
    /// Records of one event processed at once (their downloads and writes overlap; detection does not).
    public let recordConcurrency: Int
    private let detector: DetectorPool
    private let s3: S3Client
    private let dynamoDB: DynamoDBClient
    private let logger: Logger
    private let firstEvent = FirstEventFlag()

    /// Loads the detector (warmed up when `configuration.warmsUp`), and builds the AWS clients. Throws
    /// `DetectLambdaError.modelLoadFailed` or `.awsConfiguration` (a malformed endpoint URL).
    public init(
        configuration: DetectLambdaConfiguration, logger: Logger, httpClient: HTTPClient = .shared,
        queueCapacity: Int = 256, recordConcurrency: Int = 4
    ) throws(DetectLambdaError) {
        self.configuration = configuration
        self.logger = logger
        self.recordConcurrency = max(1, recordConcurrency)
        do {
            s3 = try S3Client(configuration: configuration.aws, httpClient: httpClient)
            dynamoDB = try DynamoDBClient(configuration: configuration.aws, httpClient: httpClient)
        } catch {
            throw .awsConfiguration("\(error)")
        }
        do {
            detector = try DetectorPool(
                modelDirectory: configuration.modelDirectory, configuration: configuration.detection,
                workers: 1, queueCapacity: max(0, queueCapacity - 1), warmsUp: configuration.warmsUp)
        } catch {
            throw .modelLoadFailed("\(error)")
        }
    }

    /// Returns once the images the detector holds are done.
    public func shutdown() {
        detector.shutdown()
    }

    /// `process(event:context:)`'s summary as JSON (keys sorted).
    public func handle(event: [UInt8], context: InvocationContext) async throws -> [UInt8] {
        let summary = try await process(event: event, context: context)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try [UInt8](encoder.encode(summary))
    }

    /// Handles one S3 event. Throws `DetectLambdaError.invalidEvent` for a body that is not an S3 event
    /// notification, and `.recordsFailed` when a record failed in a way a retry may fix.
    public func process(event: [UInt8], context: InvocationContext) async throws(DetectLambdaError) -> InvocationSummary {
        let started = ContinuousClock.now
        let records = try S3Event(json: event).records
        let coldStart = firstEvent.take()

        var uploads: [UploadReference] = []
        var skipped = 0
        for record in records {
            switch RecordDisposition(record: record) {
            case .detect(let upload):
                uploads.append(upload)
            case .skip(let reason, let bucket, let key):
                skipped += 1
                logger.notice(
                    "skipped record",
                    metadata: [
                        "request_id": "\(context.requestId)", "reason": "\(reason)",
                        "bucket": "\(bucket.map { escapedForLog($0) } ?? "-")", "key": "\(key.map { escapedForLog($0) } ?? "-")",
                    ])
            }
        }

        let outcomes = await processConcurrently(uploads, coldStart: coldStart, context: context)
        var summary = InvocationSummary(skipped: skipped)
        var failures: [DetectLambdaError.RecordFailure] = []
        for outcome in outcomes {
            switch outcome {
            case .stored(let item):
                if item.status == .ok { summary.processed += 1 } else { summary.failed += 1 }
                summary.items.append(.init(id: item.id, status: item.status.rawValue, objects: item.objects.count))
            case .unfinished(let failure):
                failures.append(failure)
            }
        }
        logger.info(
            "event",
            metadata: [
                "request_id": "\(context.requestId)", "records": "\(records.count)", "processed": "\(summary.processed)",
                "failed": "\(summary.failed)", "skipped": "\(summary.skipped)", "errors": "\(failures.count)",
                "cold_start": "\(coldStart)", "ms": "\(Self.format(Self.milliseconds(since: started)))",
            ])
        guard failures.isEmpty else { throw .recordsFailed(failures) }
        return summary
    }

    private enum RecordOutcome: Sendable {
        /// An item was written (`ok` or `failed`).
        case stored(DetectionItem)
        /// No item was written; the invocation must fail so that the event is retried.
        case unfinished(DetectLambdaError.RecordFailure)
    }

    /// Processes `uploads` with at most `recordConcurrency` in flight; outcomes in input order.
    private func processConcurrently(
        _ uploads: [UploadReference], coldStart: Bool, context: InvocationContext
    ) async -> [RecordOutcome] {
        var outcomes = [RecordOutcome?](repeating: nil, count: uploads.count)
        await withTaskGroup(of: (Int, RecordOutcome).self) { group in
            var next = 0
            func startNext() {
                let index = next
                next += 1
                group.addTask { (index, await self.processRecord(uploads[index], coldStart: coldStart, context: context)) }
            }
            while next < min(recordConcurrency, uploads.count) { startNext() }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                if next < uploads.count { startNext() }
            }
        }
        return outcomes.map { $0! }
    }

    private func processRecord(_ upload: UploadReference, coldStart: Bool, context: InvocationContext) async -> RecordOutcome {
        let started = ContinuousClock.now
        var item = DetectionItem(
            id: upload.id, status: .failed, totalMilliseconds: 0, bucket: upload.bucket, key: upload.key,
            model: DetectLambdaConfiguration.modelName, opencv: YoloDetector.openCVVersion, processedAt: Date(),
            coldStart: coldStart,
            requestId: context.requestId)

        func unfinished(_ step: String, _ error: any Error) -> RecordOutcome {
            logger.error(
                "record failed; the invocation will fail",
                metadata: [
                    "request_id": "\(context.requestId)", "id": "\(escapedForLog(upload.id))",
                    "bucket": "\(escapedForLog(upload.bucket))", "key": "\(escapedForLog(upload.key))", "step": "\(step)", "error": "\(error)",
                ])
            return .unfinished(.init(bucket: upload.bucket, key: upload.key, step: step, message: "\(error)"))
        }

        detection: do {
            if let size = upload.size, size > configuration.maxObjectBytes {
                item.error = tooLarge(size)
                break detection
            }
            let object: S3Object
            let getStarted = ContinuousClock.now
            do {
                object = try await s3.getObject(bucket: upload.bucket, key: upload.key)
            } catch let error as AWSError {
                guard let unreadable = UnreadableUpload(error) else { return unfinished("GetObject", error) }
                item.error = unreadable.reason
                break detection
            } catch {
                return unfinished("GetObject", error)
            }
            item.s3GetMilliseconds = Self.milliseconds(since: getStarted)
            guard object.body.count <= configuration.maxObjectBytes else {
                item.error = tooLarge(object.body.count)
                break detection
            }
            do {
                let result = try await detector.detect(imageData: object.body)
                item.status = .ok
                item.objects = result.objects.map {
                    DetectedObject(label: $0.label, classId: $0.classId, accuracy: $0.accuracy, box: $0.box.array)
                }
                item.inferenceMilliseconds = result.timings.totalMilliseconds
                item.width = result.imageWidth
                item.height = result.imageHeight
                item.warnings = result.warnings
            } catch let error as YoloError {
                item.error = error.description
                if case .imageTooLarge(let width, let height, _) = error {
                    item.width = width
                    item.height = height
                }
            } catch {
                return unfinished("detect", error)
            }
        }

        item.totalMilliseconds = Self.milliseconds(since: started)
        item.processedAt = DetectionItem.timestamp(Date())
        let putStarted = ContinuousClock.now
        do {
            try await dynamoDB.putItem(table: configuration.table, item: item.attributes)
        } catch {
            return unfinished("PutItem", error)
        }
        var metadata: Logger.Metadata = [
            "request_id": "\(context.requestId)", "id": "\(escapedForLog(item.id))", "key": "\(escapedForLog(upload.key))",
            "status": "\(item.status.rawValue)", "objects": "\(item.objects.count)",
            "total_ms": "\(Self.format(item.totalMilliseconds ?? 0))",
            "put_ms": "\(Self.format(Self.milliseconds(since: putStarted)))",
        ]
        if let error = item.error { metadata["error"] = "\(escapedForLog(error, limit: 500))" }
        logger.info("record", metadata: metadata)
        return .stored(item)
    }

    private func tooLarge(_ bytes: Int) -> String {
        "the object is \(bytes) bytes, over the limit of \(configuration.maxObjectBytes) bytes (\(FunctionEnvironment.maxObjectMB))"
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    private static func format(_ milliseconds: Double) -> String {
        String(format: "%.1f", milliseconds)
    }
}

/// True for the first `take()` in the process's life, false after: which event is the cold start.
/// (A class with a lock rather than a stored `Atomic<Bool>`: Swift 6.3.1's optimizer crashes on the latter's
/// deinit when it inlines the handler's.)
private final class FirstEventFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = false

    func take() -> Bool {
        lock.withLock {
            defer { taken = true }
            return !taken
        }
    }
}
