import ArgumentParser

@main
struct DetectClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect-client",
        abstract: "Drive the YOLO detector locally and through the cloud pipeline, and compare the two.",
        discussion: """
            local   posts every image in a folder to detect-server (or any server speaking the REST contract)
            aws     uploads every image to the pipeline's S3 bucket and collects the Lambda's results from DynamoDB
            report  compares the two result files: Markdown on stdout, an HTML page with plots
            bench   a closed-loop load generator: requests/s and latency percentiles

            Exit status: 0 only when every image was processed; 1 when any failed or is missing (the result files \
            still list every image, with the reason), or on any other error (one line on stderr).

            Example (the whole experiment):
              detect-client local --input Fixtures/images
              detect-client aws --input Fixtures/images
              detect-client report out
            """,
        subcommands: [Local.self, AWS.self, Report.self, Bench.self]
    )
}
