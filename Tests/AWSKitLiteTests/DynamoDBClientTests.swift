import AWSKitLite
import Foundation
import TestSupport
import Testing

/// DynamoDBClient round trips against both emulators.
@Suite struct DynamoDBClientTests {
    private func withTable(_ emulator: Emulator, sortKey: Bool = false,
                           _ body: (DynamoDBClient, String) async throws -> Void) async throws {
        let dynamo = try DynamoDBClient(configuration: emulator.configuration())
        let table = Emulator.uniqueName("table")
        var key = [DynamoDBKeyAttribute(name: "image", type: .string, role: .partition)]
        if sortKey { key.append(DynamoDBKeyAttribute(name: "index", type: .number, role: .sort)) }
        let created = try await dynamo.createTable(name: table, key: key)
        #expect(created.tableName == table)
        do {
            try await body(dynamo, table)
        } catch {
            _ = try? await dynamo.deleteTable(name: table)
            throw error
        }
        try await dynamo.deleteTable(name: table)
    }

    @Test(arguments: Emulator.allCases)
    func tableLifecycle(_ emulator: Emulator) async throws {
        try await withTable(emulator, sortKey: true) { dynamo, table in
            let description = try await dynamo.describeTable(name: table)
            #expect(description.tableName == table)
            #expect(description.tableStatus == "ACTIVE")
            #expect(description.billingMode == "PAY_PER_REQUEST")
            #expect(description.keySchema?.map(\.attributeName) == ["image", "index"])
            #expect(description.keySchema?.map(\.keyType) == ["HASH", "RANGE"])
        }
        let dynamo = try DynamoDBClient(configuration: emulator.configuration())
        let error = try await #require(throws: AWSError.self) { try await dynamo.describeTable(name: Emulator.uniqueName("gone")) }
        #expect(error.code == "ResourceNotFoundException" && error.statusCode == 400)
    }

    @Test(arguments: Emulator.allCases)
    func everyAttributeTypeRoundTrips(_ emulator: Emulator) async throws {
        try await withTable(emulator) { dynamo, table in
            let item: DynamoDBItem = [
                "image": .s("photos/cat 1.jpg"),
                "count": .n("3"),
                "score": .n("0.87654321"),
                "thumbnail": .b([0, 1, 2, 255]),
                "checked": .bool(true),
                "nothing": .null,
                "box": .m(["x": .n("10"), "label": .s("cat")]),
                "detections": .l([.m(["label": .s("dog")]), .n("1")]),
                "labels": .ss(["cat", "dog"]),
                "sizes": .ns(["1", "2.5"]),
                "blobs": .bs([[1], [2, 3]]),
            ]
            try await dynamo.putItem(table: table, item: item)
            let read = try #require(try await dynamo.getItem(table: table, key: ["image": .s("photos/cat 1.jpg")], consistentRead: true))
            #expect(read["image"] == item["image"])
            #expect(read["count"] == item["count"])
            #expect(read["score"] == item["score"])
            #expect(read["thumbnail"] == item["thumbnail"])
            #expect(read["checked"] == item["checked"])
            #expect(read["nothing"] == item["nothing"])
            #expect(read["box"] == item["box"])
            #expect(read["detections"] == item["detections"])
            // Sets come back in any order.
            guard case .ss(let labels) = read["labels"], case .ns(let sizes) = read["sizes"], case .bs(let blobs) = read["blobs"] else {
                Issue.record("set attributes missing or mistyped: \(read)")
                return
            }
            #expect(Set(labels) == ["cat", "dog"])
            #expect(Set(sizes) == ["1", "2.5"])
            #expect(Set(blobs) == [[1], [2, 3]])
            #expect(try await dynamo.getItem(table: table, key: ["image": .s("absent")]) == nil)
        }
    }

    @Test(arguments: Emulator.allCases)
    func conditionalPutRefusesAnExistingItem(_ emulator: Emulator) async throws {
        try await withTable(emulator) { dynamo, table in
            let item: DynamoDBItem = ["image": .s("a.jpg"), "version": .n("1")]
            try await dynamo.putItem(table: table, item: item, conditionExpression: "attribute_not_exists(#k)",
                                     expressionAttributeNames: ["#k": "image"])
            let error = try await #require(throws: AWSError.self) {
                try await dynamo.putItem(table: table, item: ["image": .s("a.jpg"), "version": .n("2")],
                                         conditionExpression: "attribute_not_exists(#k)", expressionAttributeNames: ["#k": "image"])
            }
            #expect(error.code == "ConditionalCheckFailedException" && error.operation == "PutItem")
            try await dynamo.putItem(table: table, item: ["image": .s("a.jpg"), "version": .n("2")],
                                     conditionExpression: "version = :v", expressionAttributeValues: [":v": .n("1")])
            #expect(try await dynamo.getItem(table: table, key: ["image": .s("a.jpg")])?["version"] == .n("2"))
        }
    }

    @Test(arguments: Emulator.allCases)
    func batchGetSplitsIntoHundredsAndScanPaginates(_ emulator: Emulator) async throws {
        try await withTable(emulator) { dynamo, table in
            let names = (0..<130).map { "img-\($0).jpg" }
            for name in names { try await dynamo.putItem(table: table, item: ["image": .s(name), "size": .n("1")]) }
            let keys = (names + ["missing-1", "missing-2"]).map { ["image": AttributeValue.s($0)] }
            let items = try await dynamo.batchGetItem(table: table, keys: keys)
            #expect(Set(items.compactMap { $0["image"]?.stringValue }) == Set(names))

            var pages = 0
            var scanned: [String] = []
            for try await page in dynamo.scanPages(table: table, pageSize: 50) {
                pages += 1
                scanned += page.items.compactMap { $0["image"]?.stringValue }
            }
            #expect(pages >= 3)
            #expect(scanned.sorted() == names.sorted())
            #expect(try await dynamo.scanAll(table: table).count == names.count)
        }
    }
}
