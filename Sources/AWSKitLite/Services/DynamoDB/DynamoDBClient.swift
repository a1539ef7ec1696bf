/// DynamoDB over the JSON 1.0 protocol (`X-Amz-Target: DynamoDB_20120810.<Operation>`).
///
/// Every method throws `AWSError` for an error response (e.g. `ResourceNotFoundException`,
/// `ConditionalCheckFailedException`) and `HTTPClientError` when no response came, after retries.
/// Spec: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/Welcome.html
public struct DynamoDBClient: AWSServiceClient {
    static let api = AWSServiceAPI.json(.dynamoDB, version: "2012-08-10", jsonVersion: "1.0", targetPrefix: "DynamoDB_20120810")
    let core: AWSServiceCore

    /// A client for the endpoint `configuration` resolves (standard AWS, or an `AWS_ENDPOINT_URL*`/explicit override).
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed override.
    public init(configuration: AWSConfiguration, httpClient: HTTPClient = .shared, retryPolicy: RetryPolicy = .standard) throws {
        core = try Self.core(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
    }

    /// Where this client sends requests.
    public var endpoint: AWSEndpoint { core.endpoint }

    /// Creates an on-demand (`PAY_PER_REQUEST`) table keyed by `key` (a partition key, optionally a sort key).
    public func createTable(name: String, key: [DynamoDBKeyAttribute]) async throws -> DynamoDBTableDescription {
        struct Definition: Encodable, Sendable { let AttributeName: String; let AttributeType: String }
        struct Element: Encodable, Sendable { let AttributeName: String; let KeyType: String }
        struct Input: Encodable, Sendable {
            let TableName: String
            let AttributeDefinitions: [Definition]
            let KeySchema: [Element]
            let BillingMode = "PAY_PER_REQUEST"
        }
        struct Output: Decodable { let TableDescription: DynamoDBTableDescription }
        let input = Input(
            TableName: name,
            AttributeDefinitions: key.map { Definition(AttributeName: $0.name, AttributeType: $0.type.rawValue) },
            KeySchema: key.map { Element(AttributeName: $0.name, KeyType: $0.role.rawValue) })
        return try await call("CreateTable", input, as: Output.self).TableDescription
    }

    /// The table's current description; `ResourceNotFoundException` when it does not exist.
    public func describeTable(name: String) async throws -> DynamoDBTableDescription {
        struct Output: Decodable { let Table: DynamoDBTableDescription }
        return try await call("DescribeTable", ["TableName": name], as: Output.self).Table
    }

    /// Deletes the table; returns its description as the deletion began.
    @discardableResult
    public func deleteTable(name: String) async throws -> DynamoDBTableDescription {
        struct Output: Decodable { let TableDescription: DynamoDBTableDescription }
        return try await call("DeleteTable", ["TableName": name], as: Output.self).TableDescription
    }

    /// Writes `item` (replacing any item with its key). With `conditionExpression`, writes only when it holds, else
    /// throws `AWSError` code `ConditionalCheckFailedException`.
    public func putItem(
        table: String, item: DynamoDBItem, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: DynamoDBItem? = nil
    ) async throws {
        struct Input: Encodable, Sendable {
            let TableName: String
            let Item: DynamoDBItem
            let ConditionExpression: String?
            let ExpressionAttributeNames: [String: String]?
            let ExpressionAttributeValues: DynamoDBItem?
        }
        struct Output: Decodable {}
        _ = try await call("PutItem", Input(
            TableName: table, Item: item, ConditionExpression: conditionExpression,
            ExpressionAttributeNames: expressionAttributeNames, ExpressionAttributeValues: expressionAttributeValues
        ), as: Output.self)
    }

    /// The item with this primary key, or nil when there is none.
    public func getItem(table: String, key: DynamoDBItem, consistentRead: Bool = false) async throws -> DynamoDBItem? {
        struct Input: Encodable, Sendable { let TableName: String; let Key: DynamoDBItem; let ConsistentRead: Bool }
        struct Output: Decodable { let Item: DynamoDBItem? }
        return try await call("GetItem", Input(TableName: table, Key: key, ConsistentRead: consistentRead), as: Output.self).Item
    }

    /// The items with these keys (missing ones are simply absent), in no particular order.
    ///
    /// Sends at most 100 keys a call (the API's limit); keys the service returns as `UnprocessedKeys` are asked
    /// again after a backoff, up to `maxRounds` rounds per chunk, then `DynamoDBUnprocessedKeysError` is thrown.
    public func batchGetItem(
        table: String, keys: [DynamoDBItem], consistentRead: Bool = false, maxRounds: Int = 10
    ) async throws -> [DynamoDBItem] {
        struct KeysAndAttributes: Codable, Sendable { let Keys: [DynamoDBItem]; var ConsistentRead: Bool? }
        struct Input: Encodable, Sendable { let RequestItems: [String: KeysAndAttributes] }
        struct Output: Decodable {
            let Responses: [String: [DynamoDBItem]]?
            let UnprocessedKeys: [String: KeysAndAttributes]?
        }
        var items: [DynamoDBItem] = []
        var start = 0
        while start < keys.count {
            var pending = Array(keys[start..<min(start + 100, keys.count)])
            start += 100
            var round = 0
            while !pending.isEmpty {
                round += 1
                if round > maxRounds {
                    throw DynamoDBUnprocessedKeysError(table: table, unprocessedCount: pending.count, rounds: maxRounds)
                }
                if round > 1 { try await core.retryPolicy.sleep(core.retryPolicy.delay(beforeRetry: round - 1)) }
                let input = Input(RequestItems: [table: KeysAndAttributes(Keys: pending, ConsistentRead: consistentRead)])
                let output = try await call("BatchGetItem", input, as: Output.self)
                items += output.Responses?[table] ?? []
                pending = output.UnprocessedKeys?[table]?.Keys ?? []
            }
        }
        return items
    }

    /// One Scan call: up to `limit` items (the service also stops at 1 MB) starting after `exclusiveStartKey`.
    public func scan(table: String, limit: Int? = nil, exclusiveStartKey: DynamoDBItem? = nil, consistentRead: Bool = false) async throws -> DynamoDBScanPage {
        struct Input: Encodable, Sendable {
            let TableName: String
            let Limit: Int?
            let ExclusiveStartKey: DynamoDBItem?
            let ConsistentRead: Bool
        }
        struct Output: Decodable { let Items: [DynamoDBItem]?; let LastEvaluatedKey: DynamoDBItem? }
        let output = try await call("Scan", Input(
            TableName: table, Limit: limit, ExclusiveStartKey: exclusiveStartKey, ConsistentRead: consistentRead
        ), as: Output.self)
        let lastKey = output.LastEvaluatedKey.flatMap { $0.isEmpty ? nil : $0 }
        return DynamoDBScanPage(items: output.Items ?? [], lastEvaluatedKey: lastKey)
    }

    /// Every page of a full-table Scan, fetched as iterated, `pageSize` items a call at most.
    public func scanPages(table: String, pageSize: Int? = nil, consistentRead: Bool = false) -> PageSequence<DynamoDBScanPage, DynamoDBItem> {
        PageSequence { startKey in
            let page = try await scan(table: table, limit: pageSize, exclusiveStartKey: startKey, consistentRead: consistentRead)
            return (page, page.lastEvaluatedKey)
        }
    }

    /// Every item of the table (a Scan followed to its last page).
    public func scanAll(table: String, consistentRead: Bool = false) async throws -> [DynamoDBItem] {
        var items: [DynamoDBItem] = []
        for try await page in scanPages(table: table, consistentRead: consistentRead) { items += page.items }
        return items
    }
}
