import AWSKitLite
import Foundation
import TestSupport

/// Requests built and signed by hand, for the answers a service client would turn into an error before a test
/// could read their headers and body.
enum RawRequests {
    /// `method path?query` on the proxy, signed for `service` with MiniStack's test user at `date`.
    static func send(
        _ method: String, _ path: String, query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
        body: [UInt8] = [], service: String, via proxy: AWSBehaviourProxy, date: Date = Date()
    ) async throws -> HTTPResponse {
        let endpoint = try require(EndpointURL(proxy.endpoint), "the proxy endpoint as a URL")
        var request = endpoint.request(method: method, path: path, query: query, headers: headers, body: body)
        SigV4Signer(credentials: try Emulator.ministack.credentials(), region: "us-east-1", service: service).sign(&request, date: date)
        return try await HTTPClient.shared.execute(request)
    }

    /// The text of the first `<name>` element of an XML body.
    static func xmlText(_ name: String, in response: HTTPResponse) -> String? {
        let body = String(decoding: response.body, as: UTF8.self)
        guard let start = body.range(of: "<\(name)>"), let end = body.range(of: "</\(name)>", range: start.upperBound..<body.endIndex)
        else { return nil }
        return String(body[start.upperBound..<end.lowerBound])
    }

    /// A JSON body as a dictionary.
    static func json(_ response: HTTPResponse) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
    }
}

struct Missing: Error, CustomStringConvertible {
    var description: String
}

/// `value`, or `Missing` naming what was expected.
func require<Value>(_ value: Value?, _ what: String) throws -> Value {
    guard let value else { throw Missing(description: "missing: \(what)") }
    return value
}
