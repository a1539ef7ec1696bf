import DetectionContract

/// What the person or role running `infractl` needs: every AWS call each command makes, the IAM action that
/// authorises it and the resource it acts on. The one source of truth for `infractl policy` (the policy document)
/// and the README's permission list (`infractl policy --markdown`); a test keeps the README equal to it, and a test
/// runs `up`, `status` and `down` on MiniStack as a user holding nothing but this policy.
/// Spec: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
public enum CallerPermissions {
    /// An `infractl` command.
    public enum Command: String, Sendable, CaseIterable, Comparable {
        case up, status, down

        public static func < (lhs: Command, rhs: Command) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// When a call is made beyond the command itself.
    public enum Condition: String, Sendable {
        /// Always.
        case always = ""
        /// Only with `up --build`.
        case build = "with --build"
        /// Only when `infractl` manages the role (no `--role-arn`).
        case ownRole = "without --role-arn"
    }

    /// What a call acts on, as a pipeline resource or every resource (`*`, for calls IAM authorises on no
    /// narrower resource).
    public enum Resource: String, Sendable, CaseIterable {
        case everything, bucket, bucketObjects, repository, table, logGroup, role, function

        /// The ARNs for `names` (the role given with `--role-arn` instead of ours, when there is one).
        /// Spec: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html
        ///   (a log group's ARN ends in `:*` for every action but tagging)
        func arns(_ names: PipelineNames, roleArn: String?) -> [String] {
            switch self {
            case .everything: ["*"]
            case .bucket: [names.bucketArn]
            case .bucketObjects: [names.bucketArn + "/*"]
            case .repository: [names.repositoryArn]
            case .table: [names.tableArn]
            case .logGroup: [names.logGroupArn, names.logGroupArn + ":*"]
            case .role: [roleArn ?? names.roleArn]
            case .function: [names.functionArn]
            }
        }

        /// The statement id in the policy document.
        var sid: String {
            switch self {
            case .everything: "AccountWide"
            case .bucket: "Bucket"
            case .bucketObjects: "BucketObjects"
            case .repository: "Repository"
            case .table: "Table"
            case .logGroup: "LogGroup"
            case .role: "Role"
            case .function: "Function"
            }
        }
    }

    /// One call: made by `commands` (when `condition` holds), authorised by `action` on `resource`.
    public struct Call: Sendable, Equatable {
        public var commands: [Command]
        /// The service and API operation, as AWS names them (`S3 HeadBucket`).
        public var operation: String
        public var action: String
        public var resource: Resource
        public var condition: Condition
    }

    private static func call(_ commands: [Command], _ operation: String, _ action: String, _ resource: Resource,
                             _ condition: Condition = .always) -> Call {
        Call(commands: commands, operation: operation, action: action, resource: resource, condition: condition)
    }

    /// Every call, in the order `up` makes them (then what only `status` and `down` add).
    public static let calls: [Call] = [
        call([.up, .status, .down], "STS GetCallerIdentity", "sts:GetCallerIdentity", .everything),
        call([.up, .status], "Lambda GetFunction", "lambda:GetFunction", .function),
        call([.up, .status], "IAM GetRole", "iam:GetRole", .role),
        call([.up], "ECR BatchGetImage (the image check, and Lambda's pull at CreateFunction/UpdateFunctionCode)",
             "ecr:BatchGetImage", .repository),
        call([.up], "ECR GetDownloadUrlForLayer (the image config, and Lambda's pull)", "ecr:GetDownloadUrlForLayer", .repository),
        call([.up, .status, .down], "S3 HeadBucket", "s3:ListBucket", .bucket),
        call([.up], "S3 CreateBucket", "s3:CreateBucket", .bucket),
        call([.up, .status], "ECR DescribeRepositories", "ecr:DescribeRepositories", .repository),
        call([.up], "ECR CreateRepository", "ecr:CreateRepository", .repository),
        call([.up, .status, .down], "DynamoDB DescribeTable", "dynamodb:DescribeTable", .table),
        call([.up], "DynamoDB CreateTable", "dynamodb:CreateTable", .table),
        // DescribeLogGroups is authorised on `*` only: it lists, whatever prefix it is given.
        call([.up, .status], "CloudWatch Logs DescribeLogGroups", "logs:DescribeLogGroups", .everything),
        call([.up], "CloudWatch Logs CreateLogGroup", "logs:CreateLogGroup", .logGroup),
        call([.up], "CloudWatch Logs PutRetentionPolicy", "logs:PutRetentionPolicy", .logGroup),
        call([.up], "IAM CreateRole", "iam:CreateRole", .role, .ownRole),
        call([.up, .status], "IAM GetRolePolicy", "iam:GetRolePolicy", .role, .ownRole),
        call([.up], "IAM PutRolePolicy", "iam:PutRolePolicy", .role, .ownRole),
        call([.up], "ECR GetAuthorizationToken", "ecr:GetAuthorizationToken", .everything, .build),
        call([.up], "ECR BatchCheckLayerAvailability (docker push)", "ecr:BatchCheckLayerAvailability", .repository, .build),
        call([.up], "ECR InitiateLayerUpload (docker push)", "ecr:InitiateLayerUpload", .repository, .build),
        call([.up], "ECR UploadLayerPart (docker push)", "ecr:UploadLayerPart", .repository, .build),
        call([.up], "ECR CompleteLayerUpload (docker push)", "ecr:CompleteLayerUpload", .repository, .build),
        call([.up], "ECR PutImage (docker push)", "ecr:PutImage", .repository, .build),
        call([.up], "ECR DescribeImages (the pushed digest)", "ecr:DescribeImages", .repository, .build),
        call([.up], "Lambda CreateFunction, UpdateFunctionConfiguration (the role handed to Lambda)", "iam:PassRole", .role),
        call([.up], "Lambda CreateFunction", "lambda:CreateFunction", .function),
        call([.up], "Lambda UpdateFunctionCode", "lambda:UpdateFunctionCode", .function),
        call([.up], "Lambda UpdateFunctionConfiguration", "lambda:UpdateFunctionConfiguration", .function),
        call([.up, .status], "Lambda GetPolicy", "lambda:GetPolicy", .function),
        call([.up], "Lambda AddPermission", "lambda:AddPermission", .function),
        call([.up, .down], "Lambda RemovePermission", "lambda:RemovePermission", .function),
        call([.up, .status, .down], "S3 GetBucketNotificationConfiguration", "s3:GetBucketNotification", .bucket),
        call([.up, .down], "S3 PutBucketNotificationConfiguration", "s3:PutBucketNotification", .bucket),
        call([.status, .down], "S3 ListObjectsV2", "s3:ListBucket", .bucket),
        call([.status], "ECR DescribeImages (the image count)", "ecr:DescribeImages", .repository),
        call([.status], "DynamoDB Scan (the item count)", "dynamodb:Scan", .table),
        call([.down], "Lambda DeleteFunction", "lambda:DeleteFunction", .function),
        call([.down], "IAM DeleteRolePolicy", "iam:DeleteRolePolicy", .role, .ownRole),
        call([.down], "IAM DeleteRole", "iam:DeleteRole", .role, .ownRole),
        call([.down], "CloudWatch Logs DeleteLogGroup", "logs:DeleteLogGroup", .logGroup),
        call([.down], "DynamoDB DeleteTable", "dynamodb:DeleteTable", .table),
        call([.down], "ECR DeleteRepository", "ecr:DeleteRepository", .repository),
        call([.down], "S3 DeleteObjects", "s3:DeleteObject", .bucketObjects),
        call([.down], "S3 DeleteBucket", "s3:DeleteBucket", .bucket),
    ]

    /// The calls `commands` make with these options.
    public static func calls(for commands: Set<Command> = Set(Command.allCases), build: Bool, ownRole: Bool) -> [Call] {
        calls.filter { call in
            !commands.isDisjoint(with: call.commands)
                && (call.condition != .build || build) && (call.condition != .ownRole || ownRole)
        }
    }

    /// The identity policy allowing exactly those calls on `names`' resources: one statement per resource, its
    /// actions sorted. `roleArn` is the role given with `--role-arn` (then none of the role-managing calls).
    public static func policy(for names: PipelineNames, commands: Set<Command> = Set(Command.allCases), build: Bool,
                              roleArn: String?) -> IAMPolicyDocument {
        let needed = calls(for: commands, build: build, ownRole: roleArn == nil)
        let statements = Resource.allCases.compactMap { resource -> IAMPolicyDocument.Statement? in
            let actions = Set(needed.filter { $0.resource == resource }.map(\.action)).sorted()
            guard !actions.isEmpty else { return nil }
            return .init(sid: resource.sid, actions: actions, resources: resource.arns(names, roleArn: roleArn))
        }
        return IAMPolicyDocument(statements: statements)
    }

    /// The names the README's list shows: `<prefix>`, `<account>`, `<region>` in place of the real ones.
    static let placeholderNames = PipelineNames(unchecked: "<prefix>", accountId: "<account>", region: "<region>")

    /// The README's permission list: one Markdown table row per call (action, resource, who makes it), with the
    /// names as placeholders.
    public static func markdownTable() -> String {
        var lines = ["| IAM action | resource | needed by (the call) |", "|---|---|---|"]
        for call in calls {
            let resources = call.resource.arns(placeholderNames, roleArn: nil).map { "`\($0)`" }.joined(separator: ", ")
            let who = call.commands.map(\.rawValue).joined(separator: ", ")
                + (call.condition == .always ? "" : " (\(call.condition.rawValue))")
            lines.append("| `\(call.action)` | \(resources) | \(who): \(call.operation) |")
        }
        return lines.joined(separator: "\n")
    }
}
