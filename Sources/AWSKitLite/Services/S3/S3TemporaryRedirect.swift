import Foundation

/// S3's `307 Temporary Redirect`: while a new bucket's DNS name propagates, S3 may answer a request with 307, a
/// `Location` header naming another endpoint, and a `TemporaryRedirect` XML error. The client sends the same
/// request there, signed afresh for the new host, and keeps using its own endpoint afterwards.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/userguide/Redirects.html
struct S3TemporaryRedirect {
    /// Redirects followed for one request before the 307 is reported as an error.
    static let maxHops = 3

    var scheme: String
    var host: String
    var port: Int?
    /// Unencoded; nil keeps the original request's path and query.
    var path: String?
    var query: [(name: String, value: String)]
    /// The bucket's region (`x-amz-bucket-region`), when S3 said.
    var region: String?

    /// The redirect `response` asks for; nil unless it is a 307 with an absolute http(s) `Location`.
    init?(_ response: HTTPResponse) {
        guard response.status == 307, let location = response.header("Location"),
              let components = URLComponents(string: location.trimmingCharacters(in: .whitespaces)),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var host = components.host, !host.isEmpty
        else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.scheme = scheme
        self.host = host
        port = components.port
        let encodedPath = components.percentEncodedPath
        path = encodedPath.isEmpty ? nil : URIEncoding.decode(encodedPath)
        query = (components.percentEncodedQueryItems ?? []).map {
            (name: URIEncoding.decode($0.name), value: URIEncoding.decode($0.value ?? ""))
        }
        region = response.header("x-amz-bucket-region")
    }

    /// `request` sent to the redirect's endpoint: same method, headers and body; the old signature and any
    /// explicit `Host` removed, so signing it again signs the new host.
    func apply(to request: HTTPRequest) -> HTTPRequest {
        var redirected = request
        redirected.scheme = scheme
        redirected.host = host
        redirected.port = port
        if let path {
            redirected.path = path
            redirected.query = query
        }
        redirected.removeHeader("Authorization")
        redirected.removeHeader("Host")
        return redirected
    }
}
