import AWSKitLite
import Foundation
import TestSupport
import Testing

/// IAMClient round trips against both emulators (Query protocol, global endpoint signed for us-east-1).
@Suite struct IAMClientTests {
    static let lambdaTrustPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
    static let logsPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#

    @Test(arguments: Emulator.allCases)
    func roleLifecycleWithInlineAndManagedPolicies(_ emulator: Emulator) async throws {
        let iam = try IAMClient(configuration: emulator.configuration(region: "eu-west-1"))
        #expect(iam.endpoint.signingRegion == "eu-west-1" || iam.endpoint.signingRegion == "us-east-1")
        let name = Emulator.uniqueName("role")
        let role = try await iam.createRole(name: name, assumeRolePolicyDocument: Self.lambdaTrustPolicy, description: "test role")
        #expect(role.roleName == name)
        #expect(role.arn == "arn:aws:iam::123456789012:role/\(name)")
        let fetched = try await iam.getRole(name: name)
        #expect(fetched.arn == role.arn)
        let trust = try JSONSerialization.jsonObject(with: Data((fetched.assumeRolePolicyDocument ?? "").utf8)) as? [String: Any]
        #expect(trust?["Version"] as? String == "2012-10-17")

        let managed = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        try await iam.putRolePolicy(roleName: name, policyName: "logs", policyDocument: Self.logsPolicy)
        try await iam.attachRolePolicy(roleName: name, policyArn: managed)
        try await iam.detachRolePolicy(roleName: name, policyArn: managed)
        try await iam.deleteRolePolicy(roleName: name, policyName: "logs")
        try await iam.deleteRole(name: name)
        let error = try await #require(throws: AWSError.self) { try await iam.getRole(name: name) }
        #expect(error.code == "NoSuchEntity" && error.statusCode == 404 && error.service == "iam")
    }

    @Test(arguments: Emulator.allCases)
    func userWithPolicyAndAccessKey(_ emulator: Emulator) async throws {
        let iam = try IAMClient(configuration: emulator.configuration())
        let name = Emulator.uniqueName("user")
        let user = try await iam.createUser(name: name)
        #expect(user.arn == "arn:aws:iam::123456789012:user/\(name)")
        try await iam.putUserPolicy(userName: name, policyName: "all", policyDocument:
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        let key = try await iam.createAccessKey(userName: name)
        #expect(key.userName == name && key.status == "Active")
        #expect(!key.accessKeyId.isEmpty && !key.secretAccessKey.isEmpty)
        #expect(!key.description.contains(key.secretAccessKey))
        if emulator == .ministack {
            // The new key signs for its own user.
            let sts = try STSClient(configuration: emulator.configuration(credentials: key.credentials))
            #expect(try await sts.getCallerIdentity().arn == user.arn)
        }
        try await iam.deleteAccessKey(userName: name, accessKeyId: key.accessKeyId)
        try await iam.deleteUserPolicy(userName: name, policyName: "all")
        try await iam.deleteUser(name: name)
    }
}
