import DetectionContract
import Testing

/// The naming contract other engineers (detect-client, the function) rely on, spelled out literally.
@Suite struct PipelineNamesTests {
    @Test func defaultPrefixNamesEveryResource() throws {
        let names = try PipelineNames(accountId: "123456789012", region: "us-east-1")
        #expect(names.prefix == "yolo-offload")
        #expect(names.bucket == "yolo-offload-images-123456789012-us-east-1")
        #expect(names.table == "yolo-offload-detections")
        #expect(names.repository == "yolo-offload/detect-server")
        #expect(names.role == "yolo-offload-detect-role")
        #expect(names.rolePolicy == "yolo-offload-detect-policy")
        #expect(names.function == "yolo-offload-detect")
        #expect(names.permissionStatementId == "yolo-offload-s3-invoke")
        #expect(names.notificationId == "yolo-offload-detect")
        #expect(names.logGroup == "/aws/lambda/yolo-offload-detect")
        #expect(names.uploadKey(id: "run1-0007", fileName: "dog.jpg") == "images/run1-0007/dog.jpg")
        #expect(UploadKey.prefix == "images/")
        #expect(DetectionItem.partitionKey == "id")
        #expect(FunctionEnvironment.table == "DETECT_TABLE")
    }

    @Test func arnsFollowTheAWSFormats() throws {
        let names = try PipelineNames(prefix: "demo", accountId: "111122223333", region: "eu-west-1")
        #expect(names.bucketArn == "arn:aws:s3:::demo-images-111122223333-eu-west-1")
        #expect(names.uploadsArn == "arn:aws:s3:::demo-images-111122223333-eu-west-1/images/*")
        #expect(names.tableArn == "arn:aws:dynamodb:eu-west-1:111122223333:table/demo-detections")
        #expect(names.functionArn == "arn:aws:lambda:eu-west-1:111122223333:function:demo-detect")
        #expect(names.roleArn == "arn:aws:iam::111122223333:role/demo-detect-role")
        #expect(names.logGroupArn == "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/demo-detect")
    }

    @Test(arguments: [("us-east-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")])
    func partitionComesFromTheRegion(region: String, partition: String) throws {
        let names = try PipelineNames(prefix: "p1", accountId: "123456789012", region: region)
        #expect(names.partition == partition)
        #expect(names.tableArn.hasPrefix("arn:\(partition):dynamodb:\(region):"))
    }

    @Test(arguments: ["", "Upper", "has_underscore", "dot.ted", "-lead", "trail-", "dou--ble", "spa ce"])
    func prefixesThatMakeInvalidBucketNamesAreRefused(prefix: String) {
        #expect(throws: PipelineNamesError.self) {
            try PipelineNames(prefix: prefix, accountId: "123456789012", region: "us-east-1")
        }
    }

    @Test func bucketNameLimitOf63CharactersBoundsThePrefix() throws {
        // "-images-123456789012-us-east-1" is 30 characters, so 33 is the longest prefix that fits.
        let longest = String(repeating: "a", count: 33)
        #expect(try PipelineNames(prefix: longest, accountId: "123456789012", region: "us-east-1").bucket.count == 63)
        let error = #expect(throws: PipelineNamesError.self) {
            try PipelineNames(prefix: longest + "a", accountId: "123456789012", region: "us-east-1")
        }
        #expect(error?.description.contains("63") == true)
    }

    @Test func accountIdMustBeTwelveDigits() {
        #expect(throws: PipelineNamesError.self) { try PipelineNames(accountId: "12345", region: "us-east-1") }
        #expect(throws: PipelineNamesError.self) { try PipelineNames(accountId: "12345678901x", region: "us-east-1") }
    }
}
