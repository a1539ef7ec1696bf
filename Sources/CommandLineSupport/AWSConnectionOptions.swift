import ArgumentParser

/// `--region`, `--endpoint-url`, `--profile`: where AWS requests go and as whom, for every command that calls AWS.
/// Unset options fall back as the AWS SDKs do (`AWSConfiguration.resolve`).
public struct AWSConnectionOptions: ParsableArguments {
    @Option(help: "AWS region. (default: $AWS_REGION, $AWS_DEFAULT_REGION, then the profile's region)")
    public var region: String?

    @Option(name: .customLong("endpoint-url"), help: "Send every AWS request to this URL (an emulator such as MiniStack or moto). (default: $AWS_ENDPOINT_URL or AWS)")
    public var endpointURL: String?

    @Option(help: "Named profile from ~/.aws/config and ~/.aws/credentials; skips the AWS_* credential variables. (default: $AWS_PROFILE, then default)")
    public var profile: String?

    public init() {}
}
