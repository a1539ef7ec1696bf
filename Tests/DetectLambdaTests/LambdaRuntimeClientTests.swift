import AWSKitLite
import DetectLambda
import Foundation
import TestSupport
import Testing

/// LambdaRuntimeClient against a stub of the Runtime API that answers as documented at
/// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html and records what the client sent.
@Suite struct LambdaRuntimeClientTests {
    private static let event = #"{"Records":[{"s3":{"object":{"key":"a.jpg"}}}]}"#

    private func runtimeAPI() async throws -> StubHTTPServer {
        try await StubHTTPServer.start { request in
            switch (request.method, request.path) {
            case ("GET", "/2018-06-01/runtime/invocation/next"):
                return .init(status: 200, headers: [
                    (name: "Lambda-Runtime-Aws-Request-Id", value: "8476a536-e9f4-11e8-9739-2dfe598c3fcd"),
                    (name: "Lambda-Runtime-Deadline-Ms", value: "1542409706888"),
                    (name: "Lambda-Runtime-Invoked-Function-Arn", value: "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime"),
                    (name: "Lambda-Runtime-Trace-Id", value: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"),
                    (name: "Content-Type", value: "application/json"),
                ], text: Self.event)
            case ("POST", let path) where path.hasSuffix("/response") || path.hasSuffix("/error") || path == "/2018-06-01/runtime/init/error":
                if path.contains("/unknown-id/") {
                    return .init(status: 400, headers: [(name: "Content-Type", value: "application/json")],
                                 text: #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#)
                }
                return .init(status: 202, text: #"{"status":"OK"}"#)
            default:
                return .init(status: 404, text: "not found")
            }
        }
    }

    @Test func nextInvocationReadsEveryHeaderAndTheEvent() async throws {
        let server = try await runtimeAPI()
        defer { server.stop() }
        let client = LambdaRuntimeClient(endpoint: "127.0.0.1:\(server.port)")
        let invocation = try await client.nextInvocation()
        #expect(invocation.requestId == "8476a536-e9f4-11e8-9739-2dfe598c3fcd")
        #expect(invocation.deadlineMilliseconds == 1_542_409_706_888)
        #expect(invocation.invokedFunctionArn == "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime")
        #expect(invocation.traceId == "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1")
        #expect(String(decoding: invocation.payload, as: UTF8.self) == Self.event)
        #expect(server.requests.first?.header("Authorization") == nil)
    }

    @Test func nextWaitsLongerThanTheClientsDefaultTimeout() async throws {
        let server = try await StubHTTPServer.start { _ in
            try? await Task.sleep(for: .milliseconds(600))
            return .init(status: 200, headers: [
                (name: "Lambda-Runtime-Aws-Request-Id", value: "slow"),
                (name: "Lambda-Runtime-Deadline-Ms", value: "1"),
                (name: "Lambda-Runtime-Invoked-Function-Arn", value: "arn"),
            ], text: "{}")
        }
        defer { server.stop() }
        // A client whose ordinary requests time out after 100 ms still waits for /next.
        let http = HTTPClient(configuration: .init(connectTimeout: .seconds(5), requestTimeout: .milliseconds(100)))
        defer { http.shutdown() }
        let invocation = try await LambdaRuntimeClient(endpoint: "127.0.0.1:\(server.port)", httpClient: http).nextInvocation()
        #expect(invocation.requestId == "slow")
    }

    @Test func responsePostsTheBodyToTheRequestsPath() async throws {
        let server = try await runtimeAPI()
        defer { server.stop() }
        let client = LambdaRuntimeClient(endpoint: "127.0.0.1:\(server.port)")
        try await client.sendResponse(requestId: "abc-123", body: Array(#"{"detections":[]}"#.utf8))
        let sent = try #require(server.requests.last)
        #expect(sent.method == "POST")
        #expect(sent.target == "/2018-06-01/runtime/invocation/abc-123/response")
        #expect(String(decoding: sent.body, as: UTF8.self) == #"{"detections":[]}"#)
    }

    @Test func errorReportsCarryTheTypeHeaderAndJSONBody() async throws {
        let server = try await runtimeAPI()
        defer { server.stop() }
        let client = LambdaRuntimeClient(endpoint: "127.0.0.1:\(server.port)")
        let report = LambdaErrorReport(errorType: "ImageDecodingError", errorMessage: "not a JPEG", stackTrace: ["frame 1"])
        try await client.sendError(requestId: "abc-123", report: report)
        try await client.sendInitializationError(report: report)
        let sent = server.requests
        try #require(sent.count == 2)
        #expect(sent[0].target == "/2018-06-01/runtime/invocation/abc-123/error")
        #expect(sent[1].target == "/2018-06-01/runtime/init/error")
        for request in sent {
            #expect(request.header("Lambda-Runtime-Function-Error-Type") == "ImageDecodingError")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
            #expect(object["errorType"] as? String == "ImageDecodingError")
            #expect(object["errorMessage"] as? String == "not a JPEG")
            #expect(object["stackTrace"] as? [String] == ["frame 1"])
        }
    }

    @Test func refusalIsATypedError() async throws {
        let server = try await runtimeAPI()
        defer { server.stop() }
        let client = LambdaRuntimeClient(endpoint: "127.0.0.1:\(server.port)")
        let error = try await #require(throws: LambdaRuntimeAPIError.self) {
            try await client.sendResponse(requestId: "unknown-id", body: [])
        }
        #expect(error == LambdaRuntimeAPIError(call: "response", statusCode: 400, errorType: "InvalidRequestID", errorMessage: "Invalid request ID"))
    }

    @Test func endpointComesFromTheEnvironment() {
        #expect(LambdaRuntimeClient(environment: [:]) == nil)
        #expect(LambdaRuntimeClient(environment: ["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001"])?.endpoint == "127.0.0.1:9001")
    }
}
