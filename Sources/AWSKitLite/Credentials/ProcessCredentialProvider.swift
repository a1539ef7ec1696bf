import Foundation
import Logging

/// Credentials printed by the command of a profile's `credential_process` (e.g. IAM Roles Anywhere's signing
/// helper, aws-vault, a company's own tool).
///
/// The setting is split into a program and its arguments as botocore splits it (`ShellWords`) and run without a
/// shell, with the configuration's environment. It must exit 0 and print one JSON object: `Version` 1,
/// `AccessKeyId`, `SecretAccessKey`, optional `SessionToken` and `Expiration` (ISO 8601). Credentials with an
/// `Expiration` are kept until `CredentialProviderChain.refreshMargin` seconds before it, then the command runs
/// again (once for all concurrent callers); credentials without one are kept for good.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html
public final class ProcessCredentialProvider: CredentialProvider {
    /// The setting as written.
    public let command: String
    /// The profile it comes from, for errors.
    public let profile: String
    public let environment: [String: String]
    public var sourceDescription: String { "credential_process (profile \(profile))" }
    private let cache: CredentialCache

    /// Bytes of standard error an error message keeps (its end).
    static let standardErrorTail = 512

    public init(command: String, profile: String, environment: [String: String],
                clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger = AWSConfiguration.silentLogger) {
        self.command = command
        self.profile = profile
        self.environment = environment
        cache = CredentialCache(source: "credential_process (profile \(profile))",
                                refreshMargin: CredentialProviderChain.refreshMargin, clock: clock, logger: logger)
    }

    /// The command's credentials (cached), never nil.
    /// - Throws: `CredentialProcessError`.
    public func credentials() async throws -> AWSCredentials? {
        try await cache.credentials { [self] in try await run() }
    }

    private func run() async throws -> AWSCredentials {
        let arguments: [String]
        do {
            arguments = try ShellWords.split(command)
        } catch {
            throw CredentialProcessError.invalidCommand(profile: profile, reason: error.description)
        }
        guard let program = arguments.first else {
            throw CredentialProcessError.invalidCommand(profile: profile, reason: "it is empty")
        }
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(arguments, environment: environment)
        } catch let failure as ChildProcess.StartFailure {
            throw CredentialProcessError.cannotStart(profile: profile, program: program, reason: failure.reason)
        }
        if outcome.killed {
            throw CredentialProcessError.killed(profile: profile, program: program, signal: outcome.status)
        }
        guard outcome.status == 0 else {
            let tail = String(decoding: outcome.standardError.suffix(Self.standardErrorTail), as: UTF8.self)
            throw CredentialProcessError.exited(profile: profile, program: program, status: outcome.status,
                                                standardError: tail.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return try Self.decode(outcome.standardOutput, profile: profile, program: program)
    }

    private struct Output: Decodable {
        var Version: Version?
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var SessionToken: String?
        var Expiration: String?
    }

    /// `Version` as printed: a number, or something else shown as JSON.
    private enum Version: Decodable, Equatable {
        case number(Double)
        case other(String)

        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let bool = try? value.decode(Bool.self) {
                self = .other(String(bool))
            } else if let number = try? value.decode(Double.self) {
                self = .number(number)
            } else if let text = try? value.decode(String.self) {
                self = .other("\"\(text)\"")
            } else {
                self = .other(value.decodeNil() ? "null" : "of another JSON type")
            }
        }

        var shown: String {
            switch self {
            case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
            case .other(let text): text
            }
        }
    }

    /// The credentials in a credential process's standard output. Never quotes the output (it holds secrets).
    static func decode(_ output: [UInt8], profile: String, program: String) throws -> AWSCredentials {
        func invalid(_ reason: String) -> CredentialProcessError {
            .invalidOutput(profile: profile, program: program, reason: reason)
        }
        let payload: Output
        do {
            payload = try JSONDecoder().decode(Output.self, from: Data(output))
        } catch DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty {
            throw invalid("\(context.codingPath.map(\.stringValue).joined(separator: ".")) that is not a string")
        } catch {
            throw invalid("something that is not a JSON object (\(output.count) bytes)")
        }
        guard let version = payload.Version else {
            throw CredentialProcessError.unsupportedVersion(profile: profile, program: program, version: "none")
        }
        guard version == .number(1) else {
            throw CredentialProcessError.unsupportedVersion(profile: profile, program: program, version: version.shown)
        }
        guard let accessKeyId = payload.AccessKeyId, !accessKeyId.isEmpty else { throw invalid("no AccessKeyId") }
        guard let secret = payload.SecretAccessKey, !secret.isEmpty else { throw invalid("no SecretAccessKey") }
        var expiration: Date?
        if let text = payload.Expiration {
            guard let date = ISO8601Date.parse(text) else { throw invalid("Expiration '\(text)', which is not an ISO 8601 date") }
            expiration = date
        }
        return AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secret,
                              sessionToken: payload.SessionToken.flatMap { $0.isEmpty ? nil : $0 }, expiration: expiration)
    }
}
