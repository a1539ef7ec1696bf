import AWSKitLite
import Foundation
import Testing

/// `credential_process` with real scripts: what they print becomes the credentials, what goes wrong becomes a typed
/// error that never quotes standard output, and the chain runs them again only near expiry.
@Suite struct CredentialsProcessTests {
    static let expiration = Date(timeIntervalSince1970: 1_893_553_445)  // 2030-01-02T03:04:05Z
    static let output = #"{"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "process-secret", "#
        + #""SessionToken": "process-token", "Expiration": "2030-01-02T03:04:05Z"}"#

    static func chain(_ script: CredentialScript, clock: @escaping @Sendable () -> Date = { Date() }) -> CredentialProviderChain {
        CredentialProviderChain.standard(environment: script.environment, clock: clock)
    }

    static func error(from script: CredentialScript) async -> (any Error)? {
        do {
            _ = try await chain(script).resolve()
            return nil
        } catch {
            return error
        }
    }

    @Test func theScriptsCredentialsWithQuotedArguments() async throws {
        let script = try CredentialScript("printf '%s\\n' '\(Self.output)'")
        let credentials = try await Self.chain(script).resolve()
        #expect(credentials == AWSCredentials(accessKeyId: "ASIAPROCESS", secretAccessKey: "process-secret",
                                              sessionToken: "process-token", expiration: Self.expiration))
        // The program path has a space and the second argument is quoted: split as a shell would, run without one.
        #expect(try script.arguments() == ["--role", "build agent", "$HOME"])
    }

    @Test func runsAgainOnlyOnceTheClockPassesTheRefreshMargin() async throws {
        let script = try CredentialScript("printf '%s\\n' '\(Self.output)'")
        let now = LockedDate(Self.expiration.addingTimeInterval(-3600))
        let chain = Self.chain(script, clock: { now.value })
        for _ in 0..<3 { _ = try await chain.resolve() }
        #expect(try script.runs() == 1)

        now.value = Self.expiration.addingTimeInterval(-CredentialProviderChain.refreshMargin - 1)
        _ = try await chain.resolve()
        #expect(try script.runs() == 1)

        now.value = Self.expiration.addingTimeInterval(-CredentialProviderChain.refreshMargin + 1)
        _ = try await chain.resolve()
        #expect(try script.runs() == 2)
    }

    @Test func withoutExpirationItRunsOnce() async throws {
        let script = try CredentialScript(#"printf '%s\n' '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "s"}'"#)
        let now = LockedDate(Self.expiration)
        let chain = Self.chain(script, clock: { now.value })
        let credentials = try await chain.resolve()
        #expect(credentials.sessionToken == nil && credentials.expiration == nil)
        now.value = Self.expiration.addingTimeInterval(365 * 86_400)
        _ = try await chain.resolve()
        #expect(try script.runs() == 1)
    }

    @Test func nothingRunsUntilCredentialsAreNeeded() async throws {
        let script = try CredentialScript("printf '%s\\n' '\(Self.output)'")
        let configuration = try AWSConfiguration.resolve(environment: script.environment, region: "us-east-1")
        #expect(try script.runs() == 0)
        _ = try await configuration.credentials()
        #expect(try script.runs() == 1)
    }

    @Test func aFailingScriptReportsTheEndOfStandardErrorButNeverStandardOutput() async throws {
        let script = try CredentialScript("""
            printf '%s\\n' '\(Self.output)'
            i=0; while [ $i -lt 100 ]; do printf 'noise-%s ' $i >&2; i=$((i + 1)); done
            echo 'session expired: run sso login' >&2
            exit 3
            """)
        let error = try #require(await Self.error(from: script) as? CredentialProcessError)
        guard case .exited(let profile, let program, let status, let standardError) = error else {
            Issue.record("expected .exited, got \(error)")
            return
        }
        #expect(profile == "proc" && program == script.path && status == 3)
        #expect(standardError.hasSuffix("session expired: run sso login"))
        #expect(standardError.utf8.count <= 512 && !standardError.contains("noise-0 "))
        #expect(!error.description.contains("process-secret") && !error.description.contains("ASIAPROCESS"))
        #expect(error.description.contains("exited with status 3"))
    }

    @Test func badOutputIsTypedWithoutQuotingIt() async throws {
        let cases: [(body: String, expected: CredentialProcessError)] = [
            ("echo 'AccessKeyId=AKID secret=leaky'", .invalidOutput(profile: "proc", program: "", reason: "something that is not a JSON object (30 bytes)")),
            (#"printf '%s' '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "leaky"}'"#,
             .unsupportedVersion(profile: "proc", program: "", version: "2")),
            (#"printf '%s' '{"Version": "1", "AccessKeyId": "A", "SecretAccessKey": "leaky"}'"#,
             .unsupportedVersion(profile: "proc", program: "", version: #""1""#)),
            (#"printf '%s' '{"AccessKeyId": "A", "SecretAccessKey": "leaky"}'"#,
             .unsupportedVersion(profile: "proc", program: "", version: "none")),
            (#"printf '%s' '{"Version": 1, "AccessKeyId": "A"}'"#,
             .invalidOutput(profile: "proc", program: "", reason: "no SecretAccessKey")),
            (#"printf '%s' '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": 7}'"#,
             .invalidOutput(profile: "proc", program: "", reason: "SecretAccessKey that is not a string")),
            (#"printf '%s' '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "leaky", "Expiration": "tomorrow"}'"#,
             .invalidOutput(profile: "proc", program: "", reason: "Expiration 'tomorrow', which is not an ISO 8601 date")),
        ]
        for (body, expected) in cases {
            let script = try CredentialScript(body)
            let error = try #require(await Self.error(from: script) as? CredentialProcessError, "\(body)")
            #expect(error == expected.withProgram(script.path), "\(body)")
            #expect(!error.description.contains("leaky"), "\(body)")
        }
    }

    @Test func aProgramThatCannotStartOrACommandThatCannotBeSplit() async throws {
        let missing = try CredentialScript("", command: "/nonexistent/get-creds --x")
        let error = try #require(await Self.error(from: missing) as? CredentialProcessError)
        guard case .cannotStart(profile: "proc", program: "/nonexistent/get-creds", _) = error else {
            Issue.record("expected .cannotStart, got \(error)")
            return
        }
        let notInPath = try CredentialScript("", command: "awskit-no-such-tool --x")
        #expect(await Self.error(from: notInPath) as? CredentialProcessError
            == .cannotStart(profile: "proc", program: "awskit-no-such-tool", reason: "not found in PATH"))
        let unclosed = try CredentialScript("", command: "get-creds 'open")
        #expect(await Self.error(from: unclosed) as? CredentialProcessError
            == .invalidCommand(profile: "proc", reason: "a ' quote is not closed"))
        let blank = try CredentialScript("", command: "   ")
        #expect(await Self.error(from: blank) as? CredentialProcessError == .invalidCommand(profile: "proc", reason: "it is empty"))
    }

    @Test func aKilledScriptSaysBySignal() async throws {
        let script = try CredentialScript("kill -9 $$")
        #expect(await Self.error(from: script) as? CredentialProcessError
            == .killed(profile: "proc", program: script.path, signal: 9))
    }
}

extension CredentialProcessError {
    /// The same error for another program (the tests' scripts live in fresh folders).
    func withProgram(_ program: String) -> CredentialProcessError {
        switch self {
        case .cannotStart(let profile, _, let reason): .cannotStart(profile: profile, program: program, reason: reason)
        case .exited(let profile, _, let status, let error): .exited(profile: profile, program: program, status: status, standardError: error)
        case .killed(let profile, _, let signal): .killed(profile: profile, program: program, signal: signal)
        case .invalidOutput(let profile, _, let reason): .invalidOutput(profile: profile, program: program, reason: reason)
        case .unsupportedVersion(let profile, _, let version): .unsupportedVersion(profile: profile, program: program, version: version)
        case .invalidCommand: self
        }
    }
}

/// A credential process as a shell script in a fresh folder (whose name has a space), run through profile `proc`
/// of a fresh HOME. Every run appends a line to `runs` and writes its arguments to `arguments`, then runs `body`.
struct CredentialScript {
    let folder: String
    var path: String { folder + "/get creds.sh" }
    /// The `credential_process` setting: the script with `--role 'build agent' '$HOME'` unless given.
    let command: String
    /// HOME (with .aws/config) and AWS_PROFILE=proc.
    let environment: [String: String]

    init(_ body: String, command: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("awskit process \(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            echo run >> '\(folder)/runs'
            printf '%s\\n' "$@" > '\(folder)/arguments'
            \(body)

            """
        try script.write(toFile: folder + "/get creds.sh", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder + "/get creds.sh")
        let command = command ?? #""\#(folder)/get creds.sh" --role 'build agent' '$HOME'"#
        self.command = command
        let home = try ConfigurationProfileFileTests.home(config: "[profile proc]\ncredential_process = \(command)\n")
        environment = ["HOME": home, "AWS_PROFILE": "proc"]
    }

    /// How many times the script ran.
    func runs() throws -> Int {
        guard let text = try? String(contentsOfFile: folder + "/runs", encoding: .utf8) else { return 0 }
        return text.split(separator: "\n").count
    }

    /// The arguments of the last run.
    func arguments() throws -> [String] {
        try String(contentsOfFile: folder + "/arguments", encoding: .utf8).split(separator: "\n").map(String.init)
    }
}
