/// Class names, one per line, indexed by class id (coco.names).
public struct ClassLabels: Sendable, Equatable {
    public let names: [String]

    /// Parses a names file tolerantly: `\n` or `\r\n` line ends, with or without a trailing newline.
    /// Only a final empty line is dropped; an empty line elsewhere keeps its index.
    public init(parsing text: String) {
        // "\r\n" is one Character in Swift, and a newline, so this splits both line-end styles.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if lines.last == "" { lines.removeLast() }
        names = lines
    }

    public init(names: [String]) {
        self.names = names
    }

    /// The name of `classId`, or `class <id>` when the file has no such line.
    public func label(for classId: Int) -> String {
        names.indices.contains(classId) ? names[classId] : "class \(classId)"
    }

    public var count: Int { names.count }
}
