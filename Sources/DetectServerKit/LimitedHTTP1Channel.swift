import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel held to `ConnectionLimits`: a connection beyond `maxConnections` is answered
/// 503 and closed on arrival; an admitted one gets a `ConnectionDeadlineHandler` after the request decoder and an
/// `InboundByteCounter` in front of it.
struct LimitedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let limits: ConnectionLimits
    let metrics: ServerMetrics

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ConnectionLimits, metrics: ServerMetrics) {
        http1 = HTTP1Channel(responder: responder)
        self.limits = limits
        self.metrics = metrics
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard metrics.admitConnection(maximum: limits.maxConnections) else {
            return channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(RefusedConnectionHandler())
                return try Value(wrappingChannelSynchronously: channel)
            }
        }
        let metrics = self.metrics
        channel.closeFuture.whenComplete { _ in metrics.recordConnectionClosed() }
        let limits = self.limits
        return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let deadlines = ConnectionDeadlineHandler(limits: limits, metrics: metrics)
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(deadlines, position: .after(decoder))
            let deadlinesContext = try pipeline.context(handler: deadlines)
            try pipeline.addHandler(InboundByteCounter(deadlines: deadlines, context: deadlinesContext), position: .first)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 held to `limits`, counted in `metrics`.
    static func http1(limits: ConnectionLimits, metrics: ServerMetrics) -> HTTPServerBuilder {
        .init { responder in LimitedHTTP1Channel(responder: responder, limits: limits, metrics: metrics) }
    }
}

/// Answers a connection the server has no room for with 503 and `Retry-After`, then ends its side; what the client
/// sends is read and dropped until it closes too (so that the answer is not lost to a reset), for at most a second.
final class RefusedConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    static let answer: String = {
        let body = #"{"error":"the server has too many open connections; retry later","id":null}"#
        return "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n"
            + "retry-after: 1\r\nconnection: close\r\n\r\n" + body
    }()

    private var answered = false

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { answer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        answer(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(.inputClosed) = event as? ChannelEvent { context.close(promise: nil) }
    }

    private func answer(_ context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(NIOAny(ByteBuffer(string: Self.answer))).whenComplete { _ in
            loopBound.value.close(mode: .output, promise: nil)
        }
        context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(1)) { loopBound.value.close(promise: nil) }
    }
}
