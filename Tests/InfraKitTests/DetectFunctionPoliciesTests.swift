import Foundation
import InfraKit
import Testing

/// The role's policy documents against the documents written out by hand from the brief and AWS's policy grammar.
@Suite struct DetectFunctionPoliciesTests {
    let names = try! PipelineNames(prefix: "yolo-offload", accountId: "123456789012", region: "us-east-1")

    /// Parses JSON into Foundation objects, so the comparison is about content, not key order or spacing.
    func object(_ json: String) throws -> NSDictionary {
        try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
    }

    @Test func permissionsPolicyGrantsExactlyWhatTheFunctionDoes() throws {
        let expected = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "ReadUploads", "Effect": "Allow", "Action": "s3:GetObject",
               "Resource": "arn:aws:s3:::yolo-offload-images-123456789012-us-east-1/images/*"},
              {"Sid": "ListUploads", "Effect": "Allow", "Action": "s3:ListBucket",
               "Resource": "arn:aws:s3:::yolo-offload-images-123456789012-us-east-1",
               "Condition": {"StringLike": {"s3:prefix": "images/*"}}},
              {"Sid": "WriteDetections", "Effect": "Allow", "Action": "dynamodb:PutItem",
               "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/yolo-offload-detections"},
              {"Sid": "WriteLogs", "Effect": "Allow",
               "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
               "Resource": ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/yolo-offload-detect",
                            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/yolo-offload-detect:*"]}
            ]}
            """
        let written = DetectFunctionPolicies.permissionsPolicy(for: names).json()
        #expect(try object(written) == object(expected))
        // Nothing broader than the named resources.
        #expect(!written.contains("\"*\""))
        #expect(!written.contains("s3:*") && !written.contains("dynamodb:*") && !written.contains("logs:*\""))
    }

    @Test func trustPolicyLetsOnlyLambdaAssumeTheRole() throws {
        let expected = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
            """
        #expect(try object(DetectFunctionPolicies.trustPolicy().json()) == object(expected))
    }

    @Test func documentReadBackInIAMsOtherFormsComparesEqual() throws {
        // IAM may return a single statement as an object, lists in any order, and its own spacing.
        let readBack = """
            {"Statement":[{"Resource":["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/yolo-offload-detect:*",
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/yolo-offload-detect"],
            "Action":["logs:PutLogEvents","logs:CreateLogStream","logs:CreateLogGroup"],"Effect":"Allow","Sid":"WriteLogs"},
            {"Action":["s3:GetObject"],"Resource":"arn:aws:s3:::yolo-offload-images-123456789012-us-east-1/images/*","Effect":"Allow","Sid":"ReadUploads"},
            {"Condition":{"StringLike":{"s3:prefix":["images/*"]}},"Action":"s3:ListBucket","Effect":"Allow","Sid":"ListUploads",
            "Resource":["arn:aws:s3:::yolo-offload-images-123456789012-us-east-1"]},
            {"Action":"dynamodb:PutItem","Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/yolo-offload-detections"],"Effect":"Allow","Sid":"WriteDetections"}],
            "Version":"2012-10-17"}
            """
        var parsed = try IAMPolicyDocument.parse(readBack)
        parsed.statements.sort { ($0.sid ?? "") < ($1.sid ?? "") }
        var wanted = DetectFunctionPolicies.permissionsPolicy(for: names)
        wanted.statements.sort { ($0.sid ?? "") < ($1.sid ?? "") }
        #expect(parsed == wanted)

        let single = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}}"#
        #expect(try IAMPolicyDocument.parse(single) == DetectFunctionPolicies.trustPolicy())
    }

    @Test func aBroaderDocumentDoesNotCompareEqual() throws {
        var broader = DetectFunctionPolicies.permissionsPolicy(for: names)
        broader.statements[0].resources = ["arn:aws:s3:::yolo-offload-images-123456789012-us-east-1/*"]
        #expect(broader != DetectFunctionPolicies.permissionsPolicy(for: names))
        var anyPrefix = DetectFunctionPolicies.permissionsPolicy(for: names)
        anyPrefix.statements[1].conditions = [:]
        #expect(anyPrefix != DetectFunctionPolicies.permissionsPolicy(for: names))
    }
}
