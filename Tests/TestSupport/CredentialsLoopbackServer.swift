import AWSKitLite

/// A `StubHTTPServer` standing in for the ECS/EKS container credentials agent (every answer JSON), and a matching
/// loopback-only `HTTPFetch`.
public final class CredentialsLoopbackServer: Sendable {
    /// `fetch` was asked for a URL other than 127.0.0.1 with an explicit port.
    public struct LoopbackOnly: Error, CustomStringConvertible {
        public var url: String
        public var description: String { "loopback fetch refused \(url): only http://127.0.0.1:<port> is allowed" }
    }

    private let server: StubHTTPServer

    private init(server: StubHTTPServer) {
        self.server = server
    }

    /// Starts serving; every request is answered with what `answer` returns for it.
    public static func start(
        answer: @escaping @Sendable (StubHTTPServer.Request) -> (status: Int, body: String)
    ) async throws -> CredentialsLoopbackServer {
        let server = try await StubHTTPServer.start { request in
            let (status, body) = answer(request)
            return .init(status: status, headers: [(name: "Content-Type", value: "application/json")], text: body)
        }
        return CredentialsLoopbackServer(server: server)
    }

    public var port: Int { server.port }

    /// The requests served so far, in order.
    public var requests: [StubHTTPServer.Request] { server.requests }

    /// Stops the server.
    public func stop() { server.stop() }

    /// A loopback-only `HTTPFetch`: refuses any URL but 127.0.0.1 with a port (so a test can never reach the
    /// link-local agent address) and sends the rest through the shared `HTTPClient`, whose transfers run on its own thread, never on
    /// Swift's cooperative pool, which this in-process server answers on.
    public static let fetch: HTTPFetch = { request in
        guard request.host == "127.0.0.1", request.port != nil else { throw LoopbackOnly(url: request.urlString) }
        return try await HTTPClient.shared.execute(request)
    }
}
