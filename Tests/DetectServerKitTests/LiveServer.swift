import DetectServerKit
import Foundation
import TestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real detect-server application on 127.0.0.1 port 0, for the length of `body`.
struct LiveServer {
    let baseURL: URL
    let session: URLSession
    let shutdown: @Sendable () async -> Void

    static func with<T: Sendable>(
        _ configure: (inout DetectServerConfiguration) -> Void = { _ in },
        _ body: (LiveServer) async throws -> T
    ) async throws -> T {
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.httpMaximumConnectionsPerHost = 32
        sessionConfiguration.timeoutIntervalForRequest = 60
        let session = URLSession(configuration: sessionConfiguration)
        return try await LiveDetectServer.run(configure) { running in
            try await body(LiveServer(baseURL: URL(string: running.baseURL)!, session: session, shutdown: running.shutdown))
        }
    }

    /// POSTs raw bytes to the detection endpoint.
    func post(_ body: Data) async throws -> APIReply {
        var request = URLRequest(url: baseURL.appendingPathComponent("api/object_detection"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        return APIReply(status: (response as! HTTPURLResponse).statusCode, body: data)
    }

    /// POSTs `{"id": id, "image": base64(image)}`.
    func detect(id: String, image: Data) async throws -> APIReply {
        try await post(try JSONSerialization.data(withJSONObject: ["id": id, "image": image.base64EncodedString()]))
    }

    func get(_ path: String) async throws -> (status: Int, headers: [AnyHashable: Any], body: String) {
        let (data, response) = try await session.data(from: baseURL.appendingPathComponent(path))
        let http = response as! HTTPURLResponse
        return (http.statusCode, http.allHeaderFields, String(decoding: data, as: UTF8.self))
    }
}

/// A status and a body, Sendable so that replies can cross tasks.
struct APIReply: Sendable {
    var status: Int
    var body: Data

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var pair: (status: Int, json: [String: Any]) { (status, json) }
}
