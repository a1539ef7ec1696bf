import ArgumentParser
import Foundation
import InfraKit

extension InfraCtl {
    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create what is missing of the pipeline, in order, printing each step.",
            discussion: """
                Steps: bucket, ECR repository, table, the function's log group /aws/lambda/<prefix>-detect with its retention, role and its least-privilege policy (unless --role-arn), image, function (created or updated, then waited for until State Active and LastUpdateStatus Successful; an Inactive function is updated, which wakes it), the permission for S3 to invoke it, and the bucket notification for ObjectCreated under images/ (other notifications on the bucket are kept). Each step looks before it acts: a second run changes nothing and says so; a failed run can be run again to finish. Every wait prints its progress and ends at --wait-timeout.

                The first run needs --image-uri or --build. Before the function uses an image, up reads from ECR what it points at and refuses an image Lambda would not run: not in ECR in this region, missing, a multi-platform index (what BuildKit pushes with attestations), or built for another architecture. --build builds one linux/amd64 (or arm64) image manifest without provenance or SBOM attestations. The function's environment is exactly DETECT_TABLE=<table> plus the --env entries; memory and timeout are set to the values given (or their defaults) on every run.

                Examples:
                  REPO=123456789012.dkr.ecr.us-east-1.amazonaws.com/yolo-offload/detect-server
                  infractl up --image-uri $REPO:v1
                  infractl up --build --memory 2048 --timeout 120
                  infractl up --prefix demo --region eu-west-1 --env DETECT_CONFIDENCE=0.4
                  infractl up --endpoint-url http://127.0.0.1:4566 --image-uri $REPO:v1
                """
        )

        @OptionGroup var pipeline: PipelineOptions

        @Option(name: .customLong("image-uri"), help: "Run this container image (already in ECR).")
        var imageURI: String?

        @Flag(help: "Build deploy/lambda/Dockerfile with docker, log in to ECR, push, and run the pushed image.")
        var build = false

        @Option(help: "Build context for --build (the repository root).")
        var context: String = "."

        @Option(help: "Dockerfile for --build.")
        var dockerfile: String = "deploy/lambda/Dockerfile"

        @Option(help: "Image tag for --build.")
        var tag: String = "latest"

        @Option(help: "Function memory in MB (128-10240).")
        var memory: Int = 1024

        @Option(help: "Function timeout in seconds (1-900).")
        var timeout: Int = 60

        @Option(help: "Function architecture: x86_64 or arm64 (also the platform --build builds for).")
        var architecture: String = "x86_64"

        @Option(name: .customLong("env"), help: ArgumentHelp("Extra environment variable for the function (repeatable).", valueName: "KEY=VALUE"))
        var environment: [String] = []

        @Option(name: .customLong("wait-timeout"),
                help: "Seconds to wait for each thing AWS settles on its own (function Active, role and permission propagation).")
        var waitTimeout: Int = 300

        @Option(name: .customLong("log-retention-days"),
                help: "Days the function's log group keeps events (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653).")
        var logRetentionDays: Int = LogRetention.defaultDays

        func validate() throws {
            if build && imageURI != nil { throw ValidationError("give either --image-uri or --build, not both") }
        }

        func run() async throws {
            try await runReportingErrors {
                let clients = try pipeline.clients()
                let image: ImageSource? = build ? .build(ImageBuild(context: context, dockerfile: dockerfile, tag: tag))
                    : imageURI.map(ImageSource.uri)
                let options = UpOptions(
                    image: image,
                    function: DetectFunctionSpec(memoryMB: memory, timeoutSeconds: timeout, architecture: architecture,
                                                 extraEnvironment: try DetectFunctionSpec.parseEnvironment(environment)),
                    roleArn: pipeline.roleArn, logRetentionDays: logRetentionDays)
                let provisioner = PipelineProvisioner(clients: clients, polling: Polling(timeout: .seconds(waitTimeout)))
                let summary = try await provisioner.up(prefix: pipeline.prefix, options: options, report: printStep)
                emit(summary.changedSomething ? "up: done" : "up: nothing to change")
            }
        }
    }
}
