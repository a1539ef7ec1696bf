import AWSKitLite
import NIOCore
import NIOHTTP1
import NIOPosix

/// One listening port of the proxy: an HTTP/1.1 server on 127.0.0.1 (port from the OS) that reads each request
/// whole, hands it to the pipeline and writes the answer; or, for an upload the pipeline wants cut, reads part of
/// the body and resets the connection.
final class ProxyServer: Sendable {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    let port: Int
    private let listener: NIOAsyncChannel<Connection, Never>
    private let serving: Task<Void, Never>

    private init(port: Int, listener: NIOAsyncChannel<Connection, Never>, serving: Task<Void, Never>) {
        self.port = port
        self.listener = listener
        self.serving = serving
    }

    /// Binds a free loopback port and serves it until `shutdown()`. `applyingBehaviours` false forwards every
    /// request as it is (the second endpoint).
    static func start(pipeline: ProxyPipeline, applyingBehaviours: Bool) async throws -> ProxyServer {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        let port = listener.channel.localAddress?.port ?? 0
        let serving = Task<Void, Never> {
            try? await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask {
                            try? await serve(connection, pipeline: pipeline, applyingBehaviours: applyingBehaviours)
                        }
                    }
                }
            }
        }
        return ProxyServer(port: port, listener: listener, serving: serving)
    }

    /// Stops accepting, closes every open connection, and returns when they are closed.
    func shutdown() async {
        try? await listener.channel.close()
        serving.cancel()
        await serving.value
    }

    /// Requests on one connection, one after the other (keep-alive), until the client closes it.
    private static func serve(_ connection: Connection, pipeline: ProxyPipeline, applyingBehaviours: Bool) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var parts = inbound.makeAsyncIterator()
            while let part = try await parts.next() {
                guard case .head(let head) = part else { continue }
                let headers = head.headers.map { (name: $0.name, value: $0.value) }
                let announced = ProxiedRequest(method: head.method.rawValue, target: head.uri, headers: headers, body: [])
                if let cut = pipeline.uploadCut(for: announced, applyingBehaviours: applyingBehaviours) {
                    try await readBody(of: &parts, atMost: cut.afterBytes)
                    let clientLeft = await clientCloses(connection.channel, parts: &parts, within: cut.stall)
                    pipeline.recordCut(announced, action: clientLeft ? .abandoned : .cut, viaSecondEndpoint: !applyingBehaviours)
                    return
                }
                let body = try await readBody(of: &parts, atMost: nil)
                let request = ProxiedRequest(method: head.method.rawValue, target: head.uri, headers: headers, body: body)
                let response = await pipeline.handle(request, applyingBehaviours: applyingBehaviours)
                try await write(response, for: request, to: outbound)
                if !head.isKeepAlive { return }
            }
        }
    }

    /// Holds a stalled request for `stall`: answers nothing and drops what the client still sends, until the client
    /// closes the connection (true) or the stall passes and the proxy resets it (false).
    private static func clientCloses(
        _ channel: any Channel, parts: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator,
        within stall: Duration
    ) async -> Bool {
        let (seconds, attoseconds) = stall.components
        let reset = channel.eventLoop.scheduleTask(in: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)) {
            // SO_LINGER 0: close sends RST, as a peer that drops the connection in the middle of a body does.
            let lingering = (channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
            (lingering ?? channel.eventLoop.makeSucceededVoidFuture()).whenComplete { _ in channel.close(promise: nil) }
        }
        while (try? await parts.next()) != nil {}
        reset.cancel()
        return (try? await reset.futureResult.get()) == nil
    }

    /// Reads body parts up to the end of the request, or until `atMost` bytes were read; returns what was read.
    @discardableResult
    private static func readBody(
        of parts: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator, atMost limit: Int?
    ) async throws -> [UInt8] {
        var body: [UInt8] = []
        while let part = try await parts.next() {
            switch part {
            case .body(let buffer):
                body.append(contentsOf: buffer.readableBytesView)
                if let limit, body.count >= limit { return body }
            case .end:
                return body
            case .head:
                continue
            }
        }
        return body
    }

    /// Headers that describe one hop, not the message: never passed on.
    static let hopByHopHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "expect",
    ]

    private static func write(_ response: HTTPResponse, for request: ProxiedRequest, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        var headers = HTTPHeaders()
        for header in response.headers {
            let name = header.name.lowercased()
            guard !hopByHopHeaders.contains(name), name != "content-length" else { continue }
            headers.add(name: header.name, value: header.value)
        }
        let isHead = request.method == "HEAD"
        // A HEAD answer announces the length of the body a GET would get.
        headers.add(name: "Content-Length", value: isHead ? (response.header("Content-Length") ?? "0") : String(response.body.count))
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)))
        if !isHead && !response.body.isEmpty {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
        }
        try await outbound.write(.end(nil))
    }
}
