import DetectClientKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Runs of a thousand images stay readable and small: histograms and percentiles replace the per-image bars
/// beyond 50 images, the page stays self-contained and under 2 MB, and `report --json` carries the figures.
@Suite struct ReportScaleTests {
    @Test func aThousandImagesGiveHistogramsAndPercentiles() throws {
        let inputs = SyntheticRun.inputs(images: 1000)
        let report = DecisionReport(inputs: inputs, pricing: CostTests.roundPrices)
        let html = HTMLReport.render(report, inputs: inputs)
        #expect(html.utf8.count < 2_000_000, "the page is \(html.utf8.count) bytes")
        let parser = XMLParser(data: Data(html.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(!html.contains("Latency per image") && !html.contains("Inference time per image"))
        #expect(html.contains("Latency histogram") && html.contains("Latency percentiles") && html.contains("Inference time percentiles"))
        // Histograms (2), percentiles (2), the distribution and the cost plot.
        #expect(collector.elements.filter { $0 == "svg" }.count == 6)
        #expect(!collector.elements.contains("script"))
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("@import"))
        // Every image agreed: the agreement table lists none of them.
        #expect(!html.contains("image-0500.jpg"))
    }

    @Test func fiftyImagesStillGetABarEach() throws {
        let inputs = SyntheticRun.inputs(images: 50)
        let html = HTMLReport.render(DecisionReport(inputs: inputs, pricing: nil), inputs: inputs)
        #expect(html.contains("Latency per image") && !html.contains("Latency histogram"))
        #expect(html.contains("image-0050.jpg"))
    }

    @Test func percentilesAndBinsOfAThousandImages() throws {
        let report = DecisionReport(inputs: SyntheticRun.inputs(images: 1000), pricing: nil)
        let roundTrip = try #require(report.distributions.first { $0.name == "local round trip" })
        // Values 1...1000 ms, type 7: h = 999 p; p50 = x[499.5] = 500.5, p90 = x[899.1] = 900.1, p95 = 950.05,
        // p99 = 990.01, max 1000.
        #expect(roundTrip.count == 1000)
        #expect(roundTrip.percentiles == ["p50": 500.5, "p90": 900.1, "p95": 950.05, "p99": 990.01, "max": 1000])
        // The shared latency axis runs to 2,000 ms (cloud end-to-end reaches 2,000) in 20 bins of 100 ms:
        // [0, 100) holds 1...99, [900, 1000) holds 900...999, and 1,000 falls in [1000, 1100).
        #expect(roundTrip.bins.count == 20 && roundTrip.bins.last?.upperMilliseconds == 2000)
        #expect(roundTrip.bins[0].count == 99 && roundTrip.bins[9].count == 100 && roundTrip.bins[10].count == 1)
        #expect(roundTrip.bins.reduce(0) { $0 + $1.count } == 1000)
    }

    @Test func theJSONCarriesEveryFigureOnThePage() throws {
        let inputs = SyntheticRun.inputs(images: 1000)
        let report = DecisionReport(inputs: inputs, pricing: CostTests.roundPrices)
        let json = try JSONSerialization.jsonObject(with: ResultFile.encode(report)) as! [String: Any]
        for key in ["local", "cloud", "same_objects", "agreement", "setting", "sequential", "inference", "figure_notes", "seed_table", "billing", "cost",
                    "pricing", "distributions", "per_image_limit"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let setting = json["setting"] as! [String: Any]
        #expect(setting["emulated"] as? Bool == true)
        #expect((setting["cloud_marking"] as? String)?.hasPrefix("MiniStack at 127.0.0.1:4566") == true)
        let cost = json["cost"] as! [String: Any]
        let perThousand = cost["per_1000"] as! [String: Any]
        for key in ["lambda_compute", "lambda_requests", "s3_put", "s3_get", "dynamodb_writes", "dynamodb_reads", "serverless", "server_at_capacity"] {
            #expect(perThousand[key] is NSNumber, "missing per_1000.\(key)")
        }
        #expect(cost["break_even_images_per_hour"] is NSNumber)
        // Billed: ⌈i / 5 + 3⌉ ms, each of 1...200 five times plus 3: mean 100.5 + 3 = 103.5 ms; 103.5 GB-s per
        // 1,000 at $0.00001 = $0.001035; + requests 0.0002 + PUT 0.005 + GET 0.0004 + writes 0.001 + reads 3,000 ×
        // $0.50 / 1e6 = 0.0015: $0.009135, which the page shows as it is.
        #expect(report.billing.meanBilledMilliseconds == 103.5)
        #expect(abs((perThousand["serverless"] as! NSNumber).doubleValue - 0.009135) < 1e-12)
        #expect(HTMLReport.render(report, inputs: inputs).contains("<td>$0.009135</td>"))
        let seed = json["seed_table"] as! [String: Any]
        #expect((seed["rows"] as! [[String: Any]]).count == 3)
    }
}
