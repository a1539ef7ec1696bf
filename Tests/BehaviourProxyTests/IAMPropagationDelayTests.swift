import AWSKitLite
import Foundation
import TestSupport
import Testing

/// `.iamPropagationDelay`: Lambda cannot assume a role IAM created seconds ago; AWS answers 400
/// InvalidParameterValueException "The role defined for the function cannot be assumed by Lambda."
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#API_CreateFunction_Errors
@Suite struct IAMPropagationDelayTests {
    static let message = "The role defined for the function cannot be assumed by Lambda."

    @Test func createFunctionWithAFreshRoleIsRefusedUntilTheRoleHasPropagated() async throws {
        let name = Emulator.uniqueName("fresh-role")
        let roleName = Emulator.uniqueName("fresh")
        try await withProxyAndPrerequisites(deleting: [name]) { proxy, prerequisites in
            // Long enough that the role is still young when CreateFunction arrives on a machine busy with other tests.
            proxy.switchOn(.iamPropagationDelay(.seconds(45)))
            let configuration = try proxy.configuration()
            let role = try await IAMClient(configuration: configuration)
                .createRole(name: roleName, assumeRolePolicyDocument: ProxyTestPolicies.lambdaTrust)
            let lambda = try LambdaClient(configuration: configuration, retryPolicy: .never)
            let settings = LambdaFunctionSettings(role: role.arn, timeout: 10)

            let refused = try await #require(throws: AWSError.self) {
                try await lambda.createFunction(name: name, imageUri: prerequisites.imageUri, settings: settings)
            }
            #expect(refused.statusCode == 400 && refused.code == "InvalidParameterValueException" && refused.message == Self.message)
            #expect(proxy.record.counts(.iamPropagationDelay).refused == 1)
            let direct = try LambdaClient(configuration: Emulator.ministack.configuration(), retryPolicy: .never)
            let notMade = try await #require(throws: AWSError.self) { try await direct.getFunction(name: name) }
            #expect(notMade.code == "ResourceNotFoundException")

            let created = try await eventually(while: { $0.code == "InvalidParameterValueException" }) {
                try await lambda.createFunction(name: name, imageUri: prerequisites.imageUri, settings: settings)
            }
            #expect(created.functionName == name && created.role == role.arn)
            #expect(proxy.record.calls(service: "lambda", operation: "CreateFunction").last?.status == 201)
            try await direct.deleteFunction(name: name)
            try await IAMClient(configuration: Emulator.ministack.configuration()).deleteRole(name: roleName)
        }
    }

    @Test func updateFunctionConfigurationToAFreshRoleIsRefusedToo() async throws {
        let name = Emulator.uniqueName("new-role")
        try await withProxyAndPrerequisites(deleting: [name]) { proxy, prerequisites in
            proxy.switchOn(.iamPropagationDelay(.seconds(60)))
            let configuration = try proxy.configuration()
            let lambda = try LambdaClient(configuration: configuration, retryPolicy: .never)
            _ = try await lambda.createFunction(name: name, imageUri: prerequisites.imageUri,
                                                settings: LambdaFunctionSettings(role: prerequisites.roleArn))
            let role = try await IAMClient(configuration: configuration)
                .createRole(name: Emulator.uniqueName("swap"), assumeRolePolicyDocument: ProxyTestPolicies.lambdaTrust)
            let refused = try await #require(throws: AWSError.self) {
                try await lambda.updateFunctionConfiguration(name: name, settings: LambdaFunctionSettings(role: role.arn))
            }
            #expect(refused.statusCode == 400 && refused.code == "InvalidParameterValueException" && refused.message == Self.message)
            #expect(try await lambda.getFunction(name: name).configuration.role == prerequisites.roleArn)
            try await IAMClient(configuration: Emulator.ministack.configuration()).deleteRole(name: role.roleName)
        }
    }

    @Test func switchedOffAFreshRoleIsUsableAtOnce() async throws {
        let name = Emulator.uniqueName("off")
        try await withProxyAndPrerequisites(deleting: [name]) { proxy, prerequisites in
            proxy.switchOn(.iamPropagationDelay(.seconds(60)))
            proxy.switchOff(.iamPropagationDelay)
            let configuration = try proxy.configuration()
            let iam = try IAMClient(configuration: configuration)
            let role = try await iam.createRole(name: Emulator.uniqueName("at-once"), assumeRolePolicyDocument: ProxyTestPolicies.lambdaTrust)
            let created = try await LambdaClient(configuration: configuration, retryPolicy: .never)
                .createFunction(name: name, imageUri: prerequisites.imageUri, settings: LambdaFunctionSettings(role: role.arn))
            #expect(created.role == role.arn)
            #expect(proxy.record.counts(.iamPropagationDelay) == .init())
            try await LambdaClient(configuration: configuration).deleteFunction(name: name)
            try await iam.deleteRole(name: role.roleName)
        }
    }
}
