import Foundation
import Logging

/// A swift-log handler that keeps every message, for tests that check what a client logged.
struct RecordingLogHandler: LogHandler {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    /// The entries of every logger made from one recorder.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Entry] = []
        var entries: [Entry] { lock.withLock { stored } }
        func append(_ entry: Entry) { lock.withLock { stored.append(entry) } }

        /// A logger that records into this recorder.
        func logger() -> Logger {
            Logger(label: "test") { _ in RecordingLogHandler(recorder: self) }
        }
    }

    let recorder: Recorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        merged.merge(event.metadata ?? [:]) { $1 }
        recorder.append(Entry(level: event.level, message: event.message.description,
                              metadata: merged.mapValues { "\($0)" }))
    }
}
