import AWSKitLite
import InfraKit
import TestSupport
import Testing

/// `up` on an existing pipeline: settings and image changes are applied (and waited for), then a further `up`
/// changes nothing; a new function needs an image; a failed `up` finishes when run again.
@Suite struct PipelineChangeTests {
    @Test(arguments: [Emulator.ministack, .moto])
    func changedSettingsAndImageAreApplied(emulator: Emulator) async throws {
        let clients = try emulator.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await clients.names(prefix: prefix)
        let repository = "\(names.accountId).dkr.ecr.us-east-1.amazonaws.com/\(names.repository)"
        let provisioner = PipelineProvisioner(clients: clients, polling: Emulator.polling)

        try await withPipelineCleanup(emulator, prefix: prefix) {
            for tag in ["v1", "v2"] { _ = try await emulator.pushFunctionImage(repository: names.repository, accountId: names.accountId, tag: tag) }
            try await provisioner.up(prefix: prefix, options: UpOptions(image: .uri("\(repository):v1")), report: { _ in })

            let bigger = DetectFunctionSpec(memoryMB: 2048, timeoutSeconds: 120, extraEnvironment: ["DETECT_CONFIDENCE": "0.4"])
            let changed = try await provisioner.up(prefix: prefix, options: UpOptions(image: .uri("\(repository):v2"), function: bigger),
                                                   report: { _ in })
            let updates = changed.steps.filter { $0.resource == .function && $0.outcome.isChange }
            #expect(updates.count == 2)  // code, then configuration
            let function = try await clients.lambda.getFunction(name: names.function)
            #expect(function.imageUri == "\(repository):v2")
            #expect(function.configuration.memorySize == 2048)
            #expect(function.configuration.timeout == 120)
            #expect(function.configuration.environment == ["DETECT_TABLE": names.table, "DETECT_CONFIDENCE": "0.4"])

            // Without an image option the existing image is kept; the same settings change nothing.
            let same = try await provisioner.up(prefix: prefix, options: UpOptions(function: bigger), report: { _ in })
            #expect(!same.changedSomething)

            // Back to the defaults: the extra variable goes, memory and timeout return.
            let back = try await provisioner.up(prefix: prefix, options: UpOptions(), report: { _ in })
            #expect(back.changedSomething)
            let reverted = try await clients.lambda.getFunction(name: names.function).configuration
            #expect(reverted.memorySize == 1024 && reverted.timeout == 60)
            #expect(reverted.environment == ["DETECT_TABLE": names.table])
        }
    }

    @Test(arguments: [Emulator.ministack, .moto])
    func driftIsReportedByStatusAndRepairedByUp(emulator: Emulator) async throws {
        let clients = try emulator.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await clients.names(prefix: prefix)
        let provisioner = PipelineProvisioner(clients: clients, polling: Emulator.polling)
        try await withPipelineCleanup(emulator, prefix: prefix) {
            let options = UpOptions(image: .uri(try await emulator.pushFunctionImage(repository: names.repository, accountId: names.accountId)))
            try await provisioner.up(prefix: prefix, options: options, report: { _ in })

            // Someone widens the policy, removes the notification and re-adds the permission for another bucket.
            var wider = DetectFunctionPolicies.permissionsPolicy(for: names)
            wider.statements[0].resources = ["arn:aws:s3:::*"]
            try await clients.iam.putRolePolicy(roleName: names.role, policyName: names.rolePolicy, policyDocument: wider.json())
            try await clients.s3.putBucketNotificationConfiguration(bucket: names.bucket, configuration: S3NotificationConfiguration())
            try await clients.lambda.removePermission(functionName: names.function, statementId: names.permissionStatementId)
            var foreign = PipelineTrigger.permission(for: names)
            foreign.sourceArn = "arn:aws:s3:::someone-elses-bucket"
            try await clients.lambda.addPermission(functionName: names.function, permission: foreign)

            let drifted = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(!drifted.isComplete)
            #expect(!drifted.triggerWired)
            #expect(drifted.resource(.rolePolicy)?.current == false)
            #expect(drifted.resource(.permission)?.current == false)
            #expect(drifted.resource(.notification)?.present == false)

            let repaired = try await provisioner.up(prefix: prefix, options: options, report: { _ in })
            #expect(repaired.steps.filter { $0.outcome.isChange }.map(\.resource) == [.rolePolicy, .permission, .notification])
            let status = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(status.isComplete)
            let policy = try await clients.iam.getRolePolicy(roleName: names.role, policyName: names.rolePolicy)
            #expect(try IAMPolicyDocument.parse(policy) == DetectFunctionPolicies.permissionsPolicy(for: names))
        }
    }

    @Test(arguments: [Emulator.ministack, .moto])
    func firstUpWithoutAnImageFailsBeforeCreatingAnything(emulator: Emulator) async throws {
        let clients = try emulator.clients()
        let prefix = Emulator.uniquePrefix()
        let recorder = StepRecorder()
        try await withPipelineCleanup(emulator, prefix: prefix) {
            await #expect(throws: InfraError.noImageForNewFunction(function: "\(prefix)-detect")) {
                try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                    .up(prefix: prefix, options: UpOptions(), report: recorder.reporter)
            }
            #expect(recorder.steps.isEmpty)
            let status = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(status.resources.allSatisfy { !$0.present })
        }
    }

    @Test(arguments: [Emulator.ministack, .moto])
    func interruptedUpFinishesWhenRunAgain(emulator: Emulator) async throws {
        let clients = try emulator.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await clients.names(prefix: prefix)
        try await withPipelineCleanup(emulator, prefix: prefix) {
            // What a first up that died after its third step leaves behind.
            try await clients.s3.createBucket(names.bucket)
            _ = try await clients.ecr.createRepository(name: names.repository)
            let image = try await emulator.pushFunctionImage(repository: names.repository, accountId: names.accountId)
            _ = try await clients.dynamoDB.createTable(name: names.table, key: [.init(name: "id", type: .string, role: .partition)])

            let resumed = try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                .up(prefix: prefix, options: UpOptions(image: .uri(image)), report: { _ in })
            #expect(resumed.steps.filter { $0.outcome == .exists }.map(\.resource) == [.bucket, .repository, .table])
            #expect(resumed.steps.filter { $0.outcome == .created }.map(\.resource)
                == [.logGroup, .role, .rolePolicy, .function, .permission, .notification])
            let complete = try await PipelineInspector(clients: clients).status(prefix: prefix).isComplete
            #expect(complete)

            // A down that finds the function already gone still removes the rest.
            try await clients.lambda.deleteFunction(name: names.function)
            let down = try await PipelineTeardown(clients: clients, polling: Emulator.polling).down(prefix: prefix) { _ in }
            #expect(down.filter { $0.outcome == .alreadyGone }.map(\.resource) == [.permission, .function])
            let status = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(status.resources.allSatisfy { !$0.present })
        }
    }

    @Test(arguments: [Emulator.ministack, .moto])
    func aTableWithAnotherKeyIsNotTakenOver(emulator: Emulator) async throws {
        let clients = try emulator.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await clients.names(prefix: prefix)
        try await withPipelineCleanup(emulator, prefix: prefix) {
            _ = try await clients.dynamoDB.createTable(name: names.table, key: [.init(name: "pk", type: .string, role: .partition)])
            let image = try await emulator.pushFunctionImage(repository: names.repository, accountId: names.accountId)
            let error = await #expect(throws: InfraError.self) {
                try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                    .up(prefix: prefix, options: UpOptions(image: .uri(image)),
                        report: { _ in })
            }
            #expect(error?.description.contains("pk HASH") == true)
        }
    }
}
