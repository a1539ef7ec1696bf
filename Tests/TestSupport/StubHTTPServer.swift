import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// An HTTP/1.1 server on 127.0.0.1 (the port the OS gives it) for tests, on Hummingbird: it records every request
/// (method, raw target, `Host` then the other headers as sent, body) and counts accepted connections, and answers
/// with whatever `handler` returns. The handler may wait (e.g. a Runtime API `next` long-poll) as long as it honours
/// cancellation: `stop()` cancels it.
public final class StubHTTPServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        /// The raw request target (`/path?query`), still percent-encoded.
        public var target: String
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        public var path: String { String(target.prefix { $0 != "?" }) }
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        public init(status: Int = 200, headers: [(name: String, value: String)] = [], text: String) {
            self.init(status: status, headers: headers, body: Array(text.utf8))
        }
    }

    /// The server did not get as far as listening; `cause` is the error that stopped it, if one did.
    public struct StartError: Error, CustomStringConvertible {
        public var cause: (any Error)?
        public var description: String { "StubHTTPServer did not start: \(cause.map { "\($0)" } ?? "cancelled")" }
    }

    public let port: Int
    private let traffic: Traffic
    private let serving: Task<Void, any Error>

    private init(port: Int, traffic: Traffic, serving: Task<Void, any Error>) {
        self.port = port
        self.traffic = traffic
        self.serving = serving
    }

    /// Starts listening and returns once the server is bound; call `stop()` when done.
    public static func start(handler: @escaping @Sendable (Request) async -> Response) async throws -> StubHTTPServer {
        let traffic = Traffic()
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "stub-http-server")
        logger.logLevel = .critical
        let app = Application(
            responder: StubResponder(traffic: traffic, handler: handler),
            server: .init { responder in CountingHTTP1Channel(http1: HTTP1Channel(responder: responder), traffic: traffic) },
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "stub"),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let serving = Task {
            defer { portContinuation.finish() }
            try await app.run()
        }
        guard let port = await ports.first(where: { _ in true }), port > 0 else {
            serving.cancel()
            do { try await serving.value } catch { throw StartError(cause: error) }
            throw StartError(cause: nil)
        }
        return StubHTTPServer(port: port, traffic: traffic, serving: serving)
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in arrival order.
    public var requests: [Request] { traffic.state.withLock { $0.requests } }

    /// How many TCP connections were accepted so far.
    public var acceptedConnections: Int { traffic.state.withLock { $0.acceptedConnections } }

    /// Closes every open connection (a client waiting for an answer reads EOF at once) and cancels the server: its
    /// listener closes and running handlers are cancelled shortly after. Idempotent; returns without waiting.
    public func stop() {
        serving.cancel()
        for connection in traffic.state.withLock({ Array($0.openConnections.values) }) {
            connection.close(promise: nil)
        }
    }

    deinit { stop() }
}

/// What a stub server has seen, shared by its responder and its connections.
private final class Traffic: Sendable {
    struct State {
        var requests: [StubHTTPServer.Request] = []
        var acceptedConnections = 0
        var openConnections: [ObjectIdentifier: any Channel] = [:]
    }

    let state = Mutex(State())
}

/// Records each request, then answers it with the handler's response (for `HEAD`, its head alone).
private struct StubResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let traffic: Traffic
    let handler: @Sendable (StubHTTPServer.Request) async -> StubHTTPServer.Response

    func respond(to request: Request, context: Context) async throws -> Response {
        let body = try await request.body.collect(upTo: .max)
        // HTTP types carry `Host` as the request's authority.
        let host = request.head.authority.map { [(name: "Host", value: $0)] } ?? []
        let recorded = StubHTTPServer.Request(
            method: request.method.rawValue, target: request.head.path ?? "",
            headers: host + request.headers.map { (name: $0.name.rawName, value: $0.value) },
            body: Array(body.readableBytesView))
        traffic.state.withLock { $0.requests.append(recorded) }
        let answer = await handler(recorded)
        var headers = HTTPFields()
        for header in answer.headers {
            guard let name = HTTPFields.Element.Name(header.name) else { continue }
            headers.append(.init(name: name, value: header.value))
        }
        if headers[.contentLength] == nil { headers[.contentLength] = String(answer.body.count) }
        let bytes = request.method == .head ? [] : answer.body
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// Hummingbird's HTTP/1 child channel, counting each connection it sets up and keeping it until it closes.
private struct CountingHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let http1: HTTP1Channel
    let traffic: Traffic

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let id = ObjectIdentifier(channel)
        traffic.state.withLock {
            $0.acceptedConnections += 1
            $0.openConnections[id] = channel
        }
        channel.closeFuture.whenComplete { [traffic] _ in
            traffic.state.withLock { _ = $0.openConnections.removeValue(forKey: id) }
        }
        return http1.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
