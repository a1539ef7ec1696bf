import Foundation
import Testing
@testable import AWSKitLite

/// AWS's published S3 SigV4 examples (header authentication, single chunk) and signing-key example.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
/// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (derive a signing key)
@Suite("SigV4 against AWS's published S3 examples")
struct SigV4S3ExamplesTests {
    static let signer = SigV4Signer(
        credentials: AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE",
                                    secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "s3")
    static let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    static let host = "examplebucket.s3.amazonaws.com"

    /// The signature, signed headers and the hash in the string to sign (the hash of the canonical request).
    static func check(_ request: HTTPRequest, canonicalHash: String, signedHeaders: String, signature: String) {
        let stages = signer.signature(for: request, date: date)
        #expect(stages.stringToSign.components(separatedBy: "\n").last == canonicalHash)
        #expect(stages.signedHeaders == signedHeaders)
        #expect(stages.signature == signature)
        var signed = request
        signer.sign(&signed, date: date)
        #expect(signed.header("Authorization") == stages.authorization)
        #expect(stages.authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)")
    }

    @Test func getObjectWithRange() {
        let request = HTTPRequest(method: "GET", host: Self.host, path: "/test.txt", headers: [("Range", "bytes=0-9")])
        Self.check(request, canonicalHash: "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
                   signedHeaders: "host;range;x-amz-content-sha256;x-amz-date",
                   signature: "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        let stages = Self.signer.signature(for: request, date: Self.date)
        #expect(stages.canonicalRequest == """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
    }

    @Test func putObjectWithSignedBody() {
        var request = HTTPRequest(method: "PUT", host: Self.host, path: "/test$file.text",
                                  headers: [("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                                            ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
                                  body: Array("Welcome to Amazon S3.".utf8))
        Self.check(request, canonicalHash: "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d",
                   signedHeaders: "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
                   signature: "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
        Self.signer.sign(&request, date: Self.date)
        #expect(request.header("x-amz-content-sha256") == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        #expect(request.urlString == "https://examplebucket.s3.amazonaws.com/test%24file.text")
    }

    @Test func getBucketLifecycle() {
        let request = HTTPRequest(method: "GET", host: Self.host, path: "/", query: [("lifecycle", "")])
        Self.check(request, canonicalHash: "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca",
                   signedHeaders: "host;x-amz-content-sha256;x-amz-date",
                   signature: "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
        #expect(request.urlString == "https://examplebucket.s3.amazonaws.com/?lifecycle=")
    }

    @Test func listObjectsSortsTheQuery() {
        let request = HTTPRequest(method: "GET", host: Self.host, path: "/", query: [("prefix", "J"), ("max-keys", "2")])
        Self.check(request, canonicalHash: "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7",
                   signedHeaders: "host;x-amz-content-sha256;x-amz-date",
                   signature: "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    /// The IAM guide's signing-key example: secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215, us-east-1, iam.
    @Test func derivesThePublishedSigningKey() {
        let key = SigningKeyCache.derivedKey(.init(
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", dateStamp: "20120215",
            region: "us-east-1", service: "iam"))
        #expect(key.hex == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    /// RFC 4231 test cases 2 (key "Jefe") and 6 (a key longer than the 64-byte block).
    @Test func hmacMatchesRFC4231() {
        let mac = HMACSHA256Key(Array("Jefe".utf8)).authenticate("what do ya want for nothing?")
        #expect(mac.hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let longKey = [UInt8](repeating: 0xaa, count: 131)
        let longMAC = HMACSHA256Key(longKey).authenticate("Test Using Larger Than Block-Size Key - Hash Key First")
        #expect(longMAC.hex == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func sha256OfEmptyAndAbc() {
        #expect(SHA256.hash([UInt8]()).hex == SigV4Signer.emptyPayloadHash)
        #expect(SHA256.hash("abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
