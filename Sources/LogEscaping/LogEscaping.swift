/// A client-supplied value made safe for one log line: at most `limit` characters, then `…[+N chars]` saying how
/// many were cut; `\` and every control character (C0 including NUL, `\n` and `\r`; DEL; C1; U+2028 and U+2029,
/// which some log viewers break lines on) written as an escape (`\\`, `\n`, `\r`, `\t`, `\0`, `\u{1b}`), so that
/// a value can neither start a forged line nor hide what it contains.
public func escapedForLog(_ value: some StringProtocol, limit: Int = 200) -> String {
    var escaped = ""
    var kept = 0
    var total = 0
    for scalar in value.unicodeScalars {
        total += 1
        guard kept < limit else { continue }
        kept += 1
        switch scalar {
        case "\\": escaped += "\\\\"
        case "\n": escaped += "\\n"
        case "\r": escaped += "\\r"
        case "\t": escaped += "\\t"
        case "\0": escaped += "\\0"
        case "\u{00}"..."\u{1F}", "\u{7F}"..."\u{9F}", "\u{2028}", "\u{2029}":
            escaped += "\\u{\(String(scalar.value, radix: 16))}"
        default: escaped.unicodeScalars.append(scalar)
        }
    }
    if total > kept { escaped += "…[+\(total - kept) chars]" }
    return escaped
}
