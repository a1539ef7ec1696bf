import AWSKitLite
import Synchronization

/// `.listBucketAccessDenial`: S3 tells a caller that a key does not exist (404 `NoSuchKey`) only if the caller may
/// list the bucket (`s3:ListBucket`); anyone else gets 403 `AccessDenied`, so that keys cannot be probed.
/// MiniStack answers 404 to everyone; this turns its 404 into AWS's 403 when the signer's identity-based policies
/// (read from the upstream's IAM) do not allow `s3:ListBucket` on `arn:aws:s3:::<bucket>`, with the key as
/// `s3:prefix`. When the signer or a policy cannot be told, the 404 passes unchanged.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (Permissions)
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html (the message's wording)
final class ListBucketAccessDenial: ProxyBehaviour {
    let kind = AWSBehaviourProxy.BehaviourKind.listBucketAccessDenial

    private let directory: IAMPrincipalDirectory
    private let isOn = Mutex(false)

    init(directory: IAMPrincipalDirectory) {
        self.directory = directory
    }

    func configure(_ behaviour: AWSBehaviourProxy.Behaviour?) {
        isOn.withLock { $0 = behaviour != nil }
    }

    func rewrite(_ response: HTTPResponse, of request: ProxiedRequest) async -> HTTPResponse? {
        directory.learn(from: response, of: request)
        guard isOn.withLock({ $0 }), request.service == "s3", request.operation == "GetObject", response.status == 404,
              ProxyXML.parse(response.body)?.text(of: "Code") == "NoSuchKey",
              let bucket = request.bucket, let key = request.key, let accessKey = request.accessKeyId,
              let principal = await directory.principal(forAccessKey: accessKey), principal != .root,
              let documents = try? await directory.policies(of: principal)
        else { return nil }
        let resource = "arn:aws:s3:::\(bucket)"
        let decision = IAMPolicyEvaluation.decide(action: "s3:ListBucket", resource: resource,
                                                  context: ["s3:prefix": key], documents: documents)
        guard decision == .implicitDeny || decision == .explicitDeny,
              let principalArn = try? await directory.arn(of: principal) else { return nil }
        let reason = decision == .explicitDeny
            ? "with an explicit deny in an identity-based policy"
            : "because no identity-based policy allows the s3:ListBucket action"
        return AWSErrorAnswer.s3(
            status: 403, code: "AccessDenied",
            message: "User: \(principalArn) is not authorized to perform: s3:ListBucket on resource: \"\(resource)\" \(reason)")
    }
}
