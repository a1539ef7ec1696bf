/// A parsed XML element: local name (namespace prefix dropped), attributes, child elements and text.
///
/// The parser reads what AWS's XML protocols send (REST-XML, Query): elements, attributes, text, the five named
/// entities plus numeric character references, CDATA, comments, processing instructions and a DOCTYPE-free prolog.
/// It is tolerant: unknown constructs are skipped, and parsing fails only on unbalanced tags.
/// Hand-written so that AWSKitLite needs no FoundationXML: linked statically (as the function is), FoundationXML makes a
/// binary load libxml2 (with ICU, zlib, liblzma), which the function image otherwise holds none of, and adds 44 MB to it.
struct XMLTreeNode: Sendable, Equatable {
    var name: String
    var attributes: [String: String]
    var children: [XMLTreeNode]
    /// The element's own text, concatenated across its text and CDATA pieces, entities decoded, untrimmed.
    var text: String

    init(name: String, attributes: [String: String] = [:], children: [XMLTreeNode] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child with this local name.
    func child(_ name: String) -> XMLTreeNode? {
        children.first { $0.name == name }
    }

    /// All children with this local name, in document order.
    func children(_ name: String) -> [XMLTreeNode] {
        children.filter { $0.name == name }
    }

    /// The text of the first child with this local name.
    func text(of name: String) -> String? {
        child(name)?.text
    }

    /// The first element with this local name in a depth-first search of this element and its descendants.
    func firstDescendant(_ name: String) -> XMLTreeNode? {
        if self.name == name { return self }
        for child in children {
            if let found = child.firstDescendant(name) { return found }
        }
        return nil
    }

    /// Parses a document and returns its root element; `nil` when there is none or tags do not balance.
    static func parse(_ bytes: [UInt8]) -> XMLTreeNode? {
        var parser = XMLByteParser(bytes: bytes)
        return parser.parseDocument()
    }
}

/// A small recursive-descent XML reader over UTF-8 bytes.
private struct XMLByteParser {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parseDocument() -> XMLTreeNode? {
        var stack: [XMLTreeNode] = []
        var root: XMLTreeNode?
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                if !stack.isEmpty { stack[stack.count - 1].text += Self.decodeEntities(bytes[start..<index]) }
                continue
            }
            if hasPrefix("<!--") {
                skip(past: "-->")
            } else if hasPrefix("<![CDATA[") {
                index += 9
                let start = index
                skip(past: "]]>")
                let end = max(start, index - 3)
                if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: bytes[start..<end], as: UTF8.self) }
            } else if hasPrefix("<?") || hasPrefix("<!") {
                skip(past: ">")
            } else if hasPrefix("</") {
                index += 2
                let name = readName()
                skip(past: ">")
                guard let element = stack.popLast(), element.name == Self.localName(name) else { return nil }
                if stack.isEmpty {
                    root = element
                } else {
                    stack[stack.count - 1].children.append(element)
                }
            } else {
                index += 1
                let name = readName()
                var element = XMLTreeNode(name: Self.localName(name))
                var selfClosing = false
                while index < bytes.count {
                    skipWhitespace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: "/") {
                        selfClosing = true
                        index += 1
                        continue
                    }
                    if bytes[index] == UInt8(ascii: ">") {
                        index += 1
                        break
                    }
                    let attributeName = readName()
                    if attributeName.isEmpty { index += 1; continue }
                    skipWhitespace()
                    var value = ""
                    if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                        index += 1
                        skipWhitespace()
                        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                            let quote = bytes[index]
                            index += 1
                            let start = index
                            while index < bytes.count, bytes[index] != quote { index += 1 }
                            value = Self.decodeEntities(bytes[start..<min(index, bytes.count)])
                            index += 1
                        }
                    }
                    element.attributes[attributeName] = value
                }
                if selfClosing {
                    if stack.isEmpty {
                        root = element
                    } else {
                        stack[stack.count - 1].children.append(element)
                    }
                } else {
                    stack.append(element)
                }
            }
            if root != nil, stack.isEmpty { return root }
        }
        return stack.isEmpty ? root : nil
    }

    private func hasPrefix(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let pointer = prefix.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    private mutating func skip(past terminator: StaticString) {
        while index < bytes.count, !hasPrefix(terminator) { index += 1 }
        index = min(bytes.count, index + terminator.utf8CodeUnitCount)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func readName() -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "=")].contains(byte) { break }
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    static func decodeEntities(_ slice: ArraySlice<UInt8>) -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var position = slice.startIndex
        while position < slice.endIndex {
            let byte = slice[position]
            guard byte == UInt8(ascii: "&"),
                  let semicolon = slice[position...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                out.append(byte)
                position += 1
                continue
            }
            let entity = String(decoding: slice[(position + 1)..<semicolon], as: UTF8.self)
            var scalar: Unicode.Scalar?
            switch entity {
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "amp": scalar = "&"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                }
            }
            if let scalar {
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                position = semicolon + 1
            } else {
                out.append(byte)
                position += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
