import AWSKitLite
import Foundation
import TestSupport
import Testing

/// HTTPClient against a loopback server that records exactly what arrived on the wire.
@Suite struct HTTPClientTests {
    private func echoServer() async throws -> StubHTTPServer {
        try await StubHTTPServer.start { request in
            .init(status: 201, headers: [(name: "X-Echo-Method", value: request.method), (name: "X-Multi", value: "a")],
                  body: Array("\(request.method) \(request.target) \(request.body.count)".utf8))
        }
    }

    private func request(_ method: String, port: Int, path: String = "/", query: [(name: String, value: String)] = [],
                         headers: [(name: String, value: String)] = [], body: [UInt8] = []) -> HTTPRequest {
        HTTPRequest(method: method, scheme: "http", host: "127.0.0.1", port: port, path: path, query: query, headers: headers, body: body)
    }

    @Test func getReturnsStatusHeadersAndBody() async throws {
        let server = try await echoServer()
        defer { server.stop() }
        let response = try await HTTPClient.shared.execute(request("GET", port: server.port, path: "/hello", query: [(name: "a", value: "1")]))
        #expect(response.status == 201)
        #expect(response.header("x-echo-method") == "GET")
        #expect(String(decoding: response.body, as: UTF8.self) == "GET /hello?a=1 0")
        let received = try #require(server.requests.first)
        #expect(received.header("Host") == "127.0.0.1:\(server.port)")
        #expect(received.header("Content-Length") == nil)
        #expect(received.header("Content-Type") == nil)
    }

    @Test func bodiesAndMethodsArriveExactly() async throws {
        let server = try await echoServer()
        defer { server.stop() }
        let payload = (0..<70_000).map { UInt8($0 % 251) }
        _ = try await HTTPClient.shared.execute(request("PUT", port: server.port, path: "/put",
                                                        headers: [(name: "Content-Type", value: "image/jpeg")], body: payload))
        _ = try await HTTPClient.shared.execute(request("POST", port: server.port, path: "/empty-post"))
        _ = try await HTTPClient.shared.execute(request("DELETE", port: server.port, path: "/delete"))
        let head = try await HTTPClient.shared.execute(request("HEAD", port: server.port, path: "/head"))
        #expect(head.body.isEmpty)
        let received = server.requests
        try #require(received.count == 4)
        #expect(received[0].method == "PUT" && received[0].body == payload)
        #expect(received[0].header("Content-Type") == "image/jpeg")
        #expect(received[0].header("Expect") == nil)
        #expect(received[1].method == "POST" && received[1].header("Content-Length") == "0")
        #expect(received[1].header("Content-Type") == nil)
        #expect(received[2].method == "DELETE" && received[2].header("Content-Length") == nil)
        #expect(received[3].method == "HEAD")
    }

    @Test func pathIsSentAWSEncodedAndUnnormalized() async throws {
        let server = try await echoServer()
        defer { server.stop() }
        _ = try await HTTPClient.shared.execute(request("GET", port: server.port, path: "/bucket/a b+ü=&/./../x",
                                                        query: [(name: "prefix", value: "dir/")]))
        #expect(server.requests.first?.target == "/bucket/a%20b%2B%C3%BC%3D%26/./../x?prefix=dir%2F")
    }

    @Test func emptyHeaderValueIsSent() async throws {
        let server = try await echoServer()
        defer { server.stop() }
        _ = try await HTTPClient.shared.execute(request("GET", port: server.port, headers: [(name: "X-Empty", value: "")]))
        #expect(server.requests.first?.headers.contains { $0.name == "X-Empty" && $0.value.isEmpty } == true)
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = try await echoServer()
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        for index in 0..<20 {
            let response = try await client.execute(request("GET", port: server.port, path: "/\(index)"))
            #expect(String(decoding: response.body, as: UTF8.self) == "GET /\(index) 0")
        }
        #expect(server.acceptedConnections == 1)
    }

    @Test func manyConcurrentRequestsEachGetTheirOwnResponse() async throws {
        let server = try await echoServer()
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let count = 300
        let mismatches = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<count {
                group.addTask {
                    let body = Array(repeating: UInt8(ascii: "x"), count: index)
                    let response = try await client.execute(self.request("POST", port: server.port, path: "/r\(index)", body: body))
                    return String(decoding: response.body, as: UTF8.self) == "POST /r\(index) \(index)"
                }
            }
            var mismatches = 0
            for try await matched in group where !matched { mismatches += 1 }
            return mismatches
        }
        #expect(mismatches == 0)
        #expect(server.requests.count == count)
        #expect((1...64).contains(server.acceptedConnections))
    }

    @Test func refusedConnectionIsTypedAndHidesTheQuery() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let error = try await #require(throws: HTTPClientError.self) {
            try await HTTPClient.shared.execute(self.request("GET", port: port, path: "/obj",
                                                             query: [(name: "X-Amz-Signature", value: "deadbeef")]))
        }
        #expect(error.kind == .connectionRefused)
        #expect(error.url == "http://127.0.0.1:\(port)/obj")
        #expect(!error.description.contains("deadbeef"))
        #expect(error.isTransient)
    }

    @Test func slowServerHitsTheTotalTimeout() async throws {
        let server = try await StubHTTPServer.start { _ in
            try? await Task.sleep(for: .seconds(2))
            return .init(text: "late")
        }
        defer { server.stop() }
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(5), requestTimeout: .milliseconds(200)))
        defer { client.shutdown() }
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.execute(self.request("GET", port: server.port))
        }
        #expect(error.kind == .timeout)
    }

    @Test func cancellingTheTaskAbandonsTheRequest() async throws {
        // The server answers only once the test is over, so the cancellation always comes first, however slow the machine.
        let (testOver, over) = AsyncStream.makeStream(of: Never.self)
        let (arrivals, arrival) = AsyncStream.makeStream(of: Void.self)
        let server = try await StubHTTPServer.start { _ in
            arrival.yield()
            for await _ in testOver {}
            return .init(text: "late")
        }
        defer {
            over.finish()
            server.stop()
        }
        let task = Task {
            defer { arrival.finish() }
            return try await HTTPClient.shared.execute(self.request("GET", port: server.port), timeout: .none)
        }
        // The request is at the server (or the client failed first, which ends the stream and fails the test here).
        try #require(await arrivals.first { _ in true } != nil)
        task.cancel()
        let result = await task.result
        #expect(throws: HTTPClientError(kind: .cancelled, method: "GET", url: "http://127.0.0.1:\(server.port)/")) {
            try result.get()
        }
    }

    @Test func shutDownClientRefusesNewRequests() async throws {
        let client = HTTPClient()
        client.shutdown()
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.execute(self.request("GET", port: 9))
        }
        #expect(error.kind == .shutdown)
    }
}
