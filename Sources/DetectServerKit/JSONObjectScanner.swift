/// A validating, single-pass scan of a JSON document (RFC 8259) whose top level must be an object, reporting
/// where each top-level member's value lies in the bytes instead of building it.
///
/// It lets a request handler take a 500 KB base64 string straight out of the request's bytes, with no
/// intermediate `Data`, `NSString` or `String`: the scan validates the whole document (strings, escapes,
/// surrogate pairs, UTF-8, numbers, nesting up to `maximumDepth`) and records byte ranges only.
/// As `JSONSerialization` without `.fragmentsAllowed`, the top level must be an object or an array (a lone string,
/// number or literal is invalid), and a UTF-8 byte order mark before the document is allowed.
struct JSONObjectScanner {
    /// What a member's value is, and where its bytes are (for a string: between the quotes, still escaped).
    struct Value: Equatable {
        enum Kind: Equatable {
            case string(hasEscapes: Bool)
            case number, object, array, bool, null
        }

        var kind: Kind
        var range: Range<Int>
    }

    /// Why a document was refused.
    enum Failure: Error, Equatable {
        /// Not JSON at all, or broken somewhere (the offset of the first byte that could not be accepted).
        case invalidJSON(offset: Int)
        /// Valid JSON whose top level is an array.
        case notAnObject
    }

    static let maximumDepth = 512

    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The top-level object's members, in document order (a key given twice appears twice; the caller picks the
    /// last, as `JSONSerialization` does). Keys are decoded; values are located, not built.
    static func members(of bytes: UnsafeRawBufferPointer) throws(Failure) -> [(key: [UInt8], value: Value)] {
        var scanner = JSONObjectScanner(bytes)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { scanner.offset = 3 }
        scanner.skipWhitespace()
        guard scanner.offset < bytes.count else { throw .invalidJSON(offset: scanner.offset) }
        guard bytes[scanner.offset] == UInt8(ascii: "{") else {
            // A top-level array is JSON that is not an object; a lone scalar is refused as JSONSerialization
            // refuses fragments.
            guard bytes[scanner.offset] == UInt8(ascii: "[") else { throw .invalidJSON(offset: scanner.offset) }
            _ = try scanner.scanValue(depth: 0)
            try scanner.expectEnd()
            throw .notAnObject
        }
        var members: [(key: [UInt8], value: Value)] = []
        try scanner.scanObject(depth: 0) { key, value in members.append((key, value)) }
        try scanner.expectEnd()
        return members
    }

    /// The bytes of a string value, escapes resolved (the range is between the quotes; the scan validated it).
    static func unescaped(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                result.append(byte)
                index += 1
                continue
            }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): result.append(0x08)
            case UInt8(ascii: "f"): result.append(0x0C)
            case UInt8(ascii: "n"): result.append(0x0A)
            case UInt8(ascii: "r"): result.append(0x0D)
            case UInt8(ascii: "t"): result.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hexValue(bytes, index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar) {  // a high surrogate: the scan checked its low half follows
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hexValue(bytes, index + 2) - 0xDC00)
                    index += 6
                }
                result.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
            default: result.append(escape)  // " \ /
            }
        }
        return result
    }

    // MARK: Scanning

    private mutating func expectEnd() throws(Failure) {
        skipWhitespace()
        guard offset == bytes.count else { throw .invalidJSON(offset: offset) }
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Scans the value at `offset` and returns what it is and where it lies.
    private mutating func scanValue(depth: Int) throws(Failure) -> Value {
        guard offset < bytes.count else { throw .invalidJSON(offset: offset) }
        let start = offset
        switch bytes[offset] {
        case UInt8(ascii: "\""):
            let (range, hasEscapes) = try scanString()
            return Value(kind: .string(hasEscapes: hasEscapes), range: range)
        case UInt8(ascii: "{"):
            try scanObject(depth: depth) { _, _ in }
            return Value(kind: .object, range: start..<offset)
        case UInt8(ascii: "["):
            try scanArray(depth: depth)
            return Value(kind: .array, range: start..<offset)
        case UInt8(ascii: "t"):
            try scanLiteral("true")
            return Value(kind: .bool, range: start..<offset)
        case UInt8(ascii: "f"):
            try scanLiteral("false")
            return Value(kind: .bool, range: start..<offset)
        case UInt8(ascii: "n"):
            try scanLiteral("null")
            return Value(kind: .null, range: start..<offset)
        default:
            try scanNumber()
            return Value(kind: .number, range: start..<offset)
        }
    }

    private mutating func scanObject(depth: Int, member: (_ key: [UInt8], _ value: Value) -> Void) throws(Failure) {
        guard depth < Self.maximumDepth else { throw .invalidJSON(offset: offset) }
        offset += 1  // {
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            return
        }
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw .invalidJSON(offset: offset) }
            let (keyRange, keyHasEscapes) = try scanString()
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw .invalidJSON(offset: offset) }
            offset += 1
            skipWhitespace()
            let value = try scanValue(depth: depth + 1)
            member(keyHasEscapes ? Self.unescaped(bytes, keyRange) : Array(bytes[keyRange]), value)
            skipWhitespace()
            guard offset < bytes.count else { throw .invalidJSON(offset: offset) }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            guard bytes[offset] == UInt8(ascii: "}") else { throw .invalidJSON(offset: offset) }
            offset += 1
            return
        }
    }

    private mutating func scanArray(depth: Int) throws(Failure) {
        guard depth < Self.maximumDepth else { throw .invalidJSON(offset: offset) }
        offset += 1  // [
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            return
        }
        while true {
            skipWhitespace()
            _ = try scanValue(depth: depth + 1)
            skipWhitespace()
            guard offset < bytes.count else { throw .invalidJSON(offset: offset) }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            guard bytes[offset] == UInt8(ascii: "]") else { throw .invalidJSON(offset: offset) }
            offset += 1
            return
        }
    }

    /// Scans a string starting at its opening quote; returns the range between the quotes.
    private mutating func scanString() throws(Failure) -> (Range<Int>, hasEscapes: Bool) {
        offset += 1  // "
        let start = offset
        var hasEscapes = false
        let count = bytes.count
        while true {
            // Skip 8 plain bytes at a time: none a quote, a backslash, a control character or non-ASCII.
            while offset + 8 <= count, !Self.needsAttention(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) {
                offset += 8
            }
            guard offset < count else { break }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                defer { offset += 1 }
                return (start..<offset, hasEscapes)
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                try scanEscape()
            } else if byte < 0x20 {
                throw .invalidJSON(offset: offset)  // control characters must be escaped
            } else if byte < 0x80 {
                offset += 1
            } else {
                try scanUTF8Sequence()
            }
        }
        throw .invalidJSON(offset: offset)
    }

    /// Whether any of the 8 bytes in `word` is `"`, `\\`, below 0x20 or above 0x7F (SWAR: each test sets the high
    /// bit of the bytes it matches; Hacker's Delight 6-1).
    @inline(__always)
    private static func needsAttention(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let quote = zeroByte(word ^ (ones &* 0x22))
        let backslash = zeroByte(word ^ (ones &* 0x5C))
        let control = (word &- ones &* 0x20) & ~word & highs
        return (quote | backslash | control | (word & highs)) != 0
    }

    private mutating func scanEscape() throws(Failure) {
        guard offset + 1 < bytes.count else { throw .invalidJSON(offset: offset) }
        switch bytes[offset + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            offset += 2
        case UInt8(ascii: "u"):
            let scalar = try scanHex(at: offset + 2)
            offset += 6
            if (0xDC00..<0xE000).contains(scalar) { throw .invalidJSON(offset: offset - 6) }  // lone low surrogate
            if (0xD800..<0xDC00).contains(scalar) {
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u"),
                    (0xDC00..<0xE000).contains(try scanHex(at: offset + 2))
                else { throw .invalidJSON(offset: offset) }
                offset += 6
            }
        default:
            throw .invalidJSON(offset: offset)
        }
    }

    private func scanHex(at index: Int) throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw .invalidJSON(offset: index) }
        var value: UInt32 = 0
        for position in index..<(index + 4) {
            guard let digit = Self.hexDigit(bytes[position]) else { throw .invalidJSON(offset: position) }
            value = value << 4 | digit
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence (no overlong forms, no surrogates, nothing past U+10FFFF).
    private mutating func scanUTF8Sequence() throws(Failure) {
        let lead = bytes[offset]
        let length: Int
        var lowest: UInt8 = 0x80
        var highest: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowest = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; highest = 0x9F
        case 0xF0: length = 4; lowest = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; highest = 0x8F
        default: throw .invalidJSON(offset: offset)
        }
        guard offset + length <= bytes.count else { throw .invalidJSON(offset: offset) }
        guard (lowest...highest).contains(bytes[offset + 1]) else { throw .invalidJSON(offset: offset + 1) }
        for index in (offset + 2)..<(offset + length) where !(0x80...0xBF).contains(bytes[index]) {
            throw .invalidJSON(offset: index)
        }
        offset += length
    }

    private mutating func scanLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw .invalidJSON(offset: offset) }
        for index in 0..<count where bytes[offset + index] != literal.utf8Start[index] {
            throw .invalidJSON(offset: offset + index)
        }
        offset += count
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func scanNumber() throws(Failure) {
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count, Self.isDigit(bytes[offset]) else { throw .invalidJSON(offset: offset) }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
        } else {
            skipDigits()
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard offset < bytes.count, Self.isDigit(bytes[offset]) else { throw .invalidJSON(offset: offset) }
            skipDigits()
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < bytes.count, Self.isDigit(bytes[offset]) else { throw .invalidJSON(offset: offset) }
            skipDigits()
        }
    }

    private mutating func skipDigits() {
        while offset < bytes.count, Self.isDigit(bytes[offset]) { offset += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// The value of four hex digits the scan already validated.
    private static func hexValue(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> UInt32 {
        (index..<(index + 4)).reduce(0) { $0 << 4 | hexDigit(bytes[$1])! }
    }
}
