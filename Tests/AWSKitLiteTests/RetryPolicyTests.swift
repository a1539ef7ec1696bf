import AWSKitLite
import Foundation
import Testing

/// Backoff arithmetic and the retry/no-retry split (AWS SDK "standard" mode:
/// https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
@Suite struct RetryPolicyTests {
    @Test func fullJitterScalesAnExponentialCeiling() {
        let top = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1), random: { 0.999_999 })
        let ceilings = (1...6).map { top.delay(beforeRetry: $0) }
        #expect(ceilings[0] < .milliseconds(100) && ceilings[0] > .milliseconds(99))
        #expect(ceilings[1] < .milliseconds(200) && ceilings[1] > .milliseconds(199))
        #expect(ceilings[2] < .milliseconds(400) && ceilings[2] > .milliseconds(399))
        #expect(ceilings[4] < .seconds(1) && ceilings[5] < .seconds(1))
        let bottom = RetryPolicy(random: { 0 })
        #expect(bottom.delay(beforeRetry: 3) == .zero)
        #expect(bottom.delay(beforeRetry: 3, retryAfterSeconds: 1.5) == .milliseconds(1500))
        #expect(RetryPolicy(maxDelay: .seconds(2), random: { 0 }).delay(beforeRetry: 1, retryAfterSeconds: 60) == .seconds(2))
        // Whatever number a server sends (Retry-After: inf, 1e300) waits `maxDelay`, without overflow.
        for huge in [Double.infinity, 1e300] {
            #expect(RetryPolicy(maxDelay: .seconds(2), random: { 0 }).delay(beforeRetry: 1, retryAfterSeconds: huge) == .seconds(2))
        }
    }

    @Test func classifiesTransientAndPermanentFailures() {
        func aws(_ status: Int, _ code: String) -> AWSError {
            AWSError(service: "s", operation: "o", statusCode: status, code: code, message: "")
        }
        for code in ["Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException",
                     "ProvisionedThroughputExceededException", "SlowDown", "RequestThrottled"] {
            #expect(RetryClassification.isRetryable(aws(400, code)), "\(code)")
        }
        #expect(RetryClassification.isRetryable(aws(500, "InternalError")))
        #expect(RetryClassification.isRetryable(aws(503, "Whatever")))
        #expect(RetryClassification.isRetryable(aws(429, "Whatever")))
        #expect(!RetryClassification.isRetryable(aws(501, "NotImplemented")))
        #expect(!RetryClassification.isRetryable(aws(400, "ValidationException")))
        #expect(!RetryClassification.isRetryable(aws(403, "SignatureDoesNotMatch")))
        #expect(!RetryClassification.isRetryable(aws(404, "NoSuchKey")))
        #expect(RetryClassification.isRetryable(HTTPClientError(kind: .connectionDropped, method: "GET", url: "u")))
        #expect(RetryClassification.isRetryable(HTTPClientError(kind: .timeout, method: "GET", url: "u")))
        #expect(!RetryClassification.isRetryable(HTTPClientError(kind: .cancelled, method: "GET", url: "u")))
        #expect(!RetryClassification.isRetryable(CancellationError()))
    }

    @Test func runStopsAtTheFirstSuccessOrTheLastAttempt() async throws {
        let policy = RetryPolicy(maxAttempts: 4, sleep: { _ in }, random: { 0 })
        let throttled = AWSError(service: "s", operation: "o", statusCode: 400, code: "Throttling", message: "")
        var tries: [Int] = []
        let value = try await policy.run { attempt in
            tries.append(attempt)
            if attempt < 3 { throw throttled }
            return "ok"
        }
        #expect(value == "ok" && tries == [1, 2, 3])
        tries = []
        await #expect(throws: AWSError.self) {
            try await policy.run { attempt -> Int in
                tries.append(attempt)
                throw throttled
            }
        }
        #expect(tries == [1, 2, 3, 4])
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }
}
