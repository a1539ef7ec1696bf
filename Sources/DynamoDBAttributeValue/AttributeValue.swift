import Foundation

/// One DynamoDB attribute value, in its JSON wire form `{"S": "text"}`, `{"N": "42"}`, `{"B": "<base64>"}`, ...
///
/// Numbers stay strings (DynamoDB keeps 38 significant digits; no Double round trip). Binary values are raw
/// bytes here and base64 on the wire. Spec: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
public enum AttributeValue: Sendable, Hashable, Codable {
    case s(String)
    case n(String)
    case b([UInt8])
    case bool(Bool)
    case null
    case m([String: AttributeValue])
    case l([AttributeValue])
    case ss([String])
    case ns([String])
    case bs([[UInt8]])

    private enum CodingKeys: String, CodingKey {
        case s = "S", n = "N", b = "B", bool = "BOOL", null = "NULL", m = "M", l = "L", ss = "SS", ns = "NS", bs = "BS"
    }

    /// Decodes the single-key object; throws `DecodingError` for zero, several or unknown keys or a bad base64.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "an AttributeValue has exactly one of S, N, B, BOOL, NULL, M, L, SS, NS, BS"))
        }
        switch key {
        case .s: self = .s(try container.decode(String.self, forKey: key))
        case .n: self = .n(try container.decode(String.self, forKey: key))
        case .b: self = .b(try Self.bytes(fromBase64: container.decode(String.self, forKey: key), key: key, in: container))
        case .bool: self = .bool(try container.decode(Bool.self, forKey: key))
        case .null: self = .null
        case .m: self = .m(try container.decode([String: AttributeValue].self, forKey: key))
        case .l: self = .l(try container.decode([AttributeValue].self, forKey: key))
        case .ss: self = .ss(try container.decode([String].self, forKey: key))
        case .ns: self = .ns(try container.decode([String].self, forKey: key))
        case .bs:
            self = .bs(try container.decode([String].self, forKey: key).map { try Self.bytes(fromBase64: $0, key: key, in: container) })
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .s(let value): try container.encode(value, forKey: .s)
        case .n(let value): try container.encode(value, forKey: .n)
        case .b(let value): try container.encode(Data(value).base64EncodedString(), forKey: .b)
        case .bool(let value): try container.encode(value, forKey: .bool)
        case .null: try container.encode(true, forKey: .null)
        case .m(let value): try container.encode(value, forKey: .m)
        case .l(let value): try container.encode(value, forKey: .l)
        case .ss(let value): try container.encode(value, forKey: .ss)
        case .ns(let value): try container.encode(value, forKey: .ns)
        case .bs(let value): try container.encode(value.map { Data($0).base64EncodedString() }, forKey: .bs)
        }
    }

    private static func bytes(
        fromBase64 text: String, key: CodingKeys, in container: KeyedDecodingContainer<CodingKeys>
    ) throws -> [UInt8] {
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not base64")
        }
        return [UInt8](data)
    }

    /// A number value from any integer.
    public static func number<Value: BinaryInteger>(_ value: Value) -> AttributeValue { .n(String(value)) }

    /// The text of an `S` value, else nil.
    public var stringValue: String? { if case .s(let value) = self { value } else { nil } }
    /// The digits of an `N` value, else nil.
    public var numberValue: String? { if case .n(let value) = self { value } else { nil } }
    /// The members of an `M` value, else nil.
    public var mapValue: [String: AttributeValue]? { if case .m(let value) = self { value } else { nil } }
    /// The elements of an `L` value, else nil.
    public var listValue: [AttributeValue]? { if case .l(let value) = self { value } else { nil } }
}

/// A DynamoDB item or key: attribute name to value.
public typealias DynamoDBItem = [String: AttributeValue]
