import AWSKitLite
import DetectClientKit
import Foundation
import TestSupport
import Testing

/// `detect-client aws --memory-sizes`: one pass per memory size with the function updated between passes, and the
/// report's duration and cost per size with the cheapest and the fastest.
@Suite struct MemorySizeTests {
    /// A pass at `memory` MB whose images were billed `billed` ms each (REPORT lines) with inference `inference` ms.
    static func pass(memory: Int, billed: [Double], inference: Double) -> MemorySweepResults.Pass {
        var results = SyntheticRun.inputs(images: billed.count).cloud
        results.summary.function = FunctionSettings(name: "f", memoryMB: memory, architecture: "x86_64")
        results.summary.pollKeysRead = 0
        for index in results.images.indices {
            results.images[index].inferenceMilliseconds = inference
            results.images[index].invocation = InvocationRecord(
                requestId: "r\(index)", durationMilliseconds: billed[index] - 0.5, billedDurationMilliseconds: billed[index],
                memorySizeMB: memory, maxMemoryUsedMB: memory)
        }
        return .init(memoryMB: memory, results: results)
    }

    @Test func durationAndCostPerSizeWithTheCheapestAndTheFastest() {
        let sweep = MemorySweepResults(originalMemoryMB: 1024, passes: [
            Self.pass(memory: 512, billed: [400, 400], inference: 380),
            Self.pass(memory: 1024, billed: [180, 220], inference: 190),
            Self.pass(memory: 2048, billed: [150, 150], inference: 140),
        ])
        let local = SyntheticRun.inputs(images: 2).local
        let comparison = MemorySizeComparison(sweep: sweep, local: local, pricing: CostTests.roundPrices, emulated: false)
        #expect(comparison.rows.map(\.memoryMB) == [512, 1024, 2048])
        #expect(comparison.rows.map(\.meanBilledMilliseconds) == [400, 200, 150])
        #expect(comparison.rows.map(\.meanDurationMilliseconds) == [399.5, 199.5, 149.5])
        // Per 1,000 images, with the fixed part requests 0.0002 + PUT 0.005 + GET 0.0004 + writes 0.001 = 0.0066 and
        // no polling reads: 512 MB 1,000 × 0.4 s × 0.5 GB = 200 GB-s = $0.002 → $0.0086; 1,024 MB 0.2 s × 1 GB =
        // 200 GB-s → $0.0086; 2,048 MB 0.15 s × 2 GB = 300 GB-s = $0.003 → $0.0096.
        #expect(CostTests.close(comparison.rows[0].costPerThousand, 0.0086))
        #expect(CostTests.close(comparison.rows[1].costPerThousand, 0.0086))
        #expect(CostTests.close(comparison.rows[2].costPerThousand, 0.0096))
        // A tie goes to the first (smaller) size; the fastest is the shortest mean duration.
        #expect(comparison.cheapestMemoryMB == 512)
        #expect(comparison.fastestMemoryMB == 2048)
        #expect(comparison.note == nil)
        #expect(sweep.mainPass == 1)
    }

    @Test func onTheEmulatorTheReportSaysDurationsDoNotDependOnMemory() throws {
        var inputs = SyntheticRun.inputs(images: 2)
        inputs.memorySweep = MemorySweepResults(originalMemoryMB: 1024, passes: [
            Self.pass(memory: 512, billed: [100, 100], inference: 90), Self.pass(memory: 1024, billed: [100, 100], inference: 90),
        ])
        let report = DecisionReport(inputs: inputs, pricing: CostTests.roundPrices)
        let memory = try #require(report.memorySizes)
        #expect(memory.note?.contains("durations do not depend on memory here") == true)
        let markdown = MarkdownReport.render(report, inputs: inputs)
        #expect(markdown.contains("## Which Lambda memory size"))
        #expect(markdown.contains("| 512 MB | 2 | 99.5 ms | 100.0 ms | 90.0 ms | $0.0071 | cheapest, fastest |"))
        #expect(HTMLReport.render(report, inputs: inputs).contains("Which Lambda memory size"))
    }

    @Test func badSizesAreRefusedBeforeAnyRequest() async throws {
        let outcome = try await CommandLineTool.run(["aws", "--input", Fixtures.imagesDirectory.path, "--memory-sizes", "512,64"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--memory-sizes must be sizes in MB from 128 to 10240 ('64' is not)"))
        let twice = try await CommandLineTool.run(["aws", "--input", Fixtures.imagesDirectory.path, "--memory-sizes", "512,512"])
        #expect(twice.standardError.contains("--memory-sizes must name each size once (512 is given twice)"))
    }

    /// Through the emulated pipeline: each pass runs in environments of its size (their REPORT lines say so), and
    /// the function gets its own size back.
    @Test func eachPassRunsAtItsSizeOnTheEmulatedPipeline() async throws {
        try await EmulatedPipeline.with { pipeline in
            let images = try ["dog.jpg", "eagle.jpg"].map { ImageFile(name: $0, bytes: [UInt8](try Fixtures.image($0))) }
            let runner = AWSRunner(
                options: try AWSRunOptions(names: pipeline.names, concurrency: 2, timeout: .seconds(120), reportLinesWait: .seconds(30)),
                s3: pipeline.clients.s3, dynamoDB: pipeline.clients.dynamoDB, lambda: pipeline.clients.lambda, logs: pipeline.clients.logs)
            let original = try await pipeline.clients.lambda.getFunction(name: pipeline.names.function).configuration.memorySize
            let sweep = try await MemorySweep(runner: runner, lambda: pipeline.clients.lambda).run(images: images, sizes: [512, 2048])
            #expect(sweep.passes.map(\.memoryMB) == [512, 2048])
            for pass in sweep.passes {
                #expect(pass.results.summary.ok == images.count)
                #expect(pass.results.summary.function?.memoryMB == pass.memoryMB)
                #expect(pass.results.images.allSatisfy { $0.invocation?.memorySizeMB == pass.memoryMB },
                        "\(pass.memoryMB) MB: \(pass.results.images.map { $0.invocation?.memorySizeMB as Any })")
            }
            let restored = try await pipeline.clients.lambda.getFunction(name: pipeline.names.function).configuration.memorySize
            #expect(restored == original)
        }
    }
}
