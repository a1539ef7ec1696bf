import ArgumentParser
import Foundation
import InfraKit

extension InfraCtl {
    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete everything up made, in reverse order, tolerating pieces already gone.",
            discussion: """
                Order: bucket notification (other notifications on the bucket are kept), invoke permission, function, role policy and role (kept when given with --role-arn), the function's log group (kept with --keep-logs), table, repository (with its images), bucket (emptied first). Asks you to type the prefix unless --yes; refuses without --yes when standard input is not a terminal.

                Examples:
                  infractl down
                  infractl down --prefix demo --yes
                  infractl down --yes --keep-logs
                """
        )

        @OptionGroup var pipeline: PipelineOptions

        @Flag(help: "Delete without asking.")
        var yes = false

        @Flag(name: .customLong("keep-logs"), help: "Keep the function's log group /aws/lambda/<prefix>-detect and its events.")
        var keepLogs = false

        func run() async throws {
            try await runReportingErrors {
                let clients = try pipeline.clients()
                let names = try await clients.names(prefix: pipeline.prefix)
                switch DeletionConfirmation.decide(names: names, yes: yes, inputIsTerminal: isatty(STDIN_FILENO) == 1, keepLogs: keepLogs) {
                case .proceed:
                    break
                case .refuse(let reason):
                    throw InfraError.deletionNotConfirmed(reason: reason)
                case .ask(let prompt):
                    emit(prompt, terminator: "")
                    guard DeletionConfirmation.confirms(answer: readLine(), names: names) else {
                        throw InfraError.deletionNotConfirmed(reason: "the answer was not the prefix")
                    }
                }
                try await PipelineTeardown(clients: clients).down(prefix: pipeline.prefix, roleArn: pipeline.roleArn, keepLogs: keepLogs, report: printStep)
                emit("down: done")
            }
        }
    }
}
