import AWSKitLite
import Foundation
import TestSupport
import Testing

/// The real `infractl` binary on a machine whose wall clock is 20 minutes behind (`WallClockShift`: an LD_PRELOAD
/// of the C library's wall-clock calls, which Foundation's `Date()` goes through). MiniStack (AUTH=true) refuses the first signature as AWS would; the
/// client corrects its clock from the answer's `Date` and `status` completes. The proxy's record shows the refusal.
@Suite struct ClockSkewBinaryTests {
    @Test func statusSucceedsWithAClockTwentyMinutesBehind() async throws {
        let launcher = try WallClockShift.launcher(seconds: -20 * 60)
        let prefix = Emulator.uniquePrefix()
        try await AWSBehaviourProxy.withMiniStack { proxy in
            proxy.switchOn(.clockSkewAnswers)
            var environment = try Emulator.ministack.cliEnvironment()
            environment["AWS_ENDPOINT_URL"] = proxy.endpoint
            let result = try await InfraCtlProcess.run(["status", "--prefix", prefix], environment: environment,
                                                       launcher: launcher)
            // Exit 1: the pipeline does not exist (every row "no"); an error would be one "error:" line instead.
            #expect(result.status == 1, "\(result.standardError)")
            #expect(result.standardOutput.contains("pipeline \(prefix) in account 123456789012, region us-east-1"))
            #expect(result.standardOutput.contains("missing: bucket"))
            #expect(!result.standardError.contains("error:"))
            let first = try #require(proxy.record.calls.first)
            #expect(first.service == "sts" && first.operation == "GetCallerIdentity" && first.status == 403)
            // Signed right from then on: no second refusal (an emulator's passing 5xx under load is the retries' part).
            #expect(proxy.record.calls.dropFirst().allSatisfy { $0.status != 403 }, "\(proxy.record.calls)")
        }
    }
}
