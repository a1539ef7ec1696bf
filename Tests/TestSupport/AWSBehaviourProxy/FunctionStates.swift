import AWSKitLite
import Foundation
import Synchronization

/// `.functionStates`: Lambda's function lifecycle, which MiniStack skips (its functions are Active at once).
///
/// - After CreateFunction, for `pending`: `State: Pending` ("The function is being created.", `Creating`) and no
///   `LastUpdateStatus` yet ("first set to Successful after function creation completes"); Invoke, updates and
///   PublishVersion fail with 409 `ResourceConflictException` "... The function is currently in the following
///   state: Pending".
/// - After UpdateFunctionCode or UpdateFunctionConfiguration, for `updating`: `LastUpdateStatus: InProgress` ("The
///   function is being created.", `Creating`, as Lambda words it); another update or PublishVersion fails with 409
///   "... An update is in progress for resource: <function ARN>".
/// - `markInactive`: `State: Inactive` ("The function is currently idle.", `Idle`). Invoke fails with 409 "... in the
///   following state: Inactive" and starts restoring the function; an update wakes it. Either way it is `Pending`
///   (`Restoring`, "The function is being restored.": the code is Lambda's, the wording the proxy's) for
///   `pending`, then `Active`.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html (State, LastUpdateStatus)
final class FunctionStates: ProxyBehaviour {
    let kind = AWSBehaviourProxy.BehaviourKind.functionStates

    private struct Durations {
        var pending: Duration
        var updating: Duration
    }

    /// Where one function is in its lifecycle (instants in the proxy's clock).
    private struct Lifecycle {
        var arn: String?
        var pendingUntil: ContinuousClock.Instant?
        var pendingReasonCode = "Creating"
        var updatingUntil: ContinuousClock.Instant?
        var inactive = false

        func isPending(at now: ContinuousClock.Instant) -> Bool { pendingUntil.map { now < $0 } ?? false }
        func isUpdating(at now: ContinuousClock.Instant) -> Bool { updatingUntil.map { now < $0 } ?? false }
    }

    private let durations = Mutex<Durations?>(nil)
    private let functions = Mutex<[String: Lifecycle]>([:])

    func configure(_ behaviour: AWSBehaviourProxy.Behaviour?) {
        guard case .functionStates(let pending, let updating) = behaviour else {
            durations.withLock { $0 = nil }
            return
        }
        durations.withLock { $0 = Durations(pending: pending, updating: updating) }
    }

    func markInactive(_ function: String) {
        functions.withLock { functions in
            var lifecycle = functions[function] ?? Lifecycle()
            lifecycle.inactive = true
            lifecycle.pendingUntil = nil
            lifecycle.updatingUntil = nil
            functions[function] = lifecycle
        }
    }

    private static let updates: Set<String> = ["UpdateFunctionCode", "UpdateFunctionConfiguration"]

    func answer(instead request: ProxiedRequest) -> HTTPResponse? {
        guard request.service == "lambda", let durations = durations.withLock({ $0 }), let name = request.functionName,
              Self.updates.contains(request.operation) || ["PublishVersion", "Invoke"].contains(request.operation)
        else { return nil }
        let now = ContinuousClock.now
        return functions.withLock { functions -> HTTPResponse? in
            guard var lifecycle = functions[name] else { return nil }
            if lifecycle.isPending(at: now) { return Self.conflict("The function is currently in the following state: Pending") }
            if lifecycle.inactive && request.operation == "Invoke" {
                lifecycle.inactive = false
                lifecycle.pendingUntil = now + durations.pending
                lifecycle.pendingReasonCode = "Restoring"
                functions[name] = lifecycle
                return Self.conflict("The function is currently in the following state: Inactive")
            }
            if lifecycle.isUpdating(at: now) && request.operation != "Invoke" {
                let arn = lifecycle.arn ?? name
                return Self.conflict("An update is in progress for resource: \(arn)")
            }
            return nil
        }
    }

    func rewrite(_ response: HTTPResponse, of request: ProxiedRequest) async -> HTTPResponse? {
        guard request.service == "lambda", let name = request.functionName ?? (request.jsonBody?["FunctionName"] as? String).map({
            ProxiedRequest.functionName(fromIdentifier: $0)
        }) else { return nil }
        guard (200..<300).contains(response.status) else { return nil }
        if request.operation == "DeleteFunction" {
            functions.withLock { $0[name] = nil }
            return nil
        }
        guard let durations = durations.withLock({ $0 }),
              var object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        else { return nil }
        let now = ContinuousClock.now
        let lifecycle = functions.withLock { functions -> Lifecycle? in
            switch request.operation {
            case "CreateFunction":
                functions[name] = Lifecycle(arn: object["FunctionArn"] as? String, pendingUntil: now + durations.pending)
            case _ where Self.updates.contains(request.operation):
                var lifecycle = functions[name] ?? Lifecycle()
                if lifecycle.inactive {
                    lifecycle.inactive = false
                    lifecycle.pendingUntil = now + durations.pending
                    lifecycle.pendingReasonCode = "Restoring"
                }
                lifecycle.updatingUntil = now + durations.updating
                lifecycle.arn = lifecycle.arn ?? object["FunctionArn"] as? String
                functions[name] = lifecycle
            default:
                break
            }
            return functions[name]
        }
        guard let lifecycle else { return nil }
        switch request.operation {
        case "GetFunction":
            guard var configuration = object["Configuration"] as? [String: Any],
                  Self.apply(lifecycle, at: now, to: &configuration) else { return nil }
            object["Configuration"] = configuration
        case "CreateFunction", "GetFunctionConfiguration", "UpdateFunctionCode", "UpdateFunctionConfiguration":
            guard Self.apply(lifecycle, at: now, to: &object) else { return nil }
        default:
            return nil
        }
        guard let body = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        var rewritten = response
        rewritten.body = Array(body)
        return rewritten
    }

    /// Writes the lifecycle's state into a FunctionConfiguration object, in AWS's shape; true when it changed
    /// anything. Outside the proxy's windows the function is `Active` and its last update `Successful`: MiniStack's
    /// own half-second `Pending` ("Updating") after each update, which AWS does not report, is overwritten, and
    /// empty reason fields (which AWS leaves out) are removed.
    private static func apply(_ lifecycle: Lifecycle, at now: ContinuousClock.Instant, to configuration: inout [String: Any]) -> Bool {
        var fields: [String: String?] = [:]
        let pending = lifecycle.isPending(at: now)
        if lifecycle.inactive {
            fields = ["State": "Inactive", "StateReason": "The function is currently idle.", "StateReasonCode": "Idle"]
        } else if pending {
            let restoring = lifecycle.pendingReasonCode == "Restoring"
            fields = ["State": "Pending", "StateReasonCode": lifecycle.pendingReasonCode,
                      "StateReason": restoring ? "The function is being restored." : "The function is being created."]
            if !restoring {
                for name in ["LastUpdateStatus", "LastUpdateStatusReason", "LastUpdateStatusReasonCode"] {
                    fields.updateValue(nil, forKey: name)
                }
            }
        } else if (configuration["State"] as? String) == "Pending" {
            fields = ["State": "Active"]
            fields.updateValue(nil, forKey: "StateReason")
            fields.updateValue(nil, forKey: "StateReasonCode")
        }
        if lifecycle.isUpdating(at: now) {
            fields.merge(["LastUpdateStatus": "InProgress", "LastUpdateStatusReason": "The function is being created.",
                          "LastUpdateStatusReasonCode": "Creating"]) { $1 }
        } else if !pending && (configuration["LastUpdateStatus"] as? String) == "InProgress" {
            fields["LastUpdateStatus"] = "Successful"
        }
        for name in ["StateReason", "StateReasonCode", "LastUpdateStatusReason", "LastUpdateStatusReasonCode"]
        where fields[name] == nil && (configuration[name] as? String) == "" {
            fields.updateValue(nil, forKey: name)
        }
        for (name, value) in fields {
            if let value { configuration[name] = value } else { configuration.removeValue(forKey: name) }
        }
        return !fields.isEmpty
    }

    private static func conflict(_ detail: String) -> HTTPResponse {
        AWSErrorAnswer.restJSON(status: 409, code: "ResourceConflictException",
                                message: "The operation cannot be performed at this time. \(detail)")
    }
}
