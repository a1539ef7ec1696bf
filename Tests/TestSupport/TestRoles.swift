import AWSKitLite
import Foundation

/// IAM roles made on MiniStack for the assume-role tests (each with an allow-all inline policy, so its sessions can
/// call anything), and the OpenID Connect tokens the web identity roles trust.
public enum TestRoles {
    /// The account MiniStack runs as (scripts/with-emulators.sh sets MINISTACK_ACCOUNT_ID).
    public static let account = "123456789012"
    /// The issuer of the tokens `webIdentityToken` makes; MiniStack names the provider after its host.
    public static let issuer = "https://oidc.awskit.test"
    public static let oidcProviderArn = "arn:aws:iam::\(account):oidc-provider/oidc.awskit.test"
    public static let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    /// The ARN of the IAM user whose keys `Emulator.ministack` signs with.
    public static func testUserArn() async throws -> String {
        try await STSClient(configuration: Emulator.ministack.configuration()).getCallerIdentity().arn
    }

    /// A trust policy letting the IAM principals `principals` (ARNs) call sts:AssumeRole, with an optional
    /// condition block (JSON object).
    public static func trusting(_ principals: [String], condition: String? = nil) -> String {
        let list = principals.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":[\#(list)]},"Action":"sts:AssumeRole""#
            + (condition.map { #","Condition":\#($0)"# } ?? "") + "}]}"
    }

    /// A trust policy letting tokens of `issuer` for audience `sts.amazonaws.com` call sts:AssumeRoleWithWebIdentity.
    public static let trustingTheIssuer = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"\#(oidcProviderArn)"},"#
        + #""Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.awskit.test:aud":"sts.amazonaws.com"}}}]}"#

    /// Creates a uniquely named role with `trustPolicy` and the allow-all inline policy.
    public static func create(trustPolicy: String) async throws -> IAMRole {
        let iam = try IAMClient(configuration: Emulator.ministack.configuration())
        let role = try await iam.createRole(name: Emulator.uniqueName("role"), assumeRolePolicyDocument: trustPolicy)
        try await iam.putRolePolicy(roleName: role.roleName, policyName: "all", policyDocument: allowAll)
        return role
    }

    /// Deletes roles `create` made; errors are ignored (cleanup only).
    public static func delete(_ roles: IAMRole...) async {
        guard let iam = try? IAMClient(configuration: Emulator.ministack.configuration()) else { return }
        for role in roles {
            try? await iam.deleteRolePolicy(roleName: role.roleName, policyName: "all")
            try? await iam.deleteRole(name: role.roleName)
        }
    }

    /// Runs `body` with roles made from `trustPolicies`, then deletes them, also when `body` throws.
    public static func with(_ trustPolicies: [String], _ body: ([IAMRole]) async throws -> Void) async throws {
        var roles: [IAMRole] = []
        do {
            for policy in trustPolicies { roles.append(try await create(trustPolicy: policy)) }
            try await body(roles)
        } catch {
            for role in roles { await delete(role) }
            throw error
        }
        for role in roles { await delete(role) }
    }

    /// An unsigned OpenID Connect token (a JWT: header.payload.signature, base64url) with these claims. MiniStack
    /// reads the claims without checking the signature; AWS would check it against the provider's keys.
    public static func webIdentityToken(issuer: String = issuer, subject: String = "system:serviceaccount:ci:runner",
                                 audience: String = "sts.amazonaws.com") -> String {
        func base64URL(_ text: String) -> String {
            Data(text.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let now = Int(Date().timeIntervalSince1970)
        let header = #"{"alg":"RS256","typ":"JWT","kid":"test"}"#
        let payload = #"{"iss":"\#(issuer)","sub":"\#(subject)","aud":"\#(audience)","iat":\#(now),"exp":\#(now + 3600)}"#
        return base64URL(header) + "." + base64URL(payload) + "." + base64URL("not-a-real-signature")
    }
}
