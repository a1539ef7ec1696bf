/// A bucket's whole notification configuration: the Lambda function, SQS queue and SNS topic rules, and whether
/// events also go to EventBridge.
///
/// PutBucketNotificationConfiguration replaces all of it at once, so whoever changes one rule reads the whole
/// configuration, changes that rule, and writes everything back.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_NotificationConfiguration.html
public struct S3NotificationConfiguration: Sendable, Equatable {
    /// `LambdaFunctionConfiguration` (`CloudFunctionConfiguration` on the wire): invoke a function.
    public var lambdaFunctions: [S3NotificationRule]
    /// `QueueConfiguration`: send a message to an SQS queue.
    public var queues: [S3NotificationRule]
    /// `TopicConfiguration`: publish to an SNS topic.
    public var topics: [S3NotificationRule]
    /// An `EventBridgeConfiguration` element is present: every event also goes to the account's default event bus.
    public var eventBridge: Bool

    public init(lambdaFunctions: [S3NotificationRule] = [], queues: [S3NotificationRule] = [],
                topics: [S3NotificationRule] = [], eventBridge: Bool = false) {
        self.lambdaFunctions = lambdaFunctions
        self.queues = queues
        self.topics = topics
        self.eventBridge = eventBridge
    }

    /// No rule and no EventBridge: what writing it does is turn notifications off.
    public var isEmpty: Bool { lambdaFunctions.isEmpty && queues.isEmpty && topics.isEmpty && !eventBridge }
}

/// One rule: on these events, for keys passing the filter rules, notify this destination.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_LambdaFunctionConfiguration.html
public struct S3NotificationRule: Sendable, Equatable {
    /// S3 makes one up when none is given.
    public var id: String?
    /// The function, queue or topic ARN.
    public var destinationArn: String
    /// e.g. `s3:ObjectCreated:*`.
    public var events: [String]
    /// Key filters (`prefix`, `suffix`), in the order given.
    public var filterRules: [S3NotificationFilterRule]

    public init(id: String? = nil, destinationArn: String, events: [String], filterRules: [S3NotificationFilterRule] = []) {
        self.id = id
        self.destinationArn = destinationArn
        self.events = events
        self.filterRules = filterRules
    }

    /// The value of the filter rule named `name` (`prefix` or `suffix`; S3 answers either case), if any.
    public func filterValue(_ name: String) -> String? {
        filterRules.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A key filter of a notification rule: `prefix` or `suffix` and the text keys must start or end with.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_FilterRule.html
public struct S3NotificationFilterRule: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public static func prefix(_ value: String) -> S3NotificationFilterRule { .init(name: "prefix", value: value) }
    public static func suffix(_ value: String) -> S3NotificationFilterRule { .init(name: "suffix", value: value) }
}

extension S3NotificationConfiguration {
    /// Each kind of rule with its element and ARN names: the first pair is what is written, every pair is read.
    private static var kinds: [(path: WritableKeyPath<S3NotificationConfiguration, [S3NotificationRule]>,
                                elements: [(configuration: String, arn: String)])] {
        [
            (\.topics, [("TopicConfiguration", "Topic")]),
            (\.queues, [("QueueConfiguration", "Queue")]),
            (\.lambdaFunctions, [("CloudFunctionConfiguration", "CloudFunction"), ("LambdaFunctionConfiguration", "LambdaFunctionArn")]),
        ]
    }

    /// Reads a `<NotificationConfiguration>` document as GetBucketNotificationConfiguration returns it.
    init(xml root: XMLTreeNode) {
        self.init(eventBridge: root.child("EventBridgeConfiguration") != nil)
        for kind in Self.kinds {
            for (element, arnElement) in kind.elements {
                self[keyPath: kind.path] += root.children(element).map { rule in
                    S3NotificationRule(
                        id: rule.text(of: "Id"), destinationArn: rule.text(of: arnElement) ?? "",
                        events: rule.children("Event").map(\.text),
                        filterRules: (rule.child("Filter")?.child("S3Key")?.children("FilterRule") ?? []).map {
                            S3NotificationFilterRule(name: $0.text(of: "Name") ?? "", value: $0.text(of: "Value") ?? "")
                        })
                }
            }
        }
    }

    /// The `<NotificationConfiguration>` request body of PutBucketNotificationConfiguration.
    var xml: [UInt8] {
        var writer = XMLWriter()
        writer.element("NotificationConfiguration", attributes: [("xmlns", S3Client.xmlNamespace)]) { writer in
            for kind in Self.kinds {
                let (element, arnElement) = kind.elements[0]
                for rule in self[keyPath: kind.path] {
                    writer.element(element) { writer in
                        if let id = rule.id { writer.element("Id", text: id) }
                        writer.element(arnElement, text: rule.destinationArn)
                        for event in rule.events { writer.element("Event", text: event) }
                        if !rule.filterRules.isEmpty {
                            writer.element("Filter") { writer in
                                writer.element("S3Key") { writer in
                                    for filter in rule.filterRules {
                                        writer.element("FilterRule") {
                                            $0.element("Name", text: filter.name)
                                            $0.element("Value", text: filter.value)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if eventBridge { writer.element("EventBridgeConfiguration") { _ in } }
        }
        return writer.bytes
    }
}
