import Foundation
import Testing
import TestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `detect-server serve`'s default, `--opencv-threads shared`, replaces OpenCV's parallel backend for the whole
/// process, which OpenCV allows only before any other OpenCV work: so it is tested through the real executable,
/// in a process of its own (the in-process servers of the other suites run OpenCV's own backend).
@Suite("Core sharing")
struct CoreSharingTests {
    @Test("With the cores shared, lone requests and 8 concurrent clients get exactly the golden objects")
    func sharedCoresKeepGoldens() async throws {
        let golden = try Fixtures.golden("golden_conf0.5_nms0.4.json")
        let images = try golden.images.map { ($0, try Fixtures.image($0.file)) }
        try await ServeProcess.with(arguments: ["--workers", "2", "--opencv-threads", "shared"]) { server in
            for (expected, bytes) in images {
                let (status, json) = try await server.detect(id: expected.file, image: bytes).pair
                #expect(status == 200, "\(expected.file)")
                let objects = json["objects"] as? [[String: Any]] ?? []
                #expect(objects.map { $0["box"] as? [Int] } == expected.objects.map(\.box), "\(expected.file)")
                #expect(objects.map { $0["class_id"] as? Int } == expected.objects.map(\.class_id), "\(expected.file)")
                for (object, reference) in zip(objects, expected.objects) {
                    #expect(abs((object["accuracy"] as? Double ?? -1) - reference.accuracy) <= 1e-4, "\(expected.file)")
                }
            }
            let requests = images.count * 4
            let correct = try await withThrowingTaskGroup(of: Int.self) { group in
                for client in 0..<8 {
                    group.addTask {
                        var correct = 0
                        for request in stride(from: client, to: requests, by: 8) {
                            let (expected, bytes) = images[request % images.count]
                            let (status, json) = try await server.detect(id: "r\(request)", image: bytes).pair
                            let boxes = (json["objects"] as? [[String: Any]] ?? []).map { $0["box"] as? [Int] }
                            if status == 200, boxes == expected.objects.map(\.box) { correct += 1 }
                        }
                        return correct
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(correct == requests)
        }
    }

    @Test("A fixed thread count still works through the same option")
    func fixedThreads() async throws {
        let golden = try Fixtures.golden("golden_conf0.5_nms0.4.json")
        let expected = try #require(golden.images.first)
        try await ServeProcess.with(arguments: ["--workers", "1", "--opencv-threads", "2"]) { server in
            let json = try await server.detect(id: "fixed", image: try Fixtures.image(expected.file)).json
            #expect((json["objects"] as? [[String: Any]] ?? []).map { $0["box"] as? [Int] } == expected.objects.map(\.box))
        }
    }

    @Test("An --opencv-threads that is neither 'shared' nor a count is refused in one line, before loading anything")
    func badValueRefused() async throws {
        let process = try DetectServerProcess(
            arguments: ["serve", "--port", "0", "--opencv-threads", "lots"], environment: DetectServerProcess.baseEnvironment())
        #expect(await process.waitForExit() == 64)
        #expect(process.stderr.contains("--opencv-threads"))
    }
}

/// `detect-server serve` as a child process on the port the OS gives it, for the length of `body`; stopped with
/// SIGTERM afterwards, which must end it with status 0.
private enum ServeProcess {
    static func with(arguments: [String], _ body: (LiveServer) async throws -> Void) async throws {
        let served = try await ServedBinary.start(arguments, logLevel: "notice")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        configuration.timeoutIntervalForRequest = 120
        let server = LiveServer(
            baseURL: URL(string: "http://127.0.0.1:\(served.port)")!, session: URLSession(configuration: configuration), shutdown: {})
        do {
            try await body(server)
        } catch {
            _ = await served.stop()
            throw error
        }
        #expect(await served.stop() == 0, "detect-server log: \(served.process.stderr)")
    }
}
