import AWSKitLite
import Foundation
import TestSupport
import Testing

/// STS AssumeRole and AssumeRoleWithWebIdentity against MiniStack with AUTH=true, which evaluates the role's trust
/// policy (principal, `sts:ExternalId`, the token's issuer and audience) and answers as AWS does.
@Suite struct STSAssumeRoleTests {
    static func sts(_ credentials: AWSCredentials? = nil) throws -> STSClient {
        try STSClient(configuration: Emulator.ministack.configuration(credentials: credentials))
    }

    @Test func assumeRoleAnswersWorkingCredentialsAndTheAssumedRoleArn() async throws {
        let user = try await TestRoles.testUserArn()
        try await TestRoles.with([TestRoles.trusting([user])]) { roles in
            let role = roles[0]
            let before = Date()
            let assumed = try await Self.sts().assumeRole(roleArn: role.arn, sessionName: "build-42", durationSeconds: 900)

            #expect(assumed.assumedRoleArn == "arn:aws:sts::\(TestRoles.account):assumed-role/\(role.roleName)/build-42")
            #expect(assumed.assumedRoleId == "\(role.roleId):build-42")
            #expect(assumed.credentials.accessKeyId.hasPrefix("ASIA"))
            #expect(assumed.credentials.sessionToken?.isEmpty == false)
            // AWS answers the expiry to the second: 900 s from the call, give or take the call's own duration.
            let expiration = try #require(assumed.credentials.expiration)
            #expect(expiration >= before.addingTimeInterval(900 - 2) && expiration <= Date().addingTimeInterval(900 + 2))
            // The temporary credentials sign as the assumed role.
            #expect(try await Self.sts(assumed.credentials).getCallerIdentity().arn == assumed.assumedRoleArn)
        }
    }

    @Test func theTrustPolicyDecidesWhoMayAssume() async throws {
        try await TestRoles.with([TestRoles.trusting(["arn:aws:iam::\(TestRoles.account):user/someone-else"])]) { roles in
            let error = try await #require(throws: AWSError.self) {
                try await Self.sts().assumeRole(roleArn: roles[0].arn, sessionName: "s")
            }
            #expect(error.code == "AccessDenied" && error.statusCode == 403)
            #expect(error.service == "sts" && error.operation == "AssumeRole")
        }
    }

    @Test func externalIdIsSentForTheTrustPolicysCondition() async throws {
        let user = try await TestRoles.testUserArn()
        let condition = #"{"StringEquals":{"sts:ExternalId":"partner-7"}}"#
        try await TestRoles.with([TestRoles.trusting([user], condition: condition)]) { roles in
            let sts = try Self.sts()
            let error = try await #require(throws: AWSError.self) {
                try await sts.assumeRole(roleArn: roles[0].arn, sessionName: "s")
            }
            #expect(error.code == "AccessDenied")
            let assumed = try await sts.assumeRole(roleArn: roles[0].arn, sessionName: "s", externalId: "partner-7")
            #expect(assumed.assumedRoleArn.hasSuffix("/\(roles[0].roleName)/s"))
        }
    }

    @Test func aSessionPolicyIsSentAndValidated() async throws {
        let user = try await TestRoles.testUserArn()
        try await TestRoles.with([TestRoles.trusting([user])]) { roles in
            let sts = try Self.sts()
            let error = try await #require(throws: AWSError.self) {
                try await sts.assumeRole(roleArn: roles[0].arn, sessionName: "s", policy: "{not a policy")
            }
            #expect(error.code == "MalformedPolicyDocument" && error.statusCode == 400)
            let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#
            _ = try await sts.assumeRole(roleArn: roles[0].arn, sessionName: "s", policy: policy)
        }
    }

    /// The client's credentials refuse to be read, so the call can only succeed unsigned.
    @Test func assumeRoleWithWebIdentityIsUnsignedAndChecksTheTokensIssuer() async throws {
        try await TestRoles.with([TestRoles.trustingTheIssuer]) { roles in
            let role = roles[0]
            var configuration = try Emulator.ministack.configuration()
            configuration.credentialProvider = RefusingCredentialProvider()
            let sts = try STSClient(configuration: configuration)

            let assumed = try await sts.assumeRoleWithWebIdentity(
                roleArn: role.arn, sessionName: "ci-run", webIdentityToken: TestRoles.webIdentityToken(), durationSeconds: 1800)
            #expect(assumed.assumedRoleArn == "arn:aws:sts::\(TestRoles.account):assumed-role/\(role.roleName)/ci-run")
            #expect(assumed.credentials.expiration != nil && assumed.credentials.sessionToken != nil)
            #expect(try await Self.sts(assumed.credentials).getCallerIdentity().arn == assumed.assumedRoleArn)

            let untrusted = TestRoles.webIdentityToken(issuer: "https://elsewhere.example")
            let error = try await #require(throws: AWSError.self) {
                try await sts.assumeRoleWithWebIdentity(roleArn: role.arn, sessionName: "ci-run", webIdentityToken: untrusted)
            }
            #expect(error.code == "AccessDenied" && error.operation == "AssumeRoleWithWebIdentity")
            #expect(!error.description.contains(untrusted))
        }
    }
}

/// A credential source that fails whenever it is asked: proves a request went out unsigned.
struct RefusingCredentialProvider: CredentialProvider {
    struct Refused: Error {}
    var sourceDescription: String { "a source that must not be asked" }
    func credentials() async throws -> AWSCredentials? { throw Refused() }
}
