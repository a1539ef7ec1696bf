import AWSKitLite
import DetectClientKit
import Foundation
import InfraKit
import TestSupport
import Testing

/// `detect-client aws --upload-only`, run as a user runs it, with credentials other than keys in the environment:
/// an assumed-role profile (named by AWS_PROFILE or --profile) and container credentials, against MiniStack with
/// AUTH=true.
@Suite struct CommandLineCredentialsTests {
    /// Every credential variable blanked (empty counts as unset), so only what a test sets can be used.
    static let noCredentialVariables = [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    ].reduce(into: [String: String]()) { $0[$1] = "" }

    /// Region and endpoint MiniStack's, HOME `home`, plus `variables`.
    static func environment(home: String, _ variables: [String: String] = [:]) throws -> [String: String] {
        noCredentialVariables.merging(["HOME": home, "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": try MiniStack.endpoint()]) { $1 }
            .merging(variables) { $1 }
    }

    /// Uploads two fixture images to the pipeline `names` with `arguments` added.
    static func upload(_ names: PipelineNames, _ arguments: [String] = [], environment: [String: String]) async throws -> CommandLineTool.Outcome {
        try await withTemporaryFolder { folder in
            let input = (folder as NSString).appendingPathComponent("images")
            try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
            for name in Fixtures.imageNames.prefix(2) {
                try Fixtures.image(name).write(to: URL(fileURLWithPath: (input as NSString).appendingPathComponent(name)))
            }
            return try await CommandLineTool.run(
                ["aws", "--input", input, "--upload-only", "--json", "--prefix", names.prefix, "--output-dir", folder] + arguments,
                environment: environment)
        }
    }

    /// An IAM user allowed only to assume roles (so its keys alone cannot touch S3), with an access key; deleted
    /// after `body`, also when it throws.
    static func withAssumeOnlyUser(_ body: (IAMUser, IAMAccessKey) async throws -> Void) async throws {
        let iam = try IAMClient(configuration: MiniStack.configuration())
        let user = try await iam.createUser(name: Emulator.uniqueName("assume-only", namespace: "dc"))
        try await iam.putUserPolicy(userName: user.userName, policyName: "assume", policyDocument:
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#)
        let key = try await iam.createAccessKey(userName: user.userName)
        func cleanUp() async {
            try? await iam.deleteAccessKey(userName: user.userName, accessKeyId: key.accessKeyId)
            try? await iam.deleteUserPolicy(userName: user.userName, policyName: "assume")
            try? await iam.deleteUser(name: user.userName)
        }
        do {
            try await body(user, key)
        } catch {
            await cleanUp()
            throw error
        }
        await cleanUp()
    }

    /// The uploads reported in the command's JSON summary.
    static func uploaded(_ outcome: CommandLineTool.Outcome) throws -> Int {
        try JSONDecoder().decode(UploadOnlySummary.self, from: Data(outcome.standardOutput.utf8)).uploaded
    }

    @Test func anAssumedRoleProfileByAWSProfileOrOption() async throws {
        try await Self.withAssumeOnlyUser { user, key in
            try await TestRoles.with([TestRoles.trusting([user.arn])]) { roles in
                try await UploadOnlyTests.withBucket { names in
                    let home = try TemporaryHome(config: """
                        [profile builder]
                        aws_access_key_id = \(key.accessKeyId)
                        aws_secret_access_key = \(key.secretAccessKey)
                        [profile deploy]
                        role_arn = \(roles[0].arn)
                        source_profile = builder
                        role_session_name = detect-client
                        """)

                    // The source user's own keys cannot reach the bucket...
                    let direct = try await Self.upload(names, environment: Self.environment(home: home.path, ["AWS_PROFILE": "builder"]))
                    #expect(direct.status == 1)
                    #expect(direct.standardError.contains("HeadBucket failed: HTTP 403"), "\(direct.standardError)")

                    // ...the role it assumes can, named by AWS_PROFILE or by --profile.
                    let byVariable = try await Self.upload(names, environment: Self.environment(home: home.path, ["AWS_PROFILE": "deploy"]))
                    #expect(byVariable.status == 0, "\(byVariable.standardError)")
                    #expect(try Self.uploaded(byVariable) == 2)
                    let byOption = try await Self.upload(names, ["--profile", "deploy"], environment: Self.environment(home: home.path))
                    #expect(byOption.status == 0, "\(byOption.standardError)")
                    #expect(try Self.uploaded(byOption) == 2)
                    let stored = try await S3Client(configuration: MiniStack.configuration()).listAllObjects(bucket: names.bucket)
                    #expect(stored.count == 4)
                }
            }
        }
    }

    @Test func containerCredentials() async throws {
        let keys = try Emulator.ministack.credentials()
        let server = try await CredentialsLoopbackServer.start { _ in
            (200, #"{"AccessKeyId":"\#(keys.accessKeyId)","SecretAccessKey":"\#(keys.secretAccessKey)"}"#)
        }
        defer { server.stop() }
        try await UploadOnlyTests.withBucket { names in
            let home = try TemporaryHome()
            let outcome = try await Self.upload(names, environment: Self.environment(home: home.path, [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(server.port)/v2/credentials/task",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-auth",
            ]))
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(try Self.uploaded(outcome) == 2)
            let request = try #require(server.requests.first)
            #expect(request.method == "GET" && request.target == "/v2/credentials/task")
            #expect(request.header("Authorization") == "container-auth")
        }
    }
}

/// A fresh HOME with `.aws/config` holding `config`.
struct TemporaryHome {
    let path: String

    init(config: String = "") throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("detect-client-home-" + UUID().uuidString.lowercased())
        try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
        try config.write(toFile: path + "/.aws/config", atomically: true, encoding: .utf8)
    }
}
