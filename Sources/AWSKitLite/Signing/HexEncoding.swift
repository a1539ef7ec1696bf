/// Lower-case hexadecimal, as SigV4 writes hashes and signatures.
enum HexEncoding {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends two lower-case hex characters per byte of `bytes` to `buffer`.
    static func appendLowercase(_ bytes: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        digits.withUnsafeBufferPointer { table in
            for byte in bytes {
                buffer.append(table[Int(byte >> 4)])
                buffer.append(table[Int(byte & 0x0F)])
            }
        }
    }
}
