import AWSKitLite
import DetectionContract

/// `infractl status`: reads every resource of the pipeline without changing anything.
public struct PipelineInspector: Sendable {
    public let clients: PipelineClients

    public init(clients: PipelineClients) {
        self.clients = clients
    }

    /// The status of the pipeline named by `prefix`; with `roleArn`, that role stands in for `<prefix>-detect-role`
    /// (and its policies are not ours to check).
    /// - Throws: `AWSError` for a failure other than "not found", `PipelineNamesError`, `HTTPClientError`.
    public func status(prefix: String, roleArn: String? = nil) async throws -> PipelineStatus {
        let names = try await clients.names(prefix: prefix)
        var resources: [PipelineStatus.Resource] = []

        var bucket = PipelineStatus.Resource(resource: .bucket, name: names.bucket, present: try await clients.s3.bucketExists(names.bucket))
        if bucket.present {
            bucket.arn = names.bucketArn
            bucket.objectCount = try await clients.s3.listAllObjects(bucket: names.bucket).count
        }
        resources.append(bucket)

        var repository = PipelineStatus.Resource(resource: .repository, name: names.repository, present: false)
        if let found = try await AbsentResource.orNil(AbsentResource.ecr, {
            try await clients.ecr.describeRepositories(names: [names.repository]).first
        }), let found {
            repository.present = true
            repository.arn = found.repositoryArn
            repository.imageUri = found.repositoryUri
            repository.imageCount = try await clients.ecr.describeImages(repository: names.repository).count
        }
        resources.append(repository)

        var table = PipelineStatus.Resource(resource: .table, name: names.table, present: false)
        if let found = try await AbsentResource.orNil(AbsentResource.resourceNotFound, {
            try await clients.dynamoDB.describeTable(name: names.table)
        }) {
            table.present = true
            table.arn = found.tableArn
            table.tableStatus = found.tableStatus
            if found.tableStatus == nil || found.tableStatus == "ACTIVE" {
                table.itemCount = try await clients.dynamoDB.countItems(table: names.table)
            }
        }
        resources.append(table)

        var logGroup = PipelineStatus.Resource(resource: .logGroup, name: names.logGroup, present: false)
        if let found = try await clients.logs.describeLogGroups(namePrefix: names.logGroup).first(where: { $0.name == names.logGroup }) {
            logGroup.present = true
            logGroup.arn = found.arn
            logGroup.retentionDays = found.retentionInDays
            logGroup.storedBytes = found.storedBytes
        }
        resources.append(logGroup)

        resources += try await roleResources(names, roleArn: roleArn)

        var function = PipelineStatus.Resource(resource: .function, name: names.function, present: false)
        if let found = try await AbsentResource.orNil(AbsentResource.resourceNotFound, {
            try await clients.lambda.getFunction(name: names.function)
        }) {
            function.present = true
            function.arn = found.configuration.functionArn
            function.state = found.configuration.state
            function.lastUpdateStatus = found.configuration.lastUpdateStatus
            function.imageUri = found.imageUri
            function.memoryMB = found.configuration.memorySize
            function.timeoutSeconds = found.configuration.timeout
        }
        resources.append(function)
        let functionArn = function.arn ?? names.functionArn

        var permission = PipelineStatus.Resource(resource: .permission, name: names.permissionStatementId, present: false)
        if function.present, let policy = try await AbsentResource.orNil(AbsentResource.resourceNotFound, {
            try await clients.lambda.getPolicy(functionName: names.function)
        }) {
            switch PipelineTrigger.permissionState(policy: policy, names: names) {
            case .absent: break
            case .matches:
                permission.present = true
                permission.current = true
            case .differs(let detail):
                permission.present = true
                permission.current = false
                permission.detail = detail
            }
        }
        resources.append(permission)

        var notification = PipelineStatus.Resource(resource: .notification, name: names.notificationId, present: false)
        if bucket.present,
           let rule = PipelineTrigger.ourRule(in: try await clients.s3.getBucketNotificationConfiguration(bucket: names.bucket), names: names) {
            notification.present = true
            notification.current = PipelineTrigger.notificationMatches(rule, names: names, functionArn: functionArn)
            notification.arn = rule.destinationArn
            if notification.current == false {
                let filters = rule.filterRules.map { "\($0.name) \($0.value)" }.joined(separator: ", ")
                notification.detail = "invokes \(rule.destinationArn) on \(rule.events.joined(separator: ",")) for "
                    + (filters.isEmpty ? "any key" : filters)
            }
        }
        resources.append(notification)

        let wired = function.present && permission.current == true && notification.current == true
        return PipelineStatus(prefix: names.prefix, accountId: names.accountId, region: names.region,
                              resources: resources, triggerWired: wired)
    }

    /// The role row (and, for our own role, the inline policy row).
    private func roleResources(_ names: PipelineNames, roleArn: String?) async throws -> [PipelineStatus.Resource] {
        if let roleArn {
            var role = PipelineStatus.Resource(resource: .role, name: roleName(fromArn: roleArn) ?? roleArn, present: false)
            if let name = roleName(fromArn: roleArn),
               let found = try await AbsentResource.orNil(AbsentResource.iam, { try await clients.iam.getRole(name: name) }) {
                role.present = true
                role.arn = found.arn
                role.detail = "given with --role-arn"
            }
            return [role]
        }
        var role = PipelineStatus.Resource(resource: .role, name: names.role, present: false)
        if let found = try await AbsentResource.orNil(AbsentResource.iam, { try await clients.iam.getRole(name: names.role) }) {
            role.present = true
            role.arn = found.arn
        }
        var policy = PipelineStatus.Resource(resource: .rolePolicy, name: names.rolePolicy, present: false)
        if role.present, let document = try await AbsentResource.orNil(AbsentResource.iam, {
            try await clients.iam.getRolePolicy(roleName: names.role, policyName: names.rolePolicy)
        }) {
            policy.present = true
            policy.current = (try? IAMPolicyDocument.parse(document)) == DetectFunctionPolicies.permissionsPolicy(for: names)
            if policy.current == false { policy.detail = "differs from the least-privilege policy up writes" }
        }
        return [role, policy]
    }
}
