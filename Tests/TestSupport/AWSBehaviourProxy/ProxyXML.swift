import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML element as the proxy reads AWS's Query and S3 bodies: name without namespace prefix, text, children.
struct ProxyXML: Sendable {
    var name: String
    var text: String
    var children: [ProxyXML]

    /// The document's root element; nil when `bytes` is not well-formed XML.
    static func parse(_ bytes: [UInt8]) -> ProxyXML? {
        let builder = TreeBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = builder
        guard parser.parse() else { return nil }
        return builder.root
    }

    /// The first element named `name` in document order, this one included.
    func first(_ name: String) -> ProxyXML? {
        if self.name == name { return self }
        for child in children {
            if let found = child.first(name) { return found }
        }
        return nil
    }

    /// Every element named `name` below this one, in document order.
    func all(_ name: String) -> [ProxyXML] {
        children.flatMap { ($0.name == name ? [$0] : []) + $0.all(name) }
    }

    /// The text of the first element named `name` below this one.
    func text(of name: String) -> String? {
        first(name).map(\.text)
    }

    /// `text` escaped for an XML text node.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [ProxyXML] = []
        var root: ProxyXML?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            stack.append(ProxyXML(name: local, text: "", children: []))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard var element = stack.popLast() else { return }
            element.text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if stack.isEmpty {
                root = element
            } else {
                stack[stack.count - 1].children.append(element)
            }
        }
    }
}
