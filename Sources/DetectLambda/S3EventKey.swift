/// Decodes an object key as S3 writes it into event notifications: URL-encoded form values, so `+` is a space and
/// `%XX` is a byte of the UTF-8 key (`photos/a%2Bb+c.jpg` is `photos/a+b c.jpg`).
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
/// ("The s3 key provides information about the bucket and object involved in the event. The object key name
/// value is URL encoded.")
///
/// Returns nil for a `%` not followed by two hex digits, or bytes that are not UTF-8: S3 never sends such a key.
public func decodeS3EventKey(_ encoded: String) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(encoded.utf8.count)
    var iterator = encoded.utf8.makeIterator()
    while let byte = iterator.next() {
        switch byte {
        case UInt8(ascii: "+"):
            bytes.append(UInt8(ascii: " "))
        case UInt8(ascii: "%"):
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        default:
            bytes.append(byte)
        }
    }
    return String(validating: bytes, as: UTF8.self)
}

private func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
}
