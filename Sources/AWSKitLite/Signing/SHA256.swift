import COpenSSL

/// A SHA-256 digest: 32 bytes held inline (no heap allocation).
struct SHA256Digest: Sendable, Equatable {
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool { lhs.words == rhs.words }

    /// Calls `body` with the digest's 32 bytes.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: words, body)
    }

    /// Appends the digest as 64 lower-case hex characters.
    func appendHex(to buffer: inout [UInt8]) {
        withBytes { HexEncoding.appendLowercase($0, to: &buffer) }
    }

    /// The digest as 64 lower-case hex characters.
    var hex: String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        appendHex(to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// SHA-256 (FIPS 180-4) through libcrypto's low-level interface.
enum SHA256 {
    /// The digest of `bytes`.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var context = SHA256_CTX()
        SHA256_Init(&context)
        if let base = bytes.baseAddress, bytes.count > 0 { SHA256_Update(&context, base, bytes.count) }
        return finish(&context)
    }

    /// The digest of `bytes`.
    static func hash(_ bytes: [UInt8]) -> SHA256Digest {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The digest of the UTF-8 bytes of `string`.
    static func hash(_ string: String) -> SHA256Digest {
        var string = string
        return string.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    static func finish(_ context: inout SHA256_CTX) -> SHA256Digest {
        var digest = SHA256Digest()
        withUnsafeMutableBytes(of: &digest.words) { out in
            _ = SHA256_Final(out.baseAddress!.assumingMemoryBound(to: UInt8.self), &context)
        }
        return digest
    }
}

/// An HMAC-SHA256 key (RFC 2104) with its inner and outer hash states pre-computed, so each MAC costs two
/// SHA-256 compressions of the message plus two of the digest, with no key schedule and no allocation.
/// Its description and reflection never show the key or the pre-keyed states (either one would sign).
struct HMACSHA256Key: Sendable, CustomStringConvertible, CustomReflectable {
    private let inner: SHA256_CTX
    private let outer: SHA256_CTX

    init(_ key: UnsafeRawBufferPointer) {
        var block = [UInt8](repeating: 0, count: 64)
        if key.count > 64 {
            SHA256.hash(key).withBytes { digest in
                for index in 0..<32 { block[index] = digest[index] }
            }
        } else {
            for index in 0..<key.count { block[index] = key[index] }
        }
        var inner = SHA256_CTX()
        var outer = SHA256_CTX()
        SHA256_Init(&inner)
        SHA256_Init(&outer)
        var pad = block.map { $0 ^ 0x36 }
        SHA256_Update(&inner, &pad, 64)
        pad = block.map { $0 ^ 0x5c }
        SHA256_Update(&outer, &pad, 64)
        self.inner = inner
        self.outer = outer
    }

    init(_ key: [UInt8]) {
        self = key.withUnsafeBytes { HMACSHA256Key($0) }
    }

    init(_ key: SHA256Digest) {
        self = key.withBytes { HMACSHA256Key($0) }
    }

    /// HMAC-SHA256(key, message).
    func authenticate(_ message: UnsafeRawBufferPointer) -> SHA256Digest {
        var context = inner
        if let base = message.baseAddress, message.count > 0 { SHA256_Update(&context, base, message.count) }
        let innerDigest = SHA256.finish(&context)
        context = outer
        innerDigest.withBytes { _ = SHA256_Update(&context, $0.baseAddress!, 32) }
        return SHA256.finish(&context)
    }

    /// HMAC-SHA256(key, message).
    func authenticate(_ message: [UInt8]) -> SHA256Digest {
        message.withUnsafeBytes { authenticate($0) }
    }

    /// HMAC-SHA256(key, UTF-8 bytes of message).
    func authenticate(_ message: String) -> SHA256Digest {
        var message = message
        return message.withUTF8 { authenticate(UnsafeRawBufferPointer($0)) }
    }

    var description: String { "HMACSHA256Key(<redacted>)" }

    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
