import AWSKitLite
import InfraKit
import TestSupport
import Testing

/// `up`, `status`, a second `up` and `down` against the real emulators: MiniStack with AUTH=true (every request
/// signed as the bootstrapped IAM user and verified) and moto. What `up` made is read back with plain AWSKitLite
/// calls, and after `down` the account is listed directly to prove nothing is left.
@Suite struct PipelineLifecycleTests {
    @Test(arguments: [Emulator.ministack, .moto])
    func upStatusSecondUpAndDownLeaveNothingBehind(emulator: Emulator) async throws {
        let clients = try emulator.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await clients.names(prefix: prefix)
        let provisioner = PipelineProvisioner(clients: clients, polling: Emulator.polling)

        try await withPipelineCleanup(emulator, prefix: prefix) {
            // The image pushed to the pipeline's repository first, as `docker push` (or `up --build`) leaves it.
            let image = try await emulator.pushFunctionImage(repository: names.repository, accountId: names.accountId)

            // First up: everything else created, in order, and reported as it happened.
            let recorder = StepRecorder()
            let first = try await provisioner.up(prefix: prefix, options: UpOptions(image: .uri(image)), report: recorder.reporter)
            #expect(first.steps.filter { $0.outcome == .created }.map(\.resource)
                == [.bucket, .table, .logGroup, .role, .rolePolicy, .function, .permission, .notification])
            #expect(first.steps.first { $0.resource == .repository }?.outcome == .exists)
            // What up read about the image: moto 5.2.1 has no GetDownloadUrlForLayer, so the architecture stays unchecked there.
            let imageStep = try #require(first.steps.first { $0.resource == .image })
            #expect(imageStep.description.contains(emulator == .ministack ? "Docker image manifest, linux/amd64, sha256:"
                                                                           : "Docker image manifest, sha256:"))
            #expect(imageStep.description.contains("architecture not checked") == (emulator == .moto), "\(imageStep)")
            #expect(recorder.steps == first.steps)
            #expect(first.changedSomething)

            // Status: everything present, current, wired.
            let status = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(status.missing.isEmpty)
            #expect(status.triggerWired)
            #expect(status.isComplete)
            let function = try #require(status.resource(.function))
            #expect(function.state == "Active")
            #expect(function.memoryMB == 1024)
            #expect(function.timeoutSeconds == 60)
            #expect(function.imageUri == image)
            #expect(status.resource(.logGroup)?.retentionDays == 14)

            // Read back with plain calls: what the function runs as and with, the policy, the trigger.
            let configuration = try await clients.lambda.getFunction(name: names.function).configuration
            #expect(configuration.environment == ["DETECT_TABLE": names.table])
            #expect(configuration.packageType == "Image")
            let role = try await clients.iam.getRole(name: names.role)
            #expect(configuration.role == role.arn)
            let policy = try await clients.iam.getRolePolicy(roleName: names.role, policyName: names.rolePolicy)
            #expect(try IAMPolicyDocument.parse(policy) == DetectFunctionPolicies.permissionsPolicy(for: names))
            let trust = try IAMPolicyDocument.parse(try #require(role.assumeRolePolicyDocument))
            #expect(trust == DetectFunctionPolicies.trustPolicy())
            let notifications = try await clients.s3.getBucketNotificationConfiguration(bucket: names.bucket)
            #expect(notifications.lambdaFunctions.map(\.id) == [names.notificationId])
            #expect(notifications.queues.isEmpty && notifications.topics.isEmpty && !notifications.eventBridge)
            let rule = try #require(notifications.lambdaFunctions.first)
            #expect(rule.filterValue("prefix") == "images/" && rule.events == ["s3:ObjectCreated:*"])
            let logGroups = try await clients.logs.describeLogGroups(namePrefix: names.logGroup)
            #expect(logGroups.map(\.name) == ["/aws/lambda/\(prefix)-detect"] && logGroups.first?.retentionInDays == 14)
            let table = try await clients.dynamoDB.describeTable(name: names.table)
            #expect(table.keySchema?.map(\.attributeName) == ["id"])

            // Counts: objects outside images/ (nothing to trigger) and items.
            for key in ["misc/a.txt", "misc/b.txt"] {
                try await clients.s3.putObject(bucket: names.bucket, key: key, body: Array("x".utf8))
            }
            for id in ["one", "two", "three"] {
                try await clients.dynamoDB.putItem(table: names.table, item: ["id": .s(id), "status": .s("ok")])
            }
            let counted = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(counted.resource(.bucket)?.objectCount == 2)
            #expect(counted.resource(.table)?.itemCount == 3)

            // Second up: nothing changes, and it says so step by step.
            let second = try await provisioner.up(prefix: prefix, options: UpOptions(image: .uri(image)), report: { _ in })
            #expect(!second.changedSomething)
            #expect(second.steps.filter { $0.resource != .image }.allSatisfy { $0.outcome == .exists })

            // Down: everything deleted in reverse order, the bucket emptied first.
            let down = try await PipelineTeardown(clients: clients, polling: Emulator.polling).down(prefix: prefix) { _ in }
            #expect(down.filter { $0.outcome.isChange }.map(\.resource)
                == [.notification, .permission, .function, .rolePolicy, .role, .logGroup, .table, .repository, .bucket])
            #expect(down.last?.outcome == .deleted("2 objects"))

            // Nothing left: status says so, and the account's own listings agree.
            let after = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(after.resources.allSatisfy { !$0.present })
            #expect(!after.triggerWired)
            #expect(try await !clients.s3.listBuckets().contains(names.bucket))
            #expect(try await !clients.dynamoDB.listTables().contains(names.table))
            await #expect(throws: AWSError.self) { try await clients.ecr.describeRepositories(names: [names.repository]) }
            await #expect(throws: AWSError.self) { try await clients.lambda.getFunction(name: names.function) }
            await #expect(throws: AWSError.self) { try await clients.iam.getRole(name: names.role) }
            #expect(try await clients.logs.describeLogGroups(namePrefix: names.logGroup).isEmpty)

            // A second down finds everything already gone.
            let again = try await PipelineTeardown(clients: clients, polling: Emulator.polling).down(prefix: prefix) { _ in }
            #expect(again.allSatisfy { $0.outcome == .alreadyGone })
        }
    }
}
