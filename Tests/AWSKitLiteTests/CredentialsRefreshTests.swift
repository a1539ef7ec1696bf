import AWSKitLite
import Foundation
import Logging
import Synchronization
import Testing

/// How the chain keeps and refreshes temporary credentials: once for all concurrent callers, five minutes before
/// they expire, and on the old credentials (with a warning) while a refresh fails and they have not expired.
@Suite struct CredentialsRefreshTests {
    static let expiration = Date(timeIntervalSince1970: 1_900_000_000)
    static let first = AWSCredentials(accessKeyId: "ASIAFIRST", secretAccessKey: "first-secret", sessionToken: "first-token",
                                      expiration: expiration)
    static let second = AWSCredentials(accessKeyId: "ASIASECOND", secretAccessKey: "second-secret", sessionToken: "second-token",
                                       expiration: expiration.addingTimeInterval(3600))

    struct SourceFailure: Error, CustomStringConvertible {
        var description: String { "the source is down" }
    }

    /// Every caller reads the chain's clock once on entry, so the twentieth read means all of them are inside.
    @Test(.timeLimit(.minutes(1))) func concurrentCallersShareOneFetch() async throws {
        let callers = 20
        let source = ScriptedCredentialProvider(Self.first, gated: true)
        let (arrivals, arrived) = AsyncStream<Void>.makeStream()
        let reads = Mutex(0)
        let chain = CredentialProviderChain(providers: [source], clock: {
            if reads.withLock({ $0 += 1; return $0 }) == callers { arrived.yield() }
            return Self.expiration.addingTimeInterval(-3600)
        })

        try await withThrowingTaskGroup(of: AWSCredentials.self) { group in
            for _ in 0..<callers { group.addTask { try await chain.resolve() } }
            for await _ in arrivals { break }
            #expect(reads.withLock { $0 } == callers)
            await source.gate.open()
            for try await credentials in group { #expect(credentials == Self.first) }
        }
        #expect(source.calls == 1)
    }

    @Test func keptUntilFiveMinutesBeforeExpiry() async throws {
        let source = ScriptedCredentialProvider(Self.first)
        let now = LockedDate(Self.expiration.addingTimeInterval(-3600))
        let chain = CredentialProviderChain(providers: [source], clock: { now.value })
        for _ in 0..<3 { #expect(try await chain.resolve() == Self.first) }
        #expect(source.calls == 1)

        now.value = Self.expiration.addingTimeInterval(-CredentialProviderChain.refreshMargin - 1)
        #expect(try await chain.resolve() == Self.first)
        #expect(source.calls == 1)

        source.answer = .success(Self.second)
        now.value = Self.expiration.addingTimeInterval(-CredentialProviderChain.refreshMargin + 1)
        #expect(try await chain.resolve() == Self.second)
        #expect(source.calls == 2)
    }

    @Test func aFailedRefreshKeepsUnexpiredCredentialsWithAWarning() async throws {
        let source = ScriptedCredentialProvider(Self.first)
        let now = LockedDate(Self.expiration.addingTimeInterval(-3600))
        let log = LogRecorder()
        let chain = CredentialProviderChain(providers: [source], clock: { now.value }, logger: log.logger())
        #expect(try await chain.resolve() == Self.first)

        source.answer = .failure(SourceFailure())
        now.value = Self.expiration.addingTimeInterval(-100)
        #expect(try await chain.resolve() == Self.first)
        #expect(source.calls == 2)
        let warnings = log.entries.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.text.contains("the source is down") && warning.text.contains("credential chain"))
        #expect(!warning.text.contains("first-secret") && !warning.text.contains("first-token"))

        // Once they have expired, the failure is the answer.
        now.value = Self.expiration.addingTimeInterval(1)
        await #expect(throws: SourceFailure.self) { try await chain.resolve() }
        #expect(source.calls == 3)

        source.answer = .success(Self.second)
        #expect(try await chain.resolve() == Self.second)
    }

    @Test func credentialsWithoutExpirationAreKeptForGood() async throws {
        let source = ScriptedCredentialProvider(AWSCredentials(accessKeyId: "AKIDSTATIC", secretAccessKey: "s"))
        let now = LockedDate(Self.expiration)
        let chain = CredentialProviderChain(providers: [source], clock: { now.value })
        _ = try await chain.resolve()
        now.value = Self.expiration.addingTimeInterval(10 * 365 * 86_400)
        _ = try await chain.resolve()
        #expect(source.calls == 1)
    }
}

/// A credential source that answers what a test sets, counts its calls, and can hold every call at a gate.
final class ScriptedCredentialProvider: CredentialProvider {
    private let state: Mutex<(answer: Result<AWSCredentials, any Error>, calls: Int)>
    /// Closed when `gated`: every call waits until the test opens it.
    let gate: Gate
    var sourceDescription: String { "scripted source" }

    init(_ credentials: AWSCredentials, gated: Bool = false) {
        state = Mutex((.success(credentials), 0))
        gate = Gate(open: !gated)
    }

    var answer: Result<AWSCredentials, any Error> {
        get { state.withLock { $0.answer } }
        set { state.withLock { $0.answer = newValue } }
    }

    var calls: Int { state.withLock { $0.calls } }

    func credentials() async throws -> AWSCredentials? {
        let answer = state.withLock { state in
            state.calls += 1
            return state.answer
        }
        await gate.pass()
        return try answer.get()
    }
}

/// While closed, `pass()` waits until `open()`.
actor Gate {
    private var isOpen: Bool
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(open: Bool) { isOpen = open }

    func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting.removeAll()
    }

    func pass() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }
}
