/// What `infractl status` found: every resource of the pipeline, present or not, with its key properties, and
/// whether uploads trigger the function. Encodes to the `--json` output (absent properties are left out).
public struct PipelineStatus: Sendable, Equatable, Codable {
    /// One resource and what was read about it.
    public struct Resource: Sendable, Equatable, Codable {
        public var resource: PipelineResource
        public var name: String
        public var present: Bool
        /// For the role policy, permission and notification: whether it is exactly what `up` writes.
        public var current: Bool?
        public var arn: String?
        /// Bucket: objects in it.
        public var objectCount: Int?
        /// Table: items in it (an exact count).
        public var itemCount: Int?
        /// Table: `ACTIVE`, `CREATING`, ...
        public var tableStatus: String?
        /// Repository: images in it.
        public var imageCount: Int?
        /// Log group: days events are kept (nil: forever).
        public var retentionDays: Int?
        /// Log group: bytes stored, as CloudWatch Logs last counted them.
        public var storedBytes: Int?
        /// Function: `Active`, `Pending`, `Failed`, ...
        public var state: String?
        /// Function: `Successful`, `InProgress`, `Failed`.
        public var lastUpdateStatus: String?
        public var imageUri: String?
        /// Function: MiB.
        public var memoryMB: Int?
        /// Function: seconds.
        public var timeoutSeconds: Int?
        /// Anything else worth a glance (why something is not current).
        public var detail: String?

        public init(resource: PipelineResource, name: String, present: Bool) {
            self.resource = resource
            self.name = name
            self.present = present
        }
    }

    public var prefix: String
    public var accountId: String
    public var region: String
    /// In `up`'s order.
    public var resources: [Resource]
    /// The notification and the permission are both present and as `up` writes them.
    public var triggerWired: Bool

    public init(prefix: String, accountId: String, region: String, resources: [Resource], triggerWired: Bool) {
        self.prefix = prefix
        self.accountId = accountId
        self.region = region
        self.resources = resources
        self.triggerWired = triggerWired
    }

    /// Every resource present and current, and the trigger wired: what makes `status` exit 0.
    public var isComplete: Bool {
        triggerWired && resources.allSatisfy { $0.present && $0.current != false }
    }

    /// The resources that are missing, by kind.
    public var missing: [PipelineResource] { resources.filter { !$0.present }.map(\.resource) }

    public func resource(_ kind: PipelineResource) -> Resource? { resources.first { $0.resource == kind } }
}
