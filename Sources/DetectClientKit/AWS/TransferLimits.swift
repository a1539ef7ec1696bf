import HTTPTransport

/// The time limits of the AWS requests `detect-client aws` makes, uploads above all, for slow links: each limit given
/// overrides one field of `HTTPClient.Configuration` (whose defaults apply otherwise).
public struct TransferLimits: Sendable, Equatable {
    /// Seconds one request may take, before a body's own allowance (above 0).
    public var requestTimeout: Double?
    /// Bytes per second the total limit allows for a request body (above 0).
    public var slowestUploadRate: Int?
    /// Abandon an upload that moves fewer bytes per second than this for `lowSpeedTime` (0 or more; 0: never).
    public var lowSpeedLimit: Int?
    /// Seconds an upload may stay below `lowSpeedLimit` (at least 1: libcurl counts whole seconds).
    public var lowSpeedTime: Double?

    /// Throws `SettingRangeError` naming the option (`--request-timeout`, `--slowest-upload-rate`,
    /// `--low-speed-limit`, `--low-speed-time`) of the first limit out of its range.
    public init(requestTimeout: Double? = nil, slowestUploadRate: Int? = nil, lowSpeedLimit: Int? = nil,
                lowSpeedTime: Double? = nil) throws(SettingRangeError) {
        if let requestTimeout { try SettingRangeError.checkSeconds(requestTimeout, above: 0, option: "--request-timeout") }
        if let slowestUploadRate, slowestUploadRate <= 0 {
            throw SettingRangeError(option: "--slowest-upload-rate", requirement: "be a number of bytes per second > 0")
        }
        if let lowSpeedLimit, lowSpeedLimit < 0 {
            throw SettingRangeError(option: "--low-speed-limit", requirement: "be a number of bytes per second >= 0")
        }
        if let lowSpeedTime { try SettingRangeError.checkSeconds(lowSpeedTime, atLeast: 1, option: "--low-speed-time") }
        self.requestTimeout = requestTimeout
        self.slowestUploadRate = slowestUploadRate
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
    }

    /// `HTTPClient.Configuration()` with the limits given; a `lowSpeedLimit` of 0 turns the low-speed limit off.
    public var httpConfiguration: HTTPClient.Configuration {
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
