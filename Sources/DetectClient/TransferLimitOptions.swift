import ArgumentParser
import DetectClientKit

/// The time limits of the AWS requests `detect-client aws` makes, uploads above all, for slow links: the options of
/// `TransferLimits`, which checks their ranges.
struct TransferLimitOptions: ParsableArguments {
    @Option(help: "Seconds one AWS request may take, before a body's own allowance. (default: 60)")
    var requestTimeout: Double?

    @Option(help: ArgumentHelp(
        "Bytes per second the total limit allows for a request body (default: 65536).",
        discussion: "An upload of N bytes may take --request-timeout + N / this rate seconds."))
    var slowestUploadRate: Int?

    @Option(help: ArgumentHelp(
        "Abandon an upload (64 KiB or more) that moves fewer bytes per second than this for --low-speed-time (default: 1024; 0: never).",
        discussion: "A stalled connection fails early with a clear error instead of waiting out the total limit."))
    var lowSpeedLimit: Int?

    @Option(help: "Seconds an upload may stay below --low-speed-limit. (default: 30)")
    var lowSpeedTime: Double?

    func validate() throws {
        _ = try limits()
    }

    /// The limits given; one out of its range is a usage error naming its option.
    func limits() throws -> TransferLimits {
        do {
            return try TransferLimits(requestTimeout: requestTimeout, slowestUploadRate: slowestUploadRate,
                                      lowSpeedLimit: lowSpeedLimit, lowSpeedTime: lowSpeedTime)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
