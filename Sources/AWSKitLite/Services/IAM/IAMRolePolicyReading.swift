/// Reading a role's inline policy back, so a provisioner can tell "exists and current" from "needs writing".
extension IAMClient {
    /// The JSON document of the role's inline policy `policyName`, URL-decoded as IAM returns it encoded;
    /// `NoSuchEntity` when the role or the policy does not exist.
    /// Spec: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
    public func getRolePolicy(roleName: String, policyName: String) async throws -> String {
        let result = try await call("GetRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)])
        guard let document = result.text(of: "PolicyDocument") else {
            throw AWSResponseDecodingError(service: core.service, operation: "GetRolePolicy", statusCode: 200,
                                           reason: "no <PolicyDocument>")
        }
        return URIEncoding.decode(document)
    }
}
