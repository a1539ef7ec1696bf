import Hummingbird
import Logging
import ServiceLifecycle
import YoloCore

/// Builds the detection server: puts `configuration.openCVThreading` in effect for the process (the core-sharing
/// default must come before any other OpenCV work in it), loads the detectors (failing before binding if the model
/// cannot load), then returns a Hummingbird application whose graceful shutdown (SIGTERM/SIGINT under
/// `runService()`) stops accepting connections, lets in-flight requests finish (closing what is still open after
/// `configuration.limits.drainTimeout`), and only then stops the detector threads.
public func buildDetectServer(
    configuration: DetectServerConfiguration,
    logger: Logger,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    try configuration.openCVThreading.apply()
    let pool = try DetectorPool(
        modelDirectory: configuration.modelDirectory, configuration: configuration.detection,
        workers: configuration.workers, queueCapacity: configuration.queueCapacity,
        maxBatchSize: configuration.maxBatchSize)
    let metrics = ServerMetrics(workers: configuration.workers, queueCapacity: configuration.queueCapacity)
    let router = Router(context: DetectRequestContext.self)
    let bodyBudget = BodyBudget(bytes: configuration.limits.maxBufferedBodyBytes)
    DetectionController(pool: pool, metrics: metrics, maxBodyBytes: configuration.maxBodyBytes, bodyBudget: bodyBudget)
        .addRoutes(to: router)
    return Application(
        router: router,
        server: .http1(limits: configuration.limits, metrics: metrics),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "detect-server"),
        // Services shut down in reverse order and the server is the last one started: the pool stops (finishing
        // queued work) only after the HTTP server has stopped.
        services: [ClosureService { try? await gracefulShutdown(); pool.shutdown() }],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}
