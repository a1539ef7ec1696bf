import AWSKitLite
import Foundation
import InfraKit
import TestSupport
import Testing

/// The function's log group: `up` creates it with a retention before the function exists (Lambda would create it
/// on first use, kept forever), corrects a retention that differs, refuses a retention CloudWatch Logs does not
/// take; `status` shows it; `down` deletes it with its events, or keeps them with `--keep-logs`.
@Suite struct LogGroupTests {
    @Test(arguments: [Emulator.ministack, .moto])
    func retentionIsSetCorrectedAndKeptOnRequest(emulator: Emulator) async throws {
        let clients = try emulator.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await clients.names(prefix: prefix)
        let provisioner = PipelineProvisioner(clients: clients, polling: Emulator.polling)
        try await withPipelineCleanup(emulator, prefix: prefix) {
            // A group Lambda made on its own before: no retention. up sets one.
            try await clients.logs.createLogGroup(name: names.logGroup)
            let image = try await emulator.pushFunctionImage(repository: names.repository, accountId: names.accountId)
            let first = try await provisioner.up(prefix: prefix, options: UpOptions(image: .uri(image)), report: { _ in })
            #expect(first.steps.contains(StepReport(resource: .logGroup, name: names.logGroup, outcome: .updated("retention kept forever -> 14 days"))))

            let longer = try await provisioner.up(prefix: prefix, options: UpOptions(logRetentionDays: 90), report: { _ in })
            #expect(longer.steps.filter(\.outcome.isChange) == [StepReport(resource: .logGroup, name: names.logGroup, outcome: .updated("retention 14 days -> 90 days"))])
            let status = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(status.resource(.logGroup)?.retentionDays == 90 && status.isComplete)
            #expect(StatusTable.render(status).contains("kept 90 days"))

            // What the function logged outlives it with --keep-logs.
            try await clients.logs.createLogStream(logGroup: names.logGroup, stream: "2026/12/01/[$LATEST]abc")
            try await clients.logs.putLogEvents(logGroup: names.logGroup, stream: "2026/12/01/[$LATEST]abc",
                                                events: [CloudWatchLogEvent(timestamp: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)),
                                                                            message: "REPORT RequestId: 1 Duration: 812.33 ms")])
            let kept = try await PipelineTeardown(clients: clients, polling: Emulator.polling).down(prefix: prefix, keepLogs: true) { _ in }
            #expect(kept.contains(StepReport(resource: .logGroup, name: names.logGroup, outcome: .kept("--keep-logs"))))
            #expect(try await clients.logs.filterLogEvents(logGroup: names.logGroup).map(\.message) == ["REPORT RequestId: 1 Duration: 812.33 ms"])
            let after = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(after.resources.filter(\.present).map(\.resource) == [.logGroup])

            let gone = try await PipelineTeardown(clients: clients, polling: Emulator.polling).down(prefix: prefix) { _ in }
            #expect(gone.filter(\.outcome.isChange) == [StepReport(resource: .logGroup, name: names.logGroup, outcome: .deleted(nil))])
            #expect(try await clients.logs.describeLogGroups(namePrefix: names.logGroup).isEmpty)
        }
    }

    @Test func aRetentionCloudWatchLogsDoesNotTakeIsRefusedBeforeAnything() async throws {
        let clients = try Emulator.ministack.clients()
        let prefix = Emulator.uniquePrefix()
        let recorder = StepRecorder()
        try await withPipelineCleanup(.ministack, prefix: prefix) {
            let error = await #expect(throws: InfraError.self) {
                try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                    .up(prefix: prefix, options: UpOptions(image: .uri("x"), logRetentionDays: 10), report: recorder.reporter)
            }
            #expect(error?.description.hasPrefix("log retention 10 days is out of range: CloudWatch Logs allows 1, 3, 5, 7, 14, 30,") == true)
            #expect(recorder.steps.isEmpty)
        }
        for days in LogRetention.allowedDays { #expect(throws: Never.self) { try LogRetention.validate(days) } }
        for days in [0, 2, 13, 366, 3654, -1] { #expect(throws: InfraError.self) { try LogRetention.validate(days) } }
    }
}
