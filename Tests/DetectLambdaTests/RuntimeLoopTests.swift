import AWSKitLite
import DetectLambda
import Foundation
import Logging
import Testing
import TestSupport

/// The Lambda Runtime API loop against a Runtime API stub on loopback: events handed out by `next` come back on the
/// response or error endpoint under their request id, and an init failure goes to init/error. The loop runs
/// in-process with a recording handler, and as the real `detect-server lambda` process.
@Suite("Runtime API loop")
struct RuntimeLoopTests {
    /// Echoes the event with the context it was given; `fail` and `crash` events throw.
    struct RecordingHandler: LambdaEventHandler {
        struct Refused: LambdaFunctionError {
            var errorType: String { "Test.Refused" }
            var description: String { "refused on purpose" }
        }

        struct Crash: Error {}

        func handle(event: [UInt8], context: InvocationContext) async throws -> [UInt8] {
            let text = String(decoding: event, as: UTF8.self)
            if text == "fail" { throw Refused() }
            if text == "crash" { throw Crash() }
            let reply: [String: Any] = [
                "event": text, "request_id": context.requestId,
                "deadline_ms": context.deadlineMilliseconds ?? -1, "arn": context.invokedFunctionArn ?? "",
                "trace": context.traceId ?? "",
            ]
            return Array(try JSONSerialization.data(withJSONObject: reply, options: [.sortedKeys]))
        }
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test("events are handed out in order; results go to response, failures to error with their type")
    func loopInProcess() async throws {
        try await RuntimeAPIStub.with { stub in
            let loop = LambdaRuntimeLoop(client: LambdaRuntimeClient(endpoint: stub.endpoint), logger: Logger(label: "test"))
            let running = Task { try await loop.run(handler: RecordingHandler()) }
            defer { running.cancel() }
            await stub.enqueue(.init(requestId: "req-1", payload: Array("first".utf8)))
            await stub.enqueue(.init(requestId: "req-2", payload: Array("fail".utf8), traceId: nil))
            await stub.enqueue(.init(requestId: "req-3", payload: Array("crash".utf8)))
            let posts = try await stub.posts(count: 3)
            // Queued after the loop has answered the first three: `next` waits for it, as in Lambda.
            await stub.enqueue(.init(requestId: "req-4", payload: Array("{\"late\": true}".utf8), deadlineMilliseconds: 42))
            let all = try await stub.posts(count: 4)
            running.cancel()
            try await running.value

            guard case .response(let firstId, let firstBody) = posts[0] else { Issue.record("\(posts[0])"); return }
            #expect(firstId == "req-1")
            let first = Self.json(firstBody)
            #expect(first["event"] as? String == "first")
            #expect(first["request_id"] as? String == "req-1")
            #expect(first["deadline_ms"] as? Int == 1_900_000_000_000)
            #expect(first["arn"] as? String == "arn:aws:lambda:us-east-1:123456789012:function:detect")
            #expect(first["trace"] as? String == "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")

            guard case .error(let secondId, let secondType, let secondBody) = posts[1] else { Issue.record("\(posts[1])"); return }
            #expect(secondId == "req-2")
            #expect(secondType == "Test.Refused")
            let second = Self.json(secondBody)
            #expect(second["errorType"] as? String == "Test.Refused")
            #expect(second["errorMessage"] as? String == "refused on purpose")

            guard case .error(let thirdId, let thirdType, let thirdBody) = posts[2] else { Issue.record("\(posts[2])"); return }
            #expect(thirdId == "req-3")
            #expect(thirdType == "Runtime.HandlerError")
            #expect((Self.json(thirdBody)["errorMessage"] as? String)?.contains("Crash") == true)

            guard case .response(let lateId, let lateBody) = all[3] else { Issue.record("\(all[3])"); return }
            #expect(lateId == "req-4")
            #expect(Self.json(lateBody)["event"] as? String == "{\"late\": true}")
            #expect(Self.json(lateBody)["deadline_ms"] as? Int == 42)
        }
    }

    @Test("an init failure is posted to init/error with its type and rethrown")
    func initErrorInProcess() async throws {
        try await RuntimeAPIStub.with { stub in
            let loop = LambdaRuntimeLoop(client: LambdaRuntimeClient(endpoint: stub.endpoint), logger: Logger(label: "test"))
            await #expect(throws: DetectLambdaError.missingEnvironment(variable: "DETECT_TABLE", purpose: "x")) {
                _ = try await loop.initialize { () throws -> RecordingHandler in
                    throw DetectLambdaError.missingEnvironment(variable: "DETECT_TABLE", purpose: "x")
                }
            }
            let posts = try await stub.posts(count: 1)
            guard case .initError(let type, let body) = posts[0] else { Issue.record("\(posts)"); return }
            #expect(type == "DetectLambda.MissingEnvironment")
            #expect(Self.json(body)["errorType"] as? String == "DetectLambda.MissingEnvironment")
            #expect((Self.json(body)["errorMessage"] as? String)?.contains("DETECT_TABLE") == true)
        }
    }

    @Test("detect-server lambda with a missing model reports init/error and exits non-zero")
    func missingModelProcess() async throws {
        try await RuntimeAPIStub.with { stub in
            var environment = DetectServerProcess.baseEnvironment()
            environment["AWS_LAMBDA_RUNTIME_API"] = stub.endpoint
            environment["DETECT_TABLE"] = "detections"
            environment["AWS_REGION"] = "us-east-1"
            environment["YOLO_MODEL_DIR"] = "/nonexistent/yolo-model"
            let process = try DetectServerProcess(arguments: ["lambda"], environment: environment)
            let posts = try await stub.posts(count: 1)
            let status = await process.waitForExit()
            #expect(status == 1, "exit status; stderr: \(process.stderr)")
            guard case .initError(let type, let body) = posts[0] else { Issue.record("\(posts)"); return }
            #expect(type == "DetectLambda.ModelLoadFailed")
            #expect((Self.json(body)["errorMessage"] as? String)?.contains("/nonexistent/yolo-model/yolov3-tiny") == true, "\(body)")
            #expect(process.stderr.contains("model file missing"))
        }
    }

    @Test("detect-server lambda without DETECT_TABLE reports init/error and exits non-zero")
    func missingTableProcess() async throws {
        try await RuntimeAPIStub.with { stub in
            var environment = DetectServerProcess.baseEnvironment()
            environment["AWS_LAMBDA_RUNTIME_API"] = stub.endpoint
            environment["AWS_REGION"] = "us-east-1"
            let process = try DetectServerProcess(arguments: ["lambda"], environment: environment)
            let posts = try await stub.posts(count: 1)
            #expect(await process.waitForExit() == 1, "stderr: \(process.stderr)")
            guard case .initError(let type, let body) = posts[0] else { Issue.record("\(posts)"); return }
            #expect(type == "DetectLambda.MissingEnvironment")
            #expect((Self.json(body)["errorMessage"] as? String)?.contains("DETECT_TABLE") == true)
        }
    }

    @Test("detect-server lambda answers each event through the Runtime API: a summary, or an error for a bad event")
    func eventsProcess() async throws {
        try await RuntimeAPIStub.with { stub in
            var environment = DetectServerProcess.baseEnvironment()
            environment["AWS_LAMBDA_RUNTIME_API"] = stub.endpoint
            environment["DETECT_TABLE"] = "detections"
            environment["AWS_REGION"] = "us-east-1"
            let process = try DetectServerProcess(arguments: ["lambda"], environment: environment)
            defer { process.terminate() }
            // Records this function skips need no AWS call, so no emulator is involved here.
            let skipped = """
                {"Records": [{"eventSource": "aws:s3", "eventName": "ObjectRemoved:Delete",
                  "s3": {"bucket": {"name": "b"}, "object": {"key": "images/a/dog.jpg"}}},
                  {"eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
                  "s3": {"bucket": {"name": "b"}, "object": {"key": "elsewhere/dog.jpg"}}}]}
                """
            await stub.enqueue(.init(requestId: "skip-1", payload: Array(skipped.utf8)))
            await stub.enqueue(.init(requestId: "bad-2", payload: Array("this is not json".utf8)))
            await stub.enqueue(.init(requestId: "empty-3", payload: Array("{}".utf8)))
            let posts = try await stub.posts(count: 3)
            process.terminate()
            _ = await process.waitForExit()

            #expect(posts[0] == .response(requestId: "skip-1", body: #"{"failed":0,"items":[],"processed":0,"skipped":2}"#))
            guard case .error(let id, let type, let body) = posts[1] else { Issue.record("\(posts)"); return }
            #expect(id == "bad-2")
            #expect(type == "DetectLambda.InvalidEvent")
            #expect((Self.json(body)["errorMessage"] as? String)?.contains("not JSON") == true)
            #expect(posts[2] == .response(requestId: "empty-3", body: #"{"failed":0,"items":[],"processed":0,"skipped":0}"#))
            #expect(process.stderr.contains("skipped record"))
            #expect(process.stderr.contains("ObjectRemoved:Delete is not ObjectCreated"))
            #expect(process.stderr.contains("not under images/<id>/"))
        }
    }
}
