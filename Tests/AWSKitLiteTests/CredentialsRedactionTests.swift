import Foundation
import Testing
import AWSKitLite

/// No secret key or session token in any description, debug description, dump or error message.
@Suite("Secret redaction")
struct CredentialsRedactionTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let token = "FwoGZXIvYXdzEXAMPLETOKEN"
    static let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: token)

    static func leaks(_ text: String) -> Bool { text.contains(secret) || text.contains(token) }

    @Test func credentialsShowOnlyTheAccessKeyId() {
        var dumped = ""
        dump(Self.credentials, to: &dumped)
        for text in [String(describing: Self.credentials), String(reflecting: Self.credentials), "\(Self.credentials)", dumped,
                     String(describing: [Self.credentials]), String(describing: Optional(Self.credentials))] {
            #expect(!Self.leaks(text), "leaked: \(text)")
            #expect(text.contains("AKIDEXAMPLE"))
        }
        #expect(String(describing: Self.credentials)
            == "AWSCredentials(accessKeyId: AKIDEXAMPLE, secretAccessKey: <redacted>, sessionToken: <redacted>)")
    }

    @Test func signerAndChainDescriptionsDoNotLeak() async throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        var dumped = ""
        dump(signer, to: &dumped)
        for text in [String(describing: signer), String(reflecting: signer), dumped] {
            #expect(!Self.leaks(text), "leaked: \(text)")
        }
        let chain = CredentialProviderChain(providers: [StaticCredentialProvider(Self.credentials)])
        #expect(!Self.leaks(chain.sourceDescription))
    }

    /// Signing output carries the token only where AWS requires it (the header), never the secret.
    @Test func signedRequestsCarryNoSecret() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        var request = HTTPRequest(method: "GET", host: "b.s3.amazonaws.com", path: "/k")
        signer.sign(&request, date: Date(timeIntervalSince1970: 0))
        #expect(request.headers.allSatisfy { !$0.value.contains(Self.secret) })
        #expect(request.headers.filter { $0.value.contains(Self.token) }.map(\.name) == ["X-Amz-Security-Token"])
        let stages = signer.signature(for: request, date: Date(timeIntervalSince1970: 0))
        #expect(!stages.stringToSign.contains(Self.secret) && !stages.authorization.contains(Self.secret))
    }

    /// A malformed credentials file's error gives file and line, never the line's content (it may be a secret).
    @Test func errorsDoNotQuoteFileContent() async throws {
        let home = try ConfigurationProfileFileTests.home(credentials: "[default]\naws_secret_access_key \(Self.secret)\n")
        do {
            _ = try await CredentialProviderChain.standard(environment: ["HOME": home]).resolve()
            Issue.record("expected a malformed-profile error")
        } catch {
            #expect(!Self.leaks(String(describing: error)))
            #expect(String(describing: error).contains("/.aws/credentials:2"))
        }
    }
}
