import AWSKitLite
import ArgumentParser

/// The time limits of the AWS requests `detect-client aws` makes, uploads above all, for slow links: each option
/// overrides one field of `HTTPClient.Configuration` (whose defaults apply otherwise).
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
        if let requestTimeout { guard requestTimeout > 0, requestTimeout.isFinite else { throw ValidationError("--request-timeout must be a number of seconds > 0") } }
        if let slowestUploadRate { guard slowestUploadRate > 0 else { throw ValidationError("--slowest-upload-rate must be a number of bytes per second > 0") } }
        if let lowSpeedLimit { guard lowSpeedLimit >= 0 else { throw ValidationError("--low-speed-limit must be a number of bytes per second >= 0") } }
        if let lowSpeedTime { guard lowSpeedTime >= 1, lowSpeedTime.isFinite else { throw ValidationError("--low-speed-time must be a number of seconds >= 1") } }
    }

    /// `HTTPClient.Configuration()` with the options given.
    var httpConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        if let requestTimeout { configuration.requestTimeout = .milliseconds(Int64(requestTimeout * 1000)) }
        if let slowestUploadRate { configuration.slowestUploadRate = slowestUploadRate }
        if lowSpeedLimit == 0 {
            configuration.lowSpeedLimit = nil
        } else if var limit = configuration.lowSpeedLimit {
            if let lowSpeedLimit { limit.bytesPerSecond = lowSpeedLimit }
            if let lowSpeedTime { limit.duration = .milliseconds(Int64(lowSpeedTime * 1000)) }
            configuration.lowSpeedLimit = limit
        }
        return configuration
    }
}
