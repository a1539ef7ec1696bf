import AWSKitLite

/// The function's configuration as Lambda reported it when a cloud run started: name, memory size and
/// architecture, which set its price per GB-second.
public struct FunctionSettings: Codable, Sendable, Equatable {
    public var name: String
    public var memoryMB: Int
    /// `x86_64` or `arm64`.
    public var architecture: String

    enum CodingKeys: String, CodingKey {
        case name, memoryMB = "memory_mb", architecture
    }

    public init(name: String, memoryMB: Int, architecture: String) {
        self.name = name
        self.memoryMB = memoryMB
        self.architecture = architecture
    }

    /// Lambda's defaults for a function that does not say: 128 MB, x86_64.
    /// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
    public init(_ configuration: LambdaFunctionConfiguration) {
        self.init(name: configuration.functionName, memoryMB: configuration.memorySize ?? 128,
                  architecture: configuration.architectures?.first ?? "x86_64")
    }
}
