import ArgumentParser
import InfraKit

extension InfraCtl {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every resource of the pipeline, present or not, and whether uploads trigger the function.",
            discussion: """
                One row per resource with its key properties (bucket object count, table item count, log group retention and size, function state, image and memory), then whether the trigger is wired (bucket notification and invoke permission both in place). Exits 0 when everything is present and wired, 1 otherwise.

                Examples:
                  infractl status
                  infractl status --prefix demo --json
                  infractl status --json > status.json || echo "incomplete"
                """
        )

        @OptionGroup var pipeline: PipelineOptions

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() async throws {
            var complete = false
            try await runReportingErrors {
                let status = try await PipelineInspector(clients: try pipeline.clients())
                    .status(prefix: pipeline.prefix, roleArn: pipeline.roleArn)
                emit(json ? StatusTable.json(status) : StatusTable.render(status))
                complete = status.isComplete
            }
            if !complete { throw ExitCode.failure }
        }
    }
}
