import AWSKitLite
import Foundation
import TestSupport
import Testing

/// LambdaClient round trips against both emulators, for an image-packaged function.
///
/// Invoke: neither emulator can run a container image here (no Docker engine). MiniStack can forward an
/// invocation to an HTTP endpoint instead (the function's `MINISTACK_LAMBDA_PROXY_URL` variable), so the
/// MiniStack case points that at a loopback stub and checks the event arrives and the reply comes back.
/// moto swallows Invoke without Docker, so it is not invoked there.
@Suite struct LambdaClientTests {
    private struct Fixture {
        var iam: IAMClient
        var ecr: ECRClient
        var lambda: LambdaClient
        var role: IAMRole
        var repositoryUri: String
        var repositoryName: String
    }

    private func withFixture(_ emulator: Emulator, _ body: (Fixture) async throws -> Void) async throws {
        let configuration = try emulator.configuration()
        let iam = try IAMClient(configuration: configuration)
        let ecr = try ECRClient(configuration: configuration)
        let lambda = try LambdaClient(configuration: configuration)
        let role = try await iam.createRole(name: Emulator.uniqueName("lambda-role"),
                                            assumeRolePolicyDocument: IAMClientTests.lambdaTrustPolicy)
        let repositoryName = Emulator.uniqueName("images")
        let repository = try await ecr.createRepository(name: repositoryName)
        let fixture = Fixture(iam: iam, ecr: ecr, lambda: lambda, role: role,
                              repositoryUri: repository.repositoryUri ?? "", repositoryName: repositoryName)
        var failure: (any Error)?
        do { try await body(fixture) } catch { failure = error }
        _ = try? await ecr.deleteRepository(name: repositoryName, force: true)
        _ = try? await iam.deleteRole(name: role.roleName)
        if let failure { throw failure }
    }

    @Test(arguments: Emulator.allCases)
    func functionLifecycle(_ emulator: Emulator) async throws {
        try await withFixture(emulator) { fixture in
            let lambda = fixture.lambda
            let name = Emulator.uniqueName("detector")
            let created = try await lambda.createFunction(
                name: name, imageUri: fixture.repositoryUri + ":v1",
                settings: LambdaFunctionSettings(role: fixture.role.arn, timeout: 30, memorySize: 1024,
                                                 environment: ["MODEL": "yolo11n"], architectures: ["x86_64"]))
            #expect(created.functionName == name)
            #expect(created.functionArn == "arn:aws:lambda:us-east-1:123456789012:function:\(name)")
            #expect(created.packageType == "Image")

            let fetched = try await lambda.getFunction(name: name)
            #expect(fetched.configuration.role == fixture.role.arn)
            #expect(fetched.configuration.timeout == 30 && fetched.configuration.memorySize == 1024)
            #expect(fetched.configuration.environment == ["MODEL": "yolo11n"])
            #expect(fetched.imageUri == fixture.repositoryUri + ":v1")

            let reconfigured = try await lambda.updateFunctionConfiguration(
                name: name, settings: LambdaFunctionSettings(timeout: 60, environment: ["MODEL": "yolo11s"]))
            #expect(reconfigured.timeout == 60)
            #expect(reconfigured.environment == ["MODEL": "yolo11s"])
            _ = try await lambda.updateFunctionCode(name: name, imageUri: fixture.repositoryUri + ":v2")
            #expect(try await lambda.getFunction(name: name).imageUri == fixture.repositoryUri + ":v2")

            let bucketArn = "arn:aws:s3:::\(Emulator.uniqueName("uploads"))"
            try await lambda.addPermission(functionName: name, permission: LambdaPermission(
                statementId: "s3-invoke", principal: "s3.amazonaws.com", sourceArn: bucketArn, sourceAccount: "123456789012"))
            let policy = try await lambda.getPolicy(functionName: name)
            let statements = try #require(
                (try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any])?["Statement"] as? [[String: Any]])
            #expect(statements.contains { $0["Sid"] as? String == "s3-invoke" })
            #expect(policy.contains(bucketArn))
            try await lambda.removePermission(functionName: name, statementId: "s3-invoke")
            do {
                #expect(!(try await lambda.getPolicy(functionName: name)).contains("s3-invoke"))
            } catch let error as AWSError {
                #expect(error.code == "ResourceNotFoundException")
            }

            try await lambda.deleteFunction(name: name)
            let gone = try await #require(throws: AWSError.self) { try await lambda.getFunction(name: name) }
            #expect(gone.code == "ResourceNotFoundException" && gone.statusCode == 404 && gone.service == "lambda")
        }
    }

    @Test func invokeReachesTheFunctionThroughMiniStacksProxy() async throws {
        let function = try await StubHTTPServer.start { request in
            .init(status: 200, headers: [(name: "Content-Type", value: "application/json")],
                  text: #"{"detections":1,"echo":"# + String(decoding: request.body, as: UTF8.self) + "}")
        }
        defer { function.stop() }
        try await withFixture(.ministack) { fixture in
            let name = Emulator.uniqueName("proxied")
            _ = try await fixture.lambda.createFunction(
                name: name, imageUri: fixture.repositoryUri + ":latest",
                settings: LambdaFunctionSettings(role: fixture.role.arn, timeout: 10,
                                                 environment: ["MINISTACK_LAMBDA_PROXY_URL": function.baseURL + "/invoke"]))
            var failure: (any Error)?
            do {
                let event = #"{"Records":[{"s3":{"object":{"key":"a b.jpg"}}}]}"#
                let result = try await fixture.lambda.invoke(functionName: name, payload: Array(event.utf8))
                #expect(result.statusCode == 200)
                #expect(result.functionError == nil)
                // MiniStack re-serializes JSON on the way, so compare parsed documents.
                #expect(try Self.json(result.payload) == Self.json(Array((#"{"detections":1,"echo":"# + event + "}").utf8)))
                let received = try #require(function.requests.first)
                #expect(received.method == "POST" && received.path == "/invoke")
                #expect(try Self.json(received.body) == Self.json(Array(event.utf8)))
            } catch { failure = error }
            try await fixture.lambda.deleteFunction(name: name)
            if let failure { throw failure }
        }
    }

    private static func json(_ bytes: [UInt8]) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary)
    }
}
