import AWSKitLite
import Foundation

/// The two AWS emulators scripts/with-emulators.sh starts: MiniStack (signatures verified, IAM-user key) and moto
/// (signatures not checked). Tests read their coordinates from the environment and fail, not skip, without them.
enum Emulator: String, CaseIterable, Sendable, CustomStringConvertible {
    case ministack
    case moto

    struct NotConfigured: Error, CustomStringConvertible {
        var variable: String
        var description: String {
            "\(variable) is not set: run under scripts/with-emulators.sh (make test)"
        }
    }

    var description: String { rawValue }

    static let environment = ProcessInfo.processInfo.environment

    private static func value(_ name: String) throws -> String {
        guard let value = environment[name], !value.isEmpty else { throw NotConfigured(variable: name) }
        return value
    }

    /// The emulator's endpoint URL (`http://127.0.0.1:<port>`).
    func endpoint() throws -> String {
        switch self {
        case .ministack: try Self.value("AWSKIT_TEST_MINISTACK_ENDPOINT")
        case .moto: try Self.value("AWSKIT_TEST_MOTO_ENDPOINT")
        }
    }

    /// The credentials tests sign with: MiniStack's bootstrapped IAM user, moto's any-key.
    func credentials() throws -> AWSCredentials {
        switch self {
        case .ministack:
            AWSCredentials(accessKeyId: try Self.value("AWSKIT_TEST_MINISTACK_ACCESS_KEY_ID"),
                           secretAccessKey: try Self.value("AWSKIT_TEST_MINISTACK_SECRET_ACCESS_KEY"))
        case .moto:
            AWSCredentials(accessKeyId: "AKIAMOTOTESTKEY00001", secretAccessKey: "moto-does-not-check")
        }
    }

    /// A configuration pointing every service at this emulator (path-style S3), isolated from the process's
    /// own AWS_* variables.
    func configuration(region: String = "us-east-1", credentials override: AWSCredentials? = nil) throws -> AWSConfiguration {
        AWSConfiguration(region: region, credentialProvider: StaticCredentialProvider(try override ?? credentials()),
                         endpointOverride: try endpoint(), environment: [:])
    }

    /// A lower-case name unique to this run and test (`awskit-<prefix>-<8 hex>`), valid as a bucket, table,
    /// repository, function or role name.
    static func uniqueName(_ prefix: String) -> String {
        "awskit-\(prefix)-" + UUID().uuidString.lowercased().prefix(8)
    }
}
