import Foundation

/// Whether a principal's identity-based policies allow one action on one resource, by IAM's rules: an
/// applicable `Deny` wins, else an applicable `Allow` allows, else the request is implicitly denied.
///
/// Reads `Effect`, `Action`/`NotAction`, `Resource`/`NotResource` (with `*` and `?` wildcards; actions compare
/// case-insensitively) and the `String*` condition operators (`StringEquals`, `StringNotEquals`, `StringLike`,
/// `StringNotLike`, each also with `IfExists`). A statement it cannot read (another condition operator, a
/// malformed document) makes the answer `.undecidable`, so the proxy never invents a denial.
/// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
/// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
enum IAMPolicyEvaluation {
    enum Decision: Equatable {
        case allowed
        case explicitDeny
        case implicitDeny
        case undecidable
    }

    /// The decision for `action` (`s3:ListBucket`) on `resource` (an ARN) with condition keys `context`
    /// (`s3:prefix` → the key), over every statement of `documents` (policy JSON texts).
    static func decide(action: String, resource: String, context: [String: String], documents: [String]) -> Decision {
        var allowed = false
        var undecidable = false
        for document in documents {
            guard let statements = statements(of: document) else { return .undecidable }
            for statement in statements {
                switch applies(statement, action: action, resource: resource, context: context) {
                case .some(true):
                    if (statement["Effect"] as? String) == "Deny" { return .explicitDeny }
                    if (statement["Effect"] as? String) == "Allow" { allowed = true }
                case .some(false):
                    break
                case .none:
                    undecidable = true
                }
            }
        }
        if undecidable { return .undecidable }
        return allowed ? .allowed : .implicitDeny
    }

    private static func statements(of document: String) -> [[String: Any]]? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(document.utf8))) as? [String: Any] else { return nil }
        if let list = object["Statement"] as? [[String: Any]] { return list }
        if let single = object["Statement"] as? [String: Any] { return [single] }
        return nil
    }

    /// True or false when the statement does or does not cover the request; nil when it cannot be read.
    private static func applies(_ statement: [String: Any], action: String, resource: String, context: [String: String]) -> Bool? {
        let actionMatches: Bool
        if let actions = strings(statement["Action"]) {
            actionMatches = actions.contains { wildcardMatch($0.lowercased(), action.lowercased()) }
        } else if let notActions = strings(statement["NotAction"]) {
            actionMatches = !notActions.contains { wildcardMatch($0.lowercased(), action.lowercased()) }
        } else {
            return nil
        }
        let resourceMatches: Bool
        if let resources = strings(statement["Resource"]) {
            resourceMatches = resources.contains { wildcardMatch($0, resource) }
        } else if let notResources = strings(statement["NotResource"]) {
            resourceMatches = !notResources.contains { wildcardMatch($0, resource) }
        } else {
            return nil
        }
        guard actionMatches && resourceMatches else { return false }
        guard let conditions = statement["Condition"] else { return true }
        guard let operators = conditions as? [String: Any] else { return nil }
        for (name, keys) in operators {
            guard let keys = keys as? [String: Any], let satisfied = condition(name, keys: keys, context: context) else { return nil }
            if !satisfied { return false }
        }
        return true
    }

    /// Whether one condition operator's block holds; nil for an operator this evaluation does not read.
    private static func condition(_ name: String, keys: [String: Any], context: [String: String]) -> Bool? {
        let ifExists = name.hasSuffix("IfExists")
        let operatorName = ifExists ? String(name.dropLast("IfExists".count)) : name
        for (key, value) in keys {
            guard let patterns = strings(value) else { return nil }
            guard let actual = context[key] else {
                // A missing key satisfies only the negated operators and `...IfExists`.
                if ifExists || operatorName.hasPrefix("StringNot") { continue }
                return false
            }
            let holds: Bool
            switch operatorName {
            case "StringEquals": holds = patterns.contains(actual)
            case "StringNotEquals": holds = !patterns.contains(actual)
            case "StringLike": holds = patterns.contains { wildcardMatch($0, actual) }
            case "StringNotLike": holds = !patterns.contains { wildcardMatch($0, actual) }
            default: return nil
            }
            if !holds { return false }
        }
        return true
    }

    private static func strings(_ value: Any?) -> [String]? {
        if let single = value as? String { return [single] }
        return value as? [String]
    }

    /// IAM's wildcard match: `*` any run of characters (also none), `?` exactly one.
    static func wildcardMatch(_ pattern: String, _ text: String) -> Bool {
        let pattern = Array(pattern), text = Array(text)
        var p = 0, t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
