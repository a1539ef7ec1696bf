import AWSKitLite
import DetectionContract

/// `infractl down`: deletes everything `up` made, in reverse order (notification, permission, function, role
/// policy and role, log group unless kept, table, repository with its images, bucket after emptying it), reporting
/// each step; a piece already gone is reported as such, so `down` can be run again after a partial failure.
public struct PipelineTeardown: Sendable {
    public let clients: PipelineClients
    public var polling: Polling

    public init(clients: PipelineClients, polling: Polling = Polling()) {
        self.clients = clients
        self.polling = polling
    }

    /// Deletes the pipeline named by `prefix`. With `roleArn` the role was not made by `up` and is kept; with
    /// `keepLogs` the function's log group (and the events in it) is kept. Returns the steps in order.
    /// - Throws: `AWSError` for a failure other than "already gone", `InfraError.bucketNotEmptied`,
    ///   `InfraError.tableNotReady` when the table does not finish deleting in time.
    @discardableResult
    public func down(prefix: String, roleArn: String? = nil, keepLogs: Bool = false,
                     report: @escaping StepReporter) async throws -> [StepReport] {
        let names = try await clients.names(prefix: prefix)
        let steps = StepLog(forward: report)
        let bucketExists = try await clients.s3.bucketExists(names.bucket)

        let removedRule = bucketExists ? try await removeNotification(names) : false
        steps.add(.notification, names.notificationId, removedRule ? .deleted(nil) : .alreadyGone)

        let permissionRemoved = try await AbsentResource.ran(AbsentResource.resourceNotFound) {
            try await clients.lambda.removePermission(functionName: names.function, statementId: names.permissionStatementId)
        }
        steps.add(.permission, names.permissionStatementId, permissionRemoved ? .deleted(nil) : .alreadyGone)

        let functionDeleted = try await AbsentResource.ran(AbsentResource.resourceNotFound) {
            try await clients.lambda.deleteFunction(name: names.function)
        }
        steps.add(.function, names.function, functionDeleted ? .deleted(nil) : .alreadyGone)

        if let roleArn {
            steps.add(.role, roleArn, .using("the role given with --role-arn: kept"))
        } else {
            let policyDeleted = try await AbsentResource.ran(AbsentResource.iam) {
                try await clients.iam.deleteRolePolicy(roleName: names.role, policyName: names.rolePolicy)
            }
            steps.add(.rolePolicy, names.rolePolicy, policyDeleted ? .deleted(nil) : .alreadyGone)
            let roleDeleted = try await AbsentResource.ran(AbsentResource.iam) {
                try await clients.iam.deleteRole(name: names.role)
            }
            steps.add(.role, names.role, roleDeleted ? .deleted(nil) : .alreadyGone)
        }

        if keepLogs {
            steps.add(.logGroup, names.logGroup, .kept("--keep-logs"))
        } else {
            let logGroupDeleted = try await AbsentResource.ran(AbsentResource.resourceNotFound) {
                try await clients.logs.deleteLogGroup(name: names.logGroup)
            }
            steps.add(.logGroup, names.logGroup, logGroupDeleted ? .deleted(nil) : .alreadyGone)
        }

        let tableDeleted = try await AbsentResource.ran(AbsentResource.resourceNotFound) {
            try await clients.dynamoDB.deleteTable(name: names.table)
        }
        if tableDeleted { try await waitForTableGone(names, steps) }
        steps.add(.table, names.table, tableDeleted ? .deleted(nil) : .alreadyGone)

        let repositoryDeleted = try await AbsentResource.ran(AbsentResource.ecr) {
            try await clients.ecr.deleteRepository(name: names.repository, force: true)
        }
        steps.add(.repository, names.repository, repositoryDeleted ? .deleted(nil) : .alreadyGone)

        if bucketExists {
            let emptied = try await emptyBucket(names.bucket)
            let deleted = try await AbsentResource.ran(AbsentResource.s3) { try await clients.s3.deleteBucket(names.bucket) }
            steps.add(.bucket, names.bucket, deleted ? .deleted("\(emptied) object" + (emptied == 1 ? "" : "s")) : .alreadyGone)
        } else {
            steps.add(.bucket, names.bucket, .alreadyGone)
        }
        return steps.all
    }

    /// Removes our rule from the bucket's notification configuration, writing back every other rule (queues,
    /// topics, other functions) and the EventBridge setting; returns whether there was a rule of ours.
    func removeNotification(_ names: PipelineNames) async throws -> Bool {
        let configuration = try await clients.s3.getBucketNotificationConfiguration(bucket: names.bucket)
        guard let remaining = PipelineTrigger.removingOurRule(from: configuration, names: names) else { return false }
        try await clients.s3.putBucketNotificationConfiguration(bucket: names.bucket, configuration: remaining)
        return true
    }

    /// Deletes every object (1000 per DeleteObjects call); returns how many.
    /// - Throws: `InfraError.bucketNotEmptied` listing the keys S3 refused.
    private func emptyBucket(_ bucket: String) async throws -> Int {
        let keys = try await clients.s3.listAllObjects(bucket: bucket).map(\.key)
        var failures: [String] = []
        var start = 0
        while start < keys.count {
            let chunk = Array(keys[start..<min(start + 1000, keys.count)])
            start += 1000
            let result = try await clients.s3.deleteObjects(bucket: bucket, keys: chunk)
            failures += result.failures.map { "\($0.key): \($0.code) \($0.message)" }
        }
        guard failures.isEmpty else { throw InfraError.bucketNotEmptied(bucket: bucket, failures: failures) }
        return keys.count
    }

    /// Waits until DescribeTable says the table no longer exists (it is DELETING for a while on AWS).
    private func waitForTableGone(_ names: PipelineNames, _ steps: StepLog) async throws {
        try await polling.wait(
            progress: { status, waited in steps.add(.table, names.table, .waiting("\(status) after \(waited) s")) },
            onTimeout: { status, waited in InfraError.tableNotReady(table: names.table, lastSeen: status, waitedSeconds: waited) }
        ) { () async throws -> (value: Bool?, progress: String) in
            let table = try await AbsentResource.orNil(AbsentResource.resourceNotFound) {
                try await clients.dynamoDB.describeTable(name: names.table)
            }
            return (table == nil ? true : nil, table?.tableStatus ?? "DELETING")
        }
    }
}
