import Foundation
import TestSupport
import Testing

/// `detect-client aws`'s transfer-limit options are checked before any request (that they reach the HTTP client is
/// shown by the pipeline behaviour test of a stalled upload).
@Suite struct TransferLimitOptionsTests {
    @Test func badLimitsAreRefusedBeforeAnyRequest() async throws {
        let outcome = try await CommandLineTool.run(["aws", "--input", Fixtures.imagesDirectory.path, "--low-speed-time", "0.5"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--low-speed-time must be a number of seconds >= 1"))
        let rate = try await CommandLineTool.run(["aws", "--input", Fixtures.imagesDirectory.path, "--slowest-upload-rate", "0"])
        #expect(rate.status != 0 && rate.standardError.contains("--slowest-upload-rate must be a number of bytes per second > 0"))
    }
}
