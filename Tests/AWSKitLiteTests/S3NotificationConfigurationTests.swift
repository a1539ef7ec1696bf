@testable import AWSKitLite
import Testing

/// The notification configuration document: every kind of rule S3 returns is read, and what is written reads back
/// the same (the emulator round trips are in S3ClientTests).
@Suite struct S3NotificationConfigurationTests {
    /// A GetBucketNotificationConfiguration answer in S3's shape (API reference examples), with every kind of rule,
    /// both spellings of a Lambda rule, capitalised filter names, and EventBridge.
    static let answer = """
        <?xml version="1.0" encoding="UTF-8"?>
        <NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
          <TopicConfiguration>
            <Id>YjVkM2Y0YmUtNGI3NC00ZjQyLWEwNGItNDIyYWUxY2I0N2M4</Id>
            <Topic>arn:aws:sns:us-east-1:123456789012:s3notificationtopic2</Topic>
            <Event>s3:ReducedRedundancyLostObject</Event>
            <Event>s3:ObjectCreated:*</Event>
          </TopicConfiguration>
          <QueueConfiguration>
            <Id>uploads-queue</Id>
            <Filter><S3Key><FilterRule><Name>Prefix</Name><Value>incoming/</Value></FilterRule>
              <FilterRule><Name>Suffix</Name><Value>.png</Value></FilterRule></S3Key></Filter>
            <Queue>arn:aws:sqs:us-east-1:123456789012:uploads</Queue>
            <Event>s3:ObjectCreated:Put</Event>
          </QueueConfiguration>
          <CloudFunctionConfiguration>
            <Id>detect</Id>
            <CloudFunction>arn:aws:lambda:us-east-1:123456789012:function:detect</CloudFunction>
            <Event>s3:ObjectCreated:*</Event>
            <Filter><S3Key><FilterRule><Name>prefix</Name><Value>images/</Value></FilterRule></S3Key></Filter>
          </CloudFunctionConfiguration>
          <LambdaFunctionConfiguration>
            <Id>audit</Id>
            <LambdaFunctionArn>arn:aws:lambda:us-east-1:123456789012:function:audit</LambdaFunctionArn>
            <Event>s3:ObjectRemoved:*</Event>
          </LambdaFunctionConfiguration>
          <EventBridgeConfiguration></EventBridgeConfiguration>
        </NotificationConfiguration>
        """

    static let expected = S3NotificationConfiguration(
        lambdaFunctions: [
            S3NotificationRule(id: "detect", destinationArn: "arn:aws:lambda:us-east-1:123456789012:function:detect",
                               events: ["s3:ObjectCreated:*"], filterRules: [.prefix("images/")]),
            S3NotificationRule(id: "audit", destinationArn: "arn:aws:lambda:us-east-1:123456789012:function:audit",
                               events: ["s3:ObjectRemoved:*"]),
        ],
        queues: [S3NotificationRule(id: "uploads-queue", destinationArn: "arn:aws:sqs:us-east-1:123456789012:uploads",
                                    events: ["s3:ObjectCreated:Put"],
                                    filterRules: [.init(name: "Prefix", value: "incoming/"), .init(name: "Suffix", value: ".png")])],
        topics: [S3NotificationRule(id: "YjVkM2Y0YmUtNGI3NC00ZjQyLWEwNGItNDIyYWUxY2I0N2M4",
                                    destinationArn: "arn:aws:sns:us-east-1:123456789012:s3notificationtopic2",
                                    events: ["s3:ReducedRedundancyLostObject", "s3:ObjectCreated:*"])],
        eventBridge: true)

    @Test func everyKindOfRuleIsRead() throws {
        let root = try #require(XMLTreeNode.parse(Array(Self.answer.utf8)))
        let read = S3NotificationConfiguration(xml: root)
        #expect(read == Self.expected)
        #expect(read.queues.first?.filterValue("prefix") == "incoming/")
        #expect(read.queues.first?.filterValue("SUFFIX") == ".png")
    }

    @Test func whatIsWrittenReadsBackTheSame() throws {
        let written = Self.expected.xml
        let text = String(decoding: written, as: UTF8.self)
        #expect(text.contains("<CloudFunctionConfiguration><Id>detect</Id><CloudFunction>"))
        #expect(text.contains("<QueueConfiguration><Id>uploads-queue</Id><Queue>"))
        #expect(text.contains("<TopicConfiguration>"))
        #expect(text.hasSuffix("<EventBridgeConfiguration></EventBridgeConfiguration></NotificationConfiguration>"))
        let root = try #require(XMLTreeNode.parse(written))
        #expect(S3NotificationConfiguration(xml: root) == Self.expected)
    }

    @Test func anEmptyConfigurationIsAnEmptyDocument() throws {
        let text = String(decoding: S3NotificationConfiguration().xml, as: UTF8.self)
        #expect(text.hasSuffix("<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></NotificationConfiguration>"))
        #expect(S3NotificationConfiguration().isEmpty)
        #expect(!S3NotificationConfiguration(eventBridge: true).isEmpty)
    }
}
