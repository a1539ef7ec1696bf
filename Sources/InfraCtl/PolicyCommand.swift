import AWSKitLite
import ArgumentParser
import Foundation
import InfraKit

extension InfraCtl {
    struct Policy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the IAM policy the caller of up, status and down needs, with this pipeline's names.",
            discussion: """
                One statement per resource, listing every action up, status and down call on it (and, with --build, the ECR push and token). The account comes from STS GetCallerIdentity; without usable credentials it is the placeholder <account> (and <region> without a region), and a note on standard error says what to replace. With --role-arn, the role actions are for that role and the role-managing ones are left out. --markdown prints the permission list the README shows, names as placeholders.

                Examples:
                  infractl policy > infractl-policy.json
                  infractl policy --build --prefix demo
                  infractl policy --markdown
                """
        )

        @OptionGroup var pipeline: PipelineOptions

        @Flag(help: "Include what up --build needs (ECR login and push).")
        var build = false

        @Flag(help: "Print the permission list (every call, its action and resource) as a Markdown table instead.")
        var markdown = false

        func run() async throws {
            try await runReportingErrors {
                if markdown {
                    emit(CallerPermissions.markdownTable())
                    return
                }
                let target = try await CallerPolicyTarget.resolve(prefix: pipeline.prefix) { try pipeline.configuration() }
                if let note = target.note { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
                emit(CallerPermissions.policy(for: target.names, build: build, roleArn: pipeline.roleArn).json(pretty: true))
            }
        }
    }
}
