/// Decodes standard base64 (RFC 4648 §4: `A–Z a–z 0–9 + /`, padded with `=` to a multiple of 4 characters, no
/// whitespace) from raw bytes straight into the returned array: one pass, one allocation of the exact size.
///
/// Returns nil for anything else: a character outside the alphabet, a length that is not a multiple of 4, or `=`
/// anywhere but the last one or two places. Bits left over after the last byte are ignored, as by
/// `Data(base64Encoded:)` and Python's `base64.b64decode`.
func decodeBase64(_ encoded: UnsafeRawBufferPointer) -> [UInt8]? {
    let count = encoded.count
    guard count % 4 == 0 else { return nil }
    guard count > 0 else { return [] }
    var padding = 0
    if encoded[count - 1] == UInt8(ascii: "=") { padding = encoded[count - 2] == UInt8(ascii: "=") ? 2 : 1 }
    let decodedCount = count / 4 * 3 - padding
    var invalid: UInt32 = 0
    let decoded = [UInt8](unsafeUninitializedCapacity: decodedCount) { output, initialized in
        Base64Tables.shared.withTables { first, second, third, fourth in
            var input = 0
            var written = 0
            // Each table maps a character at its place in the quad to its 6 bits already shifted into a 24-bit
            // group, and every byte outside the alphabet (including '=') to `Base64Tables.invalid`.
            func group(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> UInt32 {
                first[Int(a)] | second[Int(b)] | third[Int(c)] | fourth[Int(d)]
            }
            let fullQuads = padding > 0 ? count / 4 - 1 : count / 4
            for _ in 0..<fullQuads {
                let bits = group(encoded[input], encoded[input + 1], encoded[input + 2], encoded[input + 3])
                invalid |= bits
                output[written] = UInt8(truncatingIfNeeded: bits >> 16)
                output[written + 1] = UInt8(truncatingIfNeeded: bits >> 8)
                output[written + 2] = UInt8(truncatingIfNeeded: bits)
                input += 4
                written += 3
            }
            if padding > 0 {
                let c = padding == 1 ? encoded[input + 2] : UInt8(ascii: "A")
                let bits = group(encoded[input], encoded[input + 1], c, UInt8(ascii: "A"))
                invalid |= bits
                output[written] = UInt8(truncatingIfNeeded: bits >> 16)
                if padding == 1 { output[written + 1] = UInt8(truncatingIfNeeded: bits >> 8) }
                written += 3 - padding
            }
            initialized = written
        }
    }
    return invalid & Base64Tables.invalid == 0 ? decoded : nil
}

/// The four decoding tables of `decodeBase64`, built once.
private final class Base64Tables: Sendable {
    static let invalid: UInt32 = 0x0100_0000
    static let shared = Base64Tables()

    private let tables: [UInt32]  // 4 × 256 entries

    private init() {
        var tables = [UInt32](repeating: Self.invalid, count: 4 * 256)
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
        for (value, character) in alphabet.enumerated() {
            for place in 0..<4 {
                tables[place * 256 + Int(character)] = UInt32(value) << (18 - 6 * place)
            }
        }
        self.tables = tables
    }

    func withTables<R>(
        _ body: (UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt32>,
                 UnsafeBufferPointer<UInt32>) -> R
    ) -> R {
        tables.withUnsafeBufferPointer { all in
            body(
                UnsafeBufferPointer(rebasing: all[0..<256]), UnsafeBufferPointer(rebasing: all[256..<512]),
                UnsafeBufferPointer(rebasing: all[512..<768]), UnsafeBufferPointer(rebasing: all[768..<1024]))
        }
    }
}
