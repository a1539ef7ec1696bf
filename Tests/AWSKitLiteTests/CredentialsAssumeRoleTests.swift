import AWSKitLite
import Foundation
import TestSupport
import Testing

/// Assume-role profiles against MiniStack with AUTH=true, which evaluates each role's trust policy against the caller
/// that signed AssumeRole: the credentials that come out sign as the assumed role (GetCallerIdentity says so).
@Suite struct CredentialsAssumeRoleTests {
    /// The test IAM user's keys as a profile `user`.
    static func userProfile(secret: String? = nil) throws -> String {
        let user = try Emulator.ministack.credentials()
        return "[profile user]\naws_access_key_id = \(user.accessKeyId)\naws_secret_access_key = \(secret ?? user.secretAccessKey)\n"
    }

    /// A configuration resolved as a program would resolve it (region and endpoint MiniStack's), with `config` as
    /// the shared config file and `profile` named by AWS_PROFILE or, if `explicitly`, as an option.
    static func configuration(config: String, profile: String, explicitly: Bool = false,
                              environment: [String: String] = [:]) throws -> AWSConfiguration {
        let home = try ConfigurationProfileFileTests.home(config: config)
        var environment = environment.merging(["HOME": home]) { $1 }
        if !explicitly { environment["AWS_PROFILE"] = profile }
        return try AWSConfiguration.resolve(environment: environment, region: "us-east-1", profile: explicitly ? profile : nil,
                                            endpointURL: try Emulator.ministack.endpoint())
    }

    /// Who the configuration's credentials are, as STS answers.
    static func identity(_ configuration: AWSConfiguration) async throws -> String {
        try await STSClient(configuration: configuration).getCallerIdentity().arn
    }

    static func assumedRoleArn(_ role: IAMRole, session: String) -> String {
        "arn:aws:sts::\(TestRoles.account):assumed-role/\(role.roleName)/\(session)"
    }

    @Test func aRoleWithStaticKeysAsSourceProfile() async throws {
        let user = try await TestRoles.testUserArn()
        try await TestRoles.with([TestRoles.trusting([user])]) { roles in
            let configuration = try Self.configuration(config: try Self.userProfile() + """
                [profile deploy]
                role_arn = \(roles[0].arn)
                source_profile = user
                role_session_name = deploy-session
                duration_seconds = 900
                """, profile: "deploy")
            #expect(try await Self.identity(configuration) == Self.assumedRoleArn(roles[0], session: "deploy-session"))
            let credentials = try await configuration.credentials()
            let expiration = try #require(credentials.expiration)
            #expect(abs(expiration.timeIntervalSinceNow - 900) < 60)
            #expect(credentials.sessionToken != nil && credentials.accessKeyId.hasPrefix("ASIA"))
        }
    }

    @Test func theDefaultSessionNameIsTheLibrarysOwn() async throws {
        let user = try await TestRoles.testUserArn()
        try await TestRoles.with([TestRoles.trusting([user])]) { roles in
            let before = Int(Date().timeIntervalSince1970)
            let configuration = try Self.configuration(config: try Self.userProfile() + """
                [profile deploy]
                role_arn = \(roles[0].arn)
                source_profile = user
                """, profile: "deploy")
            let arn = try await Self.identity(configuration)
            let prefix = Self.assumedRoleArn(roles[0], session: "awskitlite-session-")
            #expect(arn.hasPrefix(prefix), "\(arn)")
            let seconds = try #require(Int(arn.dropFirst(prefix.count)))
            #expect(seconds >= before && seconds <= Int(Date().timeIntervalSince1970))
        }
    }

    /// As in botocore: a source profile's own keys win over its own role (which here could never work), and a role
    /// profile may name itself as source to use the keys beside its role_arn.
    @Test func aSourceProfilesStaticKeysComeFirst() async throws {
        let user = try await TestRoles.testUserArn()
        let keys = try Emulator.ministack.credentials()
        try await TestRoles.with([TestRoles.trusting([user])]) { roles in
            let configuration = try Self.configuration(config: """
                [profile keys-and-role]
                aws_access_key_id = \(keys.accessKeyId)
                aws_secret_access_key = \(keys.secretAccessKey)
                role_arn = arn:aws:iam::\(TestRoles.account):role/never-assumed
                credential_source = Ec2InstanceMetadata
                [profile deploy]
                role_arn = \(roles[0].arn)
                source_profile = keys-and-role
                role_session_name = via-source
                [profile self]
                aws_access_key_id = \(keys.accessKeyId)
                aws_secret_access_key = \(keys.secretAccessKey)
                role_arn = \(roles[0].arn)
                source_profile = self
                role_session_name = via-self
                """, profile: "deploy")
            #expect(try await Self.identity(configuration) == Self.assumedRoleArn(roles[0], session: "via-source"))
            let viaSelf = try AWSConfiguration.resolve(
                environment: configuration.environment.merging(["AWS_PROFILE": "self"]) { $1 }, region: "us-east-1",
                endpointURL: try Emulator.ministack.endpoint())
            #expect(try await Self.identity(viaSelf) == Self.assumedRoleArn(roles[0], session: "via-self"))
        }
    }

    /// top assumes role 3 with role 2's session, which role 2's profile got with role 1's, which came from the user.
    @Test func rolesChainThroughSourceProfilesOfAnyDepth() async throws {
        let user = try await TestRoles.testUserArn()
        try await TestRoles.with([TestRoles.trusting([user])]) { first in
            try await TestRoles.with([TestRoles.trusting([first[0].arn])]) { second in
                try await TestRoles.with([TestRoles.trusting([second[0].arn])]) { third in
                    let configuration = try Self.configuration(config: try Self.userProfile() + """
                        [profile one]
                        role_arn = \(first[0].arn)
                        source_profile = user
                        [profile two]
                        role_arn = \(second[0].arn)
                        source_profile = one
                        [profile top]
                        role_arn = \(third[0].arn)
                        source_profile = two
                        role_session_name = top
                        """, profile: "top")
                    #expect(try await Self.identity(configuration) == Self.assumedRoleArn(third[0], session: "top"))
                }
            }
        }
    }

    @Test func aSourceProfileMayBeACredentialProcess() async throws {
        let user = try await TestRoles.testUserArn()
        let keys = try Emulator.ministack.credentials()
        let script = try CredentialScript(
            #"printf '%s\n' '{"Version": 1, "AccessKeyId": "\#(keys.accessKeyId)", "SecretAccessKey": "\#(keys.secretAccessKey)"}'"#)
        try await TestRoles.with([TestRoles.trusting([user])]) { roles in
            let configuration = try Self.configuration(config: """
                [profile proc]
                credential_process = \(script.command)
                [profile deploy]
                role_arn = \(roles[0].arn)
                source_profile = proc
                role_session_name = from-process
                """, profile: "deploy")
            #expect(try await Self.identity(configuration) == Self.assumedRoleArn(roles[0], session: "from-process"))
            #expect(try script.runs() == 1)
        }
    }

    @Test func aSourceProfileMayBeWebIdentity() async throws {
        let tokenFile = try TokenFile(TestRoles.webIdentityToken())
        try await TestRoles.with([TestRoles.trustingTheIssuer]) { federated in
            try await TestRoles.with([TestRoles.trusting([federated[0].arn])]) { roles in
                let configuration = try Self.configuration(config: """
                    [profile ci]
                    web_identity_token_file = \(tokenFile.path)
                    role_arn = \(federated[0].arn)
                    [profile deploy]
                    role_arn = \(roles[0].arn)
                    source_profile = ci
                    role_session_name = from-ci
                    """, profile: "deploy")
                #expect(try await Self.identity(configuration) == Self.assumedRoleArn(roles[0], session: "from-ci"))
            }
        }
    }

    @Test func credentialSourceEnvironmentSignsWithTheEnvironmentsKeys() async throws {
        let user = try await TestRoles.testUserArn()
        let keys = try Emulator.ministack.credentials()
        try await TestRoles.with([TestRoles.trusting([user])]) { roles in
            let configuration = try Self.configuration(
                config: "[profile deploy]\nrole_arn = \(roles[0].arn)\ncredential_source = Environment\nrole_session_name = env\n",
                profile: "deploy", explicitly: true,
                environment: ["AWS_ACCESS_KEY_ID": keys.accessKeyId, "AWS_SECRET_ACCESS_KEY": keys.secretAccessKey])
            #expect(try await Self.identity(configuration) == Self.assumedRoleArn(roles[0], session: "env"))
        }
    }

    @Test func credentialSourceEcsContainerSignsWithTheContainersKeys() async throws {
        let user = try await TestRoles.testUserArn()
        let keys = try Emulator.ministack.credentials()
        let server = try await CredentialsLoopbackServer.start { _ in
            (200, #"{"AccessKeyId":"\#(keys.accessKeyId)","SecretAccessKey":"\#(keys.secretAccessKey)"}"#)
        }
        defer { server.stop() }
        try await TestRoles.with([TestRoles.trusting([user])]) { roles in
            let configuration = try Self.configuration(
                config: "[profile deploy]\nrole_arn = \(roles[0].arn)\ncredential_source = EcsContainer\nrole_session_name = task\n",
                profile: "deploy", environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(server.port)/creds"])
            #expect(try await Self.identity(configuration) == Self.assumedRoleArn(roles[0], session: "task"))
            #expect(server.requests.count == 1)
        }
    }

    @Test func externalIdComesFromTheProfile() async throws {
        let user = try await TestRoles.testUserArn()
        let condition = #"{"StringEquals":{"sts:ExternalId":"partner-7"}}"#
        try await TestRoles.with([TestRoles.trusting([user], condition: condition)]) { roles in
            let profile = try Self.userProfile() + "[profile deploy]\nrole_arn = \(roles[0].arn)\nsource_profile = user\n"
            let without = try Self.configuration(config: profile, profile: "deploy")
            let error = try await #require(throws: AWSError.self) { try await without.credentials() }
            #expect(error.code == "AccessDenied" && error.operation == "AssumeRole")
            let with = try Self.configuration(config: profile + "external_id = partner-7\n", profile: "deploy")
            #expect(try await Self.identity(with).hasPrefix(Self.assumedRoleArn(roles[0], session: "")))
        }
    }

    /// The chain's clock passes the refresh margin: a new AssumeRole call, new keys that work.
    @Test func nearExpiryTheRoleIsAssumedAgain() async throws {
        let user = try await TestRoles.testUserArn()
        try await TestRoles.with([TestRoles.trusting([user])]) { roles in
            let home = try ConfigurationProfileFileTests.home(config: try Self.userProfile()
                + "[profile deploy]\nrole_arn = \(roles[0].arn)\nsource_profile = user\nduration_seconds = 900\n")
            let now = LockedDate(Date())
            let chain = CredentialProviderChain.standard(
                environment: ["HOME": home, "AWS_PROFILE": "deploy"],
                sts: STSAccess(region: "us-east-1", endpointOverride: try Emulator.ministack.endpoint()), clock: { now.value })
            let first = try await chain.resolve()
            let expiration = try #require(first.expiration)

            now.value = expiration.addingTimeInterval(-CredentialProviderChain.refreshMargin - 60)
            #expect(try await chain.resolve() == first)

            now.value = expiration.addingTimeInterval(-CredentialProviderChain.refreshMargin + 60)
            let second = try await chain.resolve()
            #expect(second.accessKeyId != first.accessKeyId && second.secretAccessKey != first.secretAccessKey)
            #expect(try #require(second.expiration) >= expiration)
            let sts = try STSClient(configuration: Emulator.ministack.configuration(credentials: second))
            #expect(try await sts.getCallerIdentity().arn.hasPrefix(Self.assumedRoleArn(roles[0], session: "")))
        }
    }

    @Test func aWrongSourceSecretIsSTSsAnswer() async throws {
        let user = try await TestRoles.testUserArn()
        try await TestRoles.with([TestRoles.trusting([user])]) { roles in
            let wrong = "wrong-secret-\(UUID().uuidString)"
            let configuration = try Self.configuration(
                config: try Self.userProfile(secret: wrong) + "[profile deploy]\nrole_arn = \(roles[0].arn)\nsource_profile = user\n",
                profile: "deploy")
            let error = try await #require(throws: AWSError.self) { try await configuration.credentials() }
            #expect(error.service == "sts" && error.operation == "AssumeRole" && error.statusCode == 403)
            #expect(error.code == "SignatureDoesNotMatch")
            #expect(!error.description.contains(wrong))
        }
    }
}

/// A web identity token written to a fresh file, which tests can rewrite (as EKS rotates it).
struct TokenFile {
    let path: String

    init(_ token: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("awskit-token-\(UUID().uuidString)").path
        try write(token)
    }

    func write(_ token: String) throws {
        try token.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
