import AWSKitLite
import Foundation
import TestSupport

/// MiniStack as scripts/with-emulators.sh starts it (TestSupport's `Emulator.ministack`: AUTH=true, with an IAM
/// user whose key the tests sign with). Tests fail, not skip, without its variables.
enum MiniStack {
    /// The variables a function process needs to reach MiniStack as the IAM user: endpoint, region and key.
    static func awsEnvironment() throws -> [String: String] {
        let credentials = try Emulator.ministack.credentials()
        return [
            "AWS_ENDPOINT_URL": try Emulator.ministack.endpoint(),
            "AWS_ACCESS_KEY_ID": credentials.accessKeyId,
            "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_REGION": "us-east-1",
        ]
    }

    /// A configuration for the tests' own S3 and DynamoDB calls, from the same variables.
    static func configuration() throws -> AWSConfiguration {
        try AWSConfiguration.resolve(environment: try awsEnvironment())
    }

    /// A lower-case name unique to this run (`detect-<prefix>-<8 hex>`), valid as a bucket or table name.
    static func uniqueName(_ prefix: String) -> String {
        Emulator.uniqueName(prefix, namespace: "detect")
    }

    /// A bucket and an items table (partition key `id`), made for one test.
    struct Resources: Sendable {
        var bucket: String
        var table: String
        var s3: S3Client
        var dynamoDB: DynamoDBClient

        static func create(_ prefix: String) async throws -> Resources {
            let configuration = try MiniStack.configuration()
            let resources = Resources(
                bucket: uniqueName(prefix), table: uniqueName(prefix), s3: try S3Client(configuration: configuration),
                dynamoDB: try DynamoDBClient(configuration: configuration))
            try await resources.s3.createBucket(resources.bucket)
            _ = try await resources.dynamoDB.createTable(
                name: resources.table, key: [DynamoDBKeyAttribute(name: "id", type: .string, role: .partition)])
            return resources
        }

        /// Runs `body` with a fresh bucket and table, and deletes them afterwards (also when `body` throws).
        static func with<Result: Sendable>(_ prefix: String, _ body: (Resources) async throws -> Result) async throws -> Result {
            let resources = try await create(prefix)
            do {
                let result = try await body(resources)
                await resources.delete()
                return result
            } catch {
                await resources.delete()
                throw error
            }
        }

        /// The item with this id, read consistently.
        func item(_ id: String) async throws -> DynamoDBItem? {
            try await dynamoDB.getItem(table: table, key: ["id": .s(id)], consistentRead: true)
        }

        /// Removes the objects, the bucket and the table (best effort: a test's own failure matters more).
        func delete() async {
            if let keys = try? await s3.listAllObjects(bucket: bucket).map(\.key), !keys.isEmpty {
                _ = try? await s3.deleteObjects(bucket: bucket, keys: keys)
            }
            try? await s3.deleteBucket(bucket)
            _ = try? await dynamoDB.deleteTable(name: table)
        }
    }
}

/// An S3 event notification for keys as S3 sends it: ObjectCreated:Put records with URL-encoded keys (form encoding,
/// `+` for a space, as Python's `quote_plus(key, safe="/")`, which is what MiniStack sends).
enum S3Notification {
    static func event(bucket: String, keys: [String], eventName: String = "ObjectCreated:Put", sizes: [Int?]? = nil) -> [UInt8] {
        let records = keys.enumerated().map { index, key in
            let size = sizes?[index].map { ", \"size\": \($0)" } ?? ""
            return """
                {"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
                 "eventTime": "2026-11-27T21:00:00.000Z", "eventName": "\(eventName)",
                 "s3": {"s3SchemaVersion": "1.0", "configurationId": "detect",
                        "bucket": {"name": "\(bucket)", "arn": "arn:aws:s3:::\(bucket)"},
                        "object": {"key": "\(formEncode(key))"\(size), "sequencer": "0055AED6DCD90281E5"}}}
                """
        }
        return Array("{\"Records\": [\(records.joined(separator: ","))]}".utf8)
    }

    /// `application/x-www-form-urlencoded` of a key, keeping `/`: unreserved bytes as they are, space as `+`,
    /// everything else `%XX`.
    static func formEncode(_ key: String) -> String {
        var encoded = ""
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "):
                encoded.append("+")
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }
}
