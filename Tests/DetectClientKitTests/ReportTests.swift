import DetectClientKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import Testing

/// The comparison report from the hand-made pair in Fixtures/report (figures worked out by hand below), and the
/// HTML page parsed as XML.
@Suite struct ReportTests {
    static let directory = Fixtures.root.appendingPathComponent("report").path

    static func inputs() throws -> ReportInputs { try ReportInputs.load(directory: directory) }

    @Test func figuresComeFromThePerImageEntries() throws {
        let inputs = try Self.inputs()
        let comparison = Comparison(local: inputs.local, cloud: inputs.cloud)
        // Local: 4 requests, c.jpg failed. Inference 40 + 60 + 50 = 150, mean 50. Round trips 100, 200, 300:
        // p50 = 200, p95 = 200 + 0.9 × 100 = 290 (h = 1.9), mean 200. Throughput 3 ok / 2.0 s.
        let local = comparison.local
        #expect(local.images == 4 && local.ok == 3 && local.failed == 1 && local.missing == nil)
        #expect(local.totalInferenceMilliseconds == 150)
        #expect(local.averageInferenceMilliseconds == 50)
        #expect(local.latencyP50Milliseconds == 200)
        #expect(local.latencyP95Milliseconds == 290)
        #expect(local.averageLatencyMilliseconds == 200)
        #expect(local.throughputPerSecond == 1.5)
        #expect(local.averageTransferMilliseconds == nil && local.coldStarts == nil)
        // Cloud: 3 images, c.jpg missing. Inference 45 + 55 = 100, mean 50. Uploads 20, 30, 25: mean 25.
        // End-to-end 400, 600: p50 = 500, p95 = 400 + 0.95 × 200 = 590 (h = 0.95). Throughput 2 ok / 4.0 s.
        let cloud = comparison.cloud
        #expect(cloud.images == 3 && cloud.ok == 2 && cloud.failed == 0 && cloud.missing == 1)
        #expect(cloud.totalInferenceMilliseconds == 100)
        #expect(cloud.averageInferenceMilliseconds == 50)
        #expect(cloud.averageTransferMilliseconds == 25)
        #expect(cloud.latencyP50Milliseconds == 500)
        #expect(cloud.latencyP95Milliseconds == 590)
        #expect(cloud.averageLatencyMilliseconds == 500)
        #expect(cloud.throughputPerSecond == 0.5)
        #expect(cloud.coldStarts == 1)
    }

    @Test func objectsAreComparedPerFile() throws {
        let inputs = try Self.inputs()
        let comparison = Comparison(local: inputs.local, cloud: inputs.cloud)
        #expect(comparison.agreement.map(\.file) == ["a.jpg", "b.jpg", "c.jpg"])
        #expect(comparison.agreement.map(\.verdict) == [.same, .different, .notCompared])  // a.jpg: 0.9 vs 0.90005
        #expect(comparison.agreement[1].detail == "object 1: local cat 0.8 [1, 2, 3, 4], cloud cat 0.8 [1, 2, 3, 5]")
        #expect(comparison.agreement[2].detail == "no successful result on either path")
        #expect(comparison.sameObjects == 1 && comparison.differentObjects == 1)
    }

    @Test func markdownHoldsTheTableAndEveryFailure() throws {
        let inputs = try Self.inputs()
        let markdown = MarkdownReport.render(Comparison(local: inputs.local, cloud: inputs.cloud), local: inputs.local, cloud: inputs.cloud)
        for row in [
            "| images processed | 3 of 4 | 2 of 3 |",
            "| failed | 1 | 0 |",
            "| missing | – | 1 |",
            "| total inference time | 150.0 ms | 100.0 ms |",
            "| average inference time | 50.0 ms | 50.0 ms |",
            "| average transfer time (S3 upload) | – | 25.0 ms |",
            "| average round trip / end-to-end | 200.0 ms | 500.0 ms |",
            "| round trip / end-to-end p50 | 200.0 ms | 500.0 ms |",
            "| round trip / end-to-end p95 | 290.0 ms | 590.0 ms |",
            "| throughput | 1.50 images/s | 0.50 images/s |",
            "| cold starts | – | 1 |",
            "1 of 3 images: same objects on both paths; 1 differ; 1 not compared (failed or missing on a path).",
            "| b.jpg | 1 / 1 | different: object 1: local cat 0.8 [1, 2, 3, 4], cloud cat 0.8 [1, 2, 3, 5] |",
            "- local c.jpg (id 33333333-3333-4333-8333-333333333333): HTTP 422: not a decodable JPEG/PNG",
            "- cloud c.jpg (id 77777777-7777-4777-8777-777777777777) missing: no item in table yolo-offload-detections within 60 s after the last upload",
        ] {
            #expect(markdown.contains(row + "\n"), "missing line: \(row)")
        }
    }

    @Test func htmlIsWellFormedAndSelfContained() throws {
        let inputs = try Self.inputs()
        let html = HTMLReport.render(Comparison(local: inputs.local, cloud: inputs.cloud), local: inputs.local, cloud: inputs.cloud)
        let parser = XMLParser(data: Data(html.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "") at line \(parser.lineNumber)")
        #expect(collector.elements.first == "html")
        #expect(collector.elements.filter { $0 == "svg" }.count == 3)
        #expect(collector.elements.filter { $0 == "rect" }.count >= 6)  // bars and legend swatches
        #expect(collector.elements.filter { $0 == "polyline" }.count == 2)  // one distribution line per path
        #expect(!collector.elements.contains("script"))
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("@import"))  // nothing fetched
        #expect(collector.text.contains("290.0 ms") && collector.text.contains("590.0 ms"))
        #expect(collector.text.contains("0.50 images/s"))
    }

    @Test func aMissingOrBrokenFileIsNamed() async throws {
        #expect(throws: ResultFileError.missing(path: "/nonexistent/detections_local.json")) {
            try ReportInputs.load(directory: "/nonexistent")
        }
        try await withTemporaryFolder { folder in
            try Data("{\"kind\": \"local\", \"images\": []}".utf8).write(to: URL(fileURLWithPath: folder + "/detections_local.json"))
            #expect(throws: ResultFileError.malformed(path: folder + "/detections_local.json", reason: ".summary is missing")) {
                try ReportInputs.load(directory: folder)
            }
        }
    }
}

/// Records element names and text as XMLParser reports them.
final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var text = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(elementName)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }
}
