import AWSKitLite
import Synchronization

/// `.iamPropagationDelay`: a role is usable by Lambda only some seconds after IAM created it; until then Lambda
/// refuses CreateFunction and UpdateFunctionConfiguration naming it.
/// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#API_CreateFunction_Errors
final class IAMPropagationDelay: ProxyBehaviour {
    let kind = AWSBehaviourProxy.BehaviourKind.iamPropagationDelay

    private let delay = Mutex<Duration?>(nil)
    /// When each role (by ARN) was created through the proxy.
    private let rolesCreated = Mutex<[String: ContinuousClock.Instant]>([:])

    func configure(_ behaviour: AWSBehaviourProxy.Behaviour?) {
        guard case .iamPropagationDelay(let duration) = behaviour else {
            delay.withLock { $0 = nil }
            return
        }
        delay.withLock { $0 = duration }
    }

    func answer(instead request: ProxiedRequest) -> HTTPResponse? {
        guard request.service == "lambda", ["CreateFunction", "UpdateFunctionConfiguration"].contains(request.operation),
              let delay = delay.withLock({ $0 }), let role = request.jsonBody?["Role"] as? String,
              let created = rolesCreated.withLock({ $0[role] }), ContinuousClock.now < created + delay
        else { return nil }
        return AWSErrorAnswer.restJSON(status: 400, code: "InvalidParameterValueException",
                                       message: "The role defined for the function cannot be assumed by Lambda.")
    }

    func rewrite(_ response: HTTPResponse, of request: ProxiedRequest) async -> HTTPResponse? {
        guard request.service == "iam", request.operation == "CreateRole", response.status == 200,
              let arn = ProxyXML.parse(response.body)?.first("Role")?.text(of: "Arn")
        else { return nil }
        rolesCreated.withLock { $0[arn] = .now }
        return nil
    }
}
