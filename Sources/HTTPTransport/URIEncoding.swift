/// AWS's URI encoding, the one SigV4 and every AWS wire URL use.
///
/// Unreserved bytes `A-Z a-z 0-9 - _ . ~` are kept; every other UTF-8 byte becomes `%XX` with upper-case hex
/// (a space is `%20`, never `+`); `/` is kept only when `encodeSlash` is false.
/// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (UriEncode)
public enum URIEncoding {
    /// The encoded form of `string`; `encodeSlash: false` keeps `/` (paths), `true` encodes it as `%2F`.
    public static func encode(_ string: String, encodeSlash: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count + 8)
        append(string, encodeSlash: encodeSlash, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the encoded form of `string` to `buffer` (the allocation-free form the signer uses).
    public static func append(_ string: String, encodeSlash: Bool, to buffer: inout [UInt8]) {
        for byte in string.utf8 {
            appendByte(byte, encodeSlash: encodeSlash, to: &buffer)
        }
    }

    /// Appends the encoded form of UTF-8 `bytes` to `buffer`.
    public static func append<Bytes: Sequence<UInt8>>(bytes: Bytes, encodeSlash: Bool, to buffer: inout [UInt8]) {
        for byte in bytes {
            appendByte(byte, encodeSlash: encodeSlash, to: &buffer)
        }
    }

    /// The string with every `%XX` sequence replaced by its byte (invalid sequences are kept as they are);
    /// `+` is left alone, as AWS URLs never use it for a space.
    public static func decode(_ string: String) -> String {
        let bytes = Array(string.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func appendByte(_ byte: UInt8, encodeSlash: Bool, to buffer: inout [UInt8]) {
        if isUnreserved(byte) || (byte == UInt8(ascii: "/") && !encodeSlash) {
            buffer.append(byte)
        } else {
            buffer.append(UInt8(ascii: "%"))
            buffer.append(upperHexDigits[Int(byte >> 4)])
            buffer.append(upperHexDigits[Int(byte & 0x0F)])
        }
    }

    private static let upperHexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
