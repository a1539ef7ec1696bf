import AWSKitLite
import Foundation
import TestSupport

/// STS AssumeRole sent through the proxy by hand (so the proxy learns the session's key, as it does when the
/// function assumes its role), signed with MiniStack's test user.
/// Spec: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
func assumeRole(_ roleArn: String, session: String, via proxy: AWSBehaviourProxy) async throws -> AWSCredentials {
    let form = "Action=AssumeRole&Version=2011-06-15&RoleArn=\(URIEncoding.encode(roleArn, encodeSlash: true))&RoleSessionName=\(session)"
    let response = try await RawRequests.send(
        "POST", "/", headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
        body: Array(form.utf8), service: "sts", via: proxy)
    guard response.status == 200 else {
        throw Missing(description: "AssumeRole answered HTTP \(response.status): \(String(decoding: response.body, as: UTF8.self))")
    }
    return AWSCredentials(
        accessKeyId: try require(RawRequests.xmlText("AccessKeyId", in: response), "AccessKeyId"),
        secretAccessKey: try require(RawRequests.xmlText("SecretAccessKey", in: response), "SecretAccessKey"),
        sessionToken: try require(RawRequests.xmlText("SessionToken", in: response), "SessionToken"))
}
