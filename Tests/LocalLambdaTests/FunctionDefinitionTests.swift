import AWSKitLite
import Foundation
import Testing
@testable import LocalLambda

/// The environment an execution environment's runtime gets, against Lambda's documented runtime variables
/// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
@Suite("Function definition")
struct FunctionDefinitionTests {
    static let definition = FunctionDefinition(
        name: "yolo-offload-detect", arn: "arn:aws:lambda:us-east-1:123456789012:function:yolo-offload-detect",
        role: "arn:aws:iam::123456789012:role/yolo-offload-detect-role", memoryMB: 1024, timeoutSeconds: 60,
        variables: ["DETECT_TABLE": "yolo-offload-detections", "YOLO_MODEL_DIR": "/from/function"], revision: "r1")

    @Test("the runtime gets the function's variables over the image's, and Lambda's own variables over both")
    func runtimeEnvironment() {
        let credentials = AWSCredentials(accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token")
        let environment = Self.definition.runtimeEnvironment(
            imageEnvironment: ["YOLO_MODEL_DIR": "/from/image", "AWS_REGION": "eu-west-1", "EXTRA": "1"],
            credentials: credentials, region: "us-east-1", logStream: "2026/12/01/[$LATEST]abc", endpointURL: "http://127.0.0.1:4566")
        #expect(environment["DETECT_TABLE"] == "yolo-offload-detections")
        #expect(environment["YOLO_MODEL_DIR"] == "/from/function")
        #expect(environment["EXTRA"] == "1")
        #expect(environment["AWS_REGION"] == "us-east-1")
        #expect(environment["AWS_DEFAULT_REGION"] == "us-east-1")
        #expect(environment["AWS_LAMBDA_FUNCTION_NAME"] == "yolo-offload-detect")
        #expect(environment["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST")
        #expect(environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "1024")
        #expect(environment["AWS_LAMBDA_FUNCTION_TIMEOUT"] == "60")
        #expect(environment["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/yolo-offload-detect")
        #expect(environment["AWS_LAMBDA_LOG_STREAM_NAME"] == "2026/12/01/[$LATEST]abc")
        #expect(environment["AWS_ACCESS_KEY_ID"] == "ASIAEXAMPLE")
        #expect(environment["AWS_SECRET_ACCESS_KEY"] == "secret")
        #expect(environment["AWS_SESSION_TOKEN"] == "token")
        #expect(environment["AWS_ENDPOINT_URL"] == "http://127.0.0.1:4566")
        #expect(environment["TZ"] == ":UTC")
    }

    @Test("without an endpoint the runtime talks to AWS, and without a session token none is set")
    func awsDefaults() {
        let environment = Self.definition.runtimeEnvironment(
            imageEnvironment: [:], credentials: AWSCredentials(accessKeyId: "AKIA", secretAccessKey: "s"),
            region: "eu-west-1", logStream: "s", endpointURL: nil)
        #expect(environment["AWS_ENDPOINT_URL"] == nil)
        #expect(environment["AWS_SESSION_TOKEN"] == nil)
        #expect(environment["PATH"] != nil)
    }

    @Test("log streams are named as Lambda names them")
    func streamName() {
        let name = LogShipper.streamName(date: Date(timeIntervalSince1970: 1_795_813_597))
        #expect(name.wholeMatch(of: /2026\/11\/27\/\[\$LATEST\][0-9a-f]{32}/) != nil, "\(name)")
        #expect(LogShipper.streamName() != LogShipper.streamName())
    }

    @Test("the served function is named by its name or its ARN")
    func functionNames() {
        #expect(LocalLambdaServer.serves("yolo-offload-detect", functionName: "yolo-offload-detect"))
        #expect(LocalLambdaServer.serves("arn:aws:lambda:us-east-1:123456789012:function:yolo-offload-detect", functionName: "yolo-offload-detect"))
        #expect(LocalLambdaServer.serves("arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Ayolo-offload-detect", functionName: "yolo-offload-detect"))
        #expect(!LocalLambdaServer.serves("other", functionName: "yolo-offload-detect"))
    }
}
