/// The two result files a report compares, read from one folder: `detections_local.json` (from `detect-client
/// local`) and `detections_aws.json` (from `detect-client aws`).
public struct ReportInputs: Sendable {
    public static let localFileName = "detections_local.json"
    public static let cloudFileName = "detections_aws.json"

    public var local: LocalRunResults
    public var cloud: AWSRunResults

    public init(local: LocalRunResults, cloud: AWSRunResults) {
        self.local = local
        self.cloud = cloud
    }

    /// Reads both files from `directory`.
    /// - Throws: `ResultFileError` naming the file that is missing or malformed.
    public static func load(directory: String) throws -> ReportInputs {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return ReportInputs(
            local: try ResultFile.read(LocalRunResults.self, from: "\(base)/\(localFileName)"),
            cloud: try ResultFile.read(AWSRunResults.self, from: "\(base)/\(cloudFileName)"))
    }
}
