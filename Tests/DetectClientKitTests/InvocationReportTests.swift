import AWSKitLite
import DetectClientKit
import Foundation
import TestSupport
import Testing

/// The invocations' `REPORT` lines joined to the images by request id, and the billed durations the report and the
/// cost use: from the lines when there are some, else the function's own timings, saying which.
@Suite struct InvocationReportTests {
    static let lines = [
        "START RequestId: r-1 Version: $LATEST",
        "REPORT RequestId: r-1\tDuration: 230.11 ms\tBilled Duration: 231 ms\tMemory Size: 1024 MB\tMax Memory Used: 88 MB\tInit Duration: 180.03 ms\t",
        "REPORT RequestId: r-2\tDuration: 100.20 ms\tBilled Duration: 110 ms\tMemory Size: 1024 MB\tMax Memory Used: 90 MB\t",
        "REPORT RequestId: r-2\tDuration: 98.40 ms\tBilled Duration: 99 ms\tMemory Size: 1024 MB\tMax Memory Used: 91 MB\t",
        "REPORT RequestId: other\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 1024 MB\tMax Memory Used: 1 MB\t",
    ]

    @Test func linesAreKeyedByRequestIdAndTheLastOneWins() {
        let records = InvocationReportReader.records(from: Self.lines, wanted: ["r-1", "r-2", "r-3"])
        #expect(records.keys.sorted() == ["r-1", "r-2"])
        #expect(records["r-1"] == InvocationRecord(requestId: "r-1", durationMilliseconds: 230.11, billedDurationMilliseconds: 231,
                                                   memorySizeMB: 1024, maxMemoryUsedMB: 88, initDurationMilliseconds: 180.03))
        // r-2 was retried under the same id: its second line is the one kept.
        #expect(records["r-2"]?.billedDurationMilliseconds == 99)
    }

    @Test func aRecordIsWrittenWithTheResultsKeysAndReadBack() throws {
        let records = InvocationReportReader.records(from: Self.lines, wanted: ["r-1", "r-2"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let cold = String(decoding: try encoder.encode(records["r-1"]), as: UTF8.self)
        #expect(cold == #"{"billed_duration_ms":231,"duration_ms":230.11,"init_duration_ms":180.03,"max_memory_used_mb":88,"memory_size_mb":1024,"request_id":"r-1"}"#)
        let warm = String(decoding: try encoder.encode(records["r-2"]), as: UTF8.self)
        #expect(warm == #"{"billed_duration_ms":99,"duration_ms":98.4,"max_memory_used_mb":91,"memory_size_mb":1024,"request_id":"r-2"}"#)
        #expect(try JSONDecoder().decode(InvocationRecord.self, from: Data(cold.utf8)) == records["r-1"])
        #expect(try JSONDecoder().decode(InvocationRecord.self, from: Data(warm.utf8)) == records["r-2"])
    }

    @Test func theReportBillsFromTheLines() throws {
        var inputs = try ReportInputs.load(directory: ReportTests.directory)
        inputs.cloud.images[0].requestId = "r-1"
        inputs.cloud.images[1].requestId = "r-2"
        inputs.cloud.images = InvocationReportReader.join(
            InvocationReportReader.records(from: Self.lines, wanted: ["r-1", "r-2"]), to: inputs.cloud.images)
        #expect(inputs.cloud.images.map { $0.invocation?.requestId } == ["r-1", "r-2", nil])
        let report = DecisionReport(inputs: inputs, pricing: CostTests.roundPrices)
        // Billed 231 and 99 ms: mean 165; durations 230.11 and 98.4: mean 164.255; one init.
        #expect(report.billing.source == "REPORT lines")
        #expect(report.billing.meanBilledMilliseconds == 165)
        #expect(report.billing.meanDurationMilliseconds == 164.255)
        #expect(report.billing.initDurations == 1)
        // 1,000 × 0.165 s × 1 GB = 165 GB-s × $0.00001 = $0.00165.
        #expect(CostTests.close(report.cost?.perThousand.lambdaCompute, 0.00165))
    }

    @Test func withoutLinesTheReportSaysWhy() throws {
        var inputs = try ReportInputs.load(directory: ReportTests.directory)
        inputs.cloud.summary.reportLines = 0
        let report = DecisionReport(inputs: inputs, pricing: nil)
        #expect(report.billing.source == "the function's own timings")
        #expect(report.billing.note.hasPrefix("No REPORT lines were found for these invocations: the items' total_ms"))
        inputs.cloud.summary.reportLines = nil
        #expect(DecisionReport(inputs: inputs, pricing: nil).billing.note.hasPrefix("The function's log group was not read"))
    }

    /// Through the emulated pipeline: the runtime emulator's REPORT lines reach MiniStack's log group and every
    /// image is joined to its own.
    @Test func everyImageGetsItsReportLineFromTheEmulatedPipeline() async throws {
        try await EmulatedPipeline.with { pipeline in
            let images = try ["dog.jpg", "eagle.jpg", "horses.jpg"].map { ImageFile(name: $0, bytes: [UInt8](try Fixtures.image($0))) }
            let runner = AWSRunner(
                options: try AWSRunOptions(names: pipeline.names, concurrency: 4, timeout: .seconds(120), reportLinesWait: .seconds(30)),
                s3: pipeline.clients.s3, dynamoDB: pipeline.clients.dynamoDB, lambda: pipeline.clients.lambda,
                logs: pipeline.clients.logs)
            let (results, _) = await runner.run(images: images)
            #expect(results.summary.ok == images.count)
            #expect(results.summary.reportLines == images.count, "\(results.summary.reportLinesError ?? "")")
            let function = try #require(results.summary.function)
            for image in results.images {
                let record = try #require(image.invocation, "\(image.file) has no REPORT line")
                #expect(record.requestId == image.requestId)
                #expect(record.memorySizeMB == function.memoryMB)
                #expect(record.billedDurationMilliseconds >= record.durationMilliseconds.rounded(.down))
            }
            #expect(results.summary.endpoint?.emulator == "MiniStack")
            #expect(results.summary.pollKeysRead ?? 0 >= images.count)
        }
    }
}
