@testable import AWSKitLite
import TestSupport

/// Session credentials for a role, from STS AssumeRole on an emulator: what Lambda hands the function, so a test
/// can call AWS exactly as the function would under the role `up` made (MiniStack evaluates its inline policy).
/// The role trusts only `lambda.amazonaws.com`, so the test user may not assume it; MiniStack's account root
/// (its key `test`, accepted with any secret) stands in for the Lambda service.
/// Spec: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
enum AssumedRole {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "AssumeRole returned no Credentials" }
    }

    static func credentials(roleArn: String, emulator: Emulator) async throws -> AWSCredentials {
        let sts = try AWSServiceCore(api: STSClient.api, configuration: emulator.configuration(credentials: AWSCredentials(accessKeyId: "test", secretAccessKey: "test")),
                                     httpClient: .shared, retryPolicy: .standard)
        let result = try await sts.sendQuery(operation: "AssumeRole", parameters: [
            ("RoleArn", roleArn), ("RoleSessionName", "function-under-test"),
        ])
        guard let credentials = result.child("Credentials"), let keyId = credentials.text(of: "AccessKeyId"),
              let secret = credentials.text(of: "SecretAccessKey") else { throw Missing() }
        return AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: credentials.text(of: "SessionToken"))
    }
}
