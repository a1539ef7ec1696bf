import ArgumentParser
import Foundation

/// How every command ends on an expected failure (a missing folder, a refused request, an unreachable service):
/// one line on standard error, no stack trace, exit status 1. Mistakes in the arguments stay ArgumentParser's
/// (`ValidationError`: the message and the usage, exit status 64).
public enum CommandFailure {
    /// Prints `<command>: <message>` (`message` as string interpolation shows it: an error's description; newlines
    /// become spaces) and returns the exit code to throw.
    public static func report(_ command: String, _ message: Any) -> ExitCode {
        report(line: "\(command): \(message)")
    }

    /// Prints `line` as it is (newlines become spaces) and returns the exit code to throw.
    public static func report(line: String) -> ExitCode {
        note(line.split(whereSeparator: \.isNewline).joined(separator: " "))
        return ExitCode.failure
    }

    /// Prints a line on standard error and carries on (where a file was written, say).
    public static func note(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
}

/// Writes `text` on standard output as is, at once (unbuffered, so it interleaves with standard error in order).
public func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
