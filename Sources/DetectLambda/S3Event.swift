import Foundation

/// An S3 event notification as Lambda delivers it: one or more records, each naming an event, a bucket and an
/// object (its key still URL-encoded, as S3 sends it). Fields this function does not use are not decoded, and
/// every field is optional so that one malformed record cannot hide the others.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
public struct S3Event: Decodable, Sendable, Equatable {
    /// One record of the notification.
    public struct Record: Decodable, Sendable, Equatable {
        public struct Entity: Decodable, Sendable, Equatable {
            public var bucket: Bucket?
            public var object: Object?
        }

        public struct Bucket: Decodable, Sendable, Equatable {
            public var name: String?
        }

        public struct Object: Decodable, Sendable, Equatable {
            /// URL-encoded (`+` for a space); see `decodeS3EventKey`.
            public var key: String?
            /// Bytes.
            public var size: Int?
            public var eTag: String?
            public var sequencer: String?
        }

        /// `aws:s3`.
        public var eventSource: String?
        /// e.g. `ObjectCreated:Put`, `ObjectRemoved:Delete` (without the `s3:` of the configuration's event names).
        public var eventName: String?
        public var awsRegion: String?
        public var s3: Entity?

        public init(eventSource: String? = "aws:s3", eventName: String?, bucket: String?, key: String?, size: Int? = nil) {
            self.eventSource = eventSource
            self.eventName = eventName
            self.s3 = Entity(bucket: Bucket(name: bucket), object: Object(key: key, size: size))
        }
    }

    public var records: [Record]

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }

    public init(records: [Record]) {
        self.records = records
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        records = try container.decodeIfPresent([Record].self, forKey: .records) ?? []
    }

    /// Parses an event body. Throws `DetectLambdaError.invalidEvent` when it is not JSON, not a JSON object, or its
    /// `Records` is not a list of objects. An object without `Records` is an event with no records.
    public init(json: some Collection<UInt8>) throws(DetectLambdaError) {
        let data = Data(json)
        guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
            throw DetectLambdaError.invalidEvent("the body is not JSON")
        }
        do {
            self = try JSONDecoder().decode(S3Event.self, from: data)
        } catch let error as DecodingError {
            throw DetectLambdaError.invalidEvent("not an S3 event notification: \(Self.describe(error))")
        } catch {
            throw DetectLambdaError.invalidEvent("not an S3 event notification: \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
