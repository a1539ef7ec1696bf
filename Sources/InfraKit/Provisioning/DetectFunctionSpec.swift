import AWSKitLite
import DetectionContract

/// The detect function as `up` wants it: memory, timeout, architecture and environment (`DETECT_TABLE` plus
/// extras). `up` makes the function match it exactly: variables not listed here are removed.
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
public struct DetectFunctionSpec: Sendable, Equatable {
    /// MiB, within `LambdaFunctionSettings.validMemorySizes`.
    public var memoryMB: Int
    /// Seconds, within `LambdaFunctionSettings.validTimeouts`.
    public var timeoutSeconds: Int
    /// `x86_64` or `arm64`: the function's architecture and the platform `--build` builds for.
    public var architecture: String
    /// Extra environment variables (`--env KEY=VALUE`).
    public var extraEnvironment: [String: String]

    public init(memoryMB: Int = 1024, timeoutSeconds: Int = 60, architecture: String = "x86_64",
                extraEnvironment: [String: String] = [:]) {
        self.memoryMB = memoryMB
        self.timeoutSeconds = timeoutSeconds
        self.architecture = architecture
        self.extraEnvironment = extraEnvironment
    }

    /// Parses `--env` entries (`KEY=VALUE`; the value may contain `=` and be empty); a later key wins.
    /// - Throws: `InfraError.invalidEnvironment` for an entry without `=`, a key that is not `[A-Za-z][A-Za-z0-9_]*`,
    ///   `DETECT_TABLE` (set by `up`) or a key Lambda reserves (`AWS_*` except none, `LAMBDA_*`, `_HANDLER`, ...).
    ///   Spec: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
    public static func parseEnvironment(_ entries: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for entry in entries {
            guard let equals = entry.firstIndex(of: "=") else {
                throw InfraError.invalidEnvironment(entry: entry, reason: "expected KEY=VALUE")
            }
            let key = String(entry[..<equals])
            let value = String(entry[entry.index(after: equals)...])
            guard let first = key.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII,
                  key.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") })
            else {
                throw InfraError.invalidEnvironment(entry: entry, reason: "the key must be a letter followed by letters, digits or '_'")
            }
            if key == FunctionEnvironment.table {
                throw InfraError.invalidEnvironment(entry: entry, reason: "\(key) is set by infractl to the pipeline's table")
            }
            if reservedKeys.contains(key) || key.hasPrefix("AWS_LAMBDA_") || key.hasPrefix("LAMBDA_") {
                throw InfraError.invalidEnvironment(entry: entry, reason: "\(key) is reserved by Lambda")
            }
            result[key] = value
        }
        return result
    }

    /// The runtime's own variables, which Lambda refuses to let a function set.
    static let reservedKeys: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ]

    /// Checks the ranges Lambda accepts.
    /// - Throws: `InfraError.invalidSetting`.
    public func validate() throws {
        let memory = LambdaFunctionSettings.validMemorySizes, timeouts = LambdaFunctionSettings.validTimeouts
        guard memory.contains(memoryMB) else {
            throw InfraError.invalidSetting(
                name: "memory", value: "\(memoryMB) MB", allowed: "Lambda allows \(memory.lowerBound) to \(memory.upperBound) MB")
        }
        guard timeouts.contains(timeoutSeconds) else {
            throw InfraError.invalidSetting(
                name: "timeout", value: "\(timeoutSeconds) s",
                allowed: "Lambda allows \(timeouts.lowerBound) to \(timeouts.upperBound) s")
        }
        guard LambdaFunctionSettings.validArchitectures.contains(architecture) else {
            throw InfraError.invalidSetting(name: "architecture", value: architecture, allowed: "Lambda allows \(LambdaFunctionSettings.validArchitectures.joined(separator: " or "))")
        }
    }

    /// The function's full environment: the extras plus `DETECT_TABLE=<table>`.
    public func environment(for names: PipelineNames) -> [String: String] {
        extraEnvironment.merging([FunctionEnvironment.table: names.table]) { _, table in table }
    }

    /// The settings to create the function with, running as `roleArn`.
    func settings(for names: PipelineNames, roleArn: String) -> LambdaFunctionSettings {
        LambdaFunctionSettings(role: roleArn, timeout: timeoutSeconds, memorySize: memoryMB,
                               environment: environment(for: names), architectures: [architecture])
    }

    /// What differs between `current` and this spec among the settings UpdateFunctionConfiguration can change
    /// (role, memory, timeout, environment), in words; empty when nothing does.
    func configurationDifferences(from current: LambdaFunctionConfiguration, names: PipelineNames, roleArn: String) -> [String] {
        var differences: [String] = []
        if let role = current.role, role != roleArn { differences.append("role \(role) -> \(roleArn)") }
        if current.memorySize != memoryMB { differences.append("memory \(current.memorySize.map(String.init) ?? "?") -> \(memoryMB) MB") }
        if current.timeout != timeoutSeconds { differences.append("timeout \(current.timeout.map(String.init) ?? "?") -> \(timeoutSeconds) s") }
        let wanted = environment(for: names)
        let have = current.environment ?? [:]
        if have != wanted {
            let changes = Set(have.keys).union(wanted.keys).filter { have[$0] != wanted[$0] }.sorted().map { key in
                have[key] == nil ? "\(key) added" : wanted[key] == nil ? "\(key) removed" : "\(key) changed"
            }
            differences.append("environment: " + changes.joined(separator: ", "))
        }
        return differences
    }
}
