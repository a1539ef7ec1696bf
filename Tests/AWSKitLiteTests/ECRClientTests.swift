import AWSKitLite
import Foundation
import TestSupport
import Testing

/// ECRClient round trips against both emulators.
@Suite struct ECRClientTests {
    @Test(arguments: Emulator.allCases)
    func repositoryLifecycle(_ emulator: Emulator) async throws {
        let ecr = try ECRClient(configuration: emulator.configuration())
        let name = Emulator.uniqueName("repo")
        let created = try await ecr.createRepository(name: name)
        do {
            #expect(created.repositoryName == name)
            #expect(created.repositoryUri?.hasSuffix("/\(name)") == true)
            #expect(created.repositoryArn?.hasSuffix(":repository/\(name)") == true)
            let described = try await ecr.describeRepositories(names: [name])
            #expect(described.map(\.repositoryName) == [name])
            #expect(described.first?.repositoryUri == created.repositoryUri)
            #expect(try await ecr.describeImages(repository: name).isEmpty)
            let duplicate = try await #require(throws: AWSError.self) { try await ecr.createRepository(name: name) }
            #expect(duplicate.code == "RepositoryAlreadyExistsException")
        } catch {
            _ = try? await ecr.deleteRepository(name: name)
            throw error
        }
        try await ecr.deleteRepository(name: name, force: true)
        let gone = try await #require(throws: AWSError.self) { try await ecr.describeRepositories(names: [name]) }
        #expect(gone.code == "RepositoryNotFoundException" && gone.service == "ecr")
    }

    @Test(arguments: Emulator.allCases)
    func authorizationTokenDecodesToAUserAndPassword(_ emulator: Emulator) async throws {
        let ecr = try ECRClient(configuration: emulator.configuration())
        let login = try await ecr.getAuthorizationToken()
        #expect(login.username == "AWS")
        #expect(!login.password.isEmpty)
        #expect(!login.description.contains(login.password))
    }
}
