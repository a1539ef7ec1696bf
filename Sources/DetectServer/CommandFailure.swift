import ArgumentParser
import Foundation

/// Prints `detect-server: <message>` on stderr and returns the exit code to throw: one line, no stack trace, status 1.
func commandFailure(_ message: some CustomStringConvertible) -> ExitCode {
    FileHandle.standardError.write(Data("detect-server: \(message)\n".utf8))
    return ExitCode.failure
}
