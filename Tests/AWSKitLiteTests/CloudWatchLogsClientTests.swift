@testable import AWSKitLite
import Foundation
import TestSupport
import Testing

/// CloudWatchLogsClient against MiniStack (every signature verified as the `logs` service) and moto, and its
/// PutLogEvents batching against the limits the API reference states.
@Suite struct CloudWatchLogsClientTests {
    /// A millisecond-aligned time (the API's precision), `offset` ms after a fixed recent instant.
    static func time(_ offset: Int64, base: Date = Date()) -> Date {
        Date(millisecondsSince1970: base.millisecondsSince1970 + offset)
    }

    private func withLogGroup(_ emulator: Emulator, _ body: (CloudWatchLogsClient, String) async throws -> Void) async throws {
        let logs = try CloudWatchLogsClient(configuration: emulator.configuration())
        let group = "/awskit/test/" + Emulator.uniqueName("logs")
        try await logs.createLogGroup(name: group)
        do {
            try await body(logs, group)
        } catch {
            try? await logs.deleteLogGroup(name: group)
            throw error
        }
        try await logs.deleteLogGroup(name: group)
    }

    @Test(arguments: Emulator.allCases)
    func logGroupLifecycleWithRetention(_ emulator: Emulator) async throws {
        let logs = try CloudWatchLogsClient(configuration: emulator.configuration())
        #expect(logs.endpoint.signingName == "logs")
        try await withLogGroup(emulator) { logs, group in
            let duplicate = try await #require(throws: AWSError.self) { try await logs.createLogGroup(name: group) }
            #expect(duplicate.code == "ResourceAlreadyExistsException" && duplicate.service == "logs"
                && duplicate.operation == "CreateLogGroup")

            let fresh = try await logs.describeLogGroups(namePrefix: group)
            #expect(fresh.map(\.name) == [group])
            #expect(fresh.first?.retentionInDays == nil)
            #expect(fresh.first?.arn?.contains(":log-group:\(group)") == true)
            #expect(fresh.first?.creationTime.map { abs($0.timeIntervalSinceNow) < 600 } == true)

            try await logs.putRetentionPolicy(logGroup: group, days: 14)
            #expect(try await logs.describeLogGroups(namePrefix: group).first?.retentionInDays == 14)
        }
        let prefix = "/awskit/test/" + Emulator.uniqueName("gone")
        #expect(try await logs.describeLogGroups(namePrefix: prefix).isEmpty)
        let missing = try await #require(throws: AWSError.self) { try await logs.deleteLogGroup(name: prefix) }
        #expect(missing.code == "ResourceNotFoundException")
    }

    @Test func retentionOutsideTheAcceptedValuesIsRefused() async throws {
        try await withLogGroup(.ministack) { logs, group in
            let error = try await #require(throws: AWSError.self) { try await logs.putRetentionPolicy(logGroup: group, days: 13) }
            #expect(error.code == "InvalidParameterException" && error.statusCode == 400)
        }
    }

    /// MiniStack lists 50 groups a page: 53 groups need two pages, and every one comes back.
    @Test func describeLogGroupsFollowsEveryPage() async throws {
        let logs = try CloudWatchLogsClient(configuration: Emulator.ministack.configuration())
        let prefix = "/awskit/pages/" + Emulator.uniqueName("p") + "/"
        let names = (0..<53).map { prefix + String(format: "%02d", $0) }
        for name in names { try await logs.createLogGroup(name: name) }
        do {
            #expect(try await logs.describeLogGroups(namePrefix: prefix).map(\.name) == names)
        } catch {
            for name in names { try? await logs.deleteLogGroup(name: name) }
            throw error
        }
        for name in names { try await logs.deleteLogGroup(name: name) }
    }

    @Test(arguments: Emulator.allCases)
    func eventsComeBackInTimeOrderAndFiltered(_ emulator: Emulator) async throws {
        try await withLogGroup(emulator) { logs, group in
            try await logs.createLogStream(logGroup: group, stream: "one")
            let again = try await #require(throws: AWSError.self) { try await logs.createLogStream(logGroup: group, stream: "one") }
            #expect(again.code == "ResourceAlreadyExistsException")
            let base = Date().addingTimeInterval(-60)
            // Given out of order: the client sends them sorted, as PutLogEvents requires.
            let events = [
                CloudWatchLogEvent(timestamp: Self.time(3000, base: base), message: "ERROR third ü"),
                CloudWatchLogEvent(timestamp: Self.time(1000, base: base), message: "INFO first"),
                CloudWatchLogEvent(timestamp: Self.time(2000, base: base), message: "ERROR second"),
            ]
            try await logs.putLogEvents(logGroup: group, stream: "one", events: events)

            let all = try await logs.filterLogEvents(logGroup: group)
            #expect(all.map(\.message) == ["INFO first", "ERROR second", "ERROR third ü"])
            #expect(all.map(\.timestamp) == [1000, 2000, 3000].map { Self.time($0, base: base) })
            #expect(all.allSatisfy { $0.logStreamName == "one" })
            #expect(try await logs.filterLogEvents(logGroup: group, filterPattern: "ERROR").map(\.message)
                == ["ERROR second", "ERROR third ü"])
            #expect(try await logs.filterLogEvents(logGroup: group, startTime: Self.time(1500, base: base),
                                                   endTime: Self.time(2500, base: base)).map(\.message) == ["ERROR second"])
        }
    }

    /// More than one request's worth (1,048,576 bytes) in one call: everything arrives, in order.
    @Test func aBatchOverTheByteLimitArrivesWhole() async throws {
        try await withLogGroup(.ministack) { logs, group in
            try await logs.createLogStream(logGroup: group, stream: "big")
            let base = Date().addingTimeInterval(-60)
            let message = String(repeating: "x", count: 300_000)
            let events = (0..<5).map { CloudWatchLogEvent(timestamp: Self.time(Int64($0), base: base), message: "\($0)" + message) }
            try await logs.putLogEvents(logGroup: group, stream: "big", events: events.reversed())
            let back = try await logs.filterLogEvents(logGroup: group)
            #expect(back.map { $0.message.prefix(1) } == ["0", "1", "2", "3", "4"])
            #expect(back.map(\.message.count) == Array(repeating: 300_001, count: 5))
        }
    }

    // MARK: Batching (the documented limits, without a service)

    static func events(_ count: Int, messageBytes: Int = 10, spacing: Int64 = 1) -> [CloudWatchLogEvent] {
        let base = Date(millisecondsSince1970: 1_700_000_000_000)
        return (0..<count).map { CloudWatchLogEvent(timestamp: time(Int64($0) * spacing, base: base),
                                                    message: String(repeating: "m", count: messageBytes)) }
    }

    @Test func tenThousandEventsAtMostPerRequest() throws {
        let batches = try CloudWatchLogBatches.split(Self.events(25_001))
        #expect(batches.map(\.count) == [10_000, 10_000, 5_001])
        #expect(batches.flatMap { $0 }.map(\.index) == Array(0..<25_001))
    }

    @Test func atMostOneMebibyteCountingTwentySixBytesAnEvent() throws {
        // 1,048,576 / (1000 + 26) = 1022.0: 1022 events fit (1,048,572 bytes), the 1023rd starts a new request.
        let batches = try CloudWatchLogBatches.split(Self.events(2500, messageBytes: 1000))
        #expect(batches.map(\.count) == [1022, 1022, 456])
        for batch in batches { #expect(batch.reduce(0) { $0 + $1.message.utf8.count + 26 } <= 1_048_576) }
        // Exactly at the limit is allowed: 16 events of 65,510 bytes + 26 = 1,048,576.
        #expect(try CloudWatchLogBatches.split(Self.events(16, messageBytes: 65_510)).map(\.count) == [16])
        #expect(try CloudWatchLogBatches.split(Self.events(16, messageBytes: 65_511)).map(\.count) == [15, 1])
    }

    @Test func multiByteCharactersCountInUTF8() throws {
        // "ü" is 2 bytes: 4 events of 262,118 "ü" (524,236 bytes + 26) make 2 requests of 2.
        let base = Date(millisecondsSince1970: 1_700_000_000_000)
        let events = (0..<4).map { CloudWatchLogEvent(timestamp: Self.time(Int64($0), base: base), message: String(repeating: "ü", count: 262_118)) }
        #expect(try CloudWatchLogBatches.split(events).map(\.count) == [2, 2])
    }

    @Test func sortedByTimeTiesKeepTheirOrderAndNoRequestSpansMoreThanADay() throws {
        let base = Date(millisecondsSince1970: 1_700_000_000_000)
        let day: Int64 = 86_400_000
        let events = [
            CloudWatchLogEvent(timestamp: Self.time(day + 1, base: base), message: "d"),
            CloudWatchLogEvent(timestamp: Self.time(5, base: base), message: "b"),
            CloudWatchLogEvent(timestamp: Self.time(0, base: base), message: "a"),
            CloudWatchLogEvent(timestamp: Self.time(5, base: base), message: "c"),
            CloudWatchLogEvent(timestamp: Self.time(day, base: base), message: "within"),
        ]
        let batches = try CloudWatchLogBatches.split(events)
        #expect(batches.map { $0.map(\.message) } == [["a", "b", "c", "within"], ["d"]])
    }

    @Test func anEventNoRequestCanHoldIsRefusedBeforeSending() async throws {
        let tooBig = String(repeating: "x", count: 1_048_576 - 26 + 1)
        #expect(throws: CloudWatchLogBatches.Oversized(index: 1, messageBytes: tooBig.utf8.count)) {
            try CloudWatchLogBatches.split([CloudWatchLogEvent(timestamp: Date(), message: "ok"),
                                            CloudWatchLogEvent(timestamp: Date(), message: tooBig)])
        }
        let server = try await StubHTTPServer.start { _ in .init(text: "{}") }
        defer { server.stop() }
        let configuration = AWSConfiguration(region: "us-east-1", credentialProvider: StaticCredentialProvider(
            AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret")), environment: ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": server.baseURL])
        let logs = try CloudWatchLogsClient(configuration: configuration)
        let error = try await #require(throws: CloudWatchLogEventTooLargeError.self) {
            try await logs.putLogEvents(logGroup: "g", stream: "s", events: [CloudWatchLogEvent(timestamp: Date(), message: tooBig)])
        }
        #expect(error.index == 0 && error.description.contains("1048550 bytes"))
        #expect(server.requests.isEmpty)
    }

    /// What goes on the wire: one PutLogEvents per batch, in time order, each within the limits, signed as `logs`.
    @Test func eachRequestOnTheWireIsWithinTheLimits() async throws {
        let server = try await StubHTTPServer.start { _ in .init(text: "{}") }
        defer { server.stop() }
        let configuration = AWSConfiguration(region: "eu-west-1", credentialProvider: StaticCredentialProvider(
            AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret")), environment: ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": server.baseURL])
        let logs = try CloudWatchLogsClient(configuration: configuration)
        try await logs.putLogEvents(logGroup: "g", stream: "s", events: Self.events(12_000).reversed())

        struct Body: Decodable { struct Event: Decodable { var timestamp: Int64; var message: String }; var logEvents: [Event] }
        let requests = server.requests
        #expect(requests.count == 2)
        var previous = Int64.min
        for request in requests {
            #expect(request.header("X-Amz-Target") == "Logs_20140328.PutLogEvents")
            #expect(request.header("Content-Type") == "application/x-amz-json-1.1")
            #expect(request.header("Authorization")?.contains("/eu-west-1/logs/aws4_request") == true)
            let body = try JSONDecoder().decode(Body.self, from: Data(request.body))
            #expect(body.logEvents.count <= 10_000)
            #expect(body.logEvents.first.map { $0.timestamp >= previous } == true)
            #expect(body.logEvents.map(\.timestamp) == body.logEvents.map(\.timestamp).sorted())
            previous = body.logEvents.last?.timestamp ?? previous
        }
        #expect(requests.map { (try? JSONDecoder().decode(Body.self, from: Data($0.body)).logEvents.count) ?? 0 } == [10_000, 2_000])
    }

    @Test func endpointIsLogsInTheRegionOrTheServiceOverride() throws {
        let standard = try EndpointResolver.resolve(service: .logs, region: "eu-west-1", environment: [:])
        #expect(standard.request(method: "POST").urlString == "https://logs.eu-west-1.amazonaws.com/")
        #expect(standard.signingName == "logs" && standard.signingRegion == "eu-west-1")
        let overridden = try EndpointResolver.resolve(service: .logs, region: "us-east-1", environment: [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": "http://127.0.0.1:4566",
        ])
        #expect(overridden.request(method: "POST").urlString == "http://127.0.0.1:4566/")
    }
}
