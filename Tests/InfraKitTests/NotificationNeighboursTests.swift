@testable import InfraKit
import AWSKitLite
import TestSupport
import Testing

/// PutBucketNotificationConfiguration replaces the whole configuration: `up` and `down` write back every rule
/// that is not theirs. On MiniStack (AUTH=true), which checks each SQS and SNS destination and its policy when the
/// configuration is written, with a real queue and topic, EventBridge, and another function's rule on the bucket.
@Suite struct NotificationNeighboursTests {
    @Test func otherNotificationsSurviveUpAndDown() async throws {
        let clients = try Emulator.ministack.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await clients.names(prefix: prefix)
        try await withPipelineCleanup(.ministack, prefix: prefix) {
            let image = try await Emulator.ministack.pushFunctionImage(repository: names.repository, accountId: names.accountId)
            try await clients.s3.createBucket(names.bucket)
            let destinations = try await NotificationDestinations(name: "\(prefix)-exports", bucketArn: names.bucketArn,
                                                                  account: names.accountId, emulator: .ministack)
            do {
                let theirs = S3NotificationConfiguration(
                    lambdaFunctions: [S3NotificationRule(
                        id: "thumbnails", destinationArn: "arn:aws:lambda:us-east-1:\(names.accountId):function:\(prefix)-thumbnails",
                        events: ["s3:ObjectCreated:*"], filterRules: [.prefix("thumbnails/")])],
                    queues: [S3NotificationRule(id: "exports-queue", destinationArn: destinations.queueArn,
                                                events: ["s3:ObjectCreated:*"], filterRules: [.prefix("exports/"), .suffix(".csv")])],
                    topics: [S3NotificationRule(id: "exports-topic", destinationArn: destinations.topicArn,
                                                events: ["s3:ObjectRemoved:*"], filterRules: [.prefix("exports/")])],
                    eventBridge: true)
                try await clients.s3.putBucketNotificationConfiguration(bucket: names.bucket, configuration: theirs)
                let before = try await clients.s3.getBucketNotificationConfiguration(bucket: names.bucket)
                #expect(before.lambdaFunctions.count == 1 && before.queues.count == 1 && before.topics.count == 1 && before.eventBridge)

                let provisioner = PipelineProvisioner(clients: clients, polling: Emulator.polling)
                let up = try await provisioner.up(prefix: prefix, options: UpOptions(image: .uri(image)), report: { _ in })
                #expect(up.steps.contains(StepReport(resource: .notification, name: names.notificationId, outcome: .created)))
                let afterUp = try await clients.s3.getBucketNotificationConfiguration(bucket: names.bucket)
                let ours = try #require(PipelineTrigger.ourRule(in: afterUp, names: names))
                #expect(PipelineTrigger.notificationMatches(ours, names: names, functionArn: names.functionArn))
                #expect(PipelineTrigger.removingOurRule(from: afterUp, names: names) == before)
                #expect(try await PipelineInspector(clients: clients).status(prefix: prefix).triggerWired)

                // A second up finds its rule among the others and writes nothing.
                let again = try await provisioner.up(prefix: prefix, options: UpOptions(image: .uri(image)), report: { _ in })
                #expect(again.steps.contains(StepReport(resource: .notification, name: names.notificationId, outcome: .exists)))
                #expect(try await clients.s3.getBucketNotificationConfiguration(bucket: names.bucket) == afterUp)

                // down's notification step takes out our rule alone.
                let teardown = PipelineTeardown(clients: clients, polling: Emulator.polling)
                #expect(try await teardown.removeNotification(names))
                #expect(try await clients.s3.getBucketNotificationConfiguration(bucket: names.bucket) == before)
                #expect(try await !teardown.removeNotification(names))
            } catch {
                try? await destinations.delete()
                throw error
            }
            try await destinations.delete()
        }
    }
}
