import AWSKitLite
import DetectLambda
import Foundation
import TestSupport
import Testing
import YoloCore

/// The function's settings come from its environment, with the defaults --help documents and one clear error per
/// missing or malformed variable.
@Suite("Configuration from the environment")
struct ConfigurationTests {
    static let minimal = ["DETECT_TABLE": "detections", "AWS_REGION": "eu-west-1", "HOME": "/home/lambda"]

    @Test("defaults: serve's thresholds, 50 MiB, no warm-up, the default model directory, the region given")
    func defaults() throws {
        let configuration = try DetectLambdaConfiguration(environment: Self.minimal)
        #expect(configuration.table == "detections")
        #expect(configuration.detection == YoloConfiguration())
        #expect(configuration.maxObjectBytes == 50 * 1024 * 1024)
        #expect(configuration.warmsUp == false)
        #expect(configuration.modelDirectory == "/home/lambda/.cache/yolo-offload/yolov3-tiny")
        #expect(configuration.aws.region == "eu-west-1")
        #expect(DetectLambdaConfiguration.modelName == "yolov3-tiny")
    }

    @Test("every variable is read: model directory, thresholds, size limit, warm-up, endpoint")
    func everything() throws {
        let configuration = try DetectLambdaConfiguration(environment: Self.minimal.merging([
            "YOLO_MODEL_DIR": "/opt/yolo-model", "DETECT_CONFIDENCE": "0.25", "DETECT_NMS": "0.45",
            "DETECT_MAX_OBJECT_MB": "1.5", "DETECT_WARM_UP": "1", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566",
        ]) { $1 })
        #expect(configuration.modelDirectory == "/opt/yolo-model")
        #expect(configuration.detection.confidenceThreshold == 0.25)
        #expect(configuration.detection.nmsThreshold == 0.45)
        #expect(configuration.maxObjectBytes == 1_572_864)
        #expect(configuration.warmsUp)
        let endpoint = try configuration.aws.endpoint(for: .dynamoDB)
        #expect(endpoint.signingRegion == "eu-west-1")
        #expect(endpoint.url.host == "127.0.0.1")
        #expect(endpoint.url.port == 4566)
    }

    @Test("the function gets the full credential chain, container credentials (fetched over HTTP) included")
    func containerCredentials() async throws {
        let server = try await CredentialsLoopbackServer.start { _ in
            (200, #"{"AccessKeyId":"ASIAFUNCTION","SecretAccessKey":"function-secret","Token":"function-token"}"#)
        }
        defer { server.stop() }
        let configuration = try DetectLambdaConfiguration(environment: Self.minimal.merging([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(server.port)/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "function-auth",
        ]) { $1 })
        let credentials = try await configuration.aws.credentials()
        #expect(credentials.accessKeyId == "ASIAFUNCTION" && credentials.sessionToken == "function-token")
        #expect(server.requests.first?.header("Authorization") == "function-auth")
    }

    @Test("a missing DETECT_TABLE, a malformed number, or no region is an error naming the variable")
    func errors() {
        let cases: [([String: String], String, String)] = [
            (["AWS_REGION": "us-east-1"], "DetectLambda.MissingEnvironment", "DETECT_TABLE"),
            (["DETECT_TABLE": ""], "DetectLambda.MissingEnvironment", "DETECT_TABLE"),
            (Self.minimal.merging(["DETECT_CONFIDENCE": "high"]) { $1 }, "DetectLambda.InvalidEnvironment", "DETECT_CONFIDENCE=\"high\""),
            (Self.minimal.merging(["DETECT_NMS": "1.5"]) { $1 }, "DetectLambda.InvalidEnvironment", "DETECT_NMS=\"1.5\""),
            (Self.minimal.merging(["DETECT_MAX_OBJECT_MB": "0"]) { $1 }, "DetectLambda.InvalidEnvironment", "DETECT_MAX_OBJECT_MB"),
            (Self.minimal.merging(["DETECT_WARM_UP": "yes"]) { $1 }, "DetectLambda.InvalidEnvironment", "DETECT_WARM_UP"),
            (["DETECT_TABLE": "t", "HOME": "/nonexistent-home"], "DetectLambda.AWSConfiguration", "region"),
        ]
        for (environment, type, fragment) in cases {
            do {
                _ = try DetectLambdaConfiguration(environment: environment)
                Issue.record("no error for \(environment)")
            } catch {
                #expect(error.errorType == type, "\(environment)")
                #expect(error.description.contains(fragment), "\(environment): \(error)")
            }
        }
    }
}
