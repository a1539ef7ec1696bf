import AWSKitLite
import Foundation
import TestSupport
import Testing

/// Retries and timeouts of the service clients against servers that fail on purpose: scripts/fault_server.py
/// (a separate process) and an in-process stub where the test must see each attempt's headers.
@Suite struct RetryBehaviourTests {
    /// Records the waits a RetryPolicy asks for, without waiting.
    final class SleepRecorder: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [Duration] = []
        var sleeps: [Duration] { lock.withLock { recorded } }
        func record(_ duration: Duration) { lock.withLock { recorded.append(duration) } }
    }

    private static let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    private func policy(_ attempts: Int, _ recorder: SleepRecorder, random: Double = 0.5) -> RetryPolicy {
        RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(100), maxDelay: .seconds(20),
                    sleep: { recorder.record($0) }, random: { random })
    }

    private func configuration(_ endpoint: String, clock: @escaping @Sendable () -> Date = { Date() }) -> AWSConfiguration {
        AWSConfiguration(region: "us-east-1", credentialProvider: StaticCredentialProvider(Self.credentials),
                         endpointOverride: endpoint, environment: [:], clock: clock)
    }

    @Test func serviceUnavailableThenSuccess() async throws {
        let server = try FaultServer(mode: .status, failures: 2, status: 503)
        defer { server.stop() }
        let recorder = SleepRecorder()
        let s3 = try S3Client(configuration: configuration(server.baseURL), retryPolicy: policy(3, recorder))
        let object = try await s3.getObject(bucket: "bucket", key: "key")
        #expect(object.body == Array("{}".utf8))
        #expect(try await server.attempts() == 3)
        // Full jitter with random 0.5: half of 100 ms, then half of 200 ms.
        #expect(recorder.sleeps == [.milliseconds(50), .milliseconds(100)])
    }

    @Test func persistentServerErrorsExhaustTheAttempts() async throws {
        let server = try FaultServer(mode: .status, status: 503)
        defer { server.stop() }
        let recorder = SleepRecorder()
        let s3 = try S3Client(configuration: configuration(server.baseURL), retryPolicy: policy(4, recorder))
        let error = try await #require(throws: AWSError.self) { try await s3.getObject(bucket: "bucket", key: "key") }
        #expect(error == AWSError(service: "s3", operation: "GetObject", statusCode: 503, code: "ServiceUnavailable",
                                  message: "injected failure", requestId: "fault-4"))
        #expect(try await server.attempts() == 4)
        #expect(recorder.sleeps.count == 3)
    }

    @Test func retryAfterHeaderSetsTheMinimumWait() async throws {
        let server = try FaultServer(mode: .status, failures: 1, status: 429, retryAfter: "2")
        defer { server.stop() }
        let recorder = SleepRecorder()
        let s3 = try S3Client(configuration: configuration(server.baseURL), retryPolicy: policy(3, recorder, random: 0))
        _ = try await s3.getObject(bucket: "bucket", key: "key")
        #expect(recorder.sleeps == [.seconds(2)])
    }

    @Test func dynamoDBThrottlingThenSuccess() async throws {
        let server = try FaultServer(mode: .throttle, failures: 2)
        defer { server.stop() }
        let recorder = SleepRecorder()
        let dynamo = try DynamoDBClient(configuration: configuration(server.baseURL), retryPolicy: policy(3, recorder))
        #expect(try await dynamo.getItem(table: "table", key: ["id": .s("1")]) == nil)
        #expect(try await server.attempts() == 3)
    }

    @Test func dynamoDBThrottlingExhaustsTheAttempts() async throws {
        let server = try FaultServer(mode: .throttle)
        defer { server.stop() }
        let recorder = SleepRecorder()
        let dynamo = try DynamoDBClient(configuration: configuration(server.baseURL), retryPolicy: policy(3, recorder))
        let error = try await #require(throws: AWSError.self) { try await dynamo.getItem(table: "table", key: ["id": .s("1")]) }
        #expect(error.code == "ThrottlingException" && error.statusCode == 400 && error.requestId == "fault-3")
        #expect(RetryClassification.isThrottling(error))
        #expect(try await server.attempts() == 3)
    }

    @Test func connectionDroppedMidResponseIsRetriedThenTyped() async throws {
        let server = try FaultServer(mode: .drop)
        defer { server.stop() }
        let recorder = SleepRecorder()
        let s3 = try S3Client(configuration: configuration(server.baseURL), retryPolicy: policy(3, recorder))
        let error = try await #require(throws: HTTPClientError.self) { try await s3.getObject(bucket: "bucket", key: "key") }
        #expect(error.kind == .connectionDropped)
        #expect(error.url == "\(server.baseURL)/bucket/key")
        #expect(try await server.attempts() == 3)
    }

    @Test func serverThatNeverAnswersTimesOutEachAttempt() async throws {
        let server = try FaultServer(mode: .hang)
        defer { server.stop() }
        let recorder = SleepRecorder()
        let http = HTTPClient(configuration: .init(connectTimeout: .seconds(5), requestTimeout: .milliseconds(300)))
        defer { http.shutdown() }
        let dynamo = try DynamoDBClient(configuration: configuration(server.baseURL), httpClient: http, retryPolicy: policy(2, recorder))
        let error = try await #require(throws: HTTPClientError.self) { try await dynamo.describeTable(name: "table") }
        #expect(error.kind == .timeout && error.method == "POST")
        #expect(try await server.attempts() == 2)
    }

    @Test func refusedConnectionIsRetriedThenTyped() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let recorder = SleepRecorder()
        let sts = try STSClient(configuration: configuration("http://127.0.0.1:\(port)"), retryPolicy: policy(3, recorder))
        let error = try await #require(throws: HTTPClientError.self) { try await sts.getCallerIdentity() }
        #expect(error.kind == .connectionRefused)
        #expect(recorder.sleeps.count == 2)
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let server = try await StubHTTPServer.start { _ in
            .init(status: 400, headers: [(name: "Content-Type", value: "application/x-amz-json-1.0")],
                  text: #"{"__type":"com.amazon.coral.validate#ValidationException","message":"bad key"}"#)
        }
        defer { server.stop() }
        let recorder = SleepRecorder()
        let dynamo = try DynamoDBClient(configuration: configuration(server.baseURL), retryPolicy: policy(5, recorder))
        let error = try await #require(throws: AWSError.self) { try await dynamo.getItem(table: "t", key: [:]) }
        #expect(error.code == "ValidationException" && error.message == "bad key")
        #expect(server.requests.count == 1 && recorder.sleeps.isEmpty)
    }

    @Test func everyAttemptIsSignedAfresh() async throws {
        let counter = SleepRecorder()
        let server = try await StubHTTPServer.start { _ in
            counter.record(.zero)
            return counter.sleeps.count < 3 ? .init(status: 500, text: "") : .init(status: 200, text: "{}")
        }
        defer { server.stop() }
        let tick = SleepRecorder()
        let clock: @Sendable () -> Date = {
            tick.record(.seconds(1))
            return Date(timeIntervalSince1970: 1_700_000_000 + Double(tick.sleeps.count))
        }
        let recorder = SleepRecorder()
        let dynamo = try DynamoDBClient(configuration: configuration(server.baseURL, clock: clock), retryPolicy: policy(3, recorder))
        _ = try await dynamo.getItem(table: "t", key: ["id": .s("1")])
        let dates = server.requests.compactMap { $0.header("X-Amz-Date") }
        #expect(dates.count == 3 && Set(dates).count == 3)
        #expect(Set(server.requests.compactMap { $0.header("Authorization") }).count == 3)
    }
}
