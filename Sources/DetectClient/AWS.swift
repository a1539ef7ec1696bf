import AWSKitLite
import ArgumentParser
import CommandLineSupport
import DetectClientKit
import DetectionContract
import Foundation

/// `detect-client aws`: every image through the S3 -> Lambda -> DynamoDB pipeline.
struct AWS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws",
        abstract: "Upload every JPEG/PNG in a folder to the pipeline's bucket and collect the detections from DynamoDB (or, with --upload-only, just upload).",
        discussion: """
            Names come from the prefix, the account (STS GetCallerIdentity) and the region, as infractl makes them: \
            bucket <prefix>-images-<account>-<region>, table <prefix>-detections. Each image goes to \
            images/<fresh UUID>/<file name>; meanwhile the table is polled with BatchGetItem (backing off from 50 ms \
            to 1 s) until every id is there or --timeout seconds have passed since the last upload. Then it reads the \
            REPORT lines of those invocations from the function's log group /aws/lambda/<prefix>-detect \
            (FilterLogEvents; Duration, Billed Duration, Memory Size, Max Memory Used, Init Duration) and joins them to \
            the images by request id, waiting up to --report-lines-wait seconds for lines still on their way. Writes \
            detections_aws.json and detections_aws_transfer_time.json to --output-dir; ids that never appeared are \
            listed as missing and the exit status is 1.

            With --memory-sizes 512,1024,2048,3008 the images go through once per memory size: before each pass the \
            function's memory is updated (UpdateFunctionConfiguration) and waited for, as AWS Lambda Power Tuning \
            does; afterwards its own size is restored. Every pass goes to detections_aws_memory_sizes.json; \
            detections_aws.json holds the pass at the function's own size (else the last). The report shows the \
            duration and cost per image of each size, and the cheapest and the fastest.

            With --upload-only it feeds the pipeline and does not wait: every image is uploaded the same way, \
            detections_aws_transfer_time.json is written, the table is neither needed nor read, and it prints the \
            uploads' figures (images, failures, wall seconds, images/s, MB/s, per-upload p50/p95 ms; with --json \
            one JSON object). The exit status is 0 only if every upload succeeded.

            Credentials and region come from the usual places, in the AWS SDKs' order: AWS_ACCESS_KEY_ID/\
            AWS_SECRET_ACCESS_KEY, web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN), the profile \
            (--profile or AWS_PROFILE in ~/.aws: role_arn with source_profile or credential_source, \
            web_identity_token_file, credential_process, static keys), container credentials; AWS_REGION. \
            --endpoint-url or AWS_ENDPOINT_URL point every service at an emulator.

            On a slow link, a large upload gets --request-timeout plus its size at --slowest-upload-rate, and any \
            upload (of 64 KiB or more) that stays below --low-speed-limit bytes/s for --low-speed-time seconds is abandoned (and \
            retried) instead of hanging.

            Examples:
              detect-client aws --input Fixtures/images
              detect-client aws --input Fixtures/images --prefix yolo-test --region eu-west-1 --timeout 300
              detect-client aws --input Fixtures/images --endpoint-url http://127.0.0.1:4566 --region us-east-1
              detect-client aws --input Fixtures/images --upload-only --concurrency 8 --json
              detect-client aws --input Fixtures/images --profile deploy-role
              detect-client aws --input Fixtures/images --memory-sizes 512,1024,2048,3008
              detect-client aws --input Fixtures/images --slowest-upload-rate 16384 --low-speed-time 60
            """)

    @OptionGroup var folder: ImageFolderOptions

    @Option(help: "The pipeline's name prefix (as given to infractl).")
    var prefix = PipelineNames.defaultPrefix

    @Option(help: "Uploads in flight at once.")
    var concurrency = 8

    @Option(help: "Seconds to wait for the items after the last upload.")
    var timeout: Double = 120

    @Option(help: "Seconds to wait for the invocations' REPORT lines in the function's log group (0: read once).")
    var reportLinesWait: Double = 10

    @Option(help: "Folder for detections_aws.json and detections_aws_transfer_time.json.")
    var outputDir = "out"

    @OptionGroup var connection: AWSConnectionOptions

    @Option(help: ArgumentHelp("Run the images once per Lambda memory size, updating the function between passes (e.g. 512,1024,2048,3008).", valueName: "MB,MB,..."))
    var memorySizes: String?

    @Flag(help: "Only upload (feed the pipeline): skip the table, write only detections_aws_transfer_time.json.")
    var uploadOnly = false

    @Flag(help: "Print the summary as one JSON object instead of text.")
    var json = false

    @OptionGroup(title: "Transfer limits")
    var transfer: TransferLimitOptions

    func validate() throws {
        if memorySizes != nil, uploadOnly {
            throw ValidationError("--memory-sizes needs the items: it cannot go with --upload-only")
        }
        let memorySizes = try parsedMemorySizes()
        do {
            let (timeout, reportLinesWait) = try waits()
            try AWSRunOptions.checkRanges(concurrency: concurrency, timeout: timeout, reportLinesWait: reportLinesWait,
                                          memorySizes: memorySizes)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let command = "detect-client aws"
        let images = try folder.load(for: command)
        let runner: AWSRunner
        let lambda: LambdaClient
        do {
            let http = HTTPClient(configuration: try transfer.limits().httpConfiguration)
            let configuration = try AWSConfiguration.resolve(
                region: connection.region, profile: connection.profile, endpointURL: connection.endpointURL, httpClient: http,
                logger: AWSConfiguration.standardErrorLogger(label: "detect-client"))
            let account = try await STSClient(configuration: configuration, httpClient: http).getCallerIdentity().account
            let names = try PipelineNames(prefix: prefix, accountId: account, region: configuration.region)
            lambda = try LambdaClient(configuration: configuration, httpClient: http)
            runner = AWSRunner(
                options: try options(names: names),
                s3: try S3Client(configuration: configuration, httpClient: http),
                dynamoDB: try DynamoDBClient(configuration: configuration, httpClient: http),
                lambda: lambda,
                logs: try CloudWatchLogsClient(configuration: configuration, httpClient: http),
                progress: .standardError())
            try await runner.checkPipeline(includingTable: !uploadOnly)
        } catch {
            throw CommandFailure.report(command, error)
        }
        if uploadOnly {
            let results = await runner.upload(images: images)
            let failure: String?
            do { failure = try RunEnding.terminal.upload(results, outputDirectory: outputDir, json: json) } catch {
                throw CommandFailure.report(command, error)
            }
            if let failure { throw CommandFailure.report(command, failure) }
            return
        }
        let results: AWSRunResults
        let transfers: TransferTimeResults
        if let memorySizes = runner.options.memorySizes {
            do {
                let sweep = try await MemorySweep(runner: runner, lambda: lambda).run(images: images, sizes: memorySizes)
                (results, transfers) = try RunEnding.terminal.memorySweep(sweep, outputDirectory: outputDir)
            } catch {
                throw CommandFailure.report(command, error)
            }
        } else {
            (results, transfers) = await runner.run(images: images)
        }
        let failure: String?
        do { failure = try RunEnding.terminal.aws(results, transfers: transfers, outputDirectory: outputDir, json: json) } catch {
            throw CommandFailure.report(command, error)
        }
        if let failure { throw CommandFailure.report(command, failure) }
    }

    /// The run's options from the command line's; a setting out of its range throws `SettingRangeError`.
    private func options(names: PipelineNames) throws -> AWSRunOptions {
        let (timeout, reportLinesWait) = try waits()
        return try AWSRunOptions(names: names, concurrency: concurrency, timeout: timeout, reportLinesWait: reportLinesWait,
                                 memorySizes: try parsedMemorySizes())
    }

    /// `--timeout` and `--report-lines-wait` as durations.
    private func waits() throws(SettingRangeError) -> (timeout: Duration, reportLinesWait: Duration) {
        (try AWSRunOptions.wait(seconds: timeout, option: "--timeout"),
         try AWSRunOptions.wait(seconds: reportLinesWait, option: "--report-lines-wait"))
    }

    /// `--memory-sizes 512,1024` → [512, 1024] (their range is `AWSRunOptions`'s to check).
    private func parsedMemorySizes() throws -> [Int]? {
        guard let memorySizes else { return nil }
        return try memorySizes.split(separator: ",").map { text in
            let size = text.trimmingCharacters(in: .whitespaces)
            guard let value = Int(size) else {
                throw ValidationError("--memory-sizes must be whole numbers of MB separated by commas, e.g. 512,1024 ('\(size)' is not)")
            }
            return value
        }
    }
}
