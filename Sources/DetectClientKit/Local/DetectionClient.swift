import AWSKitLite
import DetectionContract
import Foundation
import HTTPTransport

/// Sends detection requests to one endpoint and retries what may go away on its own (refused, timed-out and
/// dropped connections; 429, 502, 503, 504) with exponential backoff and full jitter, honouring `Retry-After`, up
/// to the policy's attempts. Anything else fails at once.
/// Spec: https://www.rfc-editor.org/rfc/rfc9110#field.retry-after (only the delay-seconds form is read)
public struct DetectionClient: Sendable {
    /// One image's outcome: the reply and the time of the attempt that got it, or the last failure; with the
    /// number of attempts made.
    public enum Outcome: Sendable {
        case success(DetectionReply, roundTrip: Duration, attempts: Int)
        case failure(DetectionFailure, attempts: Int)
    }

    public let endpoint: DetectionEndpoint
    public let retryPolicy: RetryPolicy
    let httpClient: HTTPClient

    /// Five attempts, 200 ms base, 5 s cap: at most about 3 s of waiting (plus any `Retry-After`) per image.
    public static var defaultRetryPolicy: RetryPolicy {
        RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(200), maxDelay: .seconds(5))
    }

    public init(endpoint: DetectionEndpoint, httpClient: HTTPClient, retryPolicy: RetryPolicy = DetectionClient.defaultRetryPolicy) {
        self.endpoint = endpoint
        self.httpClient = httpClient
        self.retryPolicy = retryPolicy
    }

    /// Posts `body` (a request for `id`) until it succeeds, fails for good, or runs out of attempts.
    public func detect(id: String, body: [UInt8]) async -> Outcome {
        var attempt = 1
        while true {
            let result = await attemptOnce(id: id, body: body)
            switch result {
            case .success(let (reply, roundTrip)):
                return .success(reply, roundTrip: roundTrip, attempts: attempt)
            case .failure(let failure):
                guard failure.isRetryable, attempt < retryPolicy.maxAttempts, !Task.isCancelled else {
                    return .failure(failure, attempts: attempt)
                }
                let delay = retryPolicy.delay(beforeRetry: attempt, retryAfterSeconds: failure.retryAfterSeconds)
                do { try await retryPolicy.sleep(delay) } catch { return .failure(failure, attempts: attempt) }
                attempt += 1
            }
        }
    }

    /// One POST, timed from the call to the parsed reply; no retry.
    public func attemptOnce(id: String?, body: [UInt8]) async -> Result<(DetectionReply, Duration), DetectionFailure> {
        let clock = ContinuousClock()
        let start = clock.now
        let response: HTTPResponse
        do {
            response = try await httpClient.execute(endpoint.request(body: body))
        } catch let error as HTTPClientError {
            return .failure(.transport(error))
        } catch {
            return .failure(.badReply(reason: "\(error)"))
        }
        guard response.status == 200 else {
            return .failure(Self.statusFailure(response))
        }
        let reply: DetectionReply
        switch DetectionReply.parse(response.body) {
        case .success(let parsed): reply = parsed
        case .failure(let failure): return .failure(failure)
        }
        let elapsed = clock.now - start
        if let id, let answered = reply.id, answered != id {
            return .failure(.badReply(reason: "the reply is for id \(answered), not \(id)"))
        }
        return .success((reply, elapsed))
    }

    static func statusFailure(_ response: HTTPResponse) -> DetectionFailure {
        let message: String
        if let reply = try? JSONDecoder().decode(DetectionErrorReply.self, from: Data(response.body)) {
            message = reply.error
        } else {
            message = String(decoding: response.body.prefix(200), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        }
        let retryAfter = response.header("Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        return .status(code: response.status, message: message, retryAfterSeconds: retryAfter)
    }
}
