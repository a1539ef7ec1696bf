@testable import AWSKitLite
@testable import InfraKit
import Foundation
import Testing

/// The function's settings: `--env` parsing, Lambda's ranges, and what `up` sees as a change.
@Suite struct DetectFunctionSpecTests {
    let names = try! PipelineNames(prefix: "p1", accountId: "123456789012", region: "us-east-1")

    @Test func environmentEntriesParseAsKeyValue() throws {
        let parsed = try DetectFunctionSpec.parseEnvironment(["DETECT_CONFIDENCE=0.4", "URL=http://h/?a=b", "EMPTY=", "A=1", "A=2"])
        #expect(parsed == ["DETECT_CONFIDENCE": "0.4", "URL": "http://h/?a=b", "EMPTY": "", "A": "2"])
    }

    @Test(arguments: ["NOEQUALS", "=value", "1ABC=x", "BAD-KEY=x", "DETECT_TABLE=other", "AWS_REGION=us-west-2",
                      "AWS_LAMBDA_RUNTIME_API=x", "_HANDLER=x"])
    func badEnvironmentEntriesAreRefused(entry: String) {
        #expect(throws: InfraError.self) { try DetectFunctionSpec.parseEnvironment([entry]) }
    }

    @Test func environmentIsTheTablePlusExtras() {
        let spec = DetectFunctionSpec(extraEnvironment: ["DETECT_NMS": "0.45"])
        #expect(spec.environment(for: names) == ["DETECT_TABLE": "p1-detections", "DETECT_NMS": "0.45"])
    }

    @Test func defaultsAreTheBriefs() {
        let spec = DetectFunctionSpec()
        #expect(spec.memoryMB == 1024)
        #expect(spec.timeoutSeconds == 60)
        #expect(spec.architecture == "x86_64")
    }

    @Test(arguments: [(127, 60, "x86_64"), (10241, 60, "x86_64"), (1024, 0, "x86_64"), (1024, 901, "x86_64"), (1024, 60, "sparc")])
    func settingsOutsideLambdasRangesAreRefused(memory: Int, timeout: Int, architecture: String) {
        #expect(throws: InfraError.self) {
            try DetectFunctionSpec(memoryMB: memory, timeoutSeconds: timeout, architecture: architecture).validate()
        }
    }

    /// A configuration as Lambda's GetFunction returns it (JSON), decoded by AWSKitLite.
    func configuration(memory: Int, timeout: Int, environment: [String: String], role: String) throws -> LambdaFunctionConfiguration {
        let json: [String: Any] = [
            "FunctionName": "p1-detect", "MemorySize": memory, "Timeout": timeout, "Role": role,
            "Environment": ["Variables": environment], "PackageType": "Image",
        ]
        return try JSONDecoder().decode(LambdaFunctionConfiguration.self, from: JSONSerialization.data(withJSONObject: json))
    }

    @Test func matchingConfigurationHasNoDifferences() throws {
        let current = try configuration(memory: 1024, timeout: 60, environment: ["DETECT_TABLE": "p1-detections"], role: names.roleArn)
        #expect(DetectFunctionSpec().configurationDifferences(from: current, names: names, roleArn: names.roleArn).isEmpty)
    }

    @Test func everyChangedSettingIsNamed() throws {
        let current = try configuration(memory: 512, timeout: 30, environment: ["DETECT_TABLE": "old", "STALE": "1"],
                                        role: "arn:aws:iam::123456789012:role/other")
        let spec = DetectFunctionSpec(extraEnvironment: ["NEW": "1"])
        let differences = spec.configurationDifferences(from: current, names: names, roleArn: names.roleArn)
        #expect(differences == [
            "role arn:aws:iam::123456789012:role/other -> arn:aws:iam::123456789012:role/p1-detect-role",
            "memory 512 -> 1024 MB",
            "timeout 30 -> 60 s",
            "environment: DETECT_TABLE changed, NEW added, STALE removed",
        ])
    }
}
