import DetectionContract
import Foundation
import Hummingbird
import LogEscaping
import Logging
import YoloCore

/// The REST API: `POST /api/object_detection`, `GET /health`, `GET /metrics`.
public struct DetectionController: Sendable {
    let pool: DetectorPool
    let metrics: ServerMetrics
    let maxBodyBytes: Int
    let bodyBudget: BodyBudget

    /// Each path the API serves, and the methods it answers there; any other method gets 405, any other path 404.
    public static let allowedMethods: [String: [HTTPRequest.Method]] = [
        "/api/object_detection": [.post], "/health": [.get], "/metrics": [.get],
    ]

    public init(pool: DetectorPool, metrics: ServerMetrics, maxBodyBytes: Int, bodyBudget: BodyBudget) {
        self.pool = pool
        self.metrics = metrics
        self.maxBodyBytes = maxBodyBytes
        self.bodyBudget = bodyBudget
    }

    public func addRoutes(to router: Router<some RequestContext>) {
        router.add(middleware: MethodAndPathMiddleware(allowedMethods: Self.allowedMethods))
        router.post("/api/object_detection") { request, context in await detect(request, logger: context.logger) }
        router.get("/health") { _, _ in health() }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
    }

    /// Answers one detection request; never throws: every failure becomes a JSON error with its status.
    func detect(_ request: Request, logger: Logger) async -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        var id: String?
        let response: Response
        do {
            let detection = try await parse(request)
            id = detection.id
            let result = try await runDetection(detection)
            metrics.recordInference(seconds: result.timings.totalMilliseconds / 1000)
            response = try jsonResponse(DetectionReply(id: detection.id, result: result))
        } catch let error as APIError {
            response = error.response()
        } catch {
            response = APIError(.internalServerError, "internal error: \(error)", id: id).response()
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        metrics.recordRequest(status: response.status.code, seconds: seconds)
        logger.info(
            "detect",
            metadata: [
                "id": "\(id.map { escapedForLog($0) } ?? "-")", "status": "\(response.status.code)",
                "ms": "\(String(format: "%.1f", seconds * 1000))",
            ])
        return response
    }

    private func parse(_ request: Request) async throws(APIError) -> DetectionRequest {
        if let contentType = request.headers[.contentType], !Self.isJSON(contentType) {
            throw APIError(
                .unsupportedMediaType,
                "Content-Type \"\(escapedForLog(contentType, limit: 100))\" is not JSON; send application/json")
        }
        let length = request.headers[.contentLength].flatMap(Int.init)
        if let length, length > maxBodyBytes {
            throw APIError(.contentTooLarge, "body is \(length) bytes, over the limit of \(maxBodyBytes)")
        }
        // Without a Content-Length (chunked), a body may grow to the limit: it takes that much of the budget.
        let reservation = length ?? maxBodyBytes
        guard bodyBudget.reserve(reservation) else {
            metrics.recordBodyRefused()
            throw APIError(
                .serviceUnavailable, "the server is receiving too many request bodies at once; retry later",
                retryAfterSeconds: 1)
        }
        defer { bodyBudget.release(reservation) }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "body is over the limit of \(maxBodyBytes) bytes")
        } catch {
            throw APIError(.badRequest, "could not read the body: \(error)")
        }
        return try DetectionRequest(body: body.readableBytesView)
    }

    /// `application/json` or any `+json` type (RFC 6839), parameters such as `charset` allowed; case-insensitive.
    static func isJSON(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    private func runDetection(_ request: DetectionRequest) async throws(APIError) -> DetectionResult {
        do {
            return try await pool.detect(imageData: request.imageData)
        } catch let error as YoloError {
            switch error {
            case .notAnImage, .imageTooLarge:
                throw APIError(.unprocessableContent, error.description, id: request.id)
            default:
                throw APIError(.internalServerError, error.description, id: request.id)
            }
        } catch let error as DetectorPoolError {
            throw APIError(.serviceUnavailable, error.description, id: request.id, retryAfterSeconds: 1)
        } catch {
            throw APIError(.internalServerError, "\(error)", id: request.id)
        }
    }

    private func health() -> Response {
        let load = pool.load
        let body = """
            {"status":"ok","workers":\(pool.workers),"running":\(load.running),"queued":\(load.queued),\
            "opencv":"\(YoloDetector.openCVVersion)"}
            """
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private func jsonResponse(_ value: some Encodable) throws -> Response {
        let data = try JSONEncoder().encode(value)
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
