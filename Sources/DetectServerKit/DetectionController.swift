import Foundation
import Hummingbird
import Logging
import YoloCore

/// The REST API: `POST /api/object_detection`, `GET /health`, `GET /metrics`.
public struct DetectionController: Sendable {
    let pool: DetectorPool
    let metrics: ServerMetrics
    let maxBodyBytes: Int

    public init(pool: DetectorPool, metrics: ServerMetrics, maxBodyBytes: Int) {
        self.pool = pool
        self.metrics = metrics
        self.maxBodyBytes = maxBodyBytes
    }

    public func addRoutes(to router: Router<some RequestContext>) {
        router.post("/api/object_detection") { request, context in await detect(request, logger: context.logger) }
        router.get("/health") { _, _ in health() }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
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
            response = try jsonResponse(DetectionResponse(id: detection.id, result: result))
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
                "id": "\(id ?? "-")", "status": "\(response.status.code)",
                "ms": "\(String(format: "%.1f", seconds * 1000))",
            ])
        return response
    }

    private func parse(_ request: Request) async throws(APIError) -> DetectionRequest {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw APIError(.contentTooLarge, "body is \(length) bytes, over the limit of \(maxBodyBytes)")
        }
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
