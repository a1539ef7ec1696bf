import Foundation
import Testing
import AWSKitLite
import TestSupport

/// The credential providers and the order of the standard chain.
@Suite("Credential provider chain")
struct CredentialsChainTests {
    static let environmentKeys = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"]
    static let profileFiles = (
        config: "[default]\nregion = eu-west-1\n[profile dev]\naws_access_key_id = AKIDCONFIGDEV\naws_secret_access_key = cfg\n",
        credentials: "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\naws_session_token = file-token\n"
            + "[dev]\naws_access_key_id = AKIDFILEDEV\naws_secret_access_key = dev-secret\n")

    static func resolve(_ environment: [String: String], explicit: AWSCredentials? = nil, profile: String? = nil) async throws -> AWSCredentials {
        try await CredentialProviderChain.standard(environment: environment, explicit: explicit, profile: profile,
                                                   fetch: CredentialsLoopbackServer.fetch).resolve()
    }

    @Test func explicitBeatsEnvironmentBeatsProfile() async throws {
        let home = try ConfigurationProfileFileTests.home(config: Self.profileFiles.config, credentials: Self.profileFiles.credentials)
        var environment = Self.environmentKeys.merging(["HOME": home]) { $1 }
        let explicit = AWSCredentials(accessKeyId: "AKIDEXPLICIT", secretAccessKey: "x")
        #expect(try await Self.resolve(environment, explicit: explicit).accessKeyId == "AKIDEXPLICIT")
        #expect(try await Self.resolve(environment).accessKeyId == "AKIDENV")
        environment["AWS_ACCESS_KEY_ID"] = nil
        environment["AWS_SECRET_ACCESS_KEY"] = nil
        let fromFile = try await Self.resolve(environment)
        #expect(fromFile == AWSCredentials(accessKeyId: "AKIDFILE", secretAccessKey: "file-secret", sessionToken: "file-token"))
    }

    @Test func profileSelectionAndFilePrecedence() async throws {
        let home = try ConfigurationProfileFileTests.home(config: Self.profileFiles.config, credentials: Self.profileFiles.credentials)
        // AWS_PROFILE picks the profile; the credentials file wins over the config file.
        #expect(try await Self.resolve(["HOME": home, "AWS_PROFILE": "dev"]).accessKeyId == "AKIDFILEDEV")
        // With only the config file, its keys are used.
        let configOnly = try ConfigurationProfileFileTests.home(config: Self.profileFiles.config)
        #expect(try await Self.resolve(["HOME": configOnly, "AWS_PROFILE": "dev"]).accessKeyId == "AKIDCONFIGDEV")
        // AWS_PROFILE does not hide the environment keys...
        let environment = Self.environmentKeys.merging(["HOME": home, "AWS_PROFILE": "dev"]) { $1 }
        #expect(try await Self.resolve(environment).accessKeyId == "AKIDENV")
        // ...but an explicitly named profile does (as botocore's Session(profile=)).
        #expect(try await Self.resolve(environment, profile: "dev").accessKeyId == "AKIDFILEDEV")
    }

    @Test func sessionTokenFromTheEnvironment() async throws {
        let environment = Self.environmentKeys.merging(["AWS_SESSION_TOKEN": "env-token"]) { $1 }
        let credentials = try await Self.resolve(environment)
        #expect(credentials.sessionToken == "env-token")
    }

    @Test func noCredentialsListsEverySourceTried() async throws {
        let home = try ConfigurationProfileFileTests.home()
        await #expect(throws: AWSConfigurationError.noCredentials(tried: [
            "environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)",
            "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)",
            "shared credentials/config files (profile default)",
            "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI)",
        ])) {
            try await Self.resolve(["HOME": home])
        }
    }

    @Test func halfAKeyPairIsReportedNotSkipped() async throws {
        await #expect(throws: AWSConfigurationError.incompleteCredentials(source: "environment", missing: "AWS_SECRET_ACCESS_KEY")) {
            try await Self.resolve(["AWS_ACCESS_KEY_ID": "AKID"])
        }
        let home = try ConfigurationProfileFileTests.home(credentials: "[default]\naws_secret_access_key = s\n")
        await #expect(throws: AWSConfigurationError.incompleteCredentials(source: "profile default", missing: "aws_access_key_id")) {
            try await Self.resolve(["HOME": home])
        }
    }

    @Test func aNamedProfileThatDoesNotExistIsAnError() async throws {
        let home = try ConfigurationProfileFileTests.home(credentials: Self.profileFiles.credentials)
        await #expect(throws: AWSConfigurationError.profileNotFound(
            profile: "nope", files: [home + "/.aws/credentials", home + "/.aws/config"])) {
            try await Self.resolve(["HOME": home, "AWS_PROFILE": "nope"])
        }
    }

    @Test func malformedFileStopsTheChainWithFileAndLine() async throws {
        let home = try ConfigurationProfileFileTests.home(credentials: "[default]\naws_access_key_id AKID\n")
        await #expect(throws: AWSConfigurationError.malformedProfile(
            file: home + "/.aws/credentials", line: 2, reason: "expected 'key = value'")) {
            try await Self.resolve(["HOME": home])
        }
    }
}
