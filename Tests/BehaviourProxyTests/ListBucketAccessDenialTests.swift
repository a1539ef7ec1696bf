import AWSKitLite
import Foundation
import TestSupport
import Testing

/// `.listBucketAccessDenial`: GetObject of a missing key answers 404 NoSuchKey only to a caller allowed
/// `s3:ListBucket` on the bucket; anyone else gets 403 AccessDenied.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (Permissions)
@Suite struct ListBucketAccessDenialTests {
    private struct Fixture {
        var bucket: String
        var userArn: String
        var roles: [String] = []
    }

    /// A bucket with one object, made directly on MiniStack; afterwards the bucket and `fixture.roles` go.
    private func withBucket(_ body: (inout Fixture) async throws -> Void) async throws {
        let direct = try Emulator.ministack.configuration()
        let s3 = try S3Client(configuration: direct)
        var fixture = Fixture(bucket: Emulator.uniqueName("listing"),
                              userArn: try await STSClient(configuration: direct).getCallerIdentity().arn)
        try await s3.createBucket(fixture.bucket)
        try await s3.putObject(bucket: fixture.bucket, key: "in/present.txt", body: Array("here".utf8))
        var failure: (any Error)?
        do { try await body(&fixture) } catch { failure = error }
        let iam = try IAMClient(configuration: direct)
        for role in fixture.roles {
            try? await iam.deleteRolePolicy(roleName: role, policyName: "access")
            try? await iam.deleteRole(name: role)
        }
        _ = try? await s3.deleteObjects(bucket: fixture.bucket, keys: ["in/present.txt"])
        try? await s3.deleteBucket(fixture.bucket)
        if let failure { throw failure }
    }

    /// A role the test user may assume, with one inline policy, made directly on MiniStack.
    private func makeRole(_ fixture: inout Fixture, policy: String) async throws -> String {
        let iam = try IAMClient(configuration: Emulator.ministack.configuration())
        let role = try await iam.createRole(name: Emulator.uniqueName("reader"), assumeRolePolicyDocument: ProxyTestPolicies.trust(allowing: fixture.userArn))
        try await iam.putRolePolicy(roleName: role.roleName, policyName: "access", policyDocument: policy)
        fixture.roles.append(role.roleName)
        return role.arn
    }

    private static func getOnly(_ bucket: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::\#(bucket)/*"}]}"#
    }

    private static func listUnderIn(_ bucket: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::\#(bucket)/*"},"#
            + #"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::\#(bucket)","Condition":{"StringLike":{"s3:prefix":["in/*"]}}}]}"#
    }

    @Test func aRoleWithoutListBucketGetsAccessDeniedForAMissingKey() async throws {
        try await withBucket { fixture in
            let roleArn = try await makeRole(&fixture, policy: Self.getOnly(fixture.bucket))
            let bucket = fixture.bucket
            try await AWSBehaviourProxy.withMiniStack { proxy in
                proxy.switchOn(.listBucketAccessDenial)
                let session = try await assumeRole(roleArn, session: "detect", via: proxy)
                let s3 = try S3Client(configuration: proxy.configuration(credentials: session), retryPolicy: .never)
                #expect(try await s3.getObject(bucket: bucket, key: "in/present.txt").body == Array("here".utf8))

                let denied = try await #require(throws: AWSError.self) { try await s3.getObject(bucket: bucket, key: "in/missing.txt") }
                let roleName = String(roleArn.split(separator: "/").last ?? "")
                #expect(denied.statusCode == 403 && denied.code == "AccessDenied")
                #expect(denied.message == "User: arn:aws:sts::123456789012:assumed-role/\(roleName)/detect is not authorized to perform: "
                    + "s3:ListBucket on resource: \"arn:aws:s3:::\(bucket)\" because no identity-based policy allows the s3:ListBucket action")
                #expect(proxy.record.counts(.listBucketAccessDenial).rewritten == 1)
                #expect(proxy.record.calls(service: "s3", operation: "GetObject").map(\.status) == [200, 403])

                proxy.switchOff(.listBucketAccessDenial)
                let notFound = try await #require(throws: AWSError.self) { try await s3.getObject(bucket: bucket, key: "in/missing.txt") }
                #expect(notFound.statusCode == 404 && notFound.code == "NoSuchKey")
            }
        }
    }

    @Test func listBucketLimitedByPrefixDecidesPerKey() async throws {
        try await withBucket { fixture in
            let roleArn = try await makeRole(&fixture, policy: Self.listUnderIn(fixture.bucket))
            let bucket = fixture.bucket
            try await AWSBehaviourProxy.withMiniStack { proxy in
                proxy.switchOn(.listBucketAccessDenial)
                let session = try await assumeRole(roleArn, session: "lister", via: proxy)
                let s3 = try S3Client(configuration: proxy.configuration(credentials: session), retryPolicy: .never)
                let inside = try await #require(throws: AWSError.self) { try await s3.getObject(bucket: bucket, key: "in/missing.txt") }
                #expect(inside.statusCode == 404 && inside.code == "NoSuchKey")
                let outside = try await #require(throws: AWSError.self) { try await s3.getObject(bucket: bucket, key: "out/missing.txt") }
                #expect(outside.statusCode == 403 && outside.code == "AccessDenied")
            }
        }
    }

    @Test func anIAMUserKeyMadeThroughTheProxyIsJudgedByTheUsersPolicies() async throws {
        try await withBucket { fixture in
            let bucket = fixture.bucket
            let userName = Emulator.uniqueName("reader")
            let admin = try IAMClient(configuration: Emulator.ministack.configuration())
            try await AWSBehaviourProxy.withMiniStack { proxy in
                proxy.switchOn(.listBucketAccessDenial)
                let iam = try IAMClient(configuration: proxy.configuration())
                let user = try await iam.createUser(name: userName)
                try await iam.putUserPolicy(userName: userName, policyName: "access", policyDocument: Self.getOnly(bucket))
                let key = try await iam.createAccessKey(userName: userName)
                let s3 = try S3Client(configuration: proxy.configuration(credentials: key.credentials), retryPolicy: .never)
                let denied = try await #require(throws: AWSError.self) { try await s3.getObject(bucket: bucket, key: "any.txt") }
                #expect(denied.statusCode == 403 && denied.code == "AccessDenied")
                #expect(denied.message.hasPrefix("User: \(user.arn) is not authorized to perform: s3:ListBucket"))
                try await admin.deleteAccessKey(userName: userName, accessKeyId: key.accessKeyId)
            }
            try await admin.deleteUserPolicy(userName: userName, policyName: "access")
            try await admin.deleteUser(name: userName)
        }
    }

    @Test func theTestUserMayListAndStillGetsNoSuchKey() async throws {
        try await withBucket { fixture in
            let bucket = fixture.bucket
            try await AWSBehaviourProxy.withMiniStack { proxy in
                proxy.switchOn(.listBucketAccessDenial)
                let s3 = try S3Client(configuration: proxy.configuration(), retryPolicy: .never)
                let notFound = try await #require(throws: AWSError.self) { try await s3.getObject(bucket: bucket, key: "in/missing.txt") }
                #expect(notFound.statusCode == 404 && notFound.code == "NoSuchKey")
                #expect(proxy.record.counts(.listBucketAccessDenial) == .init())
            }
        }
    }
}
