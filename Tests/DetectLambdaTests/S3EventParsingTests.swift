import DetectLambda
import DetectionContract
import Foundation
import Testing

/// S3 event notifications become the right work: keys URL-decoded as S3 encodes them, only `ObjectCreated` records
/// under `images/<id>/` detected, everything else skipped with a reason.
@Suite("S3 event parsing")
struct S3EventParsingTests {
    /// A notification as S3 sends it (structure from the S3 user guide's "Event message structure" page, version 2.1).
    static func notification(_ records: [(event: String, bucket: String, key: String, size: Int)]) -> [UInt8] {
        let body = records.map { record in
            """
            {"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
             "eventTime": "2026-11-27T21:00:00.000Z", "eventName": "\(record.event)",
             "userIdentity": {"principalId": "AWS:AIDAEXAMPLE"},
             "requestParameters": {"sourceIPAddress": "127.0.0.1"},
             "responseElements": {"x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
             "s3": {"s3SchemaVersion": "1.0", "configurationId": "detect-on-upload",
                    "bucket": {"name": "\(record.bucket)", "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
                               "arn": "arn:aws:s3:::\(record.bucket)"},
                    "object": {"key": "\(record.key)", "size": \(record.size), "eTag": "d41d8cd98f00b204e9800998ecf8427e",
                               "sequencer": "0055AED6DCD90281E5"}}}
            """
        }
        return Array("{\"Records\": [\(body.joined(separator: ","))]}".utf8)
    }

    @Test("URL-encoded keys decode as S3 encodes them: + is a space, %2B a plus, %XX UTF-8 bytes")
    func keyDecoding() {
        let cases: [(encoded: String, decoded: String)] = [
            ("images/a1/dog.jpg", "images/a1/dog.jpg"),
            ("images/a1/my+photo.jpg", "images/a1/my photo.jpg"),
            ("images/a1/a%2Bb.jpg", "images/a1/a+b.jpg"),
            ("images/a1/%C3%BCber+%E5%86%99%E7%9C%9F.png", "images/a1/über 写真.png"),
            ("images/a1/100%25+%26+%3D.jpg", "images/a1/100% & =.jpg"),
            ("images/a1/%f0%9f%90%b6.jpg", "images/a1/🐶.jpg"),
        ]
        for (encoded, decoded) in cases {
            #expect(decodeS3EventKey(encoded) == decoded, "\(encoded)")
        }
        // urllib.parse.quote_plus(key, safe="/") of this key, as printed by Python: MiniStack's encoding of event keys.
        #expect(decodeS3EventKey("images/x+y/a%2Bb+c%3A%2A%C3%BC.jpg") == "images/x y/a+b c:*ü.jpg")
    }

    @Test("a % without two hex digits, or bytes that are not UTF-8, is not a key")
    func malformedKeys() {
        for encoded in ["images/a/%", "images/a/%4", "images/a/%zz.jpg", "images/a/%ff%fe.jpg"] {
            #expect(decodeS3EventKey(encoded) == nil, "\(encoded)")
        }
    }

    @Test("images/<id>/<file name> gives the item id; anything else names no item")
    func uploadKeys() {
        #expect(UploadKey(objectKey: "images/abc-123/dog.jpg") == UploadKey(objectKey: "images/abc-123/dog.jpg"))
        #expect(UploadKey(objectKey: "images/abc-123/dog.jpg")?.id == "abc-123")
        #expect(UploadKey(objectKey: "images/abc-123/dog.jpg")?.fileName == "dog.jpg")
        #expect(UploadKey(objectKey: "images/my id/sub/dir/x.png")?.id == "my id")
        #expect(UploadKey(objectKey: "images/my id/sub/dir/x.png")?.fileName == "sub/dir/x.png")
        for key in ["images/dog.jpg", "images//dog.jpg", "images/abc/", "photos/abc/dog.jpg", "Images/abc/dog.jpg", "dog.jpg", ""] {
            #expect(UploadKey(objectKey: key) == nil, "\(key)")
        }
        #expect(UploadKey.objectKey(id: "abc", fileName: "dog.jpg") == "images/abc/dog.jpg")
    }

    @Test("several records: ObjectCreated under images/<id>/ are detected, in order, with decoded keys")
    func severalRecords() throws {
        let event = try S3Event(json: Self.notification([
            ("ObjectCreated:Put", "uploads", "images/id-1/dog.jpg", 163_759),
            ("ObjectCreated:CompleteMultipartUpload", "uploads", "images/id+2/my+dog%2B%C3%BC.jpg", 10),
            ("ObjectRemoved:Delete", "uploads", "images/id-3/dog.jpg", 0),
            ("ObjectCreated:Copy", "uploads", "thumbnails/id-4/dog.jpg", 10),
            ("ObjectCreated:Post", "uploads", "images/id-5.jpg", 10),
            ("ObjectCreated:Put", "other-bucket", "images/id-6/a%2Fb.jpg", 10),
        ]))
        let dispositions = event.records.map(RecordDisposition.init(record:))
        #expect(dispositions.count == 6)
        #expect(dispositions[0] == .detect(UploadReference(bucket: "uploads", key: "images/id-1/dog.jpg", id: "id-1", size: 163_759)))
        #expect(dispositions[1] == .detect(UploadReference(bucket: "uploads", key: "images/id 2/my dog+ü.jpg", id: "id 2", size: 10)))
        guard case .skip(let removed, _, _) = dispositions[2] else { Issue.record("ObjectRemoved detected"); return }
        #expect(removed.contains("ObjectRemoved:Delete is not ObjectCreated"))
        guard case .skip(let outside, let bucket, let key) = dispositions[3] else { Issue.record("thumbnails/ detected"); return }
        #expect(outside.contains("not under images/<id>/"))
        #expect(bucket == "uploads")
        #expect(key == "thumbnails/id-4/dog.jpg")
        guard case .skip = dispositions[4] else { Issue.record("images/<file> without an id detected"); return }
        // %2F is a slash inside the key, so the id is still the segment before it.
        #expect(dispositions[5] == .detect(UploadReference(bucket: "other-bucket", key: "images/id-6/a/b.jpg", id: "id-6", size: 10)))
    }

    @Test("records from other sources, or missing their bucket or key, are skipped")
    func incompleteRecords() throws {
        let event = try S3Event(json: Array("""
            {"Records": [
              {"eventSource": "aws:sqs", "eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "b"}, "object": {"key": "images/a/x.jpg"}}},
              {"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {"object": {"key": "images/a/x.jpg"}}},
              {"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "b"}}},
              {"eventSource": "aws:s3", "s3": {"bucket": {"name": "b"}, "object": {"key": "images/a/x.jpg"}}},
              {"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "b"}, "object": {"key": "images/a/%zz"}}}
            ]}
            """.utf8))
        for (index, record) in event.records.enumerated() {
            guard case .skip(let reason, _, _) = RecordDisposition(record: record) else {
                Issue.record("record \(index) was not skipped")
                continue
            }
            #expect(!reason.isEmpty)
        }
    }

    @Test("a body that is not JSON, or not an S3 notification, is an invalid event; an object without Records is empty")
    func invalidEvents() throws {
        for body in ["not json", "{\"Records\": ", "[1, 2]", "\"text\"", "{\"Records\": 5}", "{\"Records\": [3]}"] {
            #expect(throws: DetectLambdaError.self, "\(body)") { try S3Event(json: Array(body.utf8)) }
        }
        do {
            _ = try S3Event(json: Array("not json".utf8))
        } catch {
            #expect(error.errorType == "DetectLambda.InvalidEvent")
            #expect(error.description.contains("not JSON"))
        }
        #expect(try S3Event(json: Array("{}".utf8)).records.isEmpty)
        #expect(try S3Event(json: Array("{\"Records\": []}".utf8)).records.isEmpty)
    }
}
