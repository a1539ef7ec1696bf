import Foundation
import Testing
import TestSupport

/// `detect-server serve`'s connection limits against hostile clients, over real sockets. Each test waits for a
/// state (a closed socket, a counter in /metrics); the only time bound is a generous deadline for the server to act.
@Suite("Connection limits")
struct ConnectionLimitsTests {
    static let generous = Duration.seconds(30)

    @Test("A slowloris head (a byte now and then) is closed after --header-timeout, however long it keeps trickling")
    func slowHeadClosed() async throws {
        let server = try await ServedBinary.start(["--header-timeout", "1"])
        let connection = try server.connect()
        try connection.send("POST /api/object_detection HTTP/1.1\r\n")
        let started = ContinuousClock.now
        var closed = false
        while !closed, ContinuousClock.now - started < Self.generous {
            try? connection.send("X")
            closed = connection.readUntilClosed(within: .milliseconds(200)).closed
        }
        #expect(closed, "the trickling head was never closed")
        #expect(try await server.waitForMetric(#"detect_connections_closed_total{limit="header_timeout"}"#) { $0 >= 1 } >= 1)
        #expect(await server.stop() == 0)
    }

    @Test("A stalled body is closed after --body-timeout; a slow body above --min-body-rate is read to the end")
    func stalledBodyClosedSlowBodyKept() async throws {
        let server = try await ServedBinary.start(["--body-timeout", "1", "--min-body-rate", "1000"])
        let stalled = try server.connect()
        try stalled.send("POST /api/object_detection HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"id\": \"")
        let slow = try server.connect()
        let body = "{\"id\": \"slow\", \"image\": \"" + String(repeating: "A", count: 5000) + "\"}"
        try slow.send("POST /api/object_detection HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        // 250 bytes every 100 ms is about 2,500 bytes/s, for about 2 s: twice the body timeout.
        for chunk in stride(from: 0, to: body.utf8.count, by: 250) {
            try slow.send(Data(body.utf8.dropFirst(chunk).prefix(250)))
            _ = slow.readUntilClosed(within: .milliseconds(100))
        }
        let answer = slow.readResponse(within: Self.generous)
        #expect(answer?.hasPrefix("HTTP/1.1 4") == true, "the slow body got no answer: \(answer ?? "closed")")
        #expect(stalled.readUntilClosed(within: Self.generous).closed, "the stalled body was never closed")
        #expect(try await server.waitForMetric(#"detect_connections_closed_total{limit="body_timeout"}"#) { $0 >= 1 } == 1)
        #expect(await server.stop() == 0)
    }

    @Test("An idle keep-alive connection is closed after --idle-timeout; a silent new one after --header-timeout")
    func idleClosed() async throws {
        let server = try await ServedBinary.start(["--idle-timeout", "1", "--header-timeout", "1"])
        let idle = try server.connect()
        try idle.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(idle.readResponse(within: Self.generous)?.hasPrefix("HTTP/1.1 200") == true)
        let silent = try server.connect()
        #expect(idle.readUntilClosed(within: Self.generous).closed, "the idle connection was never closed")
        #expect(silent.readUntilClosed(within: Self.generous).closed, "the silent connection was never closed")
        #expect(try await server.waitForMetric(#"detect_connections_closed_total{limit="idle_timeout"}"#) { $0 >= 1 } >= 1)
        #expect(try await server.waitForMetric(#"detect_connections_closed_total{limit="header_timeout"}"#) { $0 >= 1 } >= 1)
        #expect(await server.stop() == 0)
    }

    @Test("Beyond --max-connections new connections get 503 and are closed, open files stay bounded, admitted ones are served")
    func connectionCap() async throws {
        let cap = 8
        let server = try await ServedBinary.start(["--max-connections", String(cap), "--header-timeout", "600"])
        let filesBefore = server.openFiles
        var admitted: [RawConnection] = []
        for _ in 0..<(cap - 1) { admitted.append(try server.connect()) }
        // The metrics request is the cap-th connection.
        #expect(try await server.waitForMetric("detect_connections_open") { $0 == Double(cap) } == Double(cap))
        // Its slot frees when the server has seen it close, so the first extra connection may still be admitted.
        var answers: [String] = []
        for _ in 0..<40 {
            let extra = try server.connect()
            try? extra.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            guard let answer = extra.readResponse(within: Self.generous) else { continue }
            answers.append(answer)
            if answer.hasPrefix("HTTP/1.1 503") {
                #expect(answer.contains("too many open connections"))
                #expect(extra.readUntilClosed(within: Self.generous).closed)
            } else {
                admitted.append(extra)
            }
        }
        #expect(answers.filter { $0.hasPrefix("HTTP/1.1 200") }.count <= 1)
        #expect(answers.filter { $0.hasPrefix("HTTP/1.1 503") }.count >= 39)
        // Every refused connection's descriptor is released once both sides have closed it.
        let deadline = ContinuousClock.now + Self.generous
        while server.openFiles > filesBefore + cap, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(server.openFiles <= filesBefore + cap, "open files: \(filesBefore) before, \(server.openFiles) after")
        try admitted[0].send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(admitted[0].readResponse(within: Self.generous)?.hasPrefix("HTTP/1.1 200") == true)
        admitted.removeLast()
        let refused = try await server.waitForMetric(#"detect_connections_refused_total{limit="max_connections"}"#) { !$0.isNaN }
        #expect(refused >= 39)
        #expect(await server.stop() == 0)
    }

    @Test("Stalled bodies hold no more memory than --max-buffered-body-mb allows (20 of 20 MiB − 10 bytes)")
    func stalledBodiesBounded() async throws {
        let server = try await ServedBinary.start(["--max-buffered-body-mb", "40", "--body-timeout", "600", "--drain-timeout", "1"])
        _ = try server.request("GET", "/health")
        let before = server.residentBytes
        let length = 20 * 1024 * 1024
        let head = Data("POST /api/object_detection HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n\r\n".utf8)
        let almostAll = Data(repeating: UInt8(ascii: "A"), count: length - 10)
        var stalled: [RawConnection] = []
        for _ in 0..<20 {
            let connection = try server.connect()
            try connection.send(head + almostAll)
            stalled.append(connection)
        }
        // 18 of them were answered 503 at once; two are buffering 20 MiB each.
        #expect(try await server.waitForMetric(#"detect_bodies_refused_total{limit="max_buffered_body"}"#) { $0 >= 18 } >= 18)
        let grown = server.residentBytes - before
        #expect(grown < 200 * 1024 * 1024, "RSS grew by \(grown / 1024 / 1024) MiB")
        #expect(try server.request("GET", "/health").hasPrefix("HTTP/1.1 200"))
        #expect(await server.stop(within: 60) == 0)
    }

    @Test("SIGTERM with a stalled body still being read ends the process within --drain-timeout")
    func drainDeadline() async throws {
        let server = try await ServedBinary.start(["--drain-timeout", "2", "--body-timeout", "600"])
        let stalled = try server.connect()
        try stalled.send("POST /api/object_detection HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":")
        // The stalled connection and the metrics request itself.
        #expect(try await server.waitForMetric("detect_connections_open") { $0 >= 2 } >= 2)
        let status = await server.stop(within: 30)
        #expect(status == 0, "exit status \(status) (-1: still running after 30 s); log: \(server.process.stderr)")
        #expect(stalled.readUntilClosed(within: Self.generous).closed)
    }

    @Test("HTTP/1.0 without Connection: keep-alive is closed after its answer; with it, the connection is kept")
    func http10() async throws {
        let server = try await ServedBinary.start(["--idle-timeout", "600", "--header-timeout", "600"])
        let plain = try server.connect()
        try plain.send("GET /health HTTP/1.0\r\n\r\n")
        let (data, closed) = plain.readUntilClosed(within: Self.generous)
        #expect(closed, "an HTTP/1.0 connection was kept open")
        #expect(String(decoding: data, as: UTF8.self).contains(" 200 "))
        let kept = try server.connect()
        for _ in 0..<2 {
            try kept.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(kept.readResponse(within: Self.generous)?.contains(" 200 ") == true)
        }
        #expect(await server.stop() == 0)
    }
}
