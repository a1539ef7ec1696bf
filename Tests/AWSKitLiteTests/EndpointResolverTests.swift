import Foundation
import Testing
import AWSKitLite

/// Standard endpoints per service and region, and the explicit / AWS_ENDPOINT_URL(_<SERVICE>) overrides.
@Suite("Endpoint resolution")
struct EndpointResolverTests {
    static func url(_ endpoint: AWSEndpoint) -> String { endpoint.request(method: "GET").urlString }

    @Test func standardEndpoints() throws {
        let cases: [(AWSService, String, String, String)] = [
            (.s3, "eu-west-1", "https://s3.eu-west-1.amazonaws.com/", "eu-west-1"),
            (.dynamoDB, "us-west-2", "https://dynamodb.us-west-2.amazonaws.com/", "us-west-2"),
            (.ecr, "ap-northeast-1", "https://api.ecr.ap-northeast-1.amazonaws.com/", "ap-northeast-1"),
            (.lambda, "eu-central-1", "https://lambda.eu-central-1.amazonaws.com/", "eu-central-1"),
            (.sts, "eu-west-1", "https://sts.eu-west-1.amazonaws.com/", "eu-west-1"),
            (.iam, "eu-west-1", "https://iam.amazonaws.com/", "us-east-1"),
            (.iam, "cn-north-1", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1"),
            (.dynamoDB, "cn-northwest-1", "https://dynamodb.cn-northwest-1.amazonaws.com.cn/", "cn-northwest-1"),
        ]
        for (service, region, url, signingRegion) in cases {
            let endpoint = try EndpointResolver.resolve(service: service, region: region, environment: [:])
            #expect(Self.url(endpoint) == url)
            #expect(endpoint.signingRegion == signingRegion)
            #expect(endpoint.signingName == service.signingName)
            #expect(!endpoint.isCustom)
        }
    }

    @Test func s3IsVirtualHostedOnAWSWithPathStyleFallback() throws {
        let endpoint = try EndpointResolver.resolve(service: .s3, region: "eu-west-1", environment: [:])
        #expect(endpoint.s3Request(method: "GET", bucket: "images", key: "dir/a b.jpg").urlString
            == "https://images.s3.eu-west-1.amazonaws.com/dir/a%20b.jpg")
        #expect(endpoint.s3Request(method: "GET", bucket: "images").urlString == "https://images.s3.eu-west-1.amazonaws.com/")
        // Dots break the TLS wildcard certificate; upper case is not a DNS-compatible bucket name.
        #expect(endpoint.s3Request(method: "GET", bucket: "my.bucket", key: "k").urlString
            == "https://s3.eu-west-1.amazonaws.com/my.bucket/k")
        #expect(endpoint.s3Request(method: "GET", bucket: "Legacy", key: "k").urlString
            == "https://s3.eu-west-1.amazonaws.com/Legacy/k")
    }

    @Test func serviceVariableBeatsGlobalVariableAndExplicitBeatsBoth() throws {
        let environment = ["AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_S3": "http://localhost:5000/base/"]
        let s3 = try EndpointResolver.resolve(service: .s3, region: "us-east-1", environment: environment)
        #expect(s3.isCustom && s3.s3AddressingStyle == .path)
        #expect(s3.s3Request(method: "PUT", bucket: "images", key: "a+b.jpg").urlString
            == "http://localhost:5000/base/images/a%2Bb.jpg")
        let dynamo = try EndpointResolver.resolve(service: .dynamoDB, region: "us-east-1", environment: environment)
        #expect(Self.url(dynamo) == "http://127.0.0.1:4566/")
        #expect(dynamo.signingRegion == "us-east-1" && dynamo.signingName == "dynamodb")
        let iam = try EndpointResolver.resolve(service: .iam, region: "eu-west-1", environment: environment)
        #expect(Self.url(iam) == "http://127.0.0.1:4566/" && iam.signingRegion == "eu-west-1")
        let explicit = try EndpointResolver.resolve(service: .s3, region: "us-east-1", environment: environment,
                                                    explicit: "https://[::1]:9000")
        #expect(Self.url(explicit) == "https://[::1]:9000/")
        let dynamoEnvOnly = try EndpointResolver.resolve(
            service: .dynamoDB, region: "us-east-1", environment: ["AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000"])
        #expect(Self.url(dynamoEnvOnly) == "http://127.0.0.1:8000/")
    }

    @Test func ignoreConfiguredEndpointsSwitchesVariablesOff() throws {
        let environment = ["AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]
        let endpoint = try EndpointResolver.resolve(service: .sts, region: "eu-west-1", environment: environment)
        #expect(Self.url(endpoint) == "https://sts.eu-west-1.amazonaws.com/")
    }

    @Test func invalidURLNamesItsSource() {
        #expect(throws: AWSConfigurationError.invalidEndpoint(url: "localhost:4566", source: "AWS_ENDPOINT_URL_LAMBDA")) {
            try EndpointResolver.resolve(service: .lambda, region: "us-east-1",
                                         environment: ["AWS_ENDPOINT_URL_LAMBDA": "localhost:4566"])
        }
    }

    /// The signer signs the host, port and base path exactly as the endpoint builds them.
    @Test func customEndpointRequestsSignTheHostWithPort() throws {
        let endpoint = try EndpointResolver.resolve(service: .s3, region: "us-east-1", environment: [:],
                                                    explicit: "http://127.0.0.1:4566")
        let request = endpoint.s3Request(method: "GET", bucket: "b", key: "k")
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyId: "A", secretAccessKey: "S"),
                                 region: endpoint.signingRegion, service: endpoint.signingName)
        let stages = signer.signature(for: request, date: Date(timeIntervalSince1970: 0))
        #expect(stages.canonicalRequest.contains("\nhost:127.0.0.1:4566\n"))
        #expect(stages.canonicalRequest.hasPrefix("GET\n/b/k\n"))
    }
}
