import AWSKitLite
import DetectionContract

/// One client per AWS service the pipeline uses, all built from one configuration (region, credentials, endpoint).
public struct PipelineClients: Sendable {
    public let configuration: AWSConfiguration
    public let s3: S3Client
    public let dynamoDB: DynamoDBClient
    public let ecr: ECRClient
    public let lambda: LambdaClient
    public let iam: IAMClient
    public let sts: STSClient
    public let logs: CloudWatchLogsClient

    /// Clients for every service at the endpoints `configuration` resolves.
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed endpoint override.
    public init(configuration: AWSConfiguration, httpClient: HTTPClient = .shared, retryPolicy: RetryPolicy = .standard) throws {
        self.configuration = configuration
        s3 = try S3Client(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
        dynamoDB = try DynamoDBClient(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
        ecr = try ECRClient(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
        lambda = try LambdaClient(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
        iam = try IAMClient(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
        sts = try STSClient(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
        logs = try CloudWatchLogsClient(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
    }

    /// The pipeline's names in the caller's account (STS GetCallerIdentity) and the configured region.
    /// - Throws: `AWSError` from STS, `PipelineNamesError` for a bad prefix.
    public func names(prefix: String) async throws -> PipelineNames {
        let identity = try await sts.getCallerIdentity()
        return try PipelineNames(prefix: prefix, accountId: identity.account, region: configuration.region)
    }
}
