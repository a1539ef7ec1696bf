import ArgumentParser
import Logging

/// `--log-level`, for the commands that log (`serve`, `lambda`).
struct LogLevelOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    /// A logger with `label` at the chosen level.
    func logger(label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = logLevel
        return logger
    }
}
