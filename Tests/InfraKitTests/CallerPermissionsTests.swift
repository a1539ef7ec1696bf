import AWSKitLite
import Foundation
@testable import InfraKit
import TestSupport
import Testing

/// The caller's permissions: derived from one table, printed by `infractl policy`, listed in the README, and
/// enough to run `up`, `status` and `down` on MiniStack (AUTH=true) as an IAM user holding nothing else.
@Suite struct CallerPermissionsTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theReadmeListIsTheTable() throws {
        let readme = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = "<!-- begin: infractl policy --markdown -->\n", end = "\n<!-- end: infractl policy --markdown -->"
        let start = try #require(readme.range(of: begin), "README.md has no \(begin)")
        let stop = try #require(readme.range(of: end, range: start.upperBound..<readme.endIndex))
        #expect(String(readme[start.upperBound..<stop.lowerBound]) == CallerPermissions.markdownTable())
    }

    let names = try! PipelineNames(prefix: "p1", accountId: "123456789012", region: "eu-west-1")

    func statement(_ policy: IAMPolicyDocument, _ sid: String) -> IAMPolicyDocument.Statement? {
        policy.statements.first { $0.sid == sid }
    }

    @Test func everyActionOfTheTableIsGrantedOnItsResourceAndNothingWider() {
        let policy = CallerPermissions.policy(for: names, build: true, roleArn: nil)
        for call in CallerPermissions.calls {
            let granted = policy.statements.filter { $0.actions.contains(call.action) }.flatMap(\.resources)
            #expect(Set(call.resource.arns(names, roleArn: nil)).isSubset(of: granted), "\(call.action)")
        }
        #expect(Set(policy.statements.flatMap(\.actions)) == Set(CallerPermissions.calls.map(\.action)))
        // `*` only where AWS takes no resource.
        #expect(statement(policy, "AccountWide")?.actions == ["ecr:GetAuthorizationToken", "logs:DescribeLogGroups", "sts:GetCallerIdentity"])
        #expect(policy.statements.filter { $0.resources.contains("*") }.count == 1)
        #expect(!policy.statements.flatMap(\.actions).contains { $0.hasSuffix(":*") })
        #expect(statement(policy, "Bucket")?.resources == ["arn:aws:s3:::p1-images-123456789012-eu-west-1"])
        #expect(statement(policy, "LogGroup")?.resources == ["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/p1-detect",
                                                             "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/p1-detect:*"])
        #expect(statement(policy, "Repository")?.resources == ["arn:aws:ecr:eu-west-1:123456789012:repository/p1/detect-server"])
    }

    @Test func withoutBuildThereIsNoPushAndWithARoleArnNoRoleManagement() {
        let plain = CallerPermissions.policy(for: names, build: false, roleArn: nil)
        let actions = Set(plain.statements.flatMap(\.actions))
        #expect(!actions.contains("ecr:GetAuthorizationToken") && !actions.contains("ecr:PutImage"))
        // What Lambda's pull of the image needs is there with or without --build.
        #expect(statement(plain, "Repository")?.actions.contains("ecr:BatchGetImage") == true)
        #expect(statement(plain, "Repository")?.actions.contains("ecr:GetDownloadUrlForLayer") == true)

        let given = "arn:aws:iam::123456789012:role/platform/lambda-detect"
        let withRole = CallerPermissions.policy(for: names, build: false, roleArn: given)
        #expect(statement(withRole, "Role")?.resources == [given])
        #expect(statement(withRole, "Role")?.actions == ["iam:GetRole", "iam:PassRole"])
    }

    @Test func withoutCredentialsTheAccountIsAPlaceholderAndTheUserIsTold() async throws {
        let target = try await CallerPolicyTarget.resolve(prefix: "demo") {
            AWSConfiguration(region: "eu-west-1", credentialProvider: CredentialProviderChain(providers: []), environment: [:])
        }
        #expect(target.names.accountId == "<account>" && target.names.region == "eu-west-1")
        #expect(target.note?.contains("replace <account> (your 12-digit account id) in the policy") == true)
        let policy = CallerPermissions.policy(for: target.names, build: false, roleArn: nil).json()
        #expect(policy.contains("arn:aws:s3:::demo-images-<account>-eu-west-1"))
        await #expect(throws: PipelineNamesError.self) {
            try await CallerPolicyTarget.resolve(prefix: "Bad_Prefix") { throw AWSConfigurationError.noRegion(tried: []) }
        }
    }

    @Test func withCredentialsTheAccountComesFromSTS() async throws {
        let target = try await CallerPolicyTarget.resolve(prefix: "demo") { try Emulator.ministack.configuration() }
        #expect(target.note == nil)
        #expect(target.names == (try PipelineNames(prefix: "demo", accountId: "123456789012", region: "us-east-1")))
    }

    /// An IAM user on MiniStack whose only policy is what `infractl policy` prints: `up` (with the image check),
    /// `status` and `down` all work, and taking one action away makes the call that needs it fail.
    @Test func thePolicyIsEnoughToRunUpStatusAndDown() async throws {
        let admin = try Emulator.ministack.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await admin.names(prefix: prefix)
        let userName = "\(prefix)-operator"
        _ = try await admin.iam.createUser(name: userName)
        try await admin.iam.putUserPolicy(userName: userName, policyName: "infractl", policyDocument: Self.onMiniStack(
            CallerPermissions.policy(for: names, build: false, roleArn: nil)).json())
        let key = try await admin.iam.createAccessKey(userName: userName)
        let clients = try PipelineClients(configuration: Emulator.ministack.configuration(credentials: key.credentials))
        do {
            try await runAsOperator(clients: clients, admin: admin, names: names, userName: userName)
        } catch {
            try? await deleteUser(userName, key: key, admin: admin)
            throw error
        }
        try await deleteUser(userName, key: key, admin: admin)
    }

    /// `policy` plus what MiniStack 1.5.33 asks beyond AWS, where it takes the resource from the request path or a
    /// singular field only and so authorises against `*`: ECR DescribeRepositories (this call names repositories in
    /// `repositoryNames`) and Lambda CreateFunction (the name is in the body). AWS authorises both against the
    /// repository or function named.
    static func onMiniStack(_ policy: IAMPolicyDocument) -> IAMPolicyDocument {
        var widened = policy
        widened.statements.append(.init(sid: "MiniStackResourceless", actions: ["ecr:DescribeRepositories", "lambda:CreateFunction"],
                                        resources: ["*"]))
        return widened
    }

    func deleteUser(_ userName: String, key: IAMAccessKey, admin: PipelineClients) async throws {
        try await admin.iam.deleteAccessKey(userName: userName, accessKeyId: key.accessKeyId)
        try await admin.iam.deleteUserPolicy(userName: userName, policyName: "infractl")
        try await admin.iam.deleteUser(name: userName)
    }

    func runAsOperator(clients: PipelineClients, admin: PipelineClients, names: PipelineNames, userName: String) async throws {
        let prefix = names.prefix
        try await withPipelineCleanup(.ministack, prefix: prefix) {
            let image = try await Emulator.ministack.pushFunctionImage(repository: names.repository, accountId: names.accountId)
            try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                .up(prefix: prefix, options: UpOptions(image: .uri(image)), report: { _ in })
            let status = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(status.isComplete)
            try await PipelineTeardown(clients: clients, polling: Emulator.polling).down(prefix: prefix) { _ in }
            let after = try await PipelineInspector(clients: admin).status(prefix: prefix)
            #expect(after.resources.allSatisfy { !$0.present })

            // One action fewer: the call that needs it is refused.
            var short = CallerPermissions.policy(for: names, build: false, roleArn: nil)
            for index in short.statements.indices { short.statements[index].actions.removeAll { $0 == "logs:PutRetentionPolicy" } }
            try await admin.iam.putUserPolicy(userName: userName, policyName: "infractl", policyDocument: Self.onMiniStack(short).json())
            _ = try await Emulator.ministack.pushFunctionImage(repository: names.repository, accountId: names.accountId)
            let refused = await #expect(throws: AWSError.self) {
                try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                    .up(prefix: prefix, options: UpOptions(image: .uri(image)), report: { _ in })
            }
            #expect(refused?.operation == "PutRetentionPolicy", "\(String(describing: refused))")
        }
    }
}
