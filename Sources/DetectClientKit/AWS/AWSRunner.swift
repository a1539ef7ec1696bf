import AWSKitLite
import DetectionContract
import Foundation

/// Sends every image through the cloud pipeline: uploads each to `images/<fresh UUID>/<file name>` in the
/// pipeline's bucket (at most `concurrency` at once, each upload timed), and meanwhile polls the detections table
/// for the items the function writes, until all are there or `timeout` has passed since the last upload;
/// `upload(images:)` only uploads.
///
/// Nothing is dropped: an image whose upload failed is `failed` with the S3 error, one whose item says `failed`
/// carries the function's error, and one never seen is `missing`.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (one PutObject per image)
public struct AWSRunner: Sendable {
    public let options: AWSRunOptions
    let s3: S3Client
    let dynamoDB: DynamoDBClient
    let lambda: LambdaClient?
    let logs: CloudWatchLogsClient?
    let progress: ProgressReporter

    /// With `lambda`, the run records the function's memory size and architecture (GetFunction); with `logs`, each
    /// image's invocation `REPORT` line from the function's log group.
    public init(options: AWSRunOptions, s3: S3Client, dynamoDB: DynamoDBClient, lambda: LambdaClient? = nil,
                logs: CloudWatchLogsClient? = nil, progress: ProgressReporter = .silent) {
        self.options = options
        self.s3 = s3
        self.dynamoDB = dynamoDB
        self.lambda = lambda
        self.logs = logs
        self.progress = progress
    }

    /// The function's settings as Lambda reports them; nil without a Lambda client or when GetFunction fails
    /// (the report then says the memory size is assumed).
    public func functionSettings() async -> FunctionSettings? {
        guard let lambda, let function = try? await lambda.getFunction(name: options.names.function) else { return nil }
        return FunctionSettings(function.configuration)
    }

    /// Checks that the bucket exists and, when `includingTable` (what `run(images:)` needs; `upload(images:)`
    /// needs only the bucket), the table too, so a missing pipeline is one clear error rather than one failure per
    /// image.
    /// - Throws: `AWSRunError.pipelineMissing` naming what is missing; `AWSError`/`HTTPClientError` otherwise.
    public func checkPipeline(includingTable: Bool = true) async throws {
        let names = options.names
        guard try await s3.bucketExists(names.bucket) else {
            throw AWSRunError.pipelineMissing(what: "bucket \(names.bucket)", prefix: names.prefix, region: names.region)
        }
        guard includingTable else { return }
        do {
            _ = try await dynamoDB.describeTable(name: names.table)
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            throw AWSRunError.pipelineMissing(what: "table \(names.table)", prefix: names.prefix, region: names.region)
        }
    }

    /// Uploads and waits; returns one result per image (file order) and the uploads' record.
    public func run(images: [ImageFile]) async -> (results: AWSRunResults, transfers: TransferTimeResults) {
        let names = options.names
        let function = await functionSettings()
        let board = ArrivalBoard(progress: progress)
        let poller = DetectionPoller(dynamoDB: dynamoDB, table: names.table)
        let clock = ContinuousClock()
        let startedAt = Date()
        let start = clock.now
        let pollTask = Task { await poller.poll(board) }

        let uploader = ImageUploader(s3: s3, names: names, concurrency: options.concurrency, progress: progress)
        let (uploads, uploadWall) = await uploader.upload(images, clock: clock) { id, file in
            await board.expect(id: id, file: file)
        }
        let uploaded = uploads.filter { $0.record.status == .ok }.count
        if uploaded > 0 {
            progress.note("waiting up to \(Int(options.timeout.seconds.rounded())) s for \(uploaded) items in table \(names.table)")
        }
        await board.uploadsFinished(deadline: clock.now + options.timeout)
        let pollRecord = await pollTask.value
        let pollError = pollRecord.lastError
        let arrived = await board.arrived
        let waitEnd = clock.now
        if uploaded > 0 { progress.finish() }

        var results: [AWSImageResult] = []
        var openCVVersions: Set<String> = []
        for (upload, uploadStart) in uploads.lazy.map({ ($0.record, $0.startedAt) }) {
            var result = AWSImageResult(id: upload.id, file: upload.file, key: upload.key, bytes: upload.bytes,
                                        status: .failed, uploadMilliseconds: upload.uploadMilliseconds)
            if upload.status != .ok {
                result.error = upload.error
            } else if let arrival = arrived[upload.id] {
                result.endToEndMilliseconds = (arrival.seenAt - uploadStart).roundedMilliseconds
                switch arrival.item {
                case .success(let item):
                    result.status = ImageStatus(item.status)
                    result.objects = item.objects
                    result.inferenceMilliseconds = item.inferenceMilliseconds
                    result.s3GetMilliseconds = item.s3GetMilliseconds
                    result.lambdaTotalMilliseconds = item.totalMilliseconds
                    result.coldStart = item.coldStart
                    result.width = item.width
                    result.height = item.height
                    result.processedAt = item.processedAt
                    result.requestId = item.requestId
                    if let opencv = item.opencv { openCVVersions.insert(opencv) }
                    if item.status != .ok { result.error = "the function failed: " + (item.error ?? "no reason recorded") }
                case .failure(let error):
                    result.error = error.description
                }
            } else {
                result.status = .missing
                var reason = "no item in table \(names.table) within \(Self.seconds(options.timeout)) after the last upload"
                if let pollError { reason += " (last BatchGetItem error: \(pollError))" }
                result.error = reason
            }
            results.append(result)
        }
        var reportLinesError: String?
        let requestIds = Set(results.compactMap(\.requestId))
        if let logs, !requestIds.isEmpty {
            let reader = InvocationReportReader(logs: logs, logGroup: names.logGroup)
            let outcome = await reader.read(requestIds: requestIds, since: startedAt, wait: options.reportLinesWait)
            results = InvocationReportReader.join(outcome.records, to: results)
            reportLinesError = outcome.error
        }
        let lastSeen = arrived.values.map(\.seenAt).max()
        let missing = results.contains { $0.status == .missing }
        let end = missing ? waitEnd : (lastSeen ?? waitEnd)
        let wall = end - start
        var summary = Self.summary(of: results, options: options, wall: wall, startedAt: startedAt, finishedAt: Date())
        summary.pollRequests = pollRecord.requests
        summary.pollKeysRead = pollRecord.keysRead
        if logs != nil {
            summary.reportLines = results.filter { $0.invocation != nil }.count
            summary.reportLinesError = reportLinesError
        }
        summary.endpoint = await CloudEndpoint.identify(s3.endpoint, httpClient: .shared)
        summary.function = function
        summary.opencv = openCVVersions.isEmpty ? nil : openCVVersions.sorted().joined(separator: ", ")
        summary.machine = .current()
        return (AWSRunResults(summary: summary, images: results), TransferTimeResults(uploads: uploads.map(\.record), wallSeconds: uploadWall.seconds))
    }

    /// Uploads every image and returns without reading the table: the uploads' record and their summary.
    public func upload(images: [ImageFile]) async -> UploadOnlyResults {
        let uploader = ImageUploader(s3: s3, names: options.names, concurrency: options.concurrency, progress: progress)
        let (uploads, wall) = await uploader.upload(images)
        let transfers = TransferTimeResults(uploads: uploads.map(\.record), wallSeconds: wall.seconds)
        return UploadOnlyResults(
            summary: UploadOnlySummary(transfers: transfers, region: options.names.region, bucket: options.names.bucket,
                                       concurrency: options.concurrency),
            transfers: transfers)
    }

    static func summary(of results: [AWSImageResult], options: AWSRunOptions, wall: Duration,
                        startedAt: Date, finishedAt: Date) -> AWSRunSummary {
        let ok = results.filter { $0.status == .ok }
        let seconds = wall.seconds
        return AWSRunSummary(
            region: options.names.region, bucket: options.names.bucket, table: options.names.table,
            concurrency: options.concurrency, timeoutSeconds: options.timeout.seconds, images: results.count,
            uploaded: results.filter { $0.uploadMilliseconds != nil }.count, ok: ok.count,
            failed: results.filter { $0.status == .failed }.count,
            missing: results.filter { $0.status == .missing }.count,
            coldStarts: results.filter { $0.coldStart == true }.count,
            wallSeconds: rounded(seconds, places: 6),
            throughputPerSecond: seconds > 0 ? rounded(Double(ok.count) / seconds) : 0,
            uploadMilliseconds: LatencySummary(results.compactMap(\.uploadMilliseconds)),
            endToEndMilliseconds: LatencySummary(ok.compactMap(\.endToEndMilliseconds)),
            inferenceMilliseconds: LatencySummary(ok.compactMap(\.inferenceMilliseconds)),
            startedAt: Timestamp.iso8601(startedAt), finishedAt: Timestamp.iso8601(finishedAt))
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = duration.seconds
        return value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}

/// Why a cloud run could not start.
public enum AWSRunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bucket or table of the pipeline does not exist in that account and region.
    case pipelineMissing(what: String, prefix: String, region: String)

    public var description: String {
        switch self {
        case .pipelineMissing(let what, let prefix, let region):
            "\(what) does not exist in \(region): create the pipeline first (infractl up --prefix \(prefix) --region \(region))"
        }
    }
}
