import Foundation
import Testing
import AWSKitLite

/// Region resolution: explicit, AWS_REGION, AWS_DEFAULT_REGION, profile, else a typed error.
@Suite("Region resolution")
struct ConfigurationRegionTests {
    @Test func followsTheDocumentedOrder() throws {
        let home = try ConfigurationProfileFileTests.home(config: "[default]\nregion = ap-south-1\n[profile dev]\nregion = us-west-2\n")
        var environment = ["HOME": home, "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-central-1"]
        #expect(try RegionResolver.resolve(explicit: "ca-central-1", environment: environment) == "ca-central-1")
        #expect(try RegionResolver.resolve(environment: environment) == "eu-west-1")
        environment["AWS_REGION"] = ""
        #expect(try RegionResolver.resolve(environment: environment) == "eu-central-1")
        environment["AWS_DEFAULT_REGION"] = nil
        #expect(try RegionResolver.resolve(environment: environment) == "ap-south-1")
        environment["AWS_PROFILE"] = "dev"
        #expect(try RegionResolver.resolve(environment: environment) == "us-west-2")
        #expect(try RegionResolver.resolve(environment: environment, profile: "default") == "ap-south-1")
    }

    @Test func noRegionIsATypedErrorNamingWhereItLooked() throws {
        let home = try ConfigurationProfileFileTests.home()
        #expect(throws: AWSConfigurationError.noRegion(tried: [
            "AWS_REGION", "AWS_DEFAULT_REGION", "'region' of profile default in \(home)/.aws/config"])) {
            try RegionResolver.resolve(environment: ["HOME": home])
        }
    }

    @Test func configurationResolvesRegionAndKeepsTheClock() throws {
        let fixed = Date(timeIntervalSince1970: 1_700_000_000)
        let configuration = try AWSConfiguration.resolve(environment: ["AWS_DEFAULT_REGION": "eu-west-3"], clock: { fixed })
        #expect(configuration.region == "eu-west-3")
        #expect(configuration.clock() == fixed)
    }

    /// The configured clock dates the signature.
    @Test func signsWithTheConfiguredClock() async throws {
        let fixed = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z
        let configuration = try AWSConfiguration.resolve(
            environment: ["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret"],
            clock: { fixed })
        let endpoint = try configuration.endpoint(for: .dynamoDB)
        var request = endpoint.request(method: "POST", body: Array("{}".utf8))
        try await configuration.sign(&request, for: endpoint)
        #expect(request.header("X-Amz-Date") == "20150830T123600Z")
        #expect(request.header("Authorization")?.hasPrefix(
            "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, ") == true)
    }
}
