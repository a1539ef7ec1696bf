import AWSKitLite
import Foundation
import TestSupport
import Testing

/// A machine whose clock is 20 minutes behind: MiniStack (AUTH=true) refuses its signatures as AWS does
/// (S3 RequestTimeTooSkewed, JSON InvalidSignatureException "Signature expired", Query SignatureDoesNotMatch
/// "Signature expired"); the client learns the offset from the answer's `Date`, resends once, and signs every
/// later request, of every client sharing the configuration, with the corrected time. Through the behaviour
/// proxy (AWS's answer shapes, and a record of each attempt).
/// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html
@Suite struct ClockSkewCorrectionTests {
    private static let skew: TimeInterval = -20 * 60

    private struct Skewed {
        var configuration: AWSConfiguration
        var log: LogRecorder
    }

    private func skewed(_ proxy: AWSBehaviourProxy) throws -> Skewed {
        let log = LogRecorder()
        let configuration = try proxy.configuration(clock: { Date().addingTimeInterval(Self.skew) }, logger: log.logger())
        return Skewed(configuration: configuration, log: log)
    }

    /// The call passed after one refusal, the offset was learned and logged once, and a second call needed no resend.
    private func expectCorrected(_ proxy: AWSBehaviourProxy, _ skewed: Skewed, service: String, refusal: Int, code: String) {
        let statuses = proxy.record.calls(service: service).map(\.status)
        #expect(statuses.first == refusal && statuses.dropFirst().allSatisfy { $0.map { (200..<300).contains($0) } ?? false })
        let warnings = skewed.log.entries.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.metadata["code"] == code && warnings.first?.metadata["service"] == service)
        // Twenty minutes, give or take the time the answer spent on the way (seconds on a loaded machine).
        #expect(abs(skewed.configuration.clockSkew.offset + Self.skew) <= 60)
    }

    @Test func s3() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            proxy.switchOn(.clockSkewAnswers)
            let skewed = try skewed(proxy)
            let s3 = try S3Client(configuration: skewed.configuration, retryPolicy: .never)
            let bucket = Emulator.uniqueName("skewed")
            try await s3.createBucket(bucket)
            try await s3.putObject(bucket: bucket, key: "k", body: [1, 2])
            #expect(try await s3.getObject(bucket: bucket, key: "k").body == [1, 2])
            expectCorrected(proxy, skewed, service: "s3", refusal: 403, code: "RequestTimeTooSkewed")
            #expect(proxy.record.calls(service: "s3").count == 4)
            try await s3.deleteObject(bucket: bucket, key: "k")
            try await s3.deleteBucket(bucket)
        }
    }

    @Test func dynamoDB() async throws {
        let table = Emulator.uniqueName("skewed")
        let direct = try DynamoDBClient(configuration: Emulator.ministack.configuration())
        _ = try await direct.createTable(name: table, key: [DynamoDBKeyAttribute(name: "id", type: .string, role: .partition)])
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let skewed = try skewed(proxy)
            let dynamo = try DynamoDBClient(configuration: skewed.configuration, retryPolicy: .never)
            #expect(try await dynamo.describeTable(name: table).tableName == table)
            #expect(try await dynamo.describeTable(name: table).tableName == table)
            expectCorrected(proxy, skewed, service: "dynamodb", refusal: 400, code: "InvalidSignatureException")
            #expect(proxy.record.calls(service: "dynamodb").count == 3)
        }
        _ = try await direct.deleteTable(name: table)
    }

    @Test func lambda() async throws {
        let direct = try Emulator.ministack.configuration()
        let role = try await IAMClient(configuration: direct).createRole(name: Emulator.uniqueName("skewed"), assumeRolePolicyDocument: IAMClientTests.lambdaTrustPolicy)
        let repository = Emulator.uniqueName("skewed")
        let uri = try await ECRClient(configuration: direct).createRepository(name: repository).repositoryUri ?? ""
        let name = Emulator.uniqueName("skewed")
        _ = try await LambdaClient(configuration: direct).createFunction(name: name, imageUri: uri + ":v1", settings: LambdaFunctionSettings(role: role.arn))
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let skewed = try skewed(proxy)
            let lambda = try LambdaClient(configuration: skewed.configuration, retryPolicy: .never)
            #expect(try await lambda.getFunction(name: name).configuration.functionName == name)
            #expect(try await lambda.getFunction(name: name).configuration.role == role.arn)
            expectCorrected(proxy, skewed, service: "lambda", refusal: 403, code: "InvalidSignatureException")
            #expect(proxy.record.calls(service: "lambda").count == 3)
        }
        try await LambdaClient(configuration: direct).deleteFunction(name: name)
        _ = try await ECRClient(configuration: direct).deleteRepository(name: repository)
        try await IAMClient(configuration: direct).deleteRole(name: role.roleName)
    }

    @Test func iamAndSTSShareOneCorrection() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let skewed = try skewed(proxy)
            let iam = try IAMClient(configuration: skewed.configuration, retryPolicy: .never)
            let role = try await iam.createRole(name: Emulator.uniqueName("skewed"), assumeRolePolicyDocument: IAMClientTests.lambdaTrustPolicy)
            try await iam.deleteRole(name: role.roleName)
            expectCorrected(proxy, skewed, service: "iam", refusal: 403, code: "SignatureDoesNotMatch")
            // Another client made from the same configuration signs with the corrected time from the start.
            let sts = try STSClient(configuration: skewed.configuration, retryPolicy: .never)
            #expect(try await sts.getCallerIdentity().account == "123456789012")
            #expect(proxy.record.calls(service: "sts").map(\.status) == [200])
            #expect(skewed.log.entries.filter { $0.level == .warning }.count == 1)
        }
    }

    @Test func stsAlone() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let skewed = try skewed(proxy)
            let sts = try STSClient(configuration: skewed.configuration, retryPolicy: .never)
            #expect(try await sts.getCallerIdentity().account == "123456789012")
            #expect(try await sts.getCallerIdentity().account == "123456789012")
            expectCorrected(proxy, skewed, service: "sts", refusal: 403, code: "SignatureDoesNotMatch")
        }
    }

    @Test func aWrongSecretIsNotMistakenForSkew() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            var wrong = try Emulator.ministack.credentials()
            wrong.secretAccessKey = String(wrong.secretAccessKey.reversed())
            let log = LogRecorder()
            let configuration = try proxy.configuration(credentials: wrong, logger: log.logger())
            let error = try await #require(throws: AWSError.self) {
                try await STSClient(configuration: configuration, retryPolicy: .never).getCallerIdentity()
            }
            #expect(error.code == "SignatureDoesNotMatch")
            #expect(proxy.record.calls(service: "sts").count == 1)
            #expect(configuration.clockSkew.offset == 0 && log.entries.isEmpty)
        }
    }

    @Test func clockSkewErrorsAreToldFromOtherSignatureErrors() {
        func error(_ code: String, _ message: String) -> AWSError {
            AWSError(service: "s3", operation: "GetObject", statusCode: 403, code: code, message: message)
        }
        #expect(ClockSkewCorrection.isClockSkewError(error("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")))
        #expect(ClockSkewCorrection.isClockSkewError(error("RequestExpired", "Request has expired.")))
        #expect(ClockSkewCorrection.isClockSkewError(error("InvalidSignatureException", "Signature expired: 20261201T080022Z is now earlier than 20261201T080522Z (20261201T082022Z - 15 min.)")))
        #expect(ClockSkewCorrection.isClockSkewError(error("SignatureDoesNotMatch", "Signature not yet current: 20261201T090022Z is still later than 20261201T083522Z (20261201T082022Z + 15 min.)")))
        #expect(!ClockSkewCorrection.isClockSkewError(error("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")))
        #expect(!ClockSkewCorrection.isClockSkewError(error("AccessDenied", "Access Denied")))
    }

    @Test func httpDatesParseAndFormat() {
        let date = HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(date == Date(timeIntervalSince1970: 784_111_777))
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 784_111_777)) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 1_796_113_222)) == "Tue, 01 Dec 2026 08:20:22 GMT")
        #expect(HTTPDate.parse("Tue, 01 Dec 2026 08:20:22 GMT") == Date(timeIntervalSince1970: 1_796_113_222))
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 PST") == nil)
        #expect(HTTPDate.parse("") == nil)
    }
}
