@testable import AWSKitLite
import Testing

/// Error responses as the AWS API references print them, decoded into one `AWSError` shape.
@Suite struct AWSErrorDecodingTests {
    private func response(_ status: Int, _ body: String, _ headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    /// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
    @Test func s3RestXMLError() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error>
              <Code>NoSuchKey</Code>
              <Message>The resource you requested does not exist</Message>
              <Resource>/mybucket/myfoto.jpg</Resource>
              <RequestId>4442587FB7D0A2F9</RequestId>
            </Error>
            """
        let error = AWSError.decode(response(404, body), service: "s3", operation: "GetObject", wireProtocol: .restXML)
        #expect(error == AWSError(service: "s3", operation: "GetObject", statusCode: 404, code: "NoSuchKey",
                                  message: "The resource you requested does not exist", requestId: "4442587FB7D0A2F9"))
    }

    @Test func s3HeadMissHasNoBody() {
        let error = AWSError.decode(response(404, "", [(name: "x-amz-request-id", value: "R1")]),
                                    service: "s3", operation: "HeadObject", wireProtocol: .restXML)
        #expect(error.code == "NotFound" && error.requestId == "R1" && error.message.isEmpty)
        #expect(AWSError.decode(response(403, ""), service: "s3", operation: "HeadBucket", wireProtocol: .restXML).code == "Forbidden")
    }

    /// https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html (Query protocol).
    @Test func queryXMLError() {
        let body = """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name x cannot be found.</Message></Error>
              <RequestId>b2e1a8f0-0000-0000-0000-000000000000</RequestId>
            </ErrorResponse>
            """
        let error = AWSError.decode(response(404, body), service: "iam", operation: "GetRole", wireProtocol: .query)
        #expect(error.code == "NoSuchEntity" && error.message == "The role with name x cannot be found.")
        #expect(error.requestId == "b2e1a8f0-0000-0000-0000-000000000000")
    }

    /// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
    @Test func jsonTypeWithNamespace() {
        let body = #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found: Table: tablename not found"}"#
        let error = AWSError.decode(response(400, body, [(name: "x-amzn-RequestId", value: "LDM6CJP8RMQ1FHKSC1RBVJFPNVV4KQNSO5AEMF66Q9ASUAAJG")]),
                                    service: "dynamodb", operation: "DescribeTable", wireProtocol: .json)
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.message == "Requested resource not found: Table: tablename not found")
        #expect(error.requestId == "LDM6CJP8RMQ1FHKSC1RBVJFPNVV4KQNSO5AEMF66Q9ASUAAJG")
    }

    /// https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization
    @Test func restJSONErrorTypeHeaderWinsAndLosesItsSuffix() {
        let body = #"{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:f"}"#
        let error = AWSError.decode(
            response(404, body, [(name: "X-Amzn-ErrorType", value: "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral.service/")]),
            service: "lambda", operation: "GetFunction", wireProtocol: .restJSON)
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.message.hasPrefix("Function not found"))
    }

    @Test func retryAfterIsRead() {
        let error = AWSError.decode(response(503, "", [(name: "Retry-After", value: "3")]), service: "s3", operation: "PutObject", wireProtocol: .restXML)
        #expect(error.retryAfterSeconds == 3 && error.code == "503")
    }

    @Test func unparseableBodyStillGivesAStatusCode() {
        let error = AWSError.decode(response(502, "<html>Bad Gateway</html"), service: "ecr", operation: "CreateRepository", wireProtocol: .json)
        #expect(error.code == "502" && error.statusCode == 502)
        #expect(error.description == "ecr CreateRepository failed: HTTP 502 502")
    }
}
