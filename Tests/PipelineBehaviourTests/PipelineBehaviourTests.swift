import AWSKitLite
import Foundation
import InfraKit
import LocalLambda
import Testing
import TestSupport

/// What AWS documents and the emulators lack, reproduced by the behaviour proxy between every tool and MiniStack;
/// `infractl up`/`status`/`down`, the function and `detect-client aws` each come through with the same end result as
/// without it: every image detected as the golden says, nothing left behind by `down`. Each test first checks that
/// the behaviour was actually met (the proxy's record), then the end result.
@Suite("AWS's documented behaviours, end to end", .serialized)
struct PipelineBehaviourTests {
    @Test("without any behaviour: the reference run")
    func reference() async throws {
        try await BehaviourPipeline.with { pipeline in
            try await pipeline.runEverything()
            #expect(pipeline.proxy.record.calls.count > 50)
        }
    }

    @Test("IAM propagation: CreateFunction refused while the new role is not yet usable by Lambda")
    func iamPropagationDelay() async throws {
        try await BehaviourPipeline.with { pipeline in
            pipeline.proxy.switchOn(.iamPropagationDelay(.seconds(20)))
            try await pipeline.runEverything()
            #expect(pipeline.proxy.record.counts(.iamPropagationDelay).refused >= 1)
        }
    }

    @Test("IAM propagation on update: UpdateFunctionConfiguration with a new role is retried the same way")
    func iamPropagationOnUpdate() async throws {
        try await BehaviourPipeline.with { pipeline in
            let up = try await pipeline.up()
            #expect(up.status == 0, "\(up.transcript)")
            // A new role for the function: --role-arn with a role made just now, as a user switching roles does.
            let roleName = "\(pipeline.names.prefix)-other-role"
            let trust = DetectFunctionPolicies.trustPolicy().json()
            pipeline.proxy.switchOn(.iamPropagationDelay(.seconds(20)))
            let iam = try IAMClient(configuration: AWSConfiguration(
                region: "us-east-1", credentialProvider: StaticCredentialProvider(try Emulator.ministack.credentials()),
                endpointOverride: pipeline.proxy.endpoint, environment: [:]))
            let role = try await iam.createRole(name: roleName, assumeRolePolicyDocument: trust, description: "test")
            try await iam.putRolePolicy(roleName: roleName, policyName: "detect",
                                        policyDocument: DetectFunctionPolicies.permissionsPolicy(for: pipeline.names).json())
            let update = try await pipeline.up(["--role-arn", role.arn])
            #expect(update.status == 0, "\(update.transcript)")
            #expect(pipeline.proxy.record.calls(service: "lambda", operation: "UpdateFunctionConfiguration")
                .contains { $0.action == .refused }, "the update met the propagation delay")
            try await pipeline.expectImagesDetected()
            let down = try await pipeline.infractl(["down", "--yes", "--role-arn", role.arn])
            #expect(down.status == 0, "\(down.transcript)")
            try await iam.deleteRolePolicy(roleName: roleName, policyName: "detect")
            try await iam.deleteRole(name: roleName)
            try await pipeline.downAndExpectNothingLeft()
        }
    }

    @Test("function states: Pending after create, LastUpdateStatus InProgress after an update")
    func functionStates() async throws {
        try await BehaviourPipeline.with { pipeline in
            pipeline.proxy.switchOn(.functionStates(pending: .seconds(3), updating: .seconds(3)))
            let up = try await pipeline.up()
            #expect(up.status == 0, "\(up.transcript)")
            let update = try await pipeline.up(["--memory", "2048"])
            #expect(update.status == 0, "\(update.transcript)")
            #expect(pipeline.proxy.record.counts(.functionStates).rewritten >= 2, "both waits saw the states")
            try await pipeline.expectStatusComplete()
            try await pipeline.expectImagesDetected()
            try await pipeline.downAndExpectNothingLeft()
        }
    }

    @Test("an idle function goes Inactive; up wakes it and the pipeline works again")
    func inactive() async throws {
        try await BehaviourPipeline.with { pipeline in
            pipeline.proxy.switchOn(.functionStates(pending: .seconds(2), updating: .seconds(2)))
            let up = try await pipeline.up()
            #expect(up.status == 0, "\(up.transcript)")
            pipeline.proxy.markInactive(function: pipeline.names.function)
            let state = try await pipeline.proxyClients().lambda.getFunction(name: pipeline.names.function).configuration.state
            #expect(state == "Inactive")
            let wake = try await pipeline.up()
            #expect(wake.status == 0, "\(wake.transcript)")
            #expect(wake.standardOutput.contains("Inactive"), "up says it woke the function: \(wake.standardOutput)")
            try await pipeline.expectStatusComplete()
            try await pipeline.expectImagesDetected()
            try await pipeline.downAndExpectNothingLeft()
        }
    }

    @Test("S3 cannot validate the notification's destination for a while after AddPermission")
    func notificationValidationDelay() async throws {
        try await BehaviourPipeline.with { pipeline in
            pipeline.proxy.switchOn(.notificationValidationDelay(.seconds(5)))
            try await pipeline.runEverything()
            #expect(pipeline.proxy.record.counts(.notificationValidationDelay).refused >= 1)
        }
    }

    @Test("a missing upload: 404 with the role's s3:ListBucket on images/, 403 without; a failed item either way")
    func missingUpload() async throws {
        try await BehaviourPipeline.with { pipeline in
            pipeline.proxy.switchOn(.listBucketAccessDenial)
            let up = try await pipeline.up()
            #expect(up.status == 0, "\(up.transcript)")
            let clients = try pipeline.proxyClients()

            // The role as infractl makes it may list images/, so S3 says the key does not exist.
            let gone = pipeline.names.uploadKey(id: "gone", fileName: "deleted.jpg")
            let first = await pipeline.lambda.invoke(S3Notification.event(bucket: pipeline.names.bucket, keys: [gone]))
            #expect(first.succeeded, "\(String(decoding: first.payload, as: UTF8.self))")
            let item = try await clients.dynamoDB.getItem(table: pipeline.names.table, key: ["id": .s("gone")], consistentRead: true)
            #expect(item?["status"] == .s("failed"))
            #expect(item?["error"]?.stringValue?.contains("no longer exists") == true, "\(item?["error"] as Any)")
            #expect(pipeline.proxy.record.counts(.listBucketAccessDenial).rewritten == 0)

            // Without s3:ListBucket, AWS answers 403 for the same key: still a failed item, not a retried event.
            var policy = DetectFunctionPolicies.permissionsPolicy(for: pipeline.names)
            policy.statements.removeAll { $0.actions.contains("s3:ListBucket") }
            try await pipeline.direct.iam.putRolePolicy(roleName: pipeline.names.role, policyName: pipeline.names.rolePolicy,
                                                       policyDocument: policy.json())
            let denied = pipeline.names.uploadKey(id: "denied", fileName: "deleted.jpg")
            let second = await pipeline.lambda.invoke(S3Notification.event(bucket: pipeline.names.bucket, keys: [denied]))
            #expect(second.succeeded, "\(String(decoding: second.payload, as: UTF8.self))")
            #expect(pipeline.proxy.record.counts(.listBucketAccessDenial).rewritten >= 1, "S3 answered 403 for the missing key")
            let deniedItem = try await clients.dynamoDB.getItem(table: pipeline.names.table, key: ["id": .s("denied")], consistentRead: true)
            #expect(deniedItem?["status"] == .s("failed"))
            #expect(deniedItem?["error"]?.stringValue?.contains("access denied") == true, "\(deniedItem?["error"] as Any)")

            // infractl puts the policy back, and the pipeline works as before.
            let again = try await pipeline.up()
            #expect(again.status == 0, "\(again.transcript)")
            try await pipeline.expectImagesDetected()
            try await pipeline.downAndExpectNothingLeft()
        }
    }

    @Test("throttling bursts in every service, with and without Retry-After")
    func throttling() async throws {
        try await BehaviourPipeline.with { pipeline in
            let proxy = pipeline.proxy
            // up and status: every service infractl calls.
            for service in ["sts", "iam", "s3", "dynamodb", "ecr", "lambda", "logs"] {
                proxy.switchOn(.throttling(service: service, count: 2, retryAfterSeconds: service == "lambda" ? 1 : nil))
            }
            let up = try await pipeline.up()
            #expect(up.status == 0, "\(up.transcript)")
            try await pipeline.expectStatusComplete()
            // detect-client and the function: uploads (SlowDown with Retry-After), the function's GetObject (SlowDown
            // without) and PutItem, the client's polling.
            proxy.switchOn(.throttling(service: "s3", operation: "PutObject", count: 2, retryAfterSeconds: 1))
            proxy.switchOn(.throttling(service: "s3", operation: "GetObject", count: 2))
            proxy.switchOn(.throttling(service: "dynamodb", operation: "PutItem", count: 2))
            proxy.switchOn(.throttling(service: "dynamodb", operation: "BatchGetItem", count: 2))
            try await pipeline.expectImagesDetected()
            for service in ["sts", "iam", "s3", "dynamodb", "ecr", "lambda", "logs"] {
                proxy.switchOn(.throttling(service: service, count: 2))
            }
            try await pipeline.downAndExpectNothingLeft()
            let refused = proxy.record.calls.filter { $0.behaviour == .throttling && $0.action == .refused }
            for service in ["sts", "iam", "s3", "dynamodb", "ecr", "lambda", "logs"] {
                #expect(refused.contains { $0.service == service }, "\(service) was throttled")
            }
            for operation in ["PutObject", "GetObject", "PutItem", "BatchGetItem"] {
                #expect(refused.contains { $0.operation == operation }, "\(operation) was throttled")
            }
        }
    }

    @Test("a clock 20 minutes behind on every tool and the function: RequestTimeTooSkewed and Signature expired")
    func clockSkew() async throws {
        let launcher = try WallClockShift.launcher(seconds: -20 * 60)
        try await BehaviourPipeline.with(functionLauncher: launcher) { pipeline in
            pipeline.proxy.switchOn(.clockSkewAnswers)
            let up = try await pipeline.up(launcher: launcher)
            #expect(up.status == 0, "\(up.transcript)")
            #expect(up.standardError.contains("Local clock is off"), "the offset is logged: \(up.standardError)")
            try await pipeline.expectStatusComplete(launcher: launcher)
            try await pipeline.expectImagesDetected(launcher: launcher)
            try await pipeline.downAndExpectNothingLeft(launcher: launcher)
            // Each process learns the offset from its first refusal and signs every later call right. The first call
            // of infractl (up, status, down) and of the client is STS GetCallerIdentity, the function's is S3
            // GetObject; DynamoDB's own refusal (400 InvalidSignatureException) is ClockSkewCorrectionTests' part.
            // (Several environments, or overlapping reads in one, may each meet the refusal before the first answer.)
            let refused = pipeline.proxy.record.calls.filter { $0.status == 403 }.map { "\($0.service) \($0.operation)" }
            #expect(refused.filter { $0 == "sts GetCallerIdentity" }.count == 4, "\(refused)")
            #expect(refused.contains("s3 GetObject"), "\(refused)")
            #expect(refused.allSatisfy { $0 == "sts GetCallerIdentity" || $0 == "s3 GetObject" }, "\(refused)")
        }
    }

    @Test("S3's 307 Temporary Redirect, for the client's uploads and the function's reads")
    func temporaryRedirects() async throws {
        try await BehaviourPipeline.with { pipeline in
            let up = try await pipeline.up()
            #expect(up.status == 0, "\(up.transcript)")
            // The run's S3 requests: the client's HeadBucket and three PutObject, the function's three GetObject.
            pipeline.proxy.switchOn(.temporaryRedirects(count: 7))
            try await pipeline.expectImagesDetected()
            let redirected = pipeline.proxy.record.calls.filter { $0.behaviour == .temporaryRedirects }
            #expect(redirected.count == 7)
            for operation in ["HeadBucket", "PutObject", "GetObject"] {
                #expect(pipeline.proxy.record.calls.contains { $0.viaSecondEndpoint && $0.operation == operation },
                        "\(operation) followed its redirect")
            }
            try await pipeline.downAndExpectNothingLeft()
        }
    }

    @Test("a connection reset in the middle of an upload")
    func uploadResets() async throws {
        try await BehaviourPipeline.with { pipeline in
            let up = try await pipeline.up()
            #expect(up.status == 0, "\(up.transcript)")
            pipeline.proxy.switchOn(.uploadResets(count: 2, afterBytes: 16 * 1024, service: "s3", operation: "PutObject"))
            try await pipeline.expectImagesDetected()
            #expect(pipeline.proxy.record.counts(.uploadResets).cut == 2)
            try await pipeline.downAndExpectNothingLeft()
        }
    }

    /// A stalled upload (nothing moves, no answer) held for 300 s: `--low-speed-time 1` makes the client abandon it
    /// and retry long before the proxy gives up (with `--request-timeout 600` alone it would wait for the reset).
    @Test("a stalled upload is abandoned at --low-speed-time and retried")
    func uploadStalls() async throws {
        try await BehaviourPipeline.with { pipeline in
            let up = try await pipeline.up()
            #expect(up.status == 0, "\(up.transcript)")
            pipeline.proxy.switchOn(.uploadResets(count: 1, afterBytes: 16 * 1024, service: "s3", operation: "PutObject",
                                                  stallFor: .seconds(300)))
            try await pipeline.expectImagesDetected(["--low-speed-time", "1", "--request-timeout", "600"])
            #expect(pipeline.proxy.record.counts(.uploadResets) == ProxyRecord.Counts(abandoned: 1))
            try await pipeline.downAndExpectNothingLeft()
        }
    }
}

extension BehaviourPipeline {
    /// The IAM user's clients through the proxy.
    func proxyClients() throws -> PipelineClients {
        try PipelineClients(configuration: AWSConfiguration(
            region: "us-east-1", credentialProvider: StaticCredentialProvider(try Emulator.ministack.credentials()),
            endpointOverride: proxy.endpoint, environment: [:]))
    }
}
