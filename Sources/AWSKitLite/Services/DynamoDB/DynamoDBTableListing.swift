/// Listing tables and counting a table's items exactly (DescribeTable's ItemCount is refreshed only every
/// few hours on AWS).
extension DynamoDBClient {
    /// The names of every table in the region, all pages, in the order DynamoDB returns them (by name).
    /// Spec: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html
    public func listTables() async throws -> [String] {
        struct Input: Encodable, Sendable { let ExclusiveStartTableName: String? }
        struct Output: Decodable { let TableNames: [String]?; let LastEvaluatedTableName: String? }
        var names: [String] = []
        var start: String?
        repeat {
            let output = try await call("ListTables", Input(ExclusiveStartTableName: start), as: Output.self)
            names += output.TableNames ?? []
            start = output.LastEvaluatedTableName.flatMap { $0.isEmpty ? nil : $0 }
        } while start != nil
        return names
    }

    /// The number of items in `table` now: a Scan with `Select: COUNT` followed to its last page (it reads the
    /// whole table, so it costs read capacity in proportion to the table's size).
    /// Spec: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html#DDB-Scan-request-Select
    public func countItems(table: String) async throws -> Int {
        struct Input: Encodable, Sendable { let TableName: String; let Select = "COUNT"; let ExclusiveStartKey: DynamoDBItem? }
        struct Output: Decodable { let Count: Int?; let LastEvaluatedKey: DynamoDBItem? }
        var total = 0
        var start: DynamoDBItem?
        repeat {
            let output = try await call("Scan", Input(TableName: table, ExclusiveStartKey: start), as: Output.self)
            total += output.Count ?? 0
            start = output.LastEvaluatedKey.flatMap { $0.isEmpty ? nil : $0 }
        } while start != nil
        return total
    }
}
