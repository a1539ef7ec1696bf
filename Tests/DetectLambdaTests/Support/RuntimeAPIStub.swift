import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A Lambda Runtime API on a loopback port, as the tests' stand-in for Lambda's: it hands out queued events on
/// `GET /2018-06-01/runtime/invocation/next` (waiting while there are none, as Lambda does) and records what the
/// runtime posts to the response, error and init-error endpoints.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
final class RuntimeAPIStub: Sendable {
    /// One event to hand out, with the headers `next` sends.
    struct Event: Sendable {
        var requestId: String
        var payload: [UInt8]
        var deadlineMilliseconds: Int64 = 1_900_000_000_000
        var functionArn = "arn:aws:lambda:us-east-1:123456789012:function:detect"
        var traceId: String? = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"
    }

    /// What the runtime posted.
    enum Post: Sendable, Equatable {
        case response(requestId: String, body: String)
        /// `errorType` is the `Lambda-Runtime-Function-Error-Type` header; `body` the JSON error report.
        case error(requestId: String, errorType: String?, body: String)
        case initError(errorType: String?, body: String)
    }

    struct TimedOut: Error, CustomStringConvertible {
        var description: String
    }

    let state: StubState
    let port: Int

    /// `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`.
    var endpoint: String { "127.0.0.1:\(port)" }

    private init(port: Int, state: StubState) {
        self.port = port
        self.state = state
    }

    /// Runs `body` with a stub listening on a free loopback port; afterwards answers every waiting `next` with 500
    /// and stops the server.
    static func with<Result: Sendable>(_ body: (RuntimeAPIStub) async throws -> Result) async throws -> Result {
        let state = StubState()
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let logger = Logger(label: "runtime-api-stub")
        let app = Application(
            router: router(state),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "runtime-api-stub"),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TimedOut(description: "the stub never started") }
            let stub = RuntimeAPIStub(port: port, state: state)
            do {
                let result = try await body(stub)
                await state.finish()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await state.finish()
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    private static func router(_ state: StubState) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/2018-06-01/runtime/invocation/next") { _, _ -> Response in
            guard let event = await state.nextEvent() else {
                return json(.internalServerError, #"{"errorType":"Runtime.ExitError","errorMessage":"the stub is shutting down"}"#)
            }
            var headers: HTTPFields = [.contentType: "application/json"]
            headers.append(.init(name: .init("Lambda-Runtime-Aws-Request-Id")!, value: event.requestId))
            headers.append(.init(name: .init("Lambda-Runtime-Deadline-Ms")!, value: String(event.deadlineMilliseconds)))
            headers.append(.init(name: .init("Lambda-Runtime-Invoked-Function-Arn")!, value: event.functionArn))
            if let traceId = event.traceId {
                headers.append(.init(name: .init("Lambda-Runtime-Trace-Id")!, value: traceId))
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: event.payload)))
        }
        router.post("/2018-06-01/runtime/invocation/:id/response") { request, context -> Response in
            let id = context.parameters.get("id") ?? ""
            let body = try await request.body.collect(upTo: 6 * 1024 * 1024)
            guard await state.record(.response(requestId: id, body: String(buffer: body)), for: id) else {
                return json(.badRequest, #"{"errorType":"InvalidRequestID","errorMessage":"Invalid request ID"}"#)
            }
            return json(.accepted, #"{"status":"OK"}"#)
        }
        router.post("/2018-06-01/runtime/invocation/:id/error") { request, context -> Response in
            let id = context.parameters.get("id") ?? ""
            let body = try await request.body.collect(upTo: 1024 * 1024)
            let post = Post.error(requestId: id, errorType: errorTypeHeader(request), body: String(buffer: body))
            guard await state.record(post, for: id) else {
                return json(.badRequest, #"{"errorType":"InvalidRequestID","errorMessage":"Invalid request ID"}"#)
            }
            return json(.accepted, #"{"status":"OK"}"#)
        }
        router.post("/2018-06-01/runtime/init/error") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1024 * 1024)
            _ = await state.record(.initError(errorType: errorTypeHeader(request), body: String(buffer: body)), for: nil)
            return json(.accepted, #"{"status":"OK"}"#)
        }
        return router
    }

    private static func errorTypeHeader(_ request: Request) -> String? {
        request.headers.first { $0.name.canonicalName == "lambda-runtime-function-error-type" }?.value
    }

    private static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Queues an event for `next`.
    func enqueue(_ event: Event) async {
        await state.enqueue(event)
    }

    /// Waits until at least `count` posts have arrived (at most `seconds`, so that a broken runtime fails the test
    /// instead of hanging it) and returns them in arrival order.
    func posts(count: Int, within seconds: Int = 120) async throws -> [Post] {
        let state = state
        let posts = await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                if !Task.isCancelled { await state.expireWaiters() }
            }
            let posts = await state.waitForPosts(count: count)
            group.cancelAll()
            return posts
        }
        guard let posts else {
            throw TimedOut(description: "no \(count) posts within \(seconds) s; got \(await state.posts)")
        }
        return posts
    }

    /// The posts so far.
    var posts: [Post] {
        get async { await state.posts }
    }
}

/// The stub's queue of events, the ids it handed out, and what was posted back.
actor StubState {
    private var events: [RuntimeAPIStub.Event] = []
    private var nextWaiters: [CheckedContinuation<RuntimeAPIStub.Event?, Never>] = []
    private var handedOut: Set<String> = []
    private var finished = false
    private(set) var posts: [RuntimeAPIStub.Post] = []
    private var postWaiters: [(count: Int, continuation: CheckedContinuation<[RuntimeAPIStub.Post]?, Never>)] = []

    func enqueue(_ event: RuntimeAPIStub.Event) {
        if !nextWaiters.isEmpty {
            handedOut.insert(event.requestId)
            nextWaiters.removeFirst().resume(returning: event)
        } else {
            events.append(event)
        }
    }

    /// The next event, waiting for one; nil once the stub is finishing.
    func nextEvent() async -> RuntimeAPIStub.Event? {
        if finished { return nil }
        if !events.isEmpty {
            let event = events.removeFirst()
            handedOut.insert(event.requestId)
            return event
        }
        return await withCheckedContinuation { nextWaiters.append($0) }
    }

    /// Records a post; false (and nothing recorded) for a request id that was never handed out.
    func record(_ post: RuntimeAPIStub.Post, for requestId: String?) -> Bool {
        if let requestId, !handedOut.contains(requestId) { return false }
        posts.append(post)
        let ready = postWaiters.filter { posts.count >= $0.count }
        postWaiters.removeAll { posts.count >= $0.count }
        for waiter in ready { waiter.continuation.resume(returning: posts) }
        return true
    }

    func waitForPosts(count: Int) async -> [RuntimeAPIStub.Post]? {
        if posts.count >= count { return posts }
        return await withCheckedContinuation { postWaiters.append((count, $0)) }
    }

    func finish() {
        finished = true
        for waiter in nextWaiters { waiter.resume(returning: nil) }
        nextWaiters.removeAll()
        expireWaiters()
    }

    /// Ends every wait for posts with nil.
    func expireWaiters() {
        for waiter in postWaiters { waiter.continuation.resume(returning: nil) }
        postWaiters.removeAll()
    }
}
