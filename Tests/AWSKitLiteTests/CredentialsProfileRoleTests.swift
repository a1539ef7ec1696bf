import AWSKitLite
import TestSupport
import Foundation
import Testing

/// Role, web identity and source settings of the shared config file that cannot work are typed errors naming the
/// profile, raised before any call to STS; and the chain consults its sources in the AWS SDKs' order. (The calls
/// these settings lead to are in CredentialsAssumeRoleTests and CredentialsWebIdentityTests, against MiniStack.)
@Suite struct CredentialsProfileRoleTests {
    static let role = "arn:aws:iam::123456789012:role/deploy"
    /// STS at a port nothing listens on: every test here must fail or succeed before reaching it.
    static let unreachableSTS = STSAccess(region: "us-east-1", endpointOverride: "http://127.0.0.1:9")

    static func resolve(config: String, credentials: String? = nil, profile: String = "a", explicitly: Bool = false,
                        environment: [String: String] = [:]) async throws -> AWSCredentials {
        let home = try ConfigurationProfileFileTests.home(config: config, credentials: credentials)
        var environment = environment.merging(["HOME": home]) { $1 }
        if !explicitly { environment["AWS_PROFILE"] = profile }
        return try await CredentialProviderChain.standard(
            environment: environment, profile: explicitly ? profile : nil, fetch: CredentialsLoopbackServer.fetch,
            sts: unreachableSTS).resolve()
    }

    static func expect(_ expected: AWSConfigurationError, config: String, environment: [String: String] = [:],
                       explicitly: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) async {
        await #expect(throws: expected, sourceLocation: sourceLocation) {
            try await resolve(config: config, explicitly: explicitly, environment: environment)
        }
    }

    @Test func sourceProfileCyclesNameEveryProfileOnTheWay() async {
        await Self.expect(.profileCycle(profiles: ["a", "b", "a"]), config: """
            [profile a]
            role_arn = \(Self.role)
            source_profile = b
            [profile b]
            role_arn = \(Self.role)
            source_profile = a
            """)
        await Self.expect(.profileCycle(profiles: ["a", "b", "c", "b"]), config: """
            [profile a]
            role_arn = \(Self.role)
            source_profile = b
            [profile b]
            role_arn = \(Self.role)
            source_profile = c
            [profile c]
            role_arn = \(Self.role)
            source_profile = b
            """)
        // A profile may name itself only to use its own static keys.
        await Self.expect(.profileCycle(profiles: ["a", "a"]), config: "[profile a]\nrole_arn = \(Self.role)\nsource_profile = a\n")
    }

    @Test func aMissingSourceProfileIsNamed() async throws {
        let home = try ConfigurationProfileFileTests.home(config: "[profile a]\nrole_arn = \(Self.role)\nsource_profile = nope\n")
        await #expect(throws: AWSConfigurationError.sourceProfileNotFound(
            profile: "a", sourceProfile: "nope", files: [home + "/.aws/credentials", home + "/.aws/config"])) {
            try await CredentialProviderChain.standard(environment: ["HOME": home, "AWS_PROFILE": "a"], sts: Self.unreachableSTS).resolve()
        }
    }

    @Test func aRoleNeedsExactlyOneSource() async {
        await Self.expect(.conflictingRoleSources(profile: "a"), config: """
            [profile a]
            role_arn = \(Self.role)
            source_profile = b
            credential_source = Environment
            [profile b]
            aws_access_key_id = AKIDB
            aws_secret_access_key = b
            """)
        await Self.expect(.missingRoleSource(profile: "a"), config: "[profile a]\nrole_arn = \(Self.role)\n")
    }

    @Test func mfaAndInstanceMetadataAreRefusedClearly() async throws {
        await Self.expect(.mfaNotSupported(profile: "a", mfaSerial: "arn:aws:iam::123456789012:mfa/me"), config: """
            [profile a]
            role_arn = \(Self.role)
            source_profile = b
            mfa_serial = arn:aws:iam::123456789012:mfa/me
            [profile b]
            aws_access_key_id = AKIDB
            aws_secret_access_key = b
            """)
        // Deeper in the chain, the error names the profile that has the setting.
        await Self.expect(.mfaNotSupported(profile: "b", mfaSerial: "arn:aws:iam::123456789012:mfa/me"), config: """
            [profile a]
            role_arn = \(Self.role)
            source_profile = b
            [profile b]
            role_arn = \(Self.role)
            credential_source = Environment
            mfa_serial = arn:aws:iam::123456789012:mfa/me
            """)
        let error = AWSConfigurationError.unsupportedCredentialSource(profile: "a", credentialSource: "Ec2InstanceMetadata")
        await Self.expect(error, config: "[profile a]\nrole_arn = \(Self.role)\ncredential_source = Ec2InstanceMetadata\n")
        #expect(error.description.contains("does not read EC2 instance metadata"))
        await Self.expect(.unsupportedCredentialSource(profile: "a", credentialSource: "environment"),
                          config: "[profile a]\nrole_arn = \(Self.role)\ncredential_source = environment\n")
    }

    @Test func settingsThatCannotWorkAreNamed() async {
        await Self.expect(.invalidProfileSetting(profile: "a", key: "duration_seconds", value: "1h",
                                                 expected: "a whole number of seconds from 900 to 43200"),
                          config: "[profile a]\nrole_arn = \(Self.role)\ncredential_source = Environment\nduration_seconds = 1h\n")
        await Self.expect(.incompleteCredentials(source: "profile a", missing: "role_arn"),
                          config: "[profile a]\nweb_identity_token_file = /var/run/token\n")
        await Self.expect(.roleSourceHasNoCredentials(role: "role \(Self.role) (profile a)", source: "source profile 'b'"),
                          config: "[profile a]\nrole_arn = \(Self.role)\nsource_profile = b\n[profile b]\nregion = eu-west-1\n")
        // credential_source = Environment with no keys there (the profile named explicitly, so the chain itself
        // does not read them first).
        await Self.expect(.roleSourceHasNoCredentials(role: "role \(Self.role) (profile a)",
                                                      source: "environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)"),
                          config: "[profile a]\nrole_arn = \(Self.role)\ncredential_source = Environment\n", explicitly: true)
    }

    @Test func webIdentityFromTheEnvironmentNeedsItsRoleAndAReadableToken() async throws {
        await #expect(throws: AWSConfigurationError.incompleteCredentials(source: "environment (web identity)", missing: "AWS_ROLE_ARN")) {
            try await CredentialProviderChain.standard(environment: ["AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/token"],
                                                       sts: Self.unreachableSTS).resolve()
        }
        let missing = "/nonexistent/\(UUID().uuidString)/token"
        await #expect(throws: AWSConfigurationError.webIdentityTokenUnreadable(file: missing, setting: "AWS_WEB_IDENTITY_TOKEN_FILE")) {
            try await CredentialProviderChain.standard(
                environment: ["AWS_WEB_IDENTITY_TOKEN_FILE": missing, "AWS_ROLE_ARN": Self.role], sts: Self.unreachableSTS).resolve()
        }
    }

    @Test func withoutSTSAccessARoleSaysSo() async throws {
        let home = try ConfigurationProfileFileTests.home(config: "[profile a]\nrole_arn = \(Self.role)\ncredential_source = Environment\n")
        let environment = ["HOME": home, "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env"]
        await #expect(throws: AWSConfigurationError.stsNotConfigured(source: "role \(Self.role) (profile a)")) {
            try await CredentialProviderChain.standard(environment: environment, profile: "a").resolve()
        }
    }

    /// Explicit, environment keys, web identity from the environment, the profile, container credentials.
    /// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html
    @Test func theChainAsksItsSourcesInTheSDKsOrder() async throws {
        let unreadableToken = ["AWS_WEB_IDENTITY_TOKEN_FILE": "/nonexistent/token", "AWS_ROLE_ARN": Self.role]
        let keys = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env"]
        let profile = "[profile a]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = p\n"
        let server = try await CredentialsLoopbackServer.start { _ in (200, CredentialsContainerTests.body) }
        defer { server.stop() }
        let container = ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(server.port)/creds"]

        // The environment's keys come before web identity, which is not even read.
        let all = keys.merging(unreadableToken) { $1 }.merging(container) { $1 }
        #expect(try await Self.resolve(config: profile, environment: all).accessKeyId == "AKIDENV")
        // Web identity comes before the profile: its unreadable token is the answer.
        await #expect(throws: AWSConfigurationError.webIdentityTokenUnreadable(file: "/nonexistent/token", setting: "AWS_WEB_IDENTITY_TOKEN_FILE")) {
            try await Self.resolve(config: profile, environment: unreadableToken.merging(container) { $1 })
        }
        // A profile named explicitly skips both environment sources.
        #expect(try await Self.resolve(config: profile, explicitly: true, environment: all).accessKeyId == "AKIDPROFILE")
        // The profile comes before container credentials, which come last.
        #expect(try await Self.resolve(config: profile, environment: container).accessKeyId == "AKIDPROFILE")
        #expect(try await Self.resolve(config: "[profile a]\nregion = eu-west-1\n", environment: container).accessKeyId == "ASIACONTAINER")
        #expect(server.requests.count == 1)
    }
}
