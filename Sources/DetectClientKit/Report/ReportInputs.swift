import Foundation

/// The result files a report compares, read from one folder: `detections_local.json` (from `detect-client
/// local`), `detections_aws.json` (from `detect-client aws`), and, when present, `detections_local_sequential.json`
/// (`detect-client local --concurrency 1`), whose inference figures the comparison uses.
public struct ReportInputs: Sendable {
    public static let localFileName = "detections_local.json"
    public static let sequentialFileName = "detections_local_sequential.json"
    public static let cloudFileName = "detections_aws.json"

    public var local: LocalRunResults
    public var cloud: AWSRunResults
    /// The local run at concurrency 1; nil when none was made.
    public var localSequential: LocalRunResults?
    /// `detect-client aws --memory-sizes`' passes (`detections_aws_memory_sizes.json`); nil when none were made.
    public var memorySweep: MemorySweepResults?

    public init(local: LocalRunResults, cloud: AWSRunResults, localSequential: LocalRunResults? = nil,
                memorySweep: MemorySweepResults? = nil) {
        self.local = local
        self.cloud = cloud
        self.localSequential = localSequential
        self.memorySweep = memorySweep
    }

    /// Reads the files from `directory`.
    /// - Throws: `ResultFileError` naming the file that is missing or malformed.
    public static func load(directory: String) throws -> ReportInputs {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let sequentialPath = "\(base)/\(sequentialFileName)"
        let sweepPath = "\(base)/\(MemorySweepResults.fileName)"
        return ReportInputs(
            local: try ResultFile.read(LocalRunResults.self, from: "\(base)/\(localFileName)"),
            cloud: try ResultFile.read(AWSRunResults.self, from: "\(base)/\(cloudFileName)"),
            localSequential: FileManager.default.fileExists(atPath: sequentialPath)
                ? try ResultFile.read(LocalRunResults.self, from: sequentialPath) : nil,
            memorySweep: FileManager.default.fileExists(atPath: sweepPath)
                ? try ResultFile.read(MemorySweepResults.self, from: sweepPath) : nil)
    }
}
