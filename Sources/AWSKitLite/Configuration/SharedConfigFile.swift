/// One parsed AWS shared config (`~/.aws/config`) or credentials (`~/.aws/credentials`) file: profile name →
/// settings. Keys are lower-cased and values trimmed; a later duplicate key wins, as in the AWS CLI.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html
public struct SharedConfigFile: Sendable, Equatable {
    /// Which file: the config file names profiles `[profile name]` (and `[default]`), the credentials file `[name]`.
    public enum Kind: Sendable { case config, credentials }

    /// Settings per profile name (`default`, `dev`, ...). Sections that are not profiles (`[sso-session x]`,
    /// `[services x]`) are skipped.
    public var profiles: [String: [String: String]]

    public init(profiles: [String: [String: String]] = [:]) {
        self.profiles = profiles
    }

    /// Parses `text`. `path` only labels errors.
    /// - Throws: `AWSConfigurationError.malformedProfile` with the 1-based line of the first bad line.
    public static func parse(_ text: String, path: String, kind: Kind) throws -> SharedConfigFile {
        var profiles: [String: [String: String]] = [:]
        var current: String?         // profile receiving settings; nil before the first section or in a skipped one
        var inSection = false
        var lastKeyHadEmptyValue = false
        // "\r\n" is one Character in Swift, so split on both line ends.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.first == "#" || trimmed.first == ";" { continue }

            if trimmed.first == "[" {
                var header = trimmed
                if let comment = header.firstIndex(where: { $0 == "#" || $0 == ";" }), comment > header.startIndex {
                    header = header[..<comment].trimmingWhitespace()
                }
                guard header.last == "]" else {
                    throw AWSConfigurationError.malformedProfile(file: path, line: lineNumber, reason: "section header without ']'")
                }
                let name = header.dropFirst().dropLast().trimmingWhitespace()
                guard !name.isEmpty else {
                    throw AWSConfigurationError.malformedProfile(file: path, line: lineNumber, reason: "empty section name")
                }
                inSection = true
                lastKeyHadEmptyValue = false
                current = profileName(section: String(name), kind: kind)
                if let current, profiles[current] == nil { profiles[current] = [:] }
                continue
            }

            // An indented line after `key =` is a nested setting (e.g. `s3 =` then `  addressing_style = path`).
            if line.first == " " || line.first == "\t" {
                guard inSection, lastKeyHadEmptyValue || trimmed.contains("=") else {
                    throw AWSConfigurationError.malformedProfile(file: path, line: lineNumber,
                                                                 reason: "indented line outside a nested setting")
                }
                continue
            }

            guard inSection else {
                throw AWSConfigurationError.malformedProfile(file: path, line: lineNumber, reason: "setting before any [section]")
            }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw AWSConfigurationError.malformedProfile(file: path, line: lineNumber, reason: "expected 'key = value'")
            }
            let key = trimmed[..<equals].trimmingWhitespace().lowercased()
            let value = trimmed[trimmed.index(after: equals)...].trimmingWhitespace()
            guard !key.isEmpty else {
                throw AWSConfigurationError.malformedProfile(file: path, line: lineNumber, reason: "empty key before '='")
            }
            lastKeyHadEmptyValue = value.isEmpty
            if let current { profiles[current]![key] = String(value) }
        }
        return SharedConfigFile(profiles: profiles)
    }

    /// The profile a section header names, or nil for sections that are not profiles.
    private static func profileName(section: String, kind: Kind) -> String? {
        switch kind {
        case .credentials:
            return section
        case .config:
            if section == "default" { return "default" }
            let parts = section.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if parts.count == 2, parts[0] == "profile" { return String(parts[1]) }
            return nil
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
