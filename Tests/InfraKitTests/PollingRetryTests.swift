@testable import InfraKit
import AWSKitLite
import Synchronization
import Testing

/// `Polling.retrying` and the refusals it waits out, with a recording sleep: no test waits in real time. The AWS
/// errors are shaped as the services send them (codes, HTTP statuses and messages from AWS's documentation and
/// from what AWS users report).
@Suite struct PollingRetryTests {
    /// A sleep that records what it was asked to wait and returns at once.
    final class Sleeps: Sendable {
        private let recorded = Mutex<[Duration]>([])
        var all: [Duration] { recorded.withLock { $0 } }
        var sleep: @Sendable (Duration) async throws -> Void { { duration in self.recorded.withLock { $0.append(duration) } } }
    }

    /// A call that fails with `errors` in turn, then returns how many tries it took.
    final class Flaky: Sendable {
        private let remaining: Mutex<[AWSError]>
        private let tries = Mutex(0)
        init(_ errors: [AWSError]) { remaining = Mutex(errors) }
        var count: Int { tries.withLock { $0 } }
        func call() throws -> Int {
            let attempt = tries.withLock { $0 += 1; return $0 }
            if let error = remaining.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw error }
            return attempt
        }
    }

    static let roleNotAssumable = AWSError(service: "lambda", operation: "CreateFunction", statusCode: 400,
                                           code: "InvalidParameterValueException",
                                           message: "The role defined for the function cannot be assumed by Lambda.")
    static let updateInProgress = AWSError(service: "lambda", operation: "UpdateFunctionConfiguration", statusCode: 409,
                                           code: "ResourceConflictException",
                                           message: "The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:p1-detect")
    static let destinationNotValid = AWSError(service: "s3", operation: "PutBucketNotificationConfiguration", statusCode: 400,
                                              code: "InvalidArgument",
                                              message: "Unable to validate the following destination configurations")

    @Test func refusalsAreRecognisedByServiceCodeAndMessage() {
        #expect(TransientRefusal.roleNotYetAssumable.matches(Self.roleNotAssumable))
        #expect(!TransientRefusal.roleNotYetAssumable.matches(AWSError(
            service: "lambda", operation: "CreateFunction", statusCode: 400, code: "InvalidParameterValueException",
            message: "'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240")))
        #expect(TransientRefusal.functionUpdateInProgress.matches(Self.updateInProgress))
        #expect(TransientRefusal.functionUpdateInProgress.matches(AWSError(
            service: "lambda", operation: "UpdateFunctionCode", statusCode: 409, code: "ResourceConflictException",
            message: "The operation cannot be performed at this time. The function is currently in the following state: Pending")))
        #expect(TransientRefusal.notificationDestinationNotYetValid.matches(Self.destinationNotValid))
        #expect(!TransientRefusal.notificationDestinationNotYetValid.matches(AWSError(
            service: "s3", operation: "PutBucketNotificationConfiguration", statusCode: 400, code: "InvalidArgument",
            message: "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.")))
        // The same code from another service is not the same refusal.
        var fromS3 = Self.updateInProgress
        fromS3.service = "s3"
        #expect(!TransientRefusal.functionUpdateInProgress.matches(fromS3))
    }

    @Test func aRefusedCallIsTriedAgainWithDoublingWaitsUntilItSucceeds() async throws {
        let sleeps = Sleeps()
        let polling = Polling(interval: .seconds(1), timeout: .seconds(300), maxBackoff: .seconds(16), sleep: sleeps.sleep)
        let flaky = Flaky(Array(repeating: Self.roleNotAssumable, count: 7))
        let progress = Mutex<[String]>([])
        let tries = try await polling.retrying(while: [.roleNotYetAssumable], progress: { text, waited in
            progress.withLock { $0.append("\(text) after \(waited) s") }
        }) { try flaky.call() }
        #expect(tries == 8)
        #expect(sleeps.all == [1, 2, 4, 8, 16, 16, 16].map { Duration.seconds($0) })
        // Reported at the first refusal, then again once 10 s or more had passed since the last report.
        #expect(progress.withLock { $0 } == [
            "IAM is still making the role assumable by Lambda after 0 s",
            "IAM is still making the role assumable by Lambda after 15 s",
            "IAM is still making the role assumable by Lambda after 31 s",
            "IAM is still making the role assumable by Lambda after 47 s",
        ])
    }

    @Test func anotherErrorIsThrownAtOnce() async throws {
        let sleeps = Sleeps()
        let polling = Polling(sleep: sleeps.sleep)
        let denied = AWSError(service: "lambda", operation: "CreateFunction", statusCode: 403, code: "AccessDeniedException", message: "no")
        let flaky = Flaky([denied])
        await #expect(throws: denied) {
            try await polling.retrying(while: [.roleNotYetAssumable, .functionUpdateInProgress], progress: { _, _ in }) { try flaky.call() }
        }
        #expect(flaky.count == 1 && sleeps.all.isEmpty)
    }

    @Test func aRefusalThatOutlastsTheTimeoutEndsWithTheLastRefusal() async throws {
        let sleeps = Sleeps()
        let polling = Polling(interval: .seconds(2), timeout: .seconds(30), maxBackoff: .seconds(8), sleep: sleeps.sleep)
        let flaky = Flaky(Array(repeating: Self.destinationNotValid, count: 100))
        let error = await #expect(throws: InfraError.self) {
            try await polling.retrying(while: [.notificationDestinationNotYetValid], progress: { _, _ in }) { try flaky.call() }
        }
        #expect(error == .stillRefused(waitingFor: TransientRefusal.notificationDestinationNotYetValid.waitingFor,
                                       waitedSeconds: 30, error: Self.destinationNotValid))
        // 2 + 4 + 8 + 8 + 8 = 30: the last wait ends exactly at the timeout, and one more try is made then.
        #expect(sleeps.all == [2, 4, 8, 8, 8].map { Duration.seconds($0) })
        #expect(flaky.count == 6)
        #expect(error?.description.contains("run up again (or raise --wait-timeout)") == true)
        #expect(error?.description.contains("HTTP 400 InvalidArgument") == true)
    }

    @Test func aConflictAndARoleRefusalInTurnAreBothWaitedOut() async throws {
        let sleeps = Sleeps()
        let polling = Polling(interval: .seconds(1), sleep: sleeps.sleep)
        let flaky = Flaky([Self.updateInProgress, Self.roleNotAssumable, Self.updateInProgress])
        let progress = Mutex<[String]>([])
        let tries = try await polling.retrying(while: [.roleNotYetAssumable, .functionUpdateInProgress], progress: { text, _ in
            progress.withLock { $0.append(text) }
        }) { try flaky.call() }
        #expect(tries == 4)
        #expect(progress.withLock { $0 } == [TransientRefusal.functionUpdateInProgress.waitingFor,
                                              TransientRefusal.roleNotYetAssumable.waitingFor,
                                              TransientRefusal.functionUpdateInProgress.waitingFor])
    }
}
