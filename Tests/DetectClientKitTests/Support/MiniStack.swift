import AWSKitLite
import Foundation
import InfraKit

/// MiniStack as scripts/with-emulators.sh starts it (AUTH=true, an IAM user's key). Tests read its coordinates
/// from the environment and fail, never skip, without them.
enum MiniStack {
    struct NotConfigured: Error, CustomStringConvertible {
        var variable: String
        var description: String { "\(variable) is not set: run under scripts/with-emulators.sh (make test)" }
    }

    private static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw NotConfigured(variable: name) }
        return value
    }

    static func endpoint() throws -> String { try value("AWSKIT_TEST_MINISTACK_ENDPOINT") }

    /// A configuration for us-east-1 pointing every service at MiniStack, isolated from the process's AWS_* variables.
    static func configuration() throws -> AWSConfiguration {
        AWSConfiguration(
            region: "us-east-1",
            credentialProvider: StaticCredentialProvider(AWSCredentials(
                accessKeyId: try value("AWSKIT_TEST_MINISTACK_ACCESS_KEY_ID"),
                secretAccessKey: try value("AWSKIT_TEST_MINISTACK_SECRET_ACCESS_KEY"))),
            endpointOverride: try endpoint(), environment: [:])
    }

    /// Pipeline names with a prefix unique to this test (`dc-<8 hex>`), in MiniStack's account.
    static func uniqueNames() async throws -> PipelineNames {
        let account = try await STSClient(configuration: configuration()).getCallerIdentity().account
        return try PipelineNames(prefix: "dc-" + UUID().uuidString.lowercased().prefix(8), accountId: account, region: "us-east-1")
    }

    /// Creates the pipeline's bucket and table (no Lambda, no notification): uploads land, nothing processes them.
    static func createBucketAndTable(_ names: PipelineNames) async throws {
        let configuration = try configuration()
        try await S3Client(configuration: configuration).createBucket(names.bucket)
        _ = try await DynamoDBClient(configuration: configuration).createTable(
            name: names.table, key: [DynamoDBKeyAttribute(name: "id", type: .string, role: .partition)])
    }

    /// Empties and deletes the bucket, and deletes the table; errors are ignored (cleanup only).
    static func deleteBucketAndTable(_ names: PipelineNames) async {
        guard let configuration = try? configuration(), let s3 = try? S3Client(configuration: configuration),
              let dynamoDB = try? DynamoDBClient(configuration: configuration) else { return }
        if let objects = try? await s3.listAllObjects(bucket: names.bucket), !objects.isEmpty {
            _ = try? await s3.deleteObjects(bucket: names.bucket, keys: objects.map(\.key))
        }
        try? await s3.deleteBucket(names.bucket)
        _ = try? await dynamoDB.deleteTable(name: names.table)
    }
}
