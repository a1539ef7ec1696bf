import NIOCore
import NIOHTTP1

/// Holds one HTTP/1 connection to `ConnectionLimits`' timeouts, and closes it after its answer when the client did
/// not ask to keep it (HTTP/1.0 without `Connection: keep-alive`, or `Connection: close`; RFC 9112 §9.3).
///
/// Sits right after NIO's request decoder, so it sees every request's head, body and end as they arrive from the
/// wire, and every answer's parts as they leave; `InboundByteCounter`, at the front of the pipeline, tells it about
/// raw bytes (a head in progress, a body's progress). At any moment at most one deadline is in force:
/// - a request's head is being read (or a new connection has sent nothing yet): `headerTimeout`;
/// - its body is being read: the body deadline (`bodyTimeout`, moved later by every byte at `minBodyRate`);
/// - nothing is being read and every request has been answered: `idleTimeout`.
/// While the server still owes an earlier request its answer, the client is not held to the next request's
/// deadlines (its bytes may wait in the socket behind the answer); they start afresh once the answer has left.
/// After a quiesce event (graceful shutdown), the connection is closed `drainTimeout` later, whatever it is doing.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Reading { case nothing, head, body }

    private let limits: ConnectionLimits
    private let metrics: ServerMetrics
    private var reading = Reading.head
    /// Requests whose head has arrived and whose answer has not been written to the end.
    private var unanswered = 0
    private var closeAfterAnswer = false
    private var deadline: NIODeadline?
    private var timer: Scheduled<Void>?
    private var timerFiresAt: NIODeadline?
    private var drainTimer: Scheduled<Void>?
    private var started = false
    private var closing = false

    init(limits: ConnectionLimits, metrics: ServerMetrics) {
        self.limits = limits
        self.metrics = metrics
    }

    // MARK: Events

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimers()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimers()
    }

    /// Raw bytes arrived (before decoding): the first byte of a request starts its head's deadline, body bytes move
    /// the body's deadline.
    func bytesArrived(_ count: Int, context: ChannelHandlerContext) {
        switch reading {
        case .nothing:
            reading = .head
            restartDeadline(context)
        case .body:
            guard let current = deadline, count > 0 else { return }
            let now = NIODeadline.now()
            let earned = TimeAmount.nanoseconds(Int64(Double(count) / limits.minBodyRate * 1e9))
            deadline = min(max(current, now) + earned, now + Self.amount(limits.bodyTimeout))
        case .head:
            break
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            unanswered += 1
            if !head.isKeepAlive {
                closeAfterAnswer = true
                // Hummingbird ends the connection's request loop on a request that says `Connection: close`.
                head.headers.replaceOrAdd(name: "connection", value: "close")
            }
            reading = Self.hasBody(head) ? .body : .nothing
            restartDeadline(context)
            context.fireChannelRead(wrapInboundOut(.head(head)))
        case .body:
            context.fireChannelRead(data)
        case .end:
            reading = .nothing
            restartDeadline(context)
            context.fireChannelRead(data)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where closeAfterAnswer && unanswered <= 1:
            head.headers.replaceOrAdd(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .head, .body:
            context.write(data, promise: promise)
        case .end:
            unanswered = max(0, unanswered - 1)
            if closeAfterAnswer && unanswered == 0 {
                // Only the sending side: a full close with part of the request still unread would reset the
                // connection and could destroy the answer before the client reads it. The client's close ends the
                // rest; if it never closes, the deadline in force does.
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.writeAndFlush(data).whenComplete { result in
                    loopBound.value.close(mode: .output, promise: nil)
                    promise?.completeWith(result)
                }
                restartDeadline(context)
                return
            }
            context.write(data, promise: promise)
            restartDeadline(context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, drainTimer == nil {
            drainTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.amount(limits.drainTimeout)) {
                self.close(context, limit: .drainTimeout)
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Deadlines

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        restartDeadline(context)
    }

    /// The limit in force now, or nil while the server owes the client an answer to an earlier request.
    private var limitInForce: ConnectionLimit? {
        switch reading {
        case .head: unanswered == 0 ? .headerTimeout : nil
        case .body: unanswered <= 1 ? .bodyTimeout : nil
        case .nothing: unanswered == 0 ? .idleTimeout : nil
        }
    }

    /// Starts the deadline of the limit now in force, from now.
    private func restartDeadline(_ context: ChannelHandlerContext) {
        let seconds: Double? =
            switch limitInForce {
            case .headerTimeout: limits.headerTimeout
            case .bodyTimeout: limits.bodyTimeout
            case .idleTimeout: limits.idleTimeout
            default: nil
            }
        guard let seconds, started else {
            deadline = nil
            return
        }
        let next = NIODeadline.now() + Self.amount(seconds)
        deadline = next
        schedule(context, at: next)
    }

    /// Makes sure a check runs no later than `when` (an earlier pending check reschedules itself when it finds the
    /// deadline moved).
    private func schedule(_ context: ChannelHandlerContext, at when: NIODeadline) {
        if let timerFiresAt, timerFiresAt <= when { return }
        timer?.cancel()
        timerFiresAt = when
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: when) { self.check(context) }
    }

    private func check(_ context: ChannelHandlerContext) {
        timer = nil
        timerFiresAt = nil
        guard let deadline, let limit = limitInForce else { return }
        if NIODeadline.now() >= deadline {
            close(context, limit: limit)
        } else {
            schedule(context, at: deadline)
        }
    }

    private func close(_ context: ChannelHandlerContext, limit: ConnectionLimit) {
        guard !closing, context.channel.isActive else { return }
        closing = true
        cancelTimers()
        metrics.recordConnectionLimit(limit)
        context.close(promise: nil)
    }

    private func cancelTimers() {
        timer?.cancel()
        timer = nil
        timerFiresAt = nil
        drainTimer?.cancel()
        drainTimer = nil
    }

    private static func hasBody(_ head: HTTPRequestHead) -> Bool {
        if head.headers[canonicalForm: "transfer-encoding"].contains(where: { $0.lowercased() == "chunked" }) { return true }
        return head.headers.first(name: "content-length").flatMap(Int.init).map { $0 > 0 } ?? false
    }

    private static func amount(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(seconds * 1e9)) }
}

/// Tells the connection's `ConnectionDeadlineHandler` how many raw bytes arrive, before they are decoded.
final class InboundByteCounter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let deadlines: ConnectionDeadlineHandler
    private let deadlinesContext: ChannelHandlerContext

    init(deadlines: ConnectionDeadlineHandler, context: ChannelHandlerContext) {
        self.deadlines = deadlines
        self.deadlinesContext = context
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deadlines.bytesArrived(unwrapInboundIn(data).readableBytes, context: deadlinesContext)
        context.fireChannelRead(data)
    }
}
