import DetectClientKit
import Foundation
import Synchronization
import Testing

/// How `local`, `aws` and `bench` end: the files written, the summary and notes printed, the failure line.
@Suite struct RunEndingTests {
    /// A `RunEnding` that keeps what it prints.
    final class Captured: Sendable {
        let summaries = Mutex<[String]>([])
        let notes = Mutex<[String]>([])
        var ending: RunEnding {
            RunEnding(printSummary: { text in self.summaries.withLock { $0.append(text) } },
                      printNote: { text in self.notes.withLock { $0.append(text) } })
        }
    }

    @Test func localWritesTheFilePrintsTheSummaryAndNamesTheFirstFailure() async throws {
        try await withTemporaryFolder { folder in
            var results = SyntheticRun.inputs(images: 3).local
            let output = folder + "/out/detections_local.json"
            let captured = Captured()
            #expect(try captured.ending.local(results, output: output, json: false) == nil)
            #expect(try ResultFile.read(LocalRunResults.self, from: output) == results)
            #expect(captured.summaries.withLock { $0 } == [SummaryText.local(results)])
            #expect(captured.notes.withLock { $0 } == ["results: \(output)"])

            results.images[1].status = .failed
            results.images[1].error = "HTTP 503"
            let failure = try captured.ending.local(results, output: output, json: true)
            #expect(failure == "1 of 3 requests failed (first: image-0002.jpg: HTTP 503); see \(output)")
            #expect(captured.summaries.withLock { $0.last } == String(decoding: try ResultFile.encode(results.summary), as: UTF8.self))
            #expect(captured.notes.withLock { $0.count } == 1)
        }
    }

    @Test func awsWritesBothFilesAndCountsFailedAndMissing() async throws {
        try await withTemporaryFolder { folder in
            var results = SyntheticRun.inputs(images: 2).cloud
            let transfers = TransferTimeResults(uploads: [], wallSeconds: 0)
            let captured = Captured()
            #expect(try captured.ending.aws(results, transfers: transfers, outputDirectory: folder, json: false) == nil)
            #expect(FileManager.default.fileExists(atPath: folder + "/detections_aws.json"))
            #expect(FileManager.default.fileExists(atPath: folder + "/detections_aws_transfer_time.json"))

            results.images[0].status = .missing
            results.summary.missing = 1
            results.summary.ok = 1
            let failure = try captured.ending.aws(results, transfers: transfers, outputDirectory: folder, json: false)
            #expect(failure == "0 failed and 1 missing of 2 images (first: image-0001.jpg: missing); see \(folder)/detections_aws.json")
        }
    }

    @Test func benchFailsOnlyWithFailedRequests() throws {
        let captured = Captured()
        var result = BenchResult(
            endpoint: "http://127.0.0.1:8080/api/object_detection", concurrency: 1, requests: 10, failures: 0, seconds: 1,
            requestsPerSecond: 10, p50Milliseconds: 1, p95Milliseconds: 2, p99Milliseconds: 3, meanMilliseconds: 1)
        #expect(try captured.ending.bench(result, json: false) == nil)
        result.failures = 2
        result.firstFailure = "HTTP 500"
        #expect(try captured.ending.bench(result, json: true) == "2 of 10 requests failed (first: HTTP 500)")
        #expect(captured.notes.withLock { $0 }.isEmpty)
    }
}
