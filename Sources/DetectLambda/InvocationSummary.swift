/// The function's result for one event, the JSON body of the Runtime API response:
/// `{"processed": n, "failed": n, "skipped": n, "items": [{"id", "status", "objects"}]}`.
///
/// Every record counts once: `processed` records produced an `ok` item, `failed` ones a `failed` item, `skipped`
/// ones none (another event type, or a key outside `images/<id>/`). `items` lists the items written, in record order.
public struct InvocationSummary: Codable, Sendable, Equatable {
    /// One item written.
    public struct Item: Codable, Sendable, Equatable {
        public var id: String
        /// `ok` or `failed`.
        public var status: String
        /// How many objects were found (0 for a failed item).
        public var objects: Int

        public init(id: String, status: String, objects: Int) {
            self.id = id
            self.status = status
            self.objects = objects
        }
    }

    public var processed: Int
    public var failed: Int
    public var skipped: Int
    public var items: [Item]

    public init(processed: Int = 0, failed: Int = 0, skipped: Int = 0, items: [Item] = []) {
        self.processed = processed
        self.failed = failed
        self.skipped = skipped
        self.items = items
    }
}
