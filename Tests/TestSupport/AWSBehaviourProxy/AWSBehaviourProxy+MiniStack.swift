import AWSKitLite
import Foundation
import Logging

extension AWSBehaviourProxy {
    /// Runs `body` with a proxy in front of the MiniStack that scripts/with-emulators.sh started, and shuts the
    /// proxy down afterwards, whether `body` returned or threw.
    /// - Throws: `Emulator.NotConfigured` outside scripts/with-emulators.sh, and whatever `body` throws.
    public static func withMiniStack<Result: Sendable>(_ body: (AWSBehaviourProxy) async throws -> Result) async throws -> Result {
        let proxy = try await AWSBehaviourProxy.start(upstream: Emulator.ministack.endpoint())
        let result: Result
        do {
            result = try await body(proxy)
        } catch {
            await proxy.shutdown()
            throw error
        }
        await proxy.shutdown()
        return result
    }

    /// A configuration that sends every service through this proxy, signed with MiniStack's test user (or
    /// `credentials`), with this machine's clock (or `clock`).
    public func configuration(
        credentials: AWSCredentials? = nil, clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = AWSConfiguration.silentLogger
    ) throws -> AWSConfiguration {
        AWSConfiguration(region: "us-east-1", credentialProvider: StaticCredentialProvider(try credentials ?? Emulator.ministack.credentials()),
                         endpointOverride: endpoint, environment: [:], clock: clock, logger: logger)
    }
}
