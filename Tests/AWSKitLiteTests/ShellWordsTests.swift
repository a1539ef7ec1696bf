import Foundation
import Testing
@testable import AWSKitLite

/// `credential_process` command lines split as botocore splits them (`botocore.compat.compat_shell_split`, run as a
/// subprocess on the same lines), including the lines it refuses.
@Suite struct ShellWordsTests {
    static let lines = [
        "/usr/local/bin/get-creds --profile dev",
        "  spaced\t out \n over  lines  ",
        #""/opt/my tools/creds" 'single quoted arg' plain"#,
        #"tool --json '{"a": "b c"}'"#,
        #"tool "double \"escaped\" quote" "back\\slash" "kept \n backslash" "\$HOME""#,
        #"tool un\ quoted\ spaces back\\slash \'x"#,
        #"tool a"b c"d 'e'"f" ''"#,
        #"tool '' "" x"#,
        "tool $HOME ~/x *.json a;b a|b `id` #not-a-comment",
        "tool ü 日本 😀 'ü x'",
        "",
        "   ",
        #"tool 'unclosed"#,
        #"tool "unclosed"#,
        #"tool "ends in backslash\"#,
        #"tool trailing\"#,
    ]

    /// botocore's split of each line, or nil where it raises.
    static func botocoreSplits(_ lines: [String]) throws -> [[String]?] {
        guard let python = SigV4BotocoreDifferentialTests.pythonInterpreter() else {
            throw ReferenceError(message: "no Python with botocore: set AWSKIT_PYTHON or create .venv-aws")
        }
        let script = """
            import json, sys
            from botocore.compat import compat_shell_split
            out = []
            for line in json.load(sys.stdin):
                try:
                    out.append(compat_shell_split(line))
                except ValueError:
                    out.append(None)
            json.dump(out, sys.stdout)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: lines))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ReferenceError(message: "botocore split exited \(process.terminationStatus)") }
        return try JSONDecoder().decode([[String]?].self, from: data)
    }

    struct ReferenceError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    @Test func splitsEveryLineAsBotocoreDoes() throws {
        let expected = try Self.botocoreSplits(Self.lines)
        #expect(expected.count == Self.lines.count)
        for (line, reference) in zip(Self.lines, expected) {
            let ours = try? ShellWords.split(line)
            #expect(ours == reference, "\(line.debugDescription)")
        }
        // The reference itself is not trivial: quotes were removed and a quoted space kept.
        #expect(expected[2] == ["/opt/my tools/creds", "single quoted arg", "plain"])
    }

    @Test func refusalsSayWhy() {
        #expect(throws: ShellWords.Failure.unclosedQuote("'")) { try ShellWords.split("tool 'open") }
        #expect(throws: ShellWords.Failure.unclosedQuote("\"")) { try ShellWords.split(#"tool "open"#) }
        #expect(throws: ShellWords.Failure.trailingBackslash) { try ShellWords.split(#"tool x\"#) }
    }
}
