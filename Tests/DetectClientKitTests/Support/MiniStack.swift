import AWSKitLite
import Foundation
import InfraKit
import TestSupport

/// MiniStack as scripts/with-emulators.sh starts it (TestSupport's `Emulator.ministack`: AUTH=true, an IAM user's
/// key), plus the pipeline resources these tests make there. Tests fail, never skip, without its variables.
enum MiniStack {
    static func endpoint() throws -> String { try Emulator.ministack.endpoint() }

    /// A configuration for us-east-1 pointing every service at MiniStack, isolated from the process's AWS_* variables.
    static func configuration() throws -> AWSConfiguration { try Emulator.ministack.configuration() }

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
