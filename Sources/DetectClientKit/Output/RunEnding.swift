import Foundation

/// How a run of `detect-client local`, `aws` or `bench` ends: its result files written, its summary on standard
/// output (text, or with `json` one JSON object), where the files went on standard error, and the one line that
/// says what failed when anything did (the caller prints it and exits 1).
public struct RunEnding: Sendable {
    /// Where the summary goes (standard output).
    public var printSummary: @Sendable (String) -> Void
    /// Where notes on the written files go, one line each (standard error).
    public var printNote: @Sendable (String) -> Void

    public init(printSummary: @escaping @Sendable (String) -> Void, printNote: @escaping @Sendable (String) -> Void) {
        self.printSummary = printSummary
        self.printNote = printNote
    }

    /// Summary on standard output, notes on standard error.
    public static let terminal = RunEnding(
        printSummary: { FileHandle.standardOutput.write(Data($0.utf8)) },
        printNote: { FileHandle.standardError.write(Data("\($0)\n".utf8)) })

    /// `local`: writes every request's result to `output` and prints the summary. Returns the failure line when any
    /// request failed, naming the first. Throws `ResultFile.write`'s error when the file cannot be written.
    public func local(_ results: LocalRunResults, output: String, json: Bool) throws -> String? {
        try ResultFile.write(results, to: output)
        if json {
            printSummary(String(decoding: try ResultFile.encode(results.summary), as: UTF8.self))
        } else {
            printSummary(SummaryText.local(results))
            printNote("results: \(output)")
        }
        let failed = results.images.filter { $0.status != .ok }
        guard let first = failed.first else { return nil }
        return "\(failed.count) of \(results.images.count) requests failed (first: \(first.file): \(first.error ?? "failed")); see \(output)"
    }

    /// `aws`: writes detections_aws.json and detections_aws_transfer_time.json to `outputDirectory` and prints the
    /// summary. Returns the failure line when any image failed or is missing, naming the first. Throws
    /// `ResultFile.write`'s error when a file cannot be written.
    public func aws(_ results: AWSRunResults, transfers: TransferTimeResults, outputDirectory: String, json: Bool) throws -> String? {
        let detectionsPath = (outputDirectory as NSString).appendingPathComponent("detections_aws.json")
        let transfersPath = (outputDirectory as NSString).appendingPathComponent("detections_aws_transfer_time.json")
        try ResultFile.write(results, to: detectionsPath)
        try ResultFile.write(transfers, to: transfersPath)
        if json {
            printSummary(String(decoding: try ResultFile.encode(results.summary), as: UTF8.self))
        } else {
            printSummary(SummaryText.aws(results))
            printNote("results: \(detectionsPath), \(transfersPath)")
        }
        guard let first = results.images.first(where: { $0.status != .ok }) else { return nil }
        let summary = results.summary
        return "\(summary.failed) failed and \(summary.missing) missing of \(summary.images) images (first: \(first.file): \(first.error ?? first.status.rawValue)); see \(detectionsPath)"
    }

    /// `aws --memory-sizes`: writes every pass to detections_aws_memory_sizes.json in `outputDirectory`, notes which
    /// pass detections_aws.json will hold (the function's own size, else the last), and returns that pass.
    /// Throws `ResultFile.write`'s error when the file cannot be written.
    public func memorySweep(
        _ sweep: MemorySweepResults, outputDirectory: String
    ) throws -> (results: AWSRunResults, transfers: TransferTimeResults) {
        try ResultFile.write(sweep, to: (outputDirectory as NSString).appendingPathComponent(MemorySweepResults.fileName))
        let main = sweep.mainPass!
        printNote(
            "memory sizes: \(sweep.passes.map { "\($0.memoryMB) MB" }.joined(separator: ", ")); detections_aws.json holds the \(sweep.passes[main].memoryMB) MB pass")
        return (sweep.passes[main].results, sweep.transfers[main])
    }

    /// `aws --upload-only`: writes detections_aws_transfer_time.json to `outputDirectory` and prints the uploads'
    /// figures. Returns the failure line when any upload failed, naming the first. Throws `ResultFile.write`'s
    /// error when the file cannot be written.
    public func upload(_ results: UploadOnlyResults, outputDirectory: String, json: Bool) throws -> String? {
        let transfersPath = (outputDirectory as NSString).appendingPathComponent("detections_aws_transfer_time.json")
        try ResultFile.write(results.transfers, to: transfersPath)
        if json {
            printSummary(String(decoding: try ResultFile.encode(results.summary), as: UTF8.self))
        } else {
            printSummary(SummaryText.upload(results))
            printNote("uploads: \(transfersPath)")
        }
        guard !results.allSucceeded else { return nil }
        let first = results.transfers.uploads.first { $0.status != .ok }
        return "\(results.summary.failed) of \(results.summary.images) uploads failed (first: \(first?.file ?? "?"): \(first?.error ?? "unknown reason")); see \(transfersPath)"
    }

    /// `bench`: prints the figures. Returns the failure line when any request failed.
    public func bench(_ result: BenchResult, json: Bool) throws -> String? {
        printSummary(json ? String(decoding: try ResultFile.encode(result), as: UTF8.self) : SummaryText.bench(result))
        guard result.failures > 0 else { return nil }
        return "\(result.failures) of \(result.requests) requests failed (first: \(result.firstFailure ?? "unknown"))"
    }
}
