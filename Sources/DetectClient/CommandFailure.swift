import ArgumentParser
import Foundation

/// How a subcommand ends on an expected failure: one line `detect-client <subcommand>: <what went wrong>` on
/// standard error, no stack trace, exit status 1.
enum CommandFailure {
    /// Prints the line and returns the exit code to throw.
    static func report(_ subcommand: String, _ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("detect-client \(subcommand): \(message)\n".utf8))
        return ExitCode.failure
    }

    /// Prints a line on standard error and carries on (where a file was written, say).
    static func note(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
}

/// Prints `text` on standard output as is.
func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
