import ArgumentParser
import CommandLineSupport
import DetectClientKit
import Foundation

/// `detect-client local`: every image through detect-server's REST API.
struct Local: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Post every JPEG/PNG in a folder to a detection server and record objects and times.",
        discussion: """
            Every image (sorted by name) gets a fresh UUID and is posted as {"id", "image": base64} to \
            ENDPOINT/api/object_detection (or to ENDPOINT as is, when it has a path). Connection failures, timeouts \
            and 429/502/503/504 are retried up to 5 times with jittered exponential backoff (honouring Retry-After); \
            an image that still fails is recorded as failed with the reason. Progress goes to stderr; the summary \
            (or, with --json, the summary object) to stdout; every request to --output.

            Examples:
              detect-client local --input Fixtures/images
              detect-client local --input photos --endpoint http://10.0.0.5:8080 --concurrency 8 --repeat 3 --warmup 4
              detect-client local --input Fixtures/images --json | jq .throughput_per_second
            """)

    @OptionGroup var folder: ImageFolderOptions

    @Option(help: "The server's base URL, or the full detection URL.")
    var endpoint = "http://127.0.0.1:8080"

    @Option(help: "Requests in flight at once.")
    var concurrency = 4

    @Option(help: "Passes over the folder; every request gets a fresh id.")
    var `repeat` = 1

    @Option(help: "Unrecorded requests sent first (cycling over the images).")
    var warmup = 0

    @Option(help: "Where to write every request's result (JSON).")
    var output = "out/detections_local.json"

    @Flag(help: "Print the summary as one JSON object instead of text.")
    var json = false

    func validate() throws {
        do { try LocalRunOptions.checkRanges(concurrency: concurrency, repeatCount: self.repeat, warmup: warmup) } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let command = "detect-client local"
        let images = try folder.load(for: command)
        let endpoint: DetectionEndpoint
        do { endpoint = try DetectionEndpoint(self.endpoint) } catch { throw CommandFailure.report(command, error) }
        let options: LocalRunOptions
        do {
            options = try LocalRunOptions(endpoint: endpoint, concurrency: concurrency, repeatCount: self.repeat, warmup: warmup)
        } catch {
            throw ValidationError(error.description)
        }
        let runner = LocalRunner(options: options, progress: .standardError())
        let results = await runner.run(images: images)
        let failure: String?
        do { failure = try RunEnding.terminal.local(results, output: output, json: json) } catch {
            throw CommandFailure.report(command, error)
        }
        if let failure { throw CommandFailure.report(command, failure) }
    }
}
