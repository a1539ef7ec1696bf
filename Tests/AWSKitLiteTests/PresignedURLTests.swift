import Foundation
import Testing
import AWSKitLite

/// Presigned URLs (SigV4 query-string authentication).
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
@Suite("Presigned URLs")
struct PresignedURLTests {
    static let credentials = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE",
                                            secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z

    /// AWS's published example: GET examplebucket/test.txt for 86400 s, signature aeeed9bb...
    @Test func matchesThePublishedS3Example() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let request = HTTPRequest(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt")
        let url = signer.presignedURL(for: request, date: Self.date, expires: 86_400)
        #expect(url == "https://examplebucket.s3.amazonaws.com/test.txt"
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    /// A session token is sent, and signed, in the query; keys with reserved characters and a port stay intact.
    @Test func carriesTheSessionTokenAndKeepsTheKeyAndPort() throws {
        var credentials = Self.credentials
        credentials.sessionToken = "token/with+special=chars"
        let signer = SigV4Signer(credentials: credentials, region: "eu-west-1", service: "s3")
        let request = HTTPRequest(method: "PUT", scheme: "http", host: "127.0.0.1", port: 4566,
                                  path: "/bucket/dir/a b+ü.jpg", query: [("versionId", "")])
        let url = signer.presignedURL(for: request, date: Self.date, expires: 900)
        #expect(url.hasPrefix("http://127.0.0.1:4566/bucket/dir/a%20b%2B%C3%BC.jpg?versionId=&X-Amz-Algorithm="))
        #expect(url.contains("&X-Amz-Security-Token=token%2Fwith%2Bspecial%3Dchars&"))
        #expect(url.contains("&X-Amz-Expires=900&"))
        let signature = try #require(url.components(separatedBy: "&X-Amz-Signature=").last)
        #expect(signature.count == 64 && signature.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        // The token is part of what is signed: another token gives another signature.
        credentials.sessionToken = "another"
        let other = SigV4Signer(credentials: credentials, region: "eu-west-1", service: "s3")
            .presignedURL(for: request, date: Self.date, expires: 900)
        #expect(other.components(separatedBy: "&X-Amz-Signature=").last != signature)
    }

    /// Headers on the request are signed (and listed) beside host.
    @Test func signsTheRequestsHeaders() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let request = HTTPRequest(method: "PUT", host: "examplebucket.s3.amazonaws.com", path: "/k",
                                  headers: [("Content-Type", "image/jpeg")])
        let url = signer.presignedURL(for: request, date: Self.date, expires: 60)
        #expect(url.contains("&X-Amz-SignedHeaders=content-type%3Bhost&"))
    }
}
