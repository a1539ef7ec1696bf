import AWSKitLite
import InfraKit
import Testing

/// Image URIs as Lambda takes them (the forms `docker push` to ECR uses), and what is not one.
@Suite struct ECRImageReferenceTests {
    @Test func tagDigestAndDefaultTag() throws {
        let tagged = try #require(ECRImageReference("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/detect-server:v1.2"))
        #expect(tagged.accountId == "123456789012" && tagged.region == "eu-west-1")
        #expect(tagged.repository == "team/detect-server" && tagged.image == .tag("v1.2"))
        #expect(tagged.repositoryUri == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/detect-server")

        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let pinned = try #require(ECRImageReference("123456789012.dkr.ecr.us-east-1.amazonaws.com/detect-server@\(digest)"))
        #expect(pinned.repository == "detect-server" && pinned.image == .digest(digest))

        let untagged = try #require(ECRImageReference("123456789012.dkr.ecr.us-east-1.amazonaws.com/detect-server"))
        #expect(untagged.image == .tag("latest"))

        let china = try #require(ECRImageReference("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/repo:x"))
        #expect(china.region == "cn-north-1")
    }

    @Test(arguments: [
        "docker.io/library/alpine:3.20", "public.ecr.aws/lambda/provided:al2023", "alpine",
        "12345.dkr.ecr.us-east-1.amazonaws.com/repo:x", "123456789012.dkr.ecr.us-east-1.example.com/repo:x",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/", "123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:",
    ])
    func notAnECRPrivateImage(uri: String) {
        #expect(ECRImageReference(uri) == nil)
    }
}
