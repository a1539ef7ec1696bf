import AWSKitLite
import DetectionContract

/// What `detect-client aws` is told: the pipeline's names, how many uploads at once, how long to wait for the items
/// after the last upload and for the invocations' `REPORT` lines, and the Lambda memory sizes to run the images at.
public struct AWSRunOptions: Sendable {
    public var names: PipelineNames
    /// Uploads in flight at once (at least 1).
    public var concurrency: Int
    /// How long to keep polling for items once every upload has finished (unused when only uploading; 0 or more).
    public var timeout: Duration
    /// How long to wait, after the items, for the invocations' `REPORT` lines to reach the log group (0 or more).
    public var reportLinesWait: Duration
    /// The function's memory sizes in MB, one pass over the images each (`MemorySweep`); nil runs the images once,
    /// at the function's own size. Each within `validMemorySizes`, none twice, at least one.
    public var memorySizes: [Int]?

    /// Lambda's memory range, MB.
    public static let validMemorySizes = LambdaFunctionSettings.validMemorySizes

    /// Throws `SettingRangeError` naming the option (`--concurrency`, `--timeout`, `--report-lines-wait`,
    /// `--memory-sizes`) of the first setting out of its range: see `checkRanges`.
    public init(names: PipelineNames, concurrency: Int = 8, timeout: Duration = .seconds(120),
                reportLinesWait: Duration = .seconds(10), memorySizes: [Int]? = nil) throws(SettingRangeError) {
        try Self.checkRanges(concurrency: concurrency, timeout: timeout, reportLinesWait: reportLinesWait, memorySizes: memorySizes)
        self.names = names
        self.concurrency = concurrency
        self.timeout = timeout
        self.reportLinesWait = reportLinesWait
        self.memorySizes = memorySizes
    }

    /// The ranges `init` enforces, for checking arguments before there are names (which take a request): `concurrency`
    /// at least 1, `timeout` and `reportLinesWait` 0 or more, and every memory size within `validMemorySizes`, none
    /// twice, at least one. Throws `SettingRangeError` naming the option.
    public static func checkRanges(concurrency: Int, timeout: Duration, reportLinesWait: Duration,
                                   memorySizes: [Int]?) throws(SettingRangeError) {
        try SettingRangeError.check(concurrency, atLeast: 1, option: "--concurrency")
        try checkWait(timeout, option: "--timeout")
        try checkWait(reportLinesWait, option: "--report-lines-wait")
        if let memorySizes { try checkMemorySizes(memorySizes) }
    }

    /// `seconds` as a wait (`timeout`, `reportLinesWait`). Throws `SettingRangeError` naming `option` unless it is
    /// a number of seconds from 0 to `SettingRangeError.maximumSeconds`.
    public static func wait(seconds: Double, option: String) throws(SettingRangeError) -> Duration {
        try SettingRangeError.checkSeconds(seconds, atLeast: 0, option: option)
        return .seconds(seconds)
    }

    private static func checkWait(_ wait: Duration, option: String) throws(SettingRangeError) {
        guard wait >= .zero else { throw SettingRangeError(option: option, requirement: "be a number of seconds >= 0") }
    }

    private static func checkMemorySizes(_ sizes: [Int]) throws(SettingRangeError) {
        guard !sizes.isEmpty else { throw SettingRangeError(option: "--memory-sizes", requirement: "name at least one size") }
        for (index, size) in sizes.enumerated() {
            guard validMemorySizes.contains(size) else {
                throw SettingRangeError(
                    option: "--memory-sizes",
                    requirement: "be sizes in MB from \(validMemorySizes.lowerBound) to \(validMemorySizes.upperBound) ('\(size)' is not)")
            }
            guard !sizes[..<index].contains(size) else {
                throw SettingRangeError(option: "--memory-sizes", requirement: "name each size once (\(size) is given twice)")
            }
        }
    }
}
