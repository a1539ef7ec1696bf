import DetectionContract
import Foundation
import Hummingbird
import LogEscaping
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

    public func addRoutes(to router: Router<DetectRequestContext>) {
        router.add(middleware: MethodAndPathMiddleware(allowedMethods: Self.allowedMethods))
        router.group("/api/object_detection")
            .add(middleware: DetectionRequestMiddleware(metrics: metrics))
            .post { request, context in try await detect(request, context: context) }
        router.get("/health") { _, _ in
            let load = pool.load
            return HealthReply(
                workers: pool.workers, running: load.running, queued: load.queued, opencv: YoloDetector.openCVVersion)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
    }

    /// Answers one detection request with its reply, leaving the body's id in `context` for the log line; throws
    /// only `APIError`. The inference time is recorded here rather than in `DetectionRequestMiddleware`: only the
    /// detector's result carries it, per image, and only for images that were processed.
    func detect(_ request: Request, context: DetectRequestContext) async throws(APIError) -> DetectionReply {
        let detection = try await parse(request)
        context.detectionID.id = detection.id
        let result = try await runDetection(detection)
        metrics.recordInference(seconds: result.timings.totalMilliseconds / 1000)
        return DetectionReply(id: detection.id, result: result)
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
}
