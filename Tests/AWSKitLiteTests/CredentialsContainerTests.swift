import Foundation
import Testing
import AWSKitLite
import TestSupport

/// Container credentials against a loopback server of our own (never the link-local agent address).
@Suite("Container credentials")
struct CredentialsContainerTests {
    static let body = """
        {"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"container-secret","Token":"container-token",
         "Expiration":"2030-01-02T03:04:05Z","RoleArn":"arn:aws:iam::123456789012:role/task"}
        """

    @Test func fetchesFromFullURIWithTheAuthorizationToken() async throws {
        let server = try await CredentialsLoopbackServer.start { _ in (200, Self.body) }
        defer { server.stop() }
        let environment = [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(server.port)/v2/credentials/abc?x=1",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Basic c2VjcmV0",
        ]
        let credentials = try await CredentialProviderChain.standard(
            environment: environment, fetch: CredentialsLoopbackServer.fetch).resolve()
        #expect(credentials.accessKeyId == "ASIACONTAINER")
        #expect(credentials.secretAccessKey == "container-secret")
        #expect(credentials.sessionToken == "container-token")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_553_445))
        let request = try #require(server.requests.first)
        #expect(request.method == "GET" && request.target == "/v2/credentials/abc?x=1")
        #expect(request.header("Authorization") == "Basic c2VjcmV0")
    }

    @Test func tokenFileWinsOverTokenVariable() async throws {
        let server = try await CredentialsLoopbackServer.start { _ in (200, Self.body) }
        defer { server.stop() }
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)").path
        try "from-file\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let provider = ContainerCredentialProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://localhost:\(server.port)/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "from-variable",
        ], fetch: { request in
            var request = request
            request.host = "127.0.0.1"  // our loopback fetch dials 127.0.0.1 only
            return try await CredentialsLoopbackServer.fetch(request)
        })
        _ = try await provider.credentials()
        #expect(server.requests.first?.header("Authorization") == "from-file")
    }

    @Test func failuresAreTypedWithStatusAndNoSecrets() async throws {
        let server = try await CredentialsLoopbackServer.start { _ in (403, #"{"message":"denied"}"#) }
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/creds"
        let provider = ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": url],
                                                   fetch: CredentialsLoopbackServer.fetch)
        await #expect(throws: AWSConfigurationError.containerCredentialsFailed(url: url, status: 403, reason: #"{"message":"denied"}"#)) {
            try await provider.credentials()
        }

        let garbled = try await CredentialsLoopbackServer.start { _ in (200, #"{"AccessKeyId":"A","Secret":"leaky"}"#) }
        defer { garbled.stop() }
        let garbledURL = "http://127.0.0.1:\(garbled.port)/creds"
        do {
            _ = try await ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": garbledURL],
                                                      fetch: CredentialsLoopbackServer.fetch).credentials()
            Issue.record("expected an error for a body without SecretAccessKey")
        } catch {
            #expect(!String(describing: error).contains("leaky"))
            #expect(String(describing: error).contains("AccessKeyId and SecretAccessKey"))
        }
    }

    /// RELATIVE_URI means the ECS agent at 169.254.170.2: the URL is built, never fetched in tests.
    @Test func relativeURIPointsAtTheECSAgent() throws {
        let provider = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/uuid",
                          "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/ignored"],
            fetch: nil)
        let url = try #require(try provider.endpointURL())
        #expect(url.request(method: "GET", path: "").urlString == "http://169.254.170.2/v2/credentials/uuid")
    }

    @Test func plainHTTPToAnArbitraryHostIsRefused() async throws {
        let provider = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"], fetch: CredentialsLoopbackServer.fetch)
        await #expect(throws: AWSConfigurationError.containerCredentialsHostNotAllowed(url: "http://example.com/creds")) {
            try await provider.credentials()
        }
        let https = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "https://creds.example.com/x"], fetch: nil)
        #expect(try https.endpointURL()?.host == "creds.example.com")
    }

    /// The chain caches container credentials until five minutes before they expire.
    @Test func chainCachesUntilNearExpiry() async throws {
        let server = try await CredentialsLoopbackServer.start { _ in (200, Self.body) }
        defer { server.stop() }
        let now = LockedDate(Date(timeIntervalSince1970: 1_893_553_445 - 3600))
        let chain = CredentialProviderChain.standard(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(server.port)/c"],
            fetch: CredentialsLoopbackServer.fetch, clock: { now.value })
        _ = try await chain.resolve()
        _ = try await chain.resolve()
        #expect(server.requests.count == 1)
        now.value = Date(timeIntervalSince1970: 1_893_553_445 - 200)
        _ = try await chain.resolve()
        #expect(server.requests.count == 2)
    }
}

/// A settable date shared with a `@Sendable` clock closure.
final class LockedDate: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Date
    init(_ date: Date) { stored = date }
    var value: Date {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
