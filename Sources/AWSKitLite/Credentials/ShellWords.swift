/// Splits a command line into arguments the way botocore splits `credential_process` on Linux and macOS (Python's
/// `shlex.split`, POSIX rules), without a shell: nothing is expanded or globbed.
///
/// Spaces, tabs, CR and LF separate words. Inside `'...'` every character is literal. Inside `"..."` a backslash
/// escapes only `"` and `\` and is kept before anything else. Elsewhere a backslash makes the next character
/// literal. Quoted and unquoted pieces next to each other form one word; `''` is an empty word.
/// Spec: https://docs.python.org/3/library/shlex.html#parsing-rules
enum ShellWords {
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// A `'` or `"` that is never closed.
        case unclosedQuote(Unicode.Scalar)
        /// A backslash at the very end.
        case trailingBackslash

        var description: String {
            switch self {
            case .unclosedQuote(let quote): "a \(quote) quote is not closed"
            case .trailingBackslash: "it ends with a backslash"
            }
        }
    }

    /// The words of `line`, compared scalar by scalar as Python does.
    static func split(_ line: String) throws(Failure) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var inWord = false
        var characters = line.unicodeScalars.makeIterator()
        while let character = characters.next() {
            switch character {
            case " ", "\t", "\r", "\n":
                if inWord { words.append(String(word)) }
                word = String.UnicodeScalarView()
                inWord = false
            case "\\":
                guard let escaped = characters.next() else { throw .trailingBackslash }
                word.append(escaped)
                inWord = true
            case "'":
                inWord = true
                while true {
                    guard let next = characters.next() else { throw .unclosedQuote("'") }
                    if next == "'" { break }
                    word.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = characters.next() else { throw .unclosedQuote("\"") }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = characters.next() else { throw .unclosedQuote("\"") }
                        if escaped != "\"" && escaped != "\\" { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
            default:
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(String(word)) }
        return words
    }
}
