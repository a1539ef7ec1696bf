import AWSKitLite
import Foundation
import TestSupport
import Testing

/// `.functionStates`: a function is Pending after CreateFunction, its LastUpdateStatus InProgress after each
/// update, and updates are refused meanwhile with 409 ResourceConflictException; an Inactive function is woken by
/// an update or an Invoke. (MiniStack itself reports Pending for half a second after each call, and accepts
/// back-to-back updates.) Spec: https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html
///
/// The windows are long enough (10 to 20 s) that a loaded machine still reads each state before it ends.
@Suite struct FunctionStatesTests {
    static let busy = "The operation cannot be performed at this time."

    @Test func pendingAfterCreateThenActiveAndInProgressAfterEachUpdate() async throws {
        let name = Emulator.uniqueName("states")
        try await withProxyAndPrerequisites(deleting: [name]) { proxy, prerequisites in
            proxy.switchOn(.functionStates(pending: .seconds(20), updating: .seconds(10)))
            let lambda = try LambdaClient(configuration: proxy.configuration(), retryPolicy: .never)

            let created = try await lambda.createFunction(name: name, imageUri: prerequisites.imageUri,
                                                          settings: LambdaFunctionSettings(role: prerequisites.roleArn))
            #expect(created.state == "Pending")
            #expect(created.stateReason == "The function is being created." && created.stateReasonCode == "Creating")
            #expect(created.lastUpdateStatus == nil)
            let pending = try await lambda.getFunction(name: name).configuration
            #expect(pending.state == "Pending" && pending.stateReasonCode == "Creating")

            let whilePending = try await #require(throws: AWSError.self) {
                try await lambda.updateFunctionConfiguration(name: name, settings: LambdaFunctionSettings(timeout: 20))
            }
            #expect(whilePending.statusCode == 409 && whilePending.code == "ResourceConflictException")
            #expect(whilePending.message == "\(Self.busy) The function is currently in the following state: Pending")

            let active = try await poll("Active", until: { $0.state == "Active" }) { try await lambda.getFunction(name: name).configuration }
            #expect(active.stateReason == nil && active.lastUpdateStatus == "Successful")

            let updating = try await lambda.updateFunctionConfiguration(name: name, settings: LambdaFunctionSettings(timeout: 20))
            #expect(updating.timeout == 20 && updating.state == "Active")
            #expect(updating.lastUpdateStatus == "InProgress")
            #expect(updating.lastUpdateStatusReason == "The function is being created." && updating.lastUpdateStatusReasonCode == "Creating")
            #expect(try await lambda.getFunction(name: name).configuration.lastUpdateStatus == "InProgress")

            let whileUpdating = try await #require(throws: AWSError.self) {
                try await lambda.updateFunctionCode(name: name, imageUri: prerequisites.imageUri)
            }
            #expect(whileUpdating.statusCode == 409 && whileUpdating.code == "ResourceConflictException")
            #expect(whileUpdating.message == "\(Self.busy) An update is in progress for resource: \(try #require(created.functionArn))")

            _ = try await poll("Successful", until: { $0.lastUpdateStatus == "Successful" }) {
                try await lambda.getFunction(name: name).configuration
            }
            #expect(try await lambda.updateFunctionCode(name: name, imageUri: prerequisites.imageUri).lastUpdateStatus == "InProgress")
            #expect(proxy.record.counts(.functionStates).refused == 2)
            #expect(proxy.record.counts(.functionStates).rewritten >= 4)
        }
    }

    @Test func anInactiveFunctionIsWokenByAnUpdate() async throws {
        let name = Emulator.uniqueName("idle")
        try await withProxyAndPrerequisites(deleting: [name]) { proxy, prerequisites in
            _ = try await LambdaClient(configuration: Emulator.ministack.configuration())
                .createFunction(name: name, imageUri: prerequisites.imageUri, settings: LambdaFunctionSettings(role: prerequisites.roleArn))
            proxy.switchOn(.functionStates(pending: .seconds(15), updating: .seconds(15)))
            proxy.markInactive(function: name)
            let lambda = try LambdaClient(configuration: proxy.configuration(), retryPolicy: .never)

            let inactive = try await lambda.getFunction(name: name).configuration
            #expect(inactive.state == "Inactive" && inactive.stateReasonCode == "Idle")
            #expect(inactive.stateReason == "The function is currently idle.")

            let woken = try await lambda.updateFunctionCode(name: name, imageUri: prerequisites.imageUri)
            #expect(woken.state == "Pending" && woken.stateReasonCode == "Restoring")
            #expect(woken.lastUpdateStatus == "InProgress")
            let active = try await poll("Active and Successful", until: { $0.state == "Active" && $0.lastUpdateStatus == "Successful" }) {
                try await lambda.getFunction(name: name).configuration
            }
            #expect(active.stateReasonCode == nil)
        }
    }

    @Test func invokingAnInactiveFunctionFailsAndStartsRestoringIt() async throws {
        let name = Emulator.uniqueName("idle-invoke")
        try await withProxyAndPrerequisites(deleting: [name]) { proxy, prerequisites in
            _ = try await LambdaClient(configuration: Emulator.ministack.configuration())
                .createFunction(name: name, imageUri: prerequisites.imageUri, settings: LambdaFunctionSettings(role: prerequisites.roleArn))
            proxy.switchOn(.functionStates(pending: .seconds(15), updating: .seconds(15)))
            proxy.markInactive(function: name)
            let lambda = try LambdaClient(configuration: proxy.configuration(), retryPolicy: .never)

            let refused = try await #require(throws: AWSError.self) {
                try await lambda.invoke(functionName: name, payload: Array("{}".utf8))
            }
            #expect(refused.statusCode == 409 && refused.code == "ResourceConflictException")
            #expect(refused.message == "\(Self.busy) The function is currently in the following state: Inactive")
            let restoring = try await lambda.getFunction(name: name).configuration
            #expect(restoring.state == "Pending" && restoring.stateReasonCode == "Restoring")
            _ = try await poll("Active", until: { $0.state == "Active" }) { try await lambda.getFunction(name: name).configuration }
            #expect(proxy.record.calls(service: "lambda", operation: "Invoke").map(\.status) == [409])
        }
    }

    @Test func switchedOffFunctionsAreActiveAtOnce() async throws {
        let name = Emulator.uniqueName("active")
        try await withProxyAndPrerequisites(deleting: [name]) { proxy, prerequisites in
            proxy.switchOn(.functionStates(pending: .seconds(60), updating: .seconds(60)))
            proxy.switchOff(.functionStates)
            let lambda = try LambdaClient(configuration: proxy.configuration(), retryPolicy: .never)
            _ = try await lambda.createFunction(name: name, imageUri: prerequisites.imageUri,
                                                settings: LambdaFunctionSettings(role: prerequisites.roleArn))
            _ = try await poll("Active", until: { $0.state == "Active" }) { try await lambda.getFunction(name: name).configuration }
            _ = try await lambda.updateFunctionConfiguration(name: name, settings: LambdaFunctionSettings(timeout: 9))
            #expect(try await lambda.updateFunctionConfiguration(name: name, settings: LambdaFunctionSettings(timeout: 8)).timeout == 8)
            #expect(proxy.record.counts(.functionStates) == .init())
        }
    }
}
