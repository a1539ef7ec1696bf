import AWSKitLite
import Foundation

/// The two AWS emulators scripts/with-emulators.sh starts: MiniStack (AUTH=true: every request is signed with the
/// bootstrapped IAM user's key and verified) and moto (signatures not checked). Tests read their coordinates from
/// the environment and FAIL, never skip, when they are missing.
public enum Emulator: String, CaseIterable, Sendable, CustomStringConvertible {
    case ministack
    case moto

    /// Thrown when a variable scripts/with-emulators.sh sets is missing, so that the test fails with a hint.
    public struct NotConfigured: Error, CustomStringConvertible {
        public var variable: String
        public var description: String {
            "\(variable) is not set: run under scripts/with-emulators.sh (make test)"
        }
    }

    public var description: String { rawValue }

    private static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw NotConfigured(variable: name) }
        return value
    }

    /// The emulator's endpoint URL (`http://127.0.0.1:<port>`).
    public func endpoint() throws -> String {
        switch self {
        case .ministack: try Self.value("AWSKIT_TEST_MINISTACK_ENDPOINT")
        case .moto: try Self.value("AWSKIT_TEST_MOTO_ENDPOINT")
        }
    }

    /// The credentials tests sign with: MiniStack's bootstrapped IAM user, moto's any-key.
    public func credentials() throws -> AWSCredentials {
        switch self {
        case .ministack:
            AWSCredentials(accessKeyId: try Self.value("AWSKIT_TEST_MINISTACK_ACCESS_KEY_ID"),
                           secretAccessKey: try Self.value("AWSKIT_TEST_MINISTACK_SECRET_ACCESS_KEY"))
        case .moto:
            AWSCredentials(accessKeyId: "AKIAMOTOTESTKEY00001", secretAccessKey: "moto-does-not-check")
        }
    }

    /// MiniStack's account root key, which it accepts with any secret: what stands in for an AWS service principal
    /// (local-lambda assumes a function's role with it, as Lambda does as `lambda.amazonaws.com`). Never used for
    /// the tools themselves, which sign as the IAM user.
    public static let ministackAccountRoot = AWSCredentials(accessKeyId: "test", secretAccessKey: "test")

    /// A configuration pointing every service at this emulator (path-style S3), isolated from the process's
    /// own AWS_* variables.
    public func configuration(region: String = "us-east-1", credentials override: AWSCredentials? = nil) throws -> AWSConfiguration {
        AWSConfiguration(region: region, credentialProvider: StaticCredentialProvider(try override ?? credentials()),
                         endpointOverride: try endpoint(), environment: [:])
    }

    /// A lower-case name unique to this run and test (`<namespace>-<prefix>-<8 hex>`), valid as a bucket, table,
    /// repository, function or role name.
    public static func uniqueName(_ prefix: String, namespace: String = "awskit") -> String {
        "\(namespace)-\(prefix)-" + UUID().uuidString.lowercased().prefix(8)
    }
}
