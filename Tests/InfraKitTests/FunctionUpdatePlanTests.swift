@testable import AWSKitLite
@testable import InfraKit
import Foundation
import Testing

/// What `up` does to an existing function, from GetFunction's answer: an Inactive function is updated (its image
/// deployed again when nothing else changes) instead of being waited for.
@Suite struct FunctionUpdatePlanTests {
    let names = try! PipelineNames(prefix: "p1", accountId: "123456789012", region: "us-east-1")
    let image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/p1/detect-server@sha256:" + String(repeating: "a", count: 64)

    /// GetFunction's Configuration for a function as `up` made it with the default spec, in `state`.
    func function(state: String, image: String? = nil) throws -> LambdaFunction {
        let json = """
            {"FunctionName":"p1-detect","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:p1-detect",
             "Role":"\(names.roleArn)","PackageType":"Image","Timeout":60,"MemorySize":1024,"State":"\(state)",
             "StateReasonCode":"\(state == "Inactive" ? "Idle" : "")","LastUpdateStatus":"Successful",
             "Environment":{"Variables":{"DETECT_TABLE":"p1-detections"}},"Architectures":["x86_64"]}
            """
        let configuration = try JSONDecoder().decode(LambdaFunctionConfiguration.self, from: Data(json.utf8))
        return LambdaFunction(configuration: configuration, imageUri: image ?? self.image)
    }

    func plan(_ current: LambdaFunction, imageUri: String? = nil, spec: DetectFunctionSpec = DetectFunctionSpec()) -> FunctionUpdatePlan {
        FunctionUpdatePlan(current: current, imageUri: imageUri, spec: spec, names: names, roleArn: names.roleArn)
    }

    @Test func anActiveFunctionAsWantedNeedsNothing() throws {
        #expect(plan(try function(state: "Active")).isEmpty)
        #expect(plan(try function(state: "Active"), imageUri: image).isEmpty)
    }

    @Test func anInactiveFunctionAsWantedHasItsImageDeployedAgain() throws {
        let plan = plan(try function(state: "Inactive"))
        #expect(plan.code == .init(imageUri: image, description: "woken from Inactive: image \(image) deployed again"))
        #expect(plan.configurationDifferences.isEmpty)
        #expect(!plan.isEmpty)
    }

    @Test func anInactiveFunctionGivenANewImageIsUpdatedToIt() throws {
        let newer = image.replacingOccurrences(of: "aaaa", with: "bbbb")
        let plan = plan(try function(state: "Inactive"), imageUri: newer, spec: DetectFunctionSpec(memoryMB: 2048))
        #expect(plan.code == .init(imageUri: newer, description: "woken from Inactive: image \(image) -> \(newer)"))
        #expect(plan.configurationDifferences == ["memory 1024 -> 2048 MB"])
    }

    @Test func anInactiveFunctionWithoutAnImageIsWokenByItsSettings() throws {
        var current = try function(state: "Inactive")
        current.imageUri = nil
        #expect(plan(current).code == nil)
        #expect(plan(current).configurationDifferences == ["woken from Inactive: settings applied again"])
        #expect(plan(current, spec: DetectFunctionSpec(timeoutSeconds: 90)).configurationDifferences == ["woken from Inactive: timeout 60 -> 90 s"])
    }
}
