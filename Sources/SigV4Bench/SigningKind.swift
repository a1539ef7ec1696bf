import AWSKitLite
import Foundation

/// One typical request the benchmark signs, with its signer and payload mode.
struct SigningKind {
    var name: String
    var request: HTTPRequest
    var signer: SigV4Signer
    var payload: PayloadSigning

    /// S3 uploads (unsigned and signed payload) and a DynamoDB PutItem, with AWS's documentation example key.
    static let all: [SigningKind] = {
        let credentials = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        let s3 = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        let dynamoDB = SigV4Signer(credentials: credentials, region: "us-east-1", service: "dynamodb")
        let item = #"{"TableName": "detections", "Item": {"image_key": {"S": "uploads/dog.jpg"}, "detections": {"S": "[{\"label\":\"dog\",\"score\":0.91}]"}}}"#
        return [
            SigningKind(
                name: "s3-put-unsigned-payload",
                request: HTTPRequest(method: "PUT", host: "images.s3.us-east-1.amazonaws.com", path: "/uploads/dog 1.jpg",
                                     headers: [("Content-Type", "image/jpeg")]),
                signer: s3, payload: .unsigned),
            SigningKind(
                name: "s3-put-signed-1KiB",
                request: HTTPRequest(method: "PUT", host: "images.s3.us-east-1.amazonaws.com", path: "/uploads/dog 1.jpg",
                                     headers: [("Content-Type", "image/jpeg")], body: (0..<1024).map { UInt8($0 % 256) }),
                signer: s3, payload: .signed),
            SigningKind(
                name: "dynamodb-putitem",
                request: HTTPRequest(method: "POST", host: "dynamodb.us-east-1.amazonaws.com",
                                     headers: [("Content-Type", "application/x-amz-json-1.0"),
                                               ("X-Amz-Target", "DynamoDB_20120810.PutItem")], body: Array(item.utf8)),
                signer: dynamoDB, payload: .signed),
        ]
    }()

    /// Signs fresh copies of `request` with the current time for about `seconds`; returns how many and how long.
    func measure(seconds: Double) -> (count: Int, seconds: Double) {
        var checksum = 0
        var count = 0
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        var now = start
        while now < deadline {
            for _ in 0..<1000 {
                var request = request
                signer.sign(&request, date: Date(), payload: payload)
                checksum &+= request.headers.count
            }
            count += 1000
            now = clock.now
        }
        precondition(checksum > 0)
        let elapsed = now - start
        return (count, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
