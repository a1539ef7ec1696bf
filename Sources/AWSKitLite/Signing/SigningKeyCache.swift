import Foundation

/// Process-wide cache of derived SigV4 signing keys, keyed by (secret, date, region, service).
///
/// Deriving a key costs four HMACs; a key is valid for a whole UTC day, so every signer shares them.
/// Bounded: the cache is emptied when it reaches `capacity` entries. Keys never leave the process or a log.
/// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (step 4, derive a signing key)
final class SigningKeyCache: @unchecked Sendable {
    struct Scope: Hashable {
        var secretAccessKey: String
        var dateStamp: String
        var region: String
        var service: String
    }

    static let shared = SigningKeyCache(capacity: 256)

    private let lock = NSLock()
    private var entries: [Scope: HMACSHA256Key] = [:]
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The signing key for `scope`, derived on first use.
    func key(for scope: Scope) -> HMACSHA256Key {
        lock.lock()
        if let key = entries[scope] {
            lock.unlock()
            return key
        }
        lock.unlock()
        let key = SigningKeyCache.derive(scope)
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[scope] = key
        lock.unlock()
        return key
    }

    /// The signing key as an HMAC key, ready to sign strings to sign.
    static func derive(_ scope: Scope) -> HMACSHA256Key {
        HMACSHA256Key(derivedKey(scope))
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    static func derivedKey(_ scope: Scope) -> SHA256Digest {
        let secret = HMACSHA256Key(Array("AWS4\(scope.secretAccessKey)".utf8))
        let date = HMACSHA256Key(secret.authenticate(scope.dateStamp))
        let region = HMACSHA256Key(date.authenticate(scope.region))
        let service = HMACSHA256Key(region.authenticate(scope.service))
        return service.authenticate("aws4_request")
    }
}
