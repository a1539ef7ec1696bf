import AWSKitLite
import Foundation
import TestSupport
import Testing

/// Web identity against MiniStack with AUTH=true, which checks the token's issuer and audience against the role's
/// trust policy: from the environment as EKS and CI systems set it, from a profile, and with a token file that
/// changes between refreshes.
@Suite struct CredentialsWebIdentityTests {
    @Test func fromTheEnvironment() async throws {
        let tokenFile = try TokenFile(TestRoles.webIdentityToken())
        try await TestRoles.with([TestRoles.trustingTheIssuer]) { roles in
            let home = try ConfigurationProfileFileTests.home()
            let configuration = try AWSConfiguration.resolve(
                environment: ["HOME": home, "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path, "AWS_ROLE_ARN": roles[0].arn,
                              "AWS_ROLE_SESSION_NAME": "ci-job-17"],
                region: "us-east-1", endpointURL: try Emulator.ministack.endpoint())
            let arn = try await STSClient(configuration: configuration).getCallerIdentity().arn
            #expect(arn == "arn:aws:sts::\(TestRoles.account):assumed-role/\(roles[0].roleName)/ci-job-17")
        }
    }

    @Test func fromAProfile() async throws {
        let tokenFile = try TokenFile(TestRoles.webIdentityToken())
        try await TestRoles.with([TestRoles.trustingTheIssuer]) { roles in
            let home = try ConfigurationProfileFileTests.home(config: """
                [profile ci]
                web_identity_token_file = \(tokenFile.path)
                role_arn = \(roles[0].arn)
                role_session_name = from-profile
                """)
            let configuration = try AWSConfiguration.resolve(
                environment: ["HOME": home], region: "us-east-1", profile: "ci", endpointURL: try Emulator.ministack.endpoint())
            let arn = try await STSClient(configuration: configuration).getCallerIdentity().arn
            #expect(arn == "arn:aws:sts::\(TestRoles.account):assumed-role/\(roles[0].roleName)/from-profile")
        }
    }

    /// The file is read for every fetch: a fixed token works at once, a token gone bad fails the refresh (the old
    /// credentials carry on, with a warning, until they expire), and a rotated good one gives new credentials.
    @Test func theTokenFileIsReadAgainForEveryRefresh() async throws {
        let untrusted = TestRoles.webIdentityToken(issuer: "https://elsewhere.example")
        let tokenFile = try TokenFile(untrusted)
        try await TestRoles.with([TestRoles.trustingTheIssuer]) { roles in
            let log = LogRecorder()
            let now = LockedDate(Date())
            let chain = CredentialProviderChain.standard(
                environment: ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path, "AWS_ROLE_ARN": roles[0].arn],
                sts: STSAccess(region: "us-east-1", endpointOverride: try Emulator.ministack.endpoint(), logger: log.logger()),
                clock: { now.value })
            let refused = try await #require(throws: AWSError.self) { try await chain.resolve() }
            #expect(refused.code == "AccessDenied" && refused.operation == "AssumeRoleWithWebIdentity")

            try tokenFile.write(TestRoles.webIdentityToken())
            let first = try await chain.resolve()
            let expiration = try #require(first.expiration)

            try tokenFile.write(untrusted)
            now.value = expiration.addingTimeInterval(-60)
            #expect(try await chain.resolve() == first)
            let warnings = log.entries.filter { $0.level == .warning }
            #expect(warnings.count == 1)
            #expect(warnings.first?.text.contains("AccessDenied") == true)
            #expect(warnings.first?.text.contains("web identity role \(roles[0].arn)") == true)

            now.value = expiration.addingTimeInterval(1)
            let expired = try await #require(throws: AWSError.self) { try await chain.resolve() }
            #expect(expired.code == "AccessDenied")

            try tokenFile.write(TestRoles.webIdentityToken(subject: "system:serviceaccount:ci:rotated"))
            let second = try await chain.resolve()
            #expect(second.accessKeyId != first.accessKeyId)
            let sts = try STSClient(configuration: Emulator.ministack.configuration(credentials: second))
            #expect(try await sts.getCallerIdentity().arn.contains("assumed-role/\(roles[0].roleName)/awskitlite-session-"))

            let everything = log.entries.map(\.text).joined(separator: "\n") + "\(refused)\(expired)"
            #expect(!everything.contains(untrusted) && !everything.contains(first.secretAccessKey))
        }
    }
}
