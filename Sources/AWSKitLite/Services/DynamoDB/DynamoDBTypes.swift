/// The type of a key attribute: string, number or binary.
public enum DynamoDBScalarType: String, Sendable, Codable {
    case string = "S", number = "N", binary = "B"
}

/// One attribute of a table's primary key: the partition (`HASH`) or sort (`RANGE`) key.
public struct DynamoDBKeyAttribute: Sendable, Equatable {
    /// Which part of the key: `HASH` or `RANGE` on the wire.
    public enum Role: String, Sendable, Codable { case partition = "HASH", sort = "RANGE" }

    public var name: String
    public var type: DynamoDBScalarType
    public var role: Role

    public init(name: String, type: DynamoDBScalarType, role: Role) {
        self.name = name
        self.type = type
        self.role = role
    }
}

/// What DescribeTable, CreateTable and DeleteTable report about a table (the fields this project reads).
/// Spec: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
public struct DynamoDBTableDescription: Sendable, Equatable, Decodable {
    /// One key attribute: its name and `HASH` or `RANGE`.
    public struct KeySchemaElement: Sendable, Equatable, Decodable {
        public var attributeName: String
        public var keyType: String

        enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", keyType = "KeyType" }
    }

    public var tableName: String
    /// `CREATING`, `ACTIVE`, `DELETING`, `UPDATING`, ...
    public var tableStatus: String?
    public var tableArn: String?
    public var itemCount: Int?
    public var keySchema: [KeySchemaElement]?
    /// `PAY_PER_REQUEST` or `PROVISIONED` when the service reports it.
    public var billingMode: String?

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", tableStatus = "TableStatus", tableArn = "TableArn", itemCount = "ItemCount"
        case keySchema = "KeySchema", billingModeSummary = "BillingModeSummary"
    }

    private struct BillingModeSummary: Decodable {
        var billingMode: String?
        enum CodingKeys: String, CodingKey { case billingMode = "BillingMode" }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tableName = try container.decode(String.self, forKey: .tableName)
        tableStatus = try container.decodeIfPresent(String.self, forKey: .tableStatus)
        tableArn = try container.decodeIfPresent(String.self, forKey: .tableArn)
        itemCount = try container.decodeIfPresent(Int.self, forKey: .itemCount)
        keySchema = try container.decodeIfPresent([KeySchemaElement].self, forKey: .keySchema)
        billingMode = try container.decodeIfPresent(BillingModeSummary.self, forKey: .billingModeSummary)?.billingMode
    }
}

/// One page of a Scan: its items, and the key to continue from (nil on the last page).
public struct DynamoDBScanPage: Sendable, Equatable {
    public var items: [DynamoDBItem]
    public var lastEvaluatedKey: DynamoDBItem?
}

/// BatchGetItem still had keys the service would not process after every allowed round.
public struct DynamoDBUnprocessedKeysError: Error, Sendable, CustomStringConvertible {
    public var table: String
    /// How many keys were never returned.
    public var unprocessedCount: Int
    public var rounds: Int

    public var description: String {
        "dynamodb BatchGetItem: \(unprocessedCount) keys of table \(table) still unprocessed after \(rounds) rounds"
    }
}
