import AWSKitLite
import Foundation
import Synchronization

/// Who signed a request, and what their identity-based policies say: the proxy learns which access key belongs
/// to which role from the AssumeRole / AssumeRoleWithWebIdentity answers that pass through it, and which belongs
/// to which IAM user from CreateAccessKey answers (or, for a key it never saw made, from the upstream's
/// ListUsers and ListAccessKeys); it reads the policies from the upstream's IAM with admin credentials.
final class IAMPrincipalDirectory: Sendable {
    enum Principal: Sendable, Equatable {
        /// The account's root (MiniStack's `test` key or a 12-digit id): allowed everything.
        case root
        /// Temporary credentials of a role session; `sessionArn` is `arn:aws:sts::<account>:assumed-role/<role>/<session>`.
        case role(name: String, sessionArn: String)
        case user(name: String)
    }

    /// A principal's policies that could not be read completely.
    struct Unreadable: Error {
        var reason: String
    }

    private let upstream: EndpointURL
    private let credentials: AWSCredentials
    private let region: String
    private let http: HTTPClient
    private let known = Mutex<[String: Principal]>([:])

    init(upstream: EndpointURL, credentials: AWSCredentials, region: String, http: HTTPClient) {
        self.upstream = upstream
        self.credentials = credentials
        self.region = region
        self.http = http
    }

    /// Learns the key a successful AssumeRole, AssumeRoleWithWebIdentity or CreateAccessKey answer hands out.
    func learn(from response: HTTPResponse, of request: ProxiedRequest) {
        guard response.status == 200, ["sts", "iam"].contains(request.service),
              let root = ProxyXML.parse(response.body) else { return }
        switch request.operation {
        case "AssumeRole", "AssumeRoleWithWebIdentity":
            guard let key = root.first("Credentials")?.text(of: "AccessKeyId"),
                  let sessionArn = root.first("AssumedRoleUser")?.text(of: "Arn"),
                  let role = Self.roleName(fromSessionArn: sessionArn) else { return }
            known.withLock { $0[key] = .role(name: role, sessionArn: sessionArn) }
        case "CreateAccessKey":
            guard let accessKey = root.first("AccessKey"), let key = accessKey.text(of: "AccessKeyId"),
                  let user = accessKey.text(of: "UserName") else { return }
            known.withLock { $0[key] = .user(name: user) }
        default:
            return
        }
    }

    /// `role` from `arn:aws:sts::123456789012:assumed-role/role/session`.
    static func roleName(fromSessionArn arn: String) -> String? {
        guard let range = arn.range(of: ":assumed-role/") else { return nil }
        let rest = arn[range.upperBound...]
        let name = rest.prefix { $0 != "/" }
        return name.isEmpty ? nil : String(name)
    }

    /// The principal behind `accessKeyId`, or nil when it cannot be told.
    func principal(forAccessKey accessKeyId: String) async -> Principal? {
        if accessKeyId == "test" || (accessKeyId.count == 12 && accessKeyId.allSatisfy(\.isNumber)) { return .root }
        if let principal = known.withLock({ $0[accessKeyId] }) { return principal }
        guard let users = try? await call("ListUsers", [:]) else { return nil }
        for user in users.all("member").compactMap({ $0.text(of: "UserName") }) {
            guard let keys = try? await call("ListAccessKeys", ["UserName": user]) else { continue }
            if keys.all("AccessKeyId").contains(where: { $0.text == accessKeyId }) {
                known.withLock { $0[accessKeyId] = .user(name: user) }
                return .user(name: user)
            }
        }
        return nil
    }

    /// The ARN a denial names for `principal` (never the root, which is never denied).
    func arn(of principal: Principal) async throws -> String {
        switch principal {
        case .root: throw Unreadable(reason: "the root is never denied")
        case .role(_, let sessionArn): return sessionArn
        case .user(let name):
            guard let arn = try await call("GetUser", ["UserName": name]).first("User")?.text(of: "Arn") else {
                throw Unreadable(reason: "GetUser \(name) has no Arn")
            }
            return arn
        }
    }

    /// Every identity-based policy document of `principal`: inline and attached managed policies.
    /// - Throws: `Unreadable` when any of them cannot be read, or a user belongs to a group (whose policies also
    ///   apply and are not read here).
    func policies(of principal: Principal) async throws -> [String] {
        let (entity, name): (String, String)
        switch principal {
        case .root: return []
        case .role(let role, _): (entity, name) = ("Role", role)
        case .user(let user):
            (entity, name) = ("User", user)
            let groups = try await call("ListGroupsForUser", ["UserName": user])
            guard groups.all("GroupName").isEmpty else { throw Unreadable(reason: "user \(user) is in a group") }
        }
        var documents: [String] = []
        let inline = try await call("List\(entity)Policies", ["\(entity)Name": name])
        for policyName in inline.all("member").map(\.text) {
            let policy = try await call("Get\(entity)Policy", ["\(entity)Name": name, "PolicyName": policyName])
            guard let document = policy.text(of: "PolicyDocument") else { throw Unreadable(reason: "no document for \(policyName)") }
            documents.append(URIEncoding.decode(document))
        }
        let attached = try await call("ListAttached\(entity)Policies", ["\(entity)Name": name])
        for policyArn in attached.all("PolicyArn").map(\.text) {
            guard let version = try await call("GetPolicy", ["PolicyArn": policyArn]).text(of: "DefaultVersionId"),
                  let document = try await call("GetPolicyVersion", ["PolicyArn": policyArn, "VersionId": version]).text(of: "Document")
            else { throw Unreadable(reason: "managed policy \(policyArn) not readable") }
            documents.append(URIEncoding.decode(document))
        }
        return documents
    }

    /// One IAM Query call to the upstream, signed with the admin credentials; its XML answer.
    private func call(_ action: String, _ parameters: [String: String]) async throws -> ProxyXML {
        var form: [UInt8] = []
        let fields = [("Action", action), ("Version", "2010-05-08")] + parameters.sorted { $0.key < $1.key }
        for (index, (name, value)) in fields.enumerated() {
            if index > 0 { form.append(UInt8(ascii: "&")) }
            URIEncoding.append(name, encodeSlash: true, to: &form)
            form.append(UInt8(ascii: "="))
            URIEncoding.append(value, encodeSlash: true, to: &form)
        }
        var request = upstream.request(method: "POST", headers: [
            (name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
        ], body: form)
        SigV4Signer(credentials: credentials, region: region, service: "iam").sign(&request, date: Date())
        let response = try await http.execute(request, timeout: .after(.seconds(30)))
        guard response.status == 200, let root = ProxyXML.parse(response.body) else {
            throw Unreadable(reason: "\(action) answered HTTP \(response.status)")
        }
        return root
    }
}
