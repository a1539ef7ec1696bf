import DetectClientKit
import Testing

/// How `--endpoint` is read.
@Suite struct DetectionEndpointTests {
    @Test func baseURLMeansTheContractPath() throws {
        #expect(try DetectionEndpoint("http://127.0.0.1:8080").description == "http://127.0.0.1:8080/api/object_detection")
        #expect(try DetectionEndpoint("http://127.0.0.1:8080/").path == "/api/object_detection")
        let endpoint = try DetectionEndpoint("HTTPS://example.com")
        #expect(endpoint.scheme == "https")
        #expect(endpoint.port == nil)
    }

    @Test func aPathIsKept() throws {
        let endpoint = try DetectionEndpoint("http://localhost:5000/detect")
        #expect(endpoint.path == "/detect")
        #expect(endpoint.port == 5000)
        #expect(endpoint.request(body: [1, 2]).urlString == "http://localhost:5000/detect")
        #expect(endpoint.request(body: []).method == "POST")
    }

    @Test(arguments: ["localhost:8080", "ftp://host/x", "http://", "not a url", "http://h:1/p?q=1"])
    func malformedURLsAreRefused(_ text: String) {
        #expect(throws: DetectionEndpointError(url: text)) { try DetectionEndpoint(text) }
    }
}
