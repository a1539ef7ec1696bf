import AWSKitLite

/// A `StubHTTPServer` standing in for the ECS/EKS container credentials agent (every answer JSON), and a matching
/// loopback-only `HTTPFetch`.
public final class CredentialsLoopbackServer: Sendable {
    public struct Recorded: Sendable {
        /// `<method> <raw target> HTTP/1.1`: the version is the one this HTTP/1.1 server speaks (Hummingbird's request
        /// carries none).
        public var requestLine: String
        public var headers: [(name: String, value: String)]
        public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    }

    /// `fetch` was asked for a host other than the loopback address.
    public struct LoopbackOnly: Error, CustomStringConvertible {
        public var host: String
        public var description: String { "loopback fetch to \(host) refused" }
    }

    private let server: StubHTTPServer

    private init(server: StubHTTPServer) {
        self.server = server
    }

    /// Starts serving; every request is answered with what `answer` returns for it.
    public static func start(
        answer: @escaping @Sendable (Recorded) -> (status: Int, body: String)
    ) async throws -> CredentialsLoopbackServer {
        let server = try await StubHTTPServer.start { request in
            let (status, body) = answer(recorded(request))
            return .init(status: status, headers: [(name: "Content-Type", value: "application/json")], text: body)
        }
        return CredentialsLoopbackServer(server: server)
    }

    public var port: Int { server.port }

    /// The requests served so far, in order.
    public var requests: [Recorded] { server.requests.map(Self.recorded) }

    /// Stops the server.
    public func stop() { server.stop() }

    private static func recorded(_ request: StubHTTPServer.Request) -> Recorded {
        Recorded(requestLine: "\(request.method) \(request.target) HTTP/1.1", headers: request.headers)
    }

    /// A loopback-only `HTTPFetch`: refuses any host but 127.0.0.1 (so a test can never reach the link-local agent
    /// address) and sends the rest through the shared `HTTPClient`, whose transfers run on its own thread, never on
    /// Swift's cooperative pool, which this in-process server answers on.
    public static let fetch: HTTPFetch = { request in
        guard request.host == "127.0.0.1", request.port != nil else { throw LoopbackOnly(host: request.host) }
        return try await HTTPClient.shared.execute(request)
    }
}
