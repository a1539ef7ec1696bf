import AWSKitLite
import Foundation
import InfraKit
import TestSupport
import Testing

/// `--role-arn`: the function runs as a role made elsewhere; `up` creates no role and `down` keeps it.
@Suite struct ExistingRoleTests {
    @Test(arguments: [Emulator.ministack, .moto])
    func givenRoleIsUsedAndKept(emulator: Emulator) async throws {
        let clients = try emulator.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await clients.names(prefix: prefix)
        let roleName = "\(prefix)-existing"
        let role = try await clients.iam.createRole(name: roleName, assumeRolePolicyDocument: DetectFunctionPolicies.trustPolicy().json())
        do {
            try await useAndKeep(role: role, roleName: roleName, prefix: prefix, names: names, clients: clients, emulator: emulator)
        } catch {
            try? await clients.iam.deleteRole(name: roleName)
            throw error
        }
        try await clients.iam.deleteRole(name: roleName)
    }

    func useAndKeep(role: IAMRole, roleName: String, prefix: String, names: PipelineNames, clients: PipelineClients,
                    emulator: Emulator) async throws {
        try await withPipelineCleanup(emulator, prefix: prefix) {
            let image = try await emulator.pushFunctionImage(repository: names.repository, accountId: names.accountId)
            let options = UpOptions(image: .uri(image), roleArn: role.arn)
            let up = try await PipelineProvisioner(clients: clients, polling: Emulator.polling).up(prefix: prefix, options: options) { _ in }
            #expect(!up.steps.contains { $0.resource == .rolePolicy })
            #expect(up.steps.first { $0.resource == .role }?.outcome == .using("the role given with --role-arn"))
            await #expect(throws: AWSError.self) { try await clients.iam.getRole(name: names.role) }
            #expect(try await clients.lambda.getFunction(name: names.function).configuration.role == role.arn)

            let status = try await PipelineInspector(clients: clients).status(prefix: prefix, roleArn: role.arn)
            #expect(status.isComplete)
            #expect(status.resource(.role)?.name == roleName)
            #expect(status.resource(.rolePolicy) == nil)

            let down = try await PipelineTeardown(clients: clients, polling: Emulator.polling).down(prefix: prefix, roleArn: role.arn) { _ in }
            #expect(!down.contains { $0.resource == .rolePolicy })
            #expect(try await clients.iam.getRole(name: roleName).arn == role.arn)
        }
    }

    @Test func missingRoleIsRefusedBeforeCreatingAnything() async throws {
        let clients = try Emulator.ministack.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await clients.names(prefix: prefix)
        let missing = "arn:aws:iam::\(names.accountId):role/\(prefix)-nobody"
        try await withPipelineCleanup(.ministack, prefix: prefix) {
            await #expect(throws: InfraError.roleNotFound(arn: missing)) {
                try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                    .up(prefix: prefix, options: UpOptions(image: .uri("x"), roleArn: missing), report: { _ in })
            }
            let status = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(status.resources.allSatisfy { !$0.present })
        }
    }
}
