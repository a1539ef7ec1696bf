@testable import AWSKitLite
import Foundation
import InfraKit
import TestSupport

/// A real SQS queue and SNS topic on an emulator, each with the resource policy S3 needs to deliver a bucket's
/// notifications to it (S3 checks that policy when the notification configuration is written).
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
struct NotificationDestinations {
    let queueUrl: String
    let queueArn: String
    let topicArn: String
    private let sqs: AWSServiceCore
    private let sns: AWSServiceCore

    /// Creates queue and topic `<name>` that `bucketArn` in `account` may send to.
    init(name: String, bucketArn: String, account: String, emulator: Emulator) async throws {
        let configuration = try emulator.configuration()
        sqs = try AWSServiceCore(api: .json(AWSService(signingName: "sqs", endpointPrefix: "sqs", environmentSuffix: "SQS"),
                                            version: "2012-11-05", jsonVersion: "1.0", targetPrefix: "AmazonSQS"),
                                 configuration: configuration, httpClient: .shared, retryPolicy: .standard)
        sns = try AWSServiceCore(api: .query(AWSService(signingName: "sns", endpointPrefix: "sns", environmentSuffix: "SNS"),
                                             version: "2010-03-31"),
                                 configuration: configuration, httpClient: .shared, retryPolicy: .standard)

        struct CreateQueue: Encodable, Sendable { let QueueName: String }
        struct QueueURL: Decodable { let QueueUrl: String }
        queueUrl = try await sqs.sendJSON(operation: "CreateQueue", input: CreateQueue(QueueName: name), as: QueueURL.self).QueueUrl
        queueArn = "arn:aws:sqs:\(configuration.region):\(account):\(name)"
        struct SetAttributes: Encodable, Sendable { let QueueUrl: String; let Attributes: [String: String] }
        struct Empty: Decodable {}
        let queuePolicy = Self.policy(action: "sqs:SendMessage", resource: queueArn, bucketArn: bucketArn, account: account)
        _ = try await sqs.sendJSON(operation: "SetQueueAttributes",
                                   input: SetAttributes(QueueUrl: queueUrl, Attributes: ["Policy": queuePolicy]), as: Empty.self)

        let topic = try await sns.sendQuery(operation: "CreateTopic", parameters: [("Name", name)])
        guard let topicArn = topic.text(of: "TopicArn") else { throw Missing(what: "CreateTopic's TopicArn") }
        self.topicArn = topicArn
        let topicPolicy = Self.policy(action: "sns:Publish", resource: topicArn, bucketArn: bucketArn, account: account)
        _ = try await sns.sendQuery(operation: "SetTopicAttributes", parameters: [
            ("TopicArn", topicArn), ("AttributeName", "Policy"), ("AttributeValue", topicPolicy),
        ])
    }

    struct Missing: Error, CustomStringConvertible {
        var what: String
        var description: String { "no \(what) in the answer" }
    }

    /// S3 (the service) may `action` on `resource`, only for `bucketArn` in `account`.
    static func policy(action: String, resource: String, bucketArn: String, account: String) -> String {
        """
        {"Version":"2012-10-17","Statement":[{"Sid":"AllowBucketNotifications","Effect":"Allow",\
        "Principal":{"Service":"s3.amazonaws.com"},"Action":"\(action)","Resource":"\(resource)",\
        "Condition":{"ArnLike":{"aws:SourceArn":"\(bucketArn)"},"StringEquals":{"aws:SourceAccount":"\(account)"}}}]}
        """
    }

    /// Deletes the queue and the topic.
    func delete() async throws {
        struct DeleteQueue: Encodable, Sendable { let QueueUrl: String }
        struct Empty: Decodable {}
        _ = try await sqs.sendJSON(operation: "DeleteQueue", input: DeleteQueue(QueueUrl: queueUrl), as: Empty.self)
        _ = try await sns.sendQuery(operation: "DeleteTopic", parameters: [("TopicArn", topicArn)])
    }
}
