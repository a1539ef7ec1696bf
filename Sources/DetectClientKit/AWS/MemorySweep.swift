import AWSKitLite
import Foundation

/// The same images through the pipeline once per Lambda memory size, as AWS Lambda Power Tuning does: before each
/// pass the function's memory is updated (UpdateFunctionConfiguration) and waited for until its update has
/// succeeded, so every event of the pass runs in an environment of that size; afterwards the memory it had is
/// restored.
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html
public struct MemorySweep: Sendable {
    let runner: AWSRunner
    let lambda: LambdaClient
    /// How long one update may take to finish.
    var updateTimeout: Duration = .seconds(180)

    public init(runner: AWSRunner, lambda: LambdaClient) {
        self.runner = runner
        self.lambda = lambda
    }

    /// Runs `images` once per size in `sizes` (in order) and restores the function's memory.
    /// - Throws: `MemorySweepError` when an update is refused or does not finish; `AWSError` from GetFunction.
    public func run(images: [ImageFile], sizes: [Int]) async throws -> MemorySweepResults {
        let function = runner.options.names.function
        let original = try await lambda.getFunction(name: function).configuration.memorySize
        var passes: [MemorySweepResults.Pass] = []
        var transfers: [TransferTimeResults] = []
        do {
            for size in sizes {
                try await setMemory(size, of: function)
                runner.progress.note("memory \(size) MB: \(images.count) images")
                let (results, transfer) = await runner.run(images: images)
                passes.append(.init(memoryMB: size, results: results))
                transfers.append(transfer)
            }
        } catch {
            if let original { try? await setMemory(original, of: function) }
            throw error
        }
        if let original, sizes.last != original { try await setMemory(original, of: function) }
        return MemorySweepResults(originalMemoryMB: original, passes: passes, transfers: transfers)
    }

    private func setMemory(_ size: Int, of function: String) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + updateTimeout
        var interval = Duration.milliseconds(250)
        var updated = false
        while true {
            if !updated {
                do {
                    _ = try await lambda.updateFunctionConfiguration(name: function, settings: LambdaFunctionSettings(memorySize: size))
                    updated = true
                } catch let error as AWSError where error.code == "ResourceConflictException" {
                    // Another update is still in progress: wait for it, then ask again.
                }
            }
            if updated {
                let configuration = try await lambda.getFunction(name: function).configuration
                if configuration.lastUpdateStatus == "Failed" || configuration.state == "Failed" {
                    throw MemorySweepError(function: function, memoryMB: size, reason: "the update failed: \(configuration.lastUpdateStatusReason ?? configuration.stateReason ?? "no reason given")")
                }
                if (configuration.lastUpdateStatus ?? "Successful") == "Successful", configuration.memorySize == size { return }
            }
            guard clock.now < deadline else {
                throw MemorySweepError(function: function, memoryMB: size, reason: "not finished after \(Int(updateTimeout.seconds)) s")
            }
            try await Task.sleep(for: interval)
            interval = min(interval * 2, .seconds(2))
        }
    }
}

/// One pass per memory size, in the order run: `detections_aws_memory_sizes.json`,
/// `{"kind": "aws-memory-sizes", "original_memory_mb", "passes": [{"memory_mb", "results": {...}}]}`.
public struct MemorySweepResults: Codable, Sendable, Equatable {
    public struct Pass: Codable, Sendable, Equatable {
        public var memoryMB: Int
        public var results: AWSRunResults

        enum CodingKeys: String, CodingKey {
            case memoryMB = "memory_mb", results
        }

        public init(memoryMB: Int, results: AWSRunResults) {
            self.memoryMB = memoryMB
            self.results = results
        }
    }

    public static let fileName = "detections_aws_memory_sizes.json"

    public var kind: String
    public var originalMemoryMB: Int?
    public var passes: [Pass]
    /// Each pass's uploads (not written to the file).
    public var transfers: [TransferTimeResults]

    enum CodingKeys: String, CodingKey {
        case kind, originalMemoryMB = "original_memory_mb", passes
    }

    public init(originalMemoryMB: Int?, passes: [Pass], transfers: [TransferTimeResults] = []) {
        kind = "aws-memory-sizes"
        self.originalMemoryMB = originalMemoryMB
        self.passes = passes
        self.transfers = transfers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        originalMemoryMB = try container.decodeIfPresent(Int.self, forKey: .originalMemoryMB)
        passes = try container.decode([Pass].self, forKey: .passes)
        transfers = []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(originalMemoryMB, forKey: .originalMemoryMB)
        try container.encode(passes, forKey: .passes)
    }

    /// The pass the main comparison uses: the one at the function's own memory size, else the last.
    public var mainPass: Int? {
        passes.lastIndex { $0.memoryMB == originalMemoryMB } ?? (passes.isEmpty ? nil : passes.count - 1)
    }
}

/// A memory update that was refused or did not finish.
public struct MemorySweepError: Error, Sendable, Equatable, CustomStringConvertible {
    public var function: String
    public var memoryMB: Int
    public var reason: String

    public var description: String { "function \(function): memory \(memoryMB) MB: \(reason)" }
}
