import Foundation
import Synchronization

/// Shows how far a long run has got, on standard error so that standard output stays the data: a bar redrawn in
/// place on a terminal, plain lines otherwise (one per tenth of the work, one per failure, one at the end), or
/// nothing. Safe to call from concurrent tasks.
public final class ProgressReporter: Sendable {
    /// How progress is shown.
    public enum Style: Sendable, Equatable {
        /// One line redrawn in place (at most ten times a second), for a terminal.
        case bar
        /// Plain lines, for logs and pipes.
        case lines
        /// Nothing at all.
        case silent
    }

    private struct State {
        var task = ""
        var total = 0
        var done = 0
        var failed = 0
        var lastTenth = 0
        var lastDraw: ContinuousClock.Instant?
        var started = ContinuousClock.now
        var barShown = false
    }

    public let style: Style
    private let write: @Sendable (String) -> Void
    private let state = Mutex(State())

    /// A reporter that hands every piece of text to `write` (standard error by default).
    public init(style: Style, write: @escaping @Sendable (String) -> Void = ProgressReporter.writeToStandardError) {
        self.style = style
        self.write = write
    }

    /// A reporter on standard error: a bar when it is a terminal, plain lines otherwise.
    public static func standardError() -> ProgressReporter {
        ProgressReporter(style: isatty(STDERR_FILENO) == 1 ? .bar : .lines)
    }

    /// A reporter that shows nothing.
    public static let silent = ProgressReporter(style: .silent)

    /// Writes `text` to standard error as is.
    public static func writeToStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Starts a new piece of work of `total` items named `task` (`uploading`, `detecting`, ...), `done` of them
    /// already finished.
    public func start(_ task: String, total: Int, done: Int = 0) {
        guard style != .silent else { return }
        state.withLock { state in
            state = State()
            state.task = task
            state.total = total
            state.done = done
            state.lastTenth = total > 0 ? done * 10 / total : 0
        }
        if style == .lines { write("\(task): \(done)/\(total)\n") }
    }

    /// Records one finished item; a failed one is named, with its reason, in the line style.
    public func advance(item: String, failure: String? = nil) {
        guard style != .silent else { return }
        let output: String? = state.withLock { state in
            state.done += 1
            if failure != nil { state.failed += 1 }
            switch style {
            case .lines:
                var text = ""
                if let failure { text += "\(state.task): \(item) failed: \(failure)\n" }
                let tenth = state.total > 0 ? state.done * 10 / state.total : 10
                if tenth > state.lastTenth && state.done < state.total {
                    state.lastTenth = tenth
                    text += "\(state.task): \(state.done)/\(state.total)" + (state.failed > 0 ? " (\(state.failed) failed)" : "") + "\n"
                }
                return text.isEmpty ? nil : text
            case .bar:
                let now = ContinuousClock.now
                if let last = state.lastDraw, now - last < .milliseconds(100), state.done < state.total { return nil }
                state.lastDraw = now
                state.barShown = true
                return Self.bar(state, item: item)
            case .silent:
                return nil
            }
        }
        if let output { write(output) }
    }

    /// Ends the current piece of work with a closing line (`task: 13/13 done, 1 failed in 2.4 s`).
    public func finish() {
        guard style != .silent else { return }
        let line = state.withLock { state -> String in
            let elapsed = (ContinuousClock.now - state.started).seconds
            let closing = "\(state.task): \(state.done)/\(state.total) done" + (state.failed > 0 ? ", \(state.failed) failed" : "")
                + String(format: " in %.1f s", elapsed)
            let clear = style == .bar && state.barShown ? "\r\u{1B}[2K" : ""
            state.barShown = false
            return clear + closing + "\n"
        }
        write(line)
    }

    /// A line of its own (`waiting for 13 items in table T`), clearing the bar first.
    public func note(_ text: String) {
        guard style != .silent else { return }
        let clear = state.withLock { state -> String in
            defer { state.barShown = false }
            return style == .bar && state.barShown ? "\r\u{1B}[2K" : ""
        }
        write(clear + text + "\n")
    }

    private static func bar(_ state: State, item: String) -> String {
        let width = 30
        let filled = state.total > 0 ? min(width, state.done * width / state.total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let failed = state.failed > 0 ? "  \(state.failed) failed" : ""
        let name = item.count > 40 ? String(item.prefix(37)) + "..." : item
        return "\r\u{1B}[2K\(state.task) [\(bar)] \(state.done)/\(state.total)\(failed)  \(name)"
    }
}
