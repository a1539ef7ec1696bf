/// An AWS service as addressing and signing need it: the SigV4 signing name, the endpoint host prefix, the
/// suffix of its `AWS_ENDPOINT_URL_<SERVICE>` override, and whether it has one global endpoint.
/// Spec: https://docs.aws.amazon.com/general/latest/gr/rande.html
public struct AWSService: Sendable, Hashable {
    public var signingName: String
    public var endpointPrefix: String
    /// `S3` in `AWS_ENDPOINT_URL_S3`: the service id upper-cased, spaces as `_`.
    public var environmentSuffix: String
    /// One endpoint for the whole partition (IAM), signed for the partition's home region.
    public var isGlobal: Bool

    public init(signingName: String, endpointPrefix: String, environmentSuffix: String, isGlobal: Bool = false) {
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.environmentSuffix = environmentSuffix
        self.isGlobal = isGlobal
    }

    public static let s3 = AWSService(signingName: "s3", endpointPrefix: "s3", environmentSuffix: "S3")
    public static let dynamoDB = AWSService(signingName: "dynamodb", endpointPrefix: "dynamodb", environmentSuffix: "DYNAMODB")
    public static let ecr = AWSService(signingName: "ecr", endpointPrefix: "api.ecr", environmentSuffix: "ECR")
    public static let lambda = AWSService(signingName: "lambda", endpointPrefix: "lambda", environmentSuffix: "LAMBDA")
    public static let iam = AWSService(signingName: "iam", endpointPrefix: "iam", environmentSuffix: "IAM", isGlobal: true)
    public static let sts = AWSService(signingName: "sts", endpointPrefix: "sts", environmentSuffix: "STS")
    /// CloudWatch Logs: `logs.<region>.amazonaws.com`, overridden by `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`.
    public static let logs = AWSService(signingName: "logs", endpointPrefix: "logs", environmentSuffix: "CLOUDWATCH_LOGS")
}
