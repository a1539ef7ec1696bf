/// Builds the small XML request bodies of S3's REST-XML operations, escaping text and attribute values.
struct XMLWriter {
    private(set) var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"

    /// Writes `<name attributes>`, then whatever `content` writes, then `</name>`.
    mutating func element(_ name: String, attributes: [(String, String)] = [], _ content: (inout XMLWriter) -> Void) {
        output += "<" + name
        for (key, value) in attributes { output += " \(key)=\"\(Self.escape(value))\"" }
        output += ">"
        content(&self)
        output += "</\(name)>"
    }

    /// Writes `<name>text</name>` with the text escaped.
    mutating func element(_ name: String, text: String) {
        output += "<\(name)>\(Self.escape(text))</\(name)>"
    }

    var bytes: [UInt8] { Array(output.utf8) }

    /// XML-escapes `&`, `<`, `>`, quotes, and carriage returns (which XML parsers would otherwise normalise away).
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\r": escaped += "&#13;"
            case "\n": escaped += "&#10;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
