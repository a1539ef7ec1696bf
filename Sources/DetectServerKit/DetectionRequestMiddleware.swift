import Foundation
import Hummingbird
import LogEscaping

/// Times, counts and logs each detection request: its latency (body read to response, every status) and status go
/// to `ServerMetrics`, and one `detect` line to the request's logger with the body's id (escaped; `-` when the body
/// did not parse), the status and the milliseconds taken.
struct DetectionRequestMiddleware: RouterMiddleware {
    typealias Context = DetectRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        do {
            let response = try await next(request, context)
            record(status: response.status, since: started, context: context)
            return response
        } catch let error as any HTTPResponseError {
            record(status: error.status, since: started, context: context)
            throw error
        }
    }

    private func record(status: HTTPResponse.Status, since started: UInt64, context: Context) {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        metrics.recordRequest(status: status.code, seconds: seconds)
        context.logger.info(
            "detect",
            metadata: [
                "id": "\(context.detectionID.id.map { escapedForLog($0) } ?? "-")", "status": "\(status.code)",
                "ms": "\(String(format: "%.1f", seconds * 1000))",
            ])
    }
}
