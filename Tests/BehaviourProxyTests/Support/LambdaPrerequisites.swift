import AWSKitLite
import Foundation
import TestSupport

/// Policy documents the tests give roles.
enum ProxyTestPolicies {
    static let lambdaTrust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#

    /// Trust for Lambda and for the test user, so a test can assume the role itself (as the function would).
    static func trust(allowing userArn: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com","AWS":"\#(userArn)"},"Action":"sts:AssumeRole"}]}"#
    }
}

/// What a Lambda function needs on MiniStack (a role, an image URI), made directly on MiniStack, not through a
/// proxy, so that no behaviour sees them being made.
struct LambdaPrerequisites {
    var roleName: String
    var roleArn: String
    var repositoryName: String
    var imageUri: String

    /// Makes the prerequisites, runs `body`, then deletes them and the functions named `functions` (made by
    /// `body`, if it got that far), whether `body` returned or threw.
    static func with<Result>(deleting functions: [String], _ body: (LambdaPrerequisites) async throws -> Result) async throws -> Result {
        let prerequisites = try await make()
        let result: Result
        do {
            result = try await body(prerequisites)
        } catch {
            await prerequisites.cleanUp(functions: functions)
            throw error
        }
        await prerequisites.cleanUp(functions: functions)
        return result
    }

    static func make() async throws -> LambdaPrerequisites {
        let configuration = try Emulator.ministack.configuration()
        let role = try await IAMClient(configuration: configuration)
            .createRole(name: Emulator.uniqueName("proxy-role"), assumeRolePolicyDocument: ProxyTestPolicies.lambdaTrust)
        let repositoryName = Emulator.uniqueName("proxy-images")
        let repository = try await ECRClient(configuration: configuration).createRepository(name: repositoryName)
        return LambdaPrerequisites(roleName: role.roleName, roleArn: role.arn, repositoryName: repositoryName,
                                   imageUri: (repository.repositoryUri ?? "") + ":v1")
    }

    /// Deletes the role and the repository (and `functions`, if they exist), directly on MiniStack.
    func cleanUp(functions: [String] = []) async {
        guard let configuration = try? Emulator.ministack.configuration() else { return }
        for function in functions { try? await LambdaClient(configuration: configuration).deleteFunction(name: function) }
        _ = try? await ECRClient(configuration: configuration).deleteRepository(name: repositoryName, force: true)
        try? await IAMClient(configuration: configuration).deleteRole(name: roleName)
    }
}

/// A proxy in front of MiniStack and Lambda prerequisites for one test; afterwards the proxy is shut down and the
/// prerequisites and `functions` are deleted.
func withProxyAndPrerequisites<Result: Sendable>(
    deleting functions: [String], _ body: (AWSBehaviourProxy, LambdaPrerequisites) async throws -> Result
) async throws -> Result {
    try await LambdaPrerequisites.with(deleting: functions) { prerequisites in
        try await AWSBehaviourProxy.withMiniStack { proxy in try await body(proxy, prerequisites) }
    }
}
