import AWSKitLite
import Foundation
import HTTPTransport
import Synchronization

/// What `detect-client bench` is told.
public struct LoadDriverOptions: Sendable {
    /// When the measured part ends.
    public enum Limit: Sendable, Equatable {
        /// After this many requests in all.
        case requests(Int)
        /// When this much time has passed (requests in flight then are still awaited and counted); every worker
        /// sends at least one request, however late it starts.
        case duration(Duration)

        /// `.duration` of `seconds`. Throws `SettingRangeError` (naming `--duration`) unless it is above 0 and at most
        /// `SettingRangeError.maximumSeconds`.
        public static func duration(seconds: Double) throws(SettingRangeError) -> Limit {
            try SettingRangeError.checkSeconds(seconds, above: 0, option: "--duration")
            return .duration(.milliseconds(Int64(seconds * 1000)))
        }
    }

    public var endpoint: DetectionEndpoint
    /// Connections, each with one request in flight at a time (at least 1).
    public var concurrency: Int
    public var limit: Limit
    /// Requests sent first, over every connection, and not measured.
    public var warmup: Int
    /// Time allowed for one request, connect to last byte.
    public var requestTimeout: Duration

    /// Throws `SettingRangeError` (naming `--concurrency`, `--requests` or `--warmup`) for a count out of its range.
    public init(endpoint: DetectionEndpoint, concurrency: Int = 1, limit: Limit = .requests(100), warmup: Int = 0,
                requestTimeout: Duration = .seconds(60)) throws(SettingRangeError) {
        try Self.checkRanges(concurrency: concurrency, limit: limit, warmup: warmup)
        self.endpoint = endpoint
        self.concurrency = concurrency
        self.limit = limit
        self.warmup = warmup
        self.requestTimeout = requestTimeout
    }

    /// The ranges `init` enforces, for checking arguments before there is an endpoint: `concurrency` and a
    /// request count at least 1, `warmup` not negative. Throws `SettingRangeError` naming the option.
    public static func checkRanges(concurrency: Int, limit: Limit, warmup: Int) throws(SettingRangeError) {
        try SettingRangeError.check(concurrency, atLeast: 1, option: "--concurrency")
        if case .requests(let requests) = limit { try SettingRangeError.check(requests, atLeast: 1, option: "--requests") }
        try SettingRangeError.check(warmup, atLeast: 0, option: "--warmup")
    }
}

/// A closed-loop load generator for any server speaking the REST contract: `concurrency` workers, each sending its
/// next request as soon as its previous reply is in, over the images round-robin.
///
/// Built not to be the bottleneck: each image's request body is encoded once before the run; requests go through
/// one libcurl multi handle (one thread, no blocking of Swift's pool) whose connections stay open and are reused;
/// workers take tickets from one atomic counter and keep their latencies in their own arrays. No retries: a
/// failed request counts as a failure, as it does for any load generator.
public struct LoadDriver: Sendable {
    public let options: LoadDriverOptions

    public init(options: LoadDriverOptions) {
        self.options = options
    }

    /// Runs the warm-up, then the measured loop, over `images` (at least one).
    public func run(images: [ImageFile]) async -> BenchResult {
        precondition(!images.isEmpty, "the load driver needs at least one image")
        let bodies = images.map { image in
            EncodedImage(image).requestBody(id: "bench-\(image.name)")
        }
        let httpClient = HTTPClient(configuration: .init(
            connectTimeout: .seconds(5), requestTimeout: options.requestTimeout,
            maxConnectionsPerHost: options.concurrency, maxCachedConnections: max(16, options.concurrency)))
        defer { httpClient.shutdown() }
        let client = DetectionClient(endpoint: options.endpoint, httpClient: httpClient, retryPolicy: .never)

        if options.warmup > 0 {
            _ = await loop(client: client, bodies: bodies, limit: .requests(options.warmup))
        }
        let clock = ContinuousClock()
        let start = clock.now
        let workers = await loop(client: client, bodies: bodies, limit: options.limit)
        let elapsed = clock.now - start

        let latencies = workers.flatMap(\.latencies)
        let failures = workers.reduce(0) { $0 + $1.failures }
        let sorted = latencies.sorted()
        let seconds = elapsed.seconds
        return BenchResult(
            endpoint: options.endpoint.description, concurrency: options.concurrency,
            requests: latencies.count + failures, failures: failures, seconds: rounded(seconds, places: 6),
            requestsPerSecond: seconds > 0 ? rounded(Double(latencies.count) / seconds) : 0,
            p50Milliseconds: percentile(ofSorted: sorted, 0.50).map { rounded($0) },
            p95Milliseconds: percentile(ofSorted: sorted, 0.95).map { rounded($0) },
            p99Milliseconds: percentile(ofSorted: sorted, 0.99).map { rounded($0) },
            meanMilliseconds: sorted.isEmpty ? nil : rounded(sorted.reduce(0, +) / Double(sorted.count)),
            firstFailure: workers.compactMap(\.firstFailure).first)
    }

    private struct WorkerTally: Sendable {
        var latencies: [Double] = []
        var failures = 0
        var firstFailure: String?
        var attempts: Int { latencies.count + failures }
    }

    /// Tickets shared by the workers: request number `n` uses image `n % count`.
    private final class TicketCounter: Sendable {
        let next = Atomic<Int>(0)

        func take() -> Int {
            next.wrappingAdd(1, ordering: .relaxed).oldValue
        }
    }

    private func loop(client: DetectionClient, bodies: [[UInt8]], limit: LoadDriverOptions.Limit) async -> [WorkerTally] {
        let counter = TicketCounter()
        let clock = ContinuousClock()
        let deadline: ContinuousClock.Instant? = if case .duration(let duration) = limit { clock.now + duration } else { nil }
        let maximum: Int? = if case .requests(let count) = limit { count } else { nil }
        return await withTaskGroup(of: WorkerTally.self) { group in
            for _ in 0..<options.concurrency {
                group.addTask {
                    var tally = WorkerTally()
                    while true {
                        if let deadline, clock.now >= deadline, tally.attempts > 0 { break }
                        let ticket = counter.take()
                        if let maximum, ticket >= maximum { break }
                        let body = bodies[ticket % bodies.count]
                        switch await client.attemptOnce(id: nil, body: body) {
                        case .success(let (_, elapsed)):
                            tally.latencies.append(elapsed.roundedMilliseconds)
                        case .failure(let failure):
                            tally.failures += 1
                            if tally.firstFailure == nil { tally.firstFailure = failure.description }
                        }
                    }
                    return tally
                }
            }
            var tallies: [WorkerTally] = []
            for await tally in group { tallies.append(tally) }
            return tallies
        }
    }
}
