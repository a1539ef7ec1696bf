/// Every name and ARN of one pipeline (S3 -> Lambda -> DynamoDB), derived from a prefix, the account and the
/// region alone, so no local state file can go stale. `infractl`, `detect-client` and the tests all use it.
///
/// Names: bucket `<prefix>-images-<account>-<region>` (bucket names are global on AWS), table `<prefix>-detections`
/// (key `id`, S), ECR repository `<prefix>/detect-server`, role `<prefix>-detect-role` with inline policy
/// `<prefix>-detect-policy`, function `<prefix>-detect`, permission statement `<prefix>-s3-invoke`, bucket
/// notification `<prefix>-detect`. Uploads go to `images/<id>/<file name>` (`UploadKey`); the function writes the
/// item keyed `<id>` (`DetectionItem`).
public struct PipelineNames: Sendable, Equatable {
    /// The prefix used when none is given.
    public static let defaultPrefix = "yolo-offload"

    public let prefix: String
    /// 12 digits (STS GetCallerIdentity's Account).
    public let accountId: String
    public let region: String

    /// Names for `prefix` in `accountId` and `region`.
    /// - Throws: `PipelineNamesError` when the prefix would make an invalid bucket, role or function name.
    public init(prefix: String = PipelineNames.defaultPrefix, accountId: String, region: String) throws {
        try Self.validate(prefix: prefix, accountId: accountId, region: region)
        self.init(unchecked: prefix, accountId: accountId, region: region)
    }

    /// Names from parts that are not checked: placeholders such as `<account>` in a policy printed without
    /// credentials, or `<prefix>` in the README's permission list.
    package init(unchecked prefix: String, accountId: String, region: String) {
        self.prefix = prefix
        self.accountId = accountId
        self.region = region
    }

    // MARK: Names

    public var bucket: String { "\(prefix)-images-\(accountId)-\(region)" }
    public var table: String { "\(prefix)-detections" }
    public var repository: String { "\(prefix)/detect-server" }
    public var role: String { "\(prefix)-detect-role" }
    public var rolePolicy: String { "\(prefix)-detect-policy" }
    public var function: String { "\(prefix)-detect" }
    public var permissionStatementId: String { "\(prefix)-s3-invoke" }
    public var notificationId: String { "\(prefix)-detect" }
    /// The function's CloudWatch Logs group, as Lambda names it.
    public var logGroup: String { "/aws/lambda/\(function)" }

    /// The object key of an upload: `images/<id>/<file name>`.
    public func uploadKey(id: String, fileName: String) -> String {
        UploadKey.objectKey(id: id, fileName: fileName)
    }

    // MARK: ARNs (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html)

    /// `aws`, `aws-cn` or `aws-us-gov`, from the region.
    public var partition: String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    public var bucketArn: String { "arn:\(partition):s3:::\(bucket)" }
    /// The objects the function may read: everything under `images/`.
    public var uploadsArn: String { "\(bucketArn)/\(UploadKey.prefix)*" }
    public var tableArn: String { "arn:\(partition):dynamodb:\(region):\(accountId):table/\(table)" }
    public var functionArn: String { "arn:\(partition):lambda:\(region):\(accountId):function:\(function)" }
    public var roleArn: String { "arn:\(partition):iam::\(accountId):role/\(role)" }
    public var repositoryArn: String { "arn:\(partition):ecr:\(region):\(accountId):repository/\(repository)" }
    public var logGroupArn: String { "arn:\(partition):logs:\(region):\(accountId):log-group:\(logGroup)" }

    // MARK: Validation

    /// Bucket names: 3-63 characters of `a-z 0-9 -`, starting and ending with a letter or digit.
    /// Spec: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    package static func validate(prefix: String, accountId: String, region: String) throws {
        func fail(_ reason: String) -> PipelineNamesError { PipelineNamesError(prefix: prefix, reason: reason) }
        guard !prefix.isEmpty else { throw fail("it is empty") }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard prefix.allSatisfy({ allowed.contains($0) }) else {
            throw fail("use only lower-case letters, digits and '-' (it is part of an S3 bucket name)")
        }
        guard prefix.first != "-", prefix.last != "-", !prefix.contains("--") else {
            throw fail("it must start and end with a letter or digit, without '--'")
        }
        guard accountId.count == 12, accountId.allSatisfy(\.isASCII), accountId.allSatisfy(\.isNumber) else {
            throw fail("the account id '\(accountId)' is not 12 digits")
        }
        // Bucket: 63 characters at most; role and function names: 64.
        let longest = "\(prefix)-images-\(accountId)-\(region)".count
        guard longest <= 63 else {
            throw fail("the bucket name would be \(longest) characters; S3 allows 63 (keep the prefix to \(prefix.count - (longest - 63)) or fewer)")
        }
    }
}

/// A prefix that cannot make valid AWS resource names; `reason` says what to change.
public struct PipelineNamesError: Error, Sendable, Equatable, CustomStringConvertible {
    public var prefix: String
    public var reason: String

    public var description: String { "invalid prefix '\(prefix)': \(reason)" }
}
