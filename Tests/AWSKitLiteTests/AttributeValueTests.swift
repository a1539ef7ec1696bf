import AWSKitLite
import Foundation
import Testing

/// AttributeValue's JSON against the wire forms in
/// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
@Suite struct AttributeValueTests {
    static let cases: [(AttributeValue, String)] = [
        (.s("Hello"), #"{"S":"Hello"}"#),
        (.n("123.45"), #"{"N":"123.45"}"#),
        (.b(Array("this text is base64-encoded".utf8)), #"{"B":"dGhpcyB0ZXh0IGlzIGJhc2U2NC1lbmNvZGVk"}"#),
        (.bool(true), #"{"BOOL":true}"#),
        (.null, #"{"NULL":true}"#),
        (.ss(["Giraffe", "Hippo", "Zebra"]), #"{"SS":["Giraffe","Hippo","Zebra"]}"#),
        (.ns(["42.2", "-19", "7.5", "3.14"]), #"{"NS":["42.2","-19","7.5","3.14"]}"#),
        (.bs([Array("Sunny".utf8), Array("Rainy".utf8)]), #"{"BS":["U3Vubnk=","UmFpbnk="]}"#),
        (.l([.s("Cookies"), .s("Coffee"), .n("3.14159")]), #"{"L":[{"S":"Cookies"},{"S":"Coffee"},{"N":"3.14159"}]}"#),
        (.m(["Name": .s("Joe"), "Age": .n("35")]), #"{"M":{"Age":{"N":"35"},"Name":{"S":"Joe"}}}"#),
    ]

    @Test func encodesTheDocumentedWireForm() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (value, json) in Self.cases {
            #expect(String(decoding: try encoder.encode(value), as: UTF8.self) == json)
        }
    }

    @Test func decodesTheDocumentedWireForm() throws {
        for (value, json) in Self.cases {
            #expect(try JSONDecoder().decode(AttributeValue.self, from: Data(json.utf8)) == value)
        }
    }

    @Test func rejectsObjectsWithoutExactlyOneType() {
        for json in [#"{}"#, #"{"S":"a","N":"1"}"#, #"{"X":"a"}"#, #"{"B":"%%%"}"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(AttributeValue.self, from: Data(json.utf8)) }
        }
    }
}
