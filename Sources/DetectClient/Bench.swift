import ArgumentParser
import CommandLineSupport
import DetectClientKit
import Foundation

/// `detect-client bench`: a closed-loop load generator for any server speaking the REST contract.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Closed-loop load: C connections posting the images round-robin; prints requests/s and latency percentiles.",
        discussion: """
            Each of --concurrency connections sends its next request as soon as its previous reply is in. Each \
            image's request body is encoded once; connections are kept open and reused. --warmup requests go \
            first and are not measured. No retries: failed requests are counted (and make the exit status 1). \
            With --json, prints exactly {"endpoint", "concurrency", "requests", "failures", "seconds", \
            "requests_per_second", "p50_ms", "p95_ms", "p99_ms", "mean_ms"}; requests_per_second counts successful \
            requests only.

            Examples:
              detect-client bench --input Fixtures/images --endpoint http://127.0.0.1:8080 --concurrency 4 --requests 200 --warmup 8
              detect-client bench --input Fixtures/images --endpoint http://127.0.0.1:5000 --concurrency 1 --duration 30 --json
            """)

    @OptionGroup var folder: ImageFolderOptions

    @Option(help: "The server's base URL, or the full detection URL.")
    var endpoint: String

    @Option(help: "Connections, each with one request in flight.")
    var concurrency = 1

    @Option(help: "Measured requests in all. (default: 100, unless --duration is given)")
    var requests: Int?

    @Option(help: "Seconds to measure for, instead of a number of requests.")
    var duration: Double?

    @Option(help: "Unmeasured requests sent first.")
    var warmup = 0

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        if requests != nil && duration != nil { throw ValidationError("give --requests or --duration, not both") }
        do { try LoadDriverOptions.checkRanges(concurrency: concurrency, limit: try limit(), warmup: warmup) } catch {
            throw ValidationError(error.description)
        }
    }

    /// `--duration` or `--requests` (default 100) as the driver's limit.
    private func limit() throws(SettingRangeError) -> LoadDriverOptions.Limit {
        if let duration { try .duration(seconds: duration) } else { .requests(requests ?? 100) }
    }

    func run() async throws {
        let command = "detect-client bench"
        let images = try folder.load(for: command)
        let endpoint: DetectionEndpoint
        do { endpoint = try DetectionEndpoint(self.endpoint) } catch { throw CommandFailure.report(command, error) }
        let options: LoadDriverOptions
        do {
            options = try LoadDriverOptions(endpoint: endpoint, concurrency: concurrency, limit: try limit(), warmup: warmup)
        } catch {
            throw ValidationError(error.description)
        }
        let driver = LoadDriver(options: options)
        let result = await driver.run(images: images)
        if let failure = try RunEnding.terminal.bench(result, json: json) { throw CommandFailure.report(command, failure) }
    }
}
