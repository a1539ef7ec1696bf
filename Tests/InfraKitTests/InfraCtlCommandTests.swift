import Foundation
import InfraKit
import TestSupport
import Testing

/// The `infractl` executable itself: help with examples, one-line errors with a non-zero exit, `down`'s refusal
/// without a terminal, `status`'s exit code, and a whole up/up/status/down round through the command line.
@Suite struct InfraCtlCommandTests {
    @Test(arguments: [[], ["up"], ["status"], ["down"], ["policy"]])
    func everyCommandHasHelpWithExamples(command: [String]) async throws {
        let result = try await InfraCtlProcess.run(command + ["--help"], environment: [:])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Examples:"))
        #expect(result.standardOutput.contains("infractl \(command.first ?? "up")"))
        if !command.isEmpty { #expect(result.standardOutput.contains("--prefix <prefix>")) }
    }

    @Test func awsRefusalIsOneLineWithoutTheSecret() async throws {
        var environment = try Emulator.ministack.cliEnvironment()
        let wrongSecret = "wrong-secret-\(UUID().uuidString)"
        environment["AWS_SECRET_ACCESS_KEY"] = wrongSecret
        let result = try await InfraCtlProcess.run(["status"], environment: environment)
        #expect(result.status == 1)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("error: sts GetCallerIdentity failed: HTTP 403 SignatureDoesNotMatch") == true)
        #expect(!result.standardError.contains(wrongSecret) && !result.standardOutput.contains(wrongSecret))
    }

    @Test func policyFillsInTheAccountOrSaysWhatToReplace() async throws {
        let prefix = Emulator.uniquePrefix()
        let known = try await InfraCtlProcess.run(["policy", "--prefix", prefix, "--build"], environment: try Emulator.moto.cliEnvironment())
        #expect(known.status == 0 && known.standardError.isEmpty)
        let document = try IAMPolicyDocument.parse(known.standardOutput)
        let names = try PipelineNames(prefix: prefix, accountId: "123456789012", region: "us-east-1")
        #expect(document == CallerPermissions.policy(for: names, build: true, roleArn: nil))

        let unknown = try await InfraCtlProcess.run(["policy", "--prefix", prefix, "--region", "eu-west-1"],
                                                    environment: ["PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.path])
        #expect(unknown.status == 0)
        #expect(unknown.standardError.hasPrefix("note: could not learn the account from STS ("))
        #expect(unknown.standardError.contains("replace <account> (your 12-digit account id) in the policy"))
        #expect(unknown.standardOutput.contains("\"arn:aws:s3:::\(prefix)-images-<account>-eu-west-1\""))

        let markdown = try await InfraCtlProcess.run(["policy", "--markdown"], environment: [:])
        #expect(markdown.standardOutput == CallerPermissions.markdownTable() + "\n")
    }

    @Test func downRefusesWithoutYesWhenInputIsNotATerminal() async throws {
        let prefix = Emulator.uniquePrefix()
        let result = try await InfraCtlProcess.run(["down", "--prefix", prefix], environment: try Emulator.moto.cliEnvironment())
        #expect(result.status == 1)
        #expect(result.standardError == "error: nothing deleted: standard input is not a terminal; pass --yes to delete without asking\n")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func invalidOptionsAreRefusedBeforeAnyCall() async throws {
        let both = try await InfraCtlProcess.run(["up", "--build", "--image-uri", "x"], environment: [:])
        #expect(both.status != 0)
        #expect(both.standardError.contains("either --image-uri or --build"))
        let badPrefix = try await InfraCtlProcess.run(["status", "--prefix", "Bad_Prefix"], environment: try Emulator.moto.cliEnvironment())
        #expect(badPrefix.status == 1)
        #expect(badPrefix.standardError.hasPrefix("error: invalid prefix 'Bad_Prefix'"))
        let badRetention = try await InfraCtlProcess.run(["up", "--prefix", Emulator.uniquePrefix(), "--image-uri", "x", "--log-retention-days", "13"],
                                                         environment: try Emulator.moto.cliEnvironment())
        #expect(badRetention.status == 1)
        #expect(badRetention.standardError.hasPrefix("error: log retention 13 days is out of range: CloudWatch Logs allows 1, 3, 5, 7, 14,"))
        #expect(badRetention.standardOutput.isEmpty)
    }

    @Test func roundTripThroughTheCommandLine() async throws {
        let environment = try Emulator.moto.cliEnvironment()
        let prefix = Emulator.uniquePrefix()
        try await withPipelineCleanup(.moto, prefix: prefix) {
            let image = try await Emulator.moto.pushFunctionImage(repository: "\(prefix)/detect-server", accountId: "123456789012")
            let missing = try await InfraCtlProcess.run(["status", "--prefix", prefix], environment: environment)
            #expect(missing.status == 1)
            #expect(missing.standardOutput.contains("not wired"))

            let noImage = try await InfraCtlProcess.run(["up", "--prefix", prefix], environment: environment)
            #expect(noImage.status == 1)
            #expect(noImage.standardError.contains("give --image-uri URI or --build"))
            #expect(noImage.standardOutput.isEmpty)

            let up = try await InfraCtlProcess.run(["up", "--prefix", prefix, "--image-uri", image, "--env", "DETECT_NMS=0.45",
                                                    "--log-retention-days", "30"], environment: environment)
            #expect(up.status == 0, "\(up.standardError)")
            #expect(up.standardOutput.contains("log-group /aws/lambda/\(prefix)-detect: created\n"))
            #expect(up.standardOutput.hasPrefix("bucket \(prefix)-images-123456789012-us-east-1: created\n"))
            #expect(up.standardOutput.hasSuffix("up: done\n"))

            let again = try await InfraCtlProcess.run(["up", "--prefix", prefix, "--env", "DETECT_NMS=0.45", "--log-retention-days", "30"],
                                                      environment: environment)
            #expect(again.status == 0)
            #expect(again.standardOutput.hasSuffix("up: nothing to change\n"))

            let status = try await InfraCtlProcess.run(["status", "--prefix", prefix, "--json"], environment: environment)
            #expect(status.status == 0)
            let json = try #require(JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
            #expect(json["complete"] as? Bool == true)
            #expect(json["triggerWired"] as? Bool == true)

            let down = try await InfraCtlProcess.run(["down", "--prefix", prefix, "--yes", "--keep-logs"], environment: environment)
            #expect(down.status == 0)
            #expect(down.standardOutput.contains("log-group /aws/lambda/\(prefix)-detect: kept (--keep-logs)\n"))
            #expect(down.standardOutput.hasSuffix("down: done\n"))
            let gone = try await InfraCtlProcess.run(["status", "--prefix", prefix], environment: environment)
            #expect(gone.status == 1)
        }
    }
}
