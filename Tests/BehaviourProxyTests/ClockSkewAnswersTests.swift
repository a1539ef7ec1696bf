import AWSKitLite
import Foundation
import TestSupport
import Testing

/// `.clockSkewAnswers`: MiniStack refuses a request signed 20 minutes ago; the proxy gives each refusal AWS's
/// shape, with the server's time in `Date`.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (RequestTimeTooSkewed)
@Suite struct ClockSkewAnswersTests {
    private let twentyMinutesAgo = Date().addingTimeInterval(-20 * 60)

    private func s3Refusal(_ proxy: AWSBehaviourProxy) async throws -> HTTPResponse {
        try await RawRequests.send("GET", "/\(Emulator.uniqueName("skewed"))", query: [(name: "list-type", value: "2")],
                                   service: "s3", via: proxy, date: twentyMinutesAgo)
    }

    @Test func s3GetsRequestTimeServerTimeAndTheAllowedSkew() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let unchanged = try await s3Refusal(proxy)
            #expect(unchanged.status == 403 && RawRequests.xmlText("Code", in: unchanged) == "RequestTimeTooSkewed")
            #expect(RawRequests.xmlText("ServerTime", in: unchanged) == nil)

            proxy.switchOn(.clockSkewAnswers)
            let answer = try await s3Refusal(proxy)
            #expect(answer.status == 403 && RawRequests.xmlText("Code", in: answer) == "RequestTimeTooSkewed")
            #expect(RawRequests.xmlText("Message", in: answer) == "The difference between the request time and the current time is too large.")
            #expect(RawRequests.xmlText("RequestTime", in: answer) == SigningTimestamp(twentyMinutesAgo).amzDate)
            #expect(RawRequests.xmlText("MaxAllowedSkewMilliseconds", in: answer) == "900000")
            let date = try #require(answer.header("Date").flatMap(HTTPDate.parse))
            let serverTime = try #require(RawRequests.xmlText("ServerTime", in: answer))
            #expect(serverTime == ISO8601DateFormatter().string(from: date))
            #expect(RawRequests.xmlText("HostId", in: answer) != nil && answer.header("x-amz-request-id") == RawRequests.xmlText("RequestId", in: answer))
            #expect(proxy.record.counts(.clockSkewAnswers).rewritten == 1)
        }
    }

    @Test func jsonServicesGetAWSsNamespacedType() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            proxy.switchOn(.clockSkewAnswers)
            let answer = try await RawRequests.send(
                "POST", "/", headers: [(name: "Content-Type", value: "application/x-amz-json-1.0"),
                                       (name: "X-Amz-Target", value: "DynamoDB_20120810.DescribeTable")],
                body: Array(#"{"TableName":"skewed"}"#.utf8), service: "dynamodb", via: proxy, date: twentyMinutesAgo)
            #expect(answer.status == 400)
            let body = try #require(RawRequests.json(answer))
            #expect(body["__type"] as? String == "com.amazon.coral.service#InvalidSignatureException")
            #expect((body["message"] as? String)?.hasPrefix("Signature expired: \(SigningTimestamp(twentyMinutesAgo).amzDate) is now earlier than") == true)
            #expect(answer.header("Date").flatMap(HTTPDate.parse) != nil)
        }
    }

    @Test func lambdaAndQueryRefusalsAlreadyMatchAWS() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            proxy.switchOn(.clockSkewAnswers)
            let lambda = try await RawRequests.send("GET", "/2015-03-31/functions/skewed", service: "lambda", via: proxy, date: twentyMinutesAgo)
            #expect(lambda.status == 403 && lambda.header("x-amzn-ErrorType") == "InvalidSignatureException")
            #expect((RawRequests.json(lambda)?["message"] as? String)?.hasPrefix("Signature expired:") == true)
            let sts = try await RawRequests.send(
                "POST", "/", headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
                body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8), service: "sts", via: proxy, date: twentyMinutesAgo)
            #expect(sts.status == 403 && RawRequests.xmlText("Code", in: sts) == "SignatureDoesNotMatch")
            #expect(RawRequests.xmlText("Message", in: sts)?.hasPrefix("Signature expired:") == true)
            for answer in [lambda, sts] { #expect(answer.header("Date").flatMap(HTTPDate.parse) != nil) }
            #expect(proxy.record.counts(.clockSkewAnswers) == .init())
        }
    }
}
