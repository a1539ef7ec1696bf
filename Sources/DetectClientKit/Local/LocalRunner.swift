import AWSKitLite
import Foundation
import HTTPTransport

/// What `detect-client local` is told: where to send, how many requests at once, how many passes over the folder,
/// how many warm-up requests first, and how to retry.
public struct LocalRunOptions: Sendable {
    public var endpoint: DetectionEndpoint
    /// Requests in flight at once (at least 1).
    public var concurrency: Int
    /// Passes over the folder (at least 1); every request gets a fresh id.
    public var repeatCount: Int
    /// Requests sent (cycling over the images) before measuring; their results are not recorded.
    public var warmup: Int
    public var retryPolicy: RetryPolicy
    /// Time allowed for one attempt, connect to last byte.
    public var requestTimeout: Duration

    /// Throws `SettingRangeError` (naming `--concurrency`, `--repeat` or `--warmup`) for a count out of its range.
    public init(endpoint: DetectionEndpoint, concurrency: Int = 4, repeatCount: Int = 1, warmup: Int = 0,
                retryPolicy: RetryPolicy = DetectionClient.defaultRetryPolicy, requestTimeout: Duration = .seconds(60)) throws(SettingRangeError) {
        try Self.checkRanges(concurrency: concurrency, repeatCount: repeatCount, warmup: warmup)
        self.endpoint = endpoint
        self.concurrency = concurrency
        self.repeatCount = repeatCount
        self.warmup = warmup
        self.retryPolicy = retryPolicy
        self.requestTimeout = requestTimeout
    }

    /// The ranges `init` enforces, for checking arguments before there is an endpoint: `concurrency` and
    /// `repeatCount` at least 1, `warmup` not negative. Throws `SettingRangeError` naming the option.
    public static func checkRanges(concurrency: Int, repeatCount: Int, warmup: Int) throws(SettingRangeError) {
        try SettingRangeError.check(concurrency, atLeast: 1, option: "--concurrency")
        try SettingRangeError.check(repeatCount, atLeast: 1, option: "--repeat")
        try SettingRangeError.check(warmup, atLeast: 0, option: "--warmup")
    }
}

/// Sends every image to a detection server (`repeatCount` passes, each request with a fresh UUID, at most
/// `concurrency` at once) and records, per request, the objects, the round trip and the server's inference time.
///
/// Failures never stop the run and are never dropped: an image that still fails after its retries is recorded as
/// `failed` with the reason.
public struct LocalRunner: Sendable {
    public let options: LocalRunOptions
    let progress: ProgressReporter

    public init(options: LocalRunOptions, progress: ProgressReporter = .silent) {
        self.options = options
        self.progress = progress
    }

    /// Runs the warm-up, then the measured passes, and returns every request's result with the summary.
    public func run(images: [ImageFile]) async -> LocalRunResults {
        let httpClient = HTTPClient(configuration: .init(
            connectTimeout: .seconds(5), requestTimeout: options.requestTimeout,
            maxConnectionsPerHost: max(8, options.concurrency), maxCachedConnections: max(16, options.concurrency * 2)))
        defer { httpClient.shutdown() }
        let client = DetectionClient(endpoint: options.endpoint, httpClient: httpClient, retryPolicy: options.retryPolicy)
        let encoded = images.map(EncodedImage.init)
        let health = await Self.serverHealth(options.endpoint, httpClient: httpClient)

        if options.warmup > 0, !encoded.isEmpty {
            progress.start("warm-up", total: options.warmup)
            _ = await mapConcurrently(count: options.warmup, limit: options.concurrency) { index in
                let image = encoded[index % encoded.count]
                let id = UUID().uuidString.lowercased()
                let outcome = await client.detect(id: id, body: image.requestBody(id: id))
                if case .failure(let failure, _) = outcome {
                    progress.advance(item: image.name, failure: failure.description)
                } else {
                    progress.advance(item: image.name)
                }
            }
            progress.finish()
        }

        let total = encoded.count * options.repeatCount
        progress.start("detecting", total: total)
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let results = await mapConcurrently(count: total, limit: options.concurrency) { index in
            let image = encoded[index % encoded.count]
            let pass = index / encoded.count + 1
            let id = UUID().uuidString.lowercased()
            let outcome = await client.detect(id: id, body: image.requestBody(id: id))
            let result = Self.result(id: id, file: image.name, pass: pass, outcome: outcome)
            progress.advance(item: image.name, failure: result.error)
            return result
        }
        let wall = clock.now - start
        progress.finish()
        var summary = Self.summary(of: results, options: options, images: encoded.count, wall: wall,
                                   startedAt: startedAt, finishedAt: Date())
        summary.workers = health.workers
        summary.opencv = health.opencv
        summary.machine = .current()
        return LocalRunResults(summary: summary, images: results)
    }

    /// The detector pool size and the OpenCV a detect-server reports on `GET /health` (`{"workers": n, "opencv":
    /// "4.6.0", ...}`); nil for an endpoint with a path of its own, or a server that does not say.
    static func serverHealth(_ endpoint: DetectionEndpoint, httpClient: HTTPClient) async -> (workers: Int?, opencv: String?) {
        guard endpoint.path == DetectionEndpoint.contractPath else { return (nil, nil) }
        let request = HTTPRequest(method: "GET", scheme: endpoint.scheme, host: endpoint.host, port: endpoint.port,
                                  path: "/health", headers: [], body: [])
        guard let response = try? await httpClient.execute(request, timeout: .after(.seconds(5))), response.status == 200,
              let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        else { return (nil, nil) }
        return ((object["workers"] as? NSNumber)?.intValue, object["opencv"] as? String)
    }

    static func result(id: String, file: String, pass: Int, outcome: DetectionClient.Outcome) -> LocalImageResult {
        switch outcome {
        case .success(let reply, let roundTrip, let attempts):
            return LocalImageResult(
                id: id, file: file, pass: pass, status: .ok, objects: reply.objects,
                roundTripMilliseconds: roundTrip.roundedMilliseconds,
                inferenceMilliseconds: reply.inferenceMilliseconds.map { rounded($0) },
                width: reply.width, height: reply.height, attempts: attempts)
        case .failure(let failure, let attempts):
            let suffix = attempts > 1 ? " (after \(attempts) attempts)" : ""
            return LocalImageResult(
                id: id, file: file, pass: pass, status: .failed, objects: [], roundTripMilliseconds: nil,
                inferenceMilliseconds: nil, attempts: attempts, error: failure.description + suffix)
        }
    }

    static func summary(of results: [LocalImageResult], options: LocalRunOptions, images: Int, wall: Duration,
                        startedAt: Date, finishedAt: Date) -> LocalRunSummary {
        let ok = results.filter { $0.status == .ok }
        let seconds = wall.seconds
        return LocalRunSummary(
            endpoint: options.endpoint.description, concurrency: options.concurrency, repeatCount: options.repeatCount,
            warmup: options.warmup, images: images, requests: results.count, ok: ok.count,
            failed: results.count - ok.count, wallSeconds: rounded(seconds, places: 6),
            throughputPerSecond: seconds > 0 ? rounded(Double(ok.count) / seconds) : 0,
            roundTripMilliseconds: LatencySummary(ok.compactMap(\.roundTripMilliseconds)),
            inferenceMilliseconds: LatencySummary(ok.compactMap(\.inferenceMilliseconds)),
            startedAt: Timestamp.iso8601(startedAt), finishedAt: Timestamp.iso8601(finishedAt))
    }
}
