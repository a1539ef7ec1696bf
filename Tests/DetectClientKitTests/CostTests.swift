import DetectClientKit
import Foundation
import TestSupport
import Testing

/// The cost and break-even arithmetic against examples worked out by hand (in the comments), with round prices
/// so each step can be checked on paper, and the pricing file shipped with the project.
@Suite struct CostTests {
    /// Round prices: GB-s $0.00001 (x86), $0.000008 (arm), requests $0.20 per million, S3 PUT $0.005 and GET $0.0004
    /// per 1,000, DynamoDB writes $1 and reads $0.50 per million units, the instance $0.10 an hour.
    static let roundPrices = Pricing(
        region: "test-region", date: "2026-01-01",
        prices: [
            .lambdaGBSecondX86: .init(usd: 0.00001, source: "https://example.com/lambda"),
            .lambdaGBSecondArm: .init(usd: 0.000008, source: "https://example.com/lambda"),
            .lambdaRequestsPerMillion: .init(usd: 0.20, source: "https://example.com/lambda"),
            .s3PutPerThousand: .init(usd: 0.005, source: "https://example.com/s3"),
            .s3GetPerThousand: .init(usd: 0.0004, source: "https://example.com/s3"),
            .dynamoDBWriteUnitsPerMillion: .init(usd: 1.0, source: "https://example.com/dynamodb"),
            .dynamoDBReadUnitsPerMillion: .init(usd: 0.5, source: "https://example.com/dynamodb"),
        ],
        instance: .init(type: "test.large", usdPerHour: 0.10, source: "https://example.com/ec2"))

    static func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-12) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func x86At1024MBWithPolling() {
        let cost = CostEstimate(
            inputs: CostInputs(billedMillisecondsPerImage: 500, billedDurationSource: "REPORT lines", memoryMB: 1024,
                               architecture: "x86_64", dynamoDBReadUnitsPerImage: 3, serverImagesPerHour: 36_000),
            pricing: Self.roundPrices)
        // 1,000 × 0.5 s × 1 GB = 500 GB-s; × $0.00001 = $0.005.
        #expect(Self.close(cost.gbSecondsPerThousand, 500))
        #expect(Self.close(cost.perThousand.lambdaCompute, 0.005))
        // 1,000 requests × $0.20 / 1e6 = $0.0002; PUT 1,000 × $0.005 / 1,000 = $0.005; GET $0.0004.
        #expect(Self.close(cost.perThousand.lambdaRequests, 0.0002))
        #expect(Self.close(cost.perThousand.s3Put, 0.005))
        #expect(Self.close(cost.perThousand.s3Get, 0.0004))
        // Writes 1,000 units × $1 / 1e6 = $0.001; reads 3,000 units × $0.50 / 1e6 = $0.0015.
        #expect(Self.close(cost.perThousand.dynamoDBWrites, 0.001))
        #expect(Self.close(cost.perThousand.dynamoDBReads, 0.0015))
        // 0.005 + 0.0002 + 0.005 + 0.0004 + 0.001 + 0.0015 = $0.0131 per 1,000, $0.0000131 per image.
        #expect(Self.close(cost.perThousand.serverless, 0.0131))
        #expect(Self.close(cost.serverlessPerImage, 0.0000131))
        // The server fully loaded: $0.10 per 36,000 images = $0.0027778 per 1,000.
        #expect(Self.close(cost.perThousand.serverAtCapacity, 0.1 / 36))
        // Break-even: $0.10 / $0.0000131 = 7,633.59 images per hour, which one server (36,000/h) carries.
        #expect(Self.close(cost.breakEvenImagesPerHour, 7633.587786259542, tolerance: 1e-9))
        #expect(cost.breakEvenWithinCapacity == true)
    }

    @Test func arm64At2048MBBeyondOneServersCapacity() {
        let cost = CostEstimate(
            inputs: CostInputs(billedMillisecondsPerImage: 250, billedDurationSource: "REPORT lines", memoryMB: 2048,
                               architecture: "arm64", dynamoDBReadUnitsPerImage: 0, serverImagesPerHour: 3600),
            pricing: Self.roundPrices)
        // 1,000 × 0.25 s × 2 GB = 500 GB-s at the arm price $0.000008 = $0.004.
        #expect(Self.close(cost.gbSecondsPerThousand, 500))
        #expect(Self.close(cost.perThousand.lambdaCompute, 0.004))
        // 0.004 + 0.0002 + 0.005 + 0.0004 + 0.001 + 0 = $0.0106.
        #expect(Self.close(cost.perThousand.serverless, 0.0106))
        // $0.10 / $0.0000106 = 9,433.96 images per hour, over one server's 3,600.
        #expect(Self.close(cost.breakEvenImagesPerHour, 9433.962264150943, tolerance: 1e-9))
        #expect(cost.breakEvenWithinCapacity == false)
    }

    @Test func costPerHourAgainstLoad() {
        let cost = CostEstimate(
            inputs: CostInputs(billedMillisecondsPerImage: 500, billedDurationSource: "REPORT lines", memoryMB: 1024,
                               architecture: "x86_64", dynamoDBReadUnitsPerImage: 3, serverImagesPerHour: 36_000),
            pricing: Self.roundPrices)
        // The pipeline: 40,000 × $0.0000131 = $0.524 an hour. Servers: ⌈40,000 / 36,000⌉ = 2 × $0.10 = $0.20.
        #expect(Self.close(cost.serverlessPerHour(at: 40_000), 0.524))
        #expect(Self.close(cost.serverPerHour(at: 40_000), 0.20))
        // Idle, one server still costs its hour; at exactly one server's capacity, still one.
        #expect(Self.close(cost.serverPerHour(at: 0), 0.10))
        #expect(Self.close(cost.serverPerHour(at: 36_000), 0.10))
        #expect(Self.close(cost.serverlessPerHour(at: 0), 0))
    }

    @Test func theProjectsPricingFile() throws {
        let path = Fixtures.root.deletingLastPathComponent().appendingPathComponent(Pricing.defaultPath).path
        let pricing = try Pricing.read(from: path)
        #expect(pricing.region == "us-east-1")
        #expect(pricing.version == 1 && !pricing.date.isEmpty)
        for name in Pricing.Name.allCases {
            #expect(pricing[name].source.hasPrefix("https://aws.amazon.com/"), "\(name.rawValue) cites \(pricing[name].source)")
        }
        #expect(pricing.instance.source.hasPrefix("https://aws.amazon.com/ec2/pricing/"))
        // AWS's published figures at 1,024 MB x86, 400 ms billed, 2 polling reads per image:
        // 400 GB-s × $0.0000166667 = $0.00666668; requests $0.0002; PUT $0.005; GET $0.0004;
        // writes 1,000 × $0.625 / 1e6 = $0.000625; reads 2,000 × $0.125 / 1e6 = $0.00025; total $0.01314168.
        let cost = CostEstimate(
            inputs: CostInputs(billedMillisecondsPerImage: 400, billedDurationSource: "REPORT lines", memoryMB: 1024,
                               architecture: "x86_64", dynamoDBReadUnitsPerImage: 2, serverImagesPerHour: nil),
            pricing: pricing)
        #expect(Self.close(cost.perThousand.serverless, 0.01314168, tolerance: 1e-9))
        // c7i.large $0.08925 / $0.00001314168 = 6,791.34 images per hour; capacity unknown.
        #expect(Self.close(cost.breakEvenImagesPerHour, 0.08925 / 0.00001314168, tolerance: 1e-9))
        #expect(cost.breakEvenWithinCapacity == nil && cost.perThousand.serverAtCapacity == nil)
    }

    @Test func aPricingFileWithoutASourceIsRefused() async throws {
        try await withTemporaryFolder { folder in
            var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.roundPrices)) as! [String: Any]
            var prices = json["prices"] as! [String: Any]
            prices["s3_get_per_1000"] = ["usd": 0.0004, "source": ""]
            json["prices"] = prices
            let path = folder + "/prices.json"
            try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
            #expect(throws: PricingError(path: path, reason: "prices.s3_get_per_1000.source must be the https:// page it comes from")) {
                try Pricing.read(from: path)
            }
        }
    }

    @Test func theReportCostsTheFixtureRun() throws {
        let inputs = try ReportInputs.load(directory: ReportTests.directory)
        let report = DecisionReport(inputs: inputs, pricing: Self.roundPrices)
        // No REPORT lines in the fixture: the items' total_ms rounded up, 50 and 60 ms, mean 55 ms.
        #expect(report.billing.source == "the function's own timings")
        #expect(report.billing.meanBilledMilliseconds == 55)
        let cost = try #require(report.cost)
        // Memory not recorded: 1,024 MB x86 assumed. 1,000 × 0.055 s × 1 GB = 55 GB-s × $0.00001 = $0.00055.
        // Polling not recorded: 1 read unit per image, 1,000 × $0.50 / 1e6 = $0.0005.
        // 0.00055 + 0.0002 + 0.005 + 0.0004 + 0.001 + 0.0005 = $0.00765.
        #expect(Self.close(cost.perThousand.serverless, 0.00765))
        // Local throughput 1.5/s = 5,400 images/h; break-even $0.10 / $0.00000765 = 13,071.9/h, beyond it.
        #expect(Self.close(cost.inputs.serverImagesPerHour, 5400))
        #expect(Self.close(cost.breakEvenImagesPerHour, 0.1 / 0.00000765, tolerance: 1e-9))
        #expect(cost.breakEvenWithinCapacity == false)
        // And the report says what it assumed.
        #expect(report.costAssumptions.contains("The function's memory size and architecture were not recorded: 1,024 MB x86_64 (infractl's default) assumed."))
        #expect(report.costAssumptions.contains("The client's polling reads were not recorded: one read unit per image assumed."))
    }
}
