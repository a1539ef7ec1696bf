extension LocalLambdaServer {
    /// Where the local Lambda listens and how long it drains on shutdown.
    public struct Configuration: Sendable {
        /// Address to listen on.
        public var host: String
        /// Port to listen on, 0...65535; 0 picks a free one.
        public var port: Int
        /// Time queued and running invocations get to finish on SIGTERM or SIGINT (0 or more).
        public var drain: Duration

        /// Throws `SettingRangeError` naming `--port` or `--drain-timeout` for a setting out of its range.
        public init(host: String = "127.0.0.1", port: Int, drain: Duration = .seconds(30)) throws(SettingRangeError) {
            try SettingRangeError.check(port, in: 0...65535, option: "--port")
            guard drain >= .zero else { throw SettingRangeError(option: "--drain-timeout", requirement: "be 0 or more") }
            self.host = host
            self.port = port
            self.drain = drain
        }
    }
}
