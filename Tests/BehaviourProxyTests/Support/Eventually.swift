import AWSKitLite

/// A call that never stopped failing with the error it was waiting out.
struct StillFailing: Error, CustomStringConvertible {
    var last: AWSError
    var description: String { "still failing after the deadline: \(last)" }
}

/// Calls `attempt` every 200 ms while it fails with an `AWSError` that `isTransient` accepts, until it succeeds
/// (its result) or `deadline` has passed (`StillFailing`). Other errors are thrown at once.
func eventually<Result>(
    within deadline: Duration = .seconds(60), while isTransient: (AWSError) -> Bool,
    _ attempt: () async throws -> Result
) async throws -> Result {
    let end = ContinuousClock.now + deadline
    while true {
        do {
            return try await attempt()
        } catch let error as AWSError where isTransient(error) {
            guard ContinuousClock.now < end else { throw StillFailing(last: error) }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}

/// A condition that never came true.
struct NeverReached: Error, CustomStringConvertible {
    var what: String
    var description: String { "never reached: \(what)" }
}

/// Calls `read` every 200 ms until `reached` accepts its value (returned), or throws `NeverReached` after `deadline`.
func poll<Value>(
    _ what: String, within deadline: Duration = .seconds(90), until reached: (Value) -> Bool, _ read: () async throws -> Value
) async throws -> Value {
    let end = ContinuousClock.now + deadline
    while true {
        let value = try await read()
        if reached(value) { return value }
        guard ContinuousClock.now < end else { throw NeverReached(what: what) }
        try await Task.sleep(for: .milliseconds(200))
    }
}
