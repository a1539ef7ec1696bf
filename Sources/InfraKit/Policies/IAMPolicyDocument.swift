import Foundation

/// An IAM policy document (identity or trust policy) with the elements this project writes: Sid, Effect,
/// Principal (service), Action, Resource, Condition.
///
/// Decoding accepts both forms IAM allows for Action, Resource and condition values (a string or a list); equality
/// ignores that difference and the order of actions, resources and condition values, so a document read back from
/// IAM compares equal to the one written. Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
public struct IAMPolicyDocument: Sendable, Equatable, Codable {
    /// One statement: who (`principalService`, trust policies only) may do `actions` on `resources`, when
    /// `conditions` hold.
    public struct Statement: Sendable, Equatable, Codable {
        public var sid: String?
        public var effect: String
        /// A service principal such as `lambda.amazonaws.com` (trust policies), else nil.
        public var principalService: String?
        public var actions: [String]
        /// Empty in a trust policy.
        public var resources: [String]
        /// Operator -> condition key -> values (`StringLike` -> `s3:prefix` -> [`images/*`]); empty when none.
        /// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
        public var conditions: [String: [String: [String]]]

        public init(sid: String? = nil, effect: String = "Allow", principalService: String? = nil,
                    actions: [String], resources: [String] = [], conditions: [String: [String: [String]]] = [:]) {
            self.sid = sid
            self.effect = effect
            self.principalService = principalService
            self.actions = actions
            self.resources = resources
            self.conditions = conditions
        }

        enum CodingKeys: String, CodingKey {
            case sid = "Sid", effect = "Effect", principal = "Principal", action = "Action", resource = "Resource"
            case condition = "Condition"
        }

        private struct Principal: Codable {
            var service: StringOrList?
            enum CodingKeys: String, CodingKey { case service = "Service" }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            sid = try container.decodeIfPresent(String.self, forKey: .sid)
            effect = try container.decode(String.self, forKey: .effect)
            principalService = try container.decodeIfPresent(Principal.self, forKey: .principal)?.service?.values.first
            actions = try container.decodeIfPresent(StringOrList.self, forKey: .action)?.values ?? []
            resources = try container.decodeIfPresent(StringOrList.self, forKey: .resource)?.values ?? []
            conditions = try container.decodeIfPresent([String: [String: StringOrList]].self, forKey: .condition)?
                .mapValues { $0.mapValues(\.values) } ?? [:]
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(sid, forKey: .sid)
            try container.encode(effect, forKey: .effect)
            if let principalService {
                try container.encode(Principal(service: StringOrList(values: [principalService])), forKey: .principal)
            }
            try container.encode(StringOrList(values: actions), forKey: .action)
            if !resources.isEmpty { try container.encode(StringOrList(values: resources), forKey: .resource) }
            if !conditions.isEmpty {
                try container.encode(conditions.mapValues { $0.mapValues(StringOrList.init(values:)) }, forKey: .condition)
            }
        }

        public static func == (lhs: Statement, rhs: Statement) -> Bool {
            lhs.sid == rhs.sid && lhs.effect == rhs.effect && lhs.principalService == rhs.principalService
                && lhs.actions.sorted() == rhs.actions.sorted() && lhs.resources.sorted() == rhs.resources.sorted()
                && lhs.conditions.mapValues { $0.mapValues { $0.sorted() } } == rhs.conditions.mapValues { $0.mapValues { $0.sorted() } }
        }
    }

    /// `2012-10-17`, the current policy language version.
    public var version: String
    public var statements: [Statement]

    public init(version: String = "2012-10-17", statements: [Statement]) {
        self.version = version
        self.statements = statements
    }

    enum CodingKeys: String, CodingKey { case version = "Version", statements = "Statement" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(String.self, forKey: .version) ?? "2008-10-17"
        if let list = try? container.decode([Statement].self, forKey: .statements) {
            statements = list
        } else {
            statements = [try container.decode(Statement.self, forKey: .statements)]
        }
    }

    /// The document as JSON with keys in a fixed order: compact (what IAM is sent), or indented for people.
    public func json(pretty: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and lists cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    /// Parses a document as IAM returns it (already URL-decoded).
    /// - Throws: `DecodingError` when it is not a policy document.
    public static func parse(_ json: String) throws -> IAMPolicyDocument {
        try JSONDecoder().decode(IAMPolicyDocument.self, from: Data(json.utf8))
    }
}

/// A policy element that may be one string or a list of strings.
struct StringOrList: Codable, Equatable {
    var values: [String]

    init(values: [String]) { self.values = values }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) {
            values = [one]
        } else {
            values = try container.decode([String].self)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if values.count == 1 { try container.encode(values[0]) } else { try container.encode(values) }
    }
}
