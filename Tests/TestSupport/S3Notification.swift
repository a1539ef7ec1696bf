import Foundation

/// An S3 event notification for keys as S3 sends it: ObjectCreated:Put records with URL-encoded keys (form encoding,
/// `+` for a space, as Python's `quote_plus(key, safe="/")`, which is what MiniStack sends).
public enum S3Notification {
    public static func event(bucket: String, keys: [String], eventName: String = "ObjectCreated:Put", sizes: [Int?]? = nil) -> [UInt8] {
        let records = keys.enumerated().map { index, key in
            let size = sizes?[index].map { ", \"size\": \($0)" } ?? ""
            return """
                {"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
                 "eventTime": "2026-11-27T21:00:00.000Z", "eventName": "\(eventName)",
                 "s3": {"s3SchemaVersion": "1.0", "configurationId": "detect",
                        "bucket": {"name": "\(bucket)", "arn": "arn:aws:s3:::\(bucket)"},
                        "object": {"key": "\(formEncode(key))"\(size), "sequencer": "0055AED6DCD90281E5"}}}
                """
        }
        return Array("{\"Records\": [\(records.joined(separator: ","))]}".utf8)
    }

    /// `application/x-www-form-urlencoded` of a key, keeping `/`: unreserved bytes as they are, space as `+`,
    /// everything else `%XX`.
    public static func formEncode(_ key: String) -> String {
        var encoded = ""
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "):
                encoded.append("+")
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }
}
