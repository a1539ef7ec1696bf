import Hummingbird
import LogEscaping

/// Answers requests no route takes with a JSON error instead of the router's empty 404: a known path with another
/// method gets 405 with `Allow` listing the methods it takes (RFC 9110 §15.5.6), an unknown path 404.
struct MethodAndPathMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each served path and its methods.
    let allowedMethods: [String: [HTTPRequest.Method]]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The router takes `/health/` for `/health`: so does this.
        var path = request.uri.path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        guard let methods = allowedMethods[path] else {
            throw APIError(.notFound, "no such path: \(escapedForLog(path, limit: 100)); the API serves "
                + allowedMethods.keys.sorted().joined(separator: ", "))
        }
        guard methods.contains(request.method) else {
            let allow = methods.map(\.rawValue).joined(separator: ", ")
            throw APIError(.methodNotAllowed, "\(path) takes \(allow)", allowedMethods: methods)
        }
        return try await next(request, context)
    }
}
