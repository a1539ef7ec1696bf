import DetectionContract

/// The two policy documents of the detect function's role: who may assume it (Lambda) and what it may do
/// (least privilege: read and list uploads, write detections, write its own logs; nothing else).
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
public enum DetectFunctionPolicies {
    /// The trust policy: `lambda.amazonaws.com` may `sts:AssumeRole`.
    public static func trustPolicy() -> IAMPolicyDocument {
        IAMPolicyDocument(statements: [
            .init(principalService: "lambda.amazonaws.com", actions: ["sts:AssumeRole"]),
        ])
    }

    /// The inline permissions policy for `names`: `s3:GetObject` on `arn:aws:s3:::<bucket>/images/*`;
    /// `s3:ListBucket` on the bucket, only for listings under `images/` (`s3:prefix` like `images/*`), so that
    /// GetObject of a missing upload answers 404 NoSuchKey rather than 403 AccessDenied; `dynamodb:PutItem` on the
    /// table's ARN; and `logs:CreateLogGroup`, `logs:CreateLogStream`, `logs:PutLogEvents` on the function's log
    /// group (the group's ARN and its streams, `<group>:*`).
    /// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (404 needs s3:ListBucket),
    /// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html (s3:prefix),
    /// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
    public static func permissionsPolicy(for names: PipelineNames) -> IAMPolicyDocument {
        IAMPolicyDocument(statements: [
            .init(sid: "ReadUploads", actions: ["s3:GetObject"], resources: [names.uploadsArn]),
            .init(sid: "ListUploads", actions: ["s3:ListBucket"], resources: [names.bucketArn],
                  conditions: ["StringLike": ["s3:prefix": [UploadKey.prefix + "*"]]]),
            .init(sid: "WriteDetections", actions: ["dynamodb:PutItem"], resources: [names.tableArn]),
            .init(sid: "WriteLogs",
                  actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                  resources: [names.logGroupArn, names.logGroupArn + ":*"]),
        ])
    }
}
