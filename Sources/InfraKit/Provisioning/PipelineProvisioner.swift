import AWSKitLite
import DetectionContract

/// `infractl up`: creates what is missing, in order (bucket, repository, table, log group, role and policy, image,
/// function, permission, notification), reporting each step as it happens. Every step looks before it acts, so a
/// second run changes nothing and a failed run can simply be run again.
public struct PipelineProvisioner: Sendable {
    public let clients: PipelineClients
    public var polling: Polling

    public init(clients: PipelineClients, polling: Polling = Polling()) {
        self.clients = clients
        self.polling = polling
    }

    /// Brings the pipeline named by `prefix` to what `options` describe.
    /// Before creating anything it checks what could make it stop half-way: a first run without an image, a
    /// `--build` without a Docker engine, an `--image-uri` Lambda would not run (`FunctionImageCheck`), an
    /// `--role-arn` that does not exist, settings out of range. A `--build` image is checked the same way after the
    /// push, before the function uses it.
    /// - Throws: `InfraError`, `FunctionImageError`, `DockerError`, `PipelineNamesError`, `AWSError` (the failing
    ///   call), `HTTPClientError`.
    @discardableResult
    public func up(prefix: String, options: UpOptions, report: @escaping StepReporter) async throws -> UpSummary {
        let names = try await clients.names(prefix: prefix)
        let steps = StepLog(forward: report)
        try options.function.validate()
        try LogRetention.validate(options.logRetentionDays)

        // Preflight: nothing is created unless every precondition holds.
        let existingFunction = try await AbsentResource.orNil(AbsentResource.resourceNotFound) {
            try await clients.lambda.getFunction(name: names.function)
        }
        if existingFunction == nil && options.image == nil {
            throw InfraError.noImageForNewFunction(function: names.function)
        }
        if case .build = options.image { try await options.docker.checkEngine() }
        if let roleArn = options.roleArn {
            guard let name = roleName(fromArn: roleArn),
                  try await AbsentResource.orNil(AbsentResource.iam, { try await clients.iam.getRole(name: name) }) != nil
            else { throw InfraError.roleNotFound(arn: roleArn) }
        }
        let imageCheck = FunctionImageCheck(ecr: clients.ecr, names: names)
        var givenImage: FunctionImage?
        if case .uri(let uri) = options.image {
            givenImage = try await imageCheck.check(uri, architecture: options.function.architecture)
        }

        try await ensureBucket(names, steps)
        let repository = try await ensureRepository(names, steps)
        try await ensureTable(names, steps)
        try await ensureLogGroup(names, retentionDays: options.logRetentionDays, steps)
        let roleArn = try await ensureRole(names, roleArn: options.roleArn, steps)

        var imageUri: String?
        switch options.image {
        case .uri(let uri):
            imageUri = uri
            steps.add(.image, uri, .using("the given image: " + (givenImage?.summary ?? "")))
        case .build(let build):
            let pushed = try await ImagePublisher(ecr: clients.ecr, docker: options.docker)
                .publish(build, repository: repository, architecture: options.function.architecture, report: steps.add)
            let checked = try await imageCheck.check(pushed, architecture: options.function.architecture)
            steps.add(.image, pushed, .using("the pushed image: " + checked.summary))
            imageUri = pushed
        case nil:
            break
        }

        let functionArn = try await ensureFunction(names, existing: existingFunction, imageUri: imageUri, roleArn: roleArn,
                                                   spec: options.function, steps)
        try await ensurePermission(names, steps)
        try await ensureNotification(names, functionArn: functionArn, steps)
        return UpSummary(names: names, steps: steps.all)
    }

    // MARK: Steps

    private func ensureBucket(_ names: PipelineNames, _ steps: StepLog) async throws {
        let exists: Bool
        do {
            exists = try await clients.s3.bucketExists(names.bucket)
        } catch let error as AWSError where error.statusCode == 403 {
            // Bucket names are global: a 403 on HEAD means the name is taken by an account we cannot read.
            throw InfraError.resourceMismatch(resource: .bucket, name: names.bucket,
                                              detail: "is not accessible to this account (HeadBucket: HTTP 403), so the name may belong to another account")
        }
        if exists {
            steps.add(.bucket, names.bucket, .exists)
            return
        }
        do {
            try await clients.s3.createBucket(names.bucket)
            steps.add(.bucket, names.bucket, .created)
        } catch let error as AWSError where error.code == "BucketAlreadyOwnedByYou" {
            steps.add(.bucket, names.bucket, .exists)
        }
    }

    private func ensureRepository(_ names: PipelineNames, _ steps: StepLog) async throws -> ECRRepository {
        if let repository = try await AbsentResource.orNil(AbsentResource.ecr, {
            try await clients.ecr.describeRepositories(names: [names.repository]).first
        }), let repository {
            steps.add(.repository, names.repository, .exists)
            return repository
        }
        let repository = try await clients.ecr.createRepository(name: names.repository)
        steps.add(.repository, names.repository, .created)
        return repository
    }

    private func ensureTable(_ names: PipelineNames, _ steps: StepLog) async throws {
        if let table = try await AbsentResource.orNil(AbsentResource.resourceNotFound, {
            try await clients.dynamoDB.describeTable(name: names.table)
        }) {
            if let keySchema = table.keySchema,
               keySchema.map({ "\($0.attributeName) \($0.keyType)" }) != ["\(DetectionItem.partitionKey) HASH"] {
                let found = keySchema.map { "\($0.attributeName) \($0.keyType)" }.joined(separator: ", ")
                throw InfraError.resourceMismatch(resource: .table, name: names.table,
                                                  detail: "its key is [\(found)], not [\(DetectionItem.partitionKey) HASH]")
            }
            steps.add(.table, names.table, .exists)
            if table.tableStatus != nil && table.tableStatus != "ACTIVE" { try await waitForTableActive(names, steps) }
            return
        }
        let created = try await clients.dynamoDB.createTable(
            name: names.table, key: [DynamoDBKeyAttribute(name: DetectionItem.partitionKey, type: .string, role: .partition)])
        steps.add(.table, names.table, .created)
        if created.tableStatus != "ACTIVE" { try await waitForTableActive(names, steps) }
    }

    private func waitForTableActive(_ names: PipelineNames, _ steps: StepLog) async throws {
        try await polling.wait(
            progress: { status, waited in steps.add(.table, names.table, .waiting("\(status) after \(waited) s")) },
            onTimeout: { status, waited in InfraError.tableNotReady(table: names.table, lastSeen: status, waitedSeconds: waited) }
        ) { () async throws -> (value: Bool?, progress: String) in
            let status = try await clients.dynamoDB.describeTable(name: names.table).tableStatus ?? "ACTIVE"
            return (status == "ACTIVE" ? true : nil, status)
        }
    }

    /// The function's log group with `retentionDays`, created before the function so that Lambda does not create it
    /// on first use without a retention.
    private func ensureLogGroup(_ names: PipelineNames, retentionDays: Int, _ steps: StepLog) async throws {
        let existing = try await clients.logs.describeLogGroups(namePrefix: names.logGroup).first { $0.name == names.logGroup }
        if let existing {
            if existing.retentionInDays == retentionDays {
                steps.add(.logGroup, names.logGroup, .exists)
            } else {
                try await clients.logs.putRetentionPolicy(logGroup: names.logGroup, days: retentionDays)
                let was = existing.retentionInDays.map { "\($0) days" } ?? "kept forever"
                steps.add(.logGroup, names.logGroup, .updated("retention \(was) -> \(retentionDays) days"))
            }
            return
        }
        do {
            try await clients.logs.createLogGroup(name: names.logGroup)
        } catch let error as AWSError where error.code == "ResourceAlreadyExistsException" {}
        try await clients.logs.putRetentionPolicy(logGroup: names.logGroup, days: retentionDays)
        steps.add(.logGroup, names.logGroup, .created)
    }

    /// The role's ARN: the given one, or `<prefix>-detect-role` (created if missing) with its inline policy
    /// written if missing or different.
    private func ensureRole(_ names: PipelineNames, roleArn given: String?, _ steps: StepLog) async throws -> String {
        if let given {
            steps.add(.role, given, .using("the role given with --role-arn"))
            return given
        }
        let role: IAMRole
        if let existing = try await AbsentResource.orNil(AbsentResource.iam, { try await clients.iam.getRole(name: names.role) }) {
            role = existing
            steps.add(.role, names.role, .exists)
        } else {
            role = try await clients.iam.createRole(name: names.role,
                                                    assumeRolePolicyDocument: DetectFunctionPolicies.trustPolicy().json(),
                                                    description: "Runs the \(names.function) Lambda function (infractl)")
            steps.add(.role, names.role, .created)
        }

        let wanted = DetectFunctionPolicies.permissionsPolicy(for: names)
        let current = try await AbsentResource.orNil(AbsentResource.iam) {
            try await clients.iam.getRolePolicy(roleName: names.role, policyName: names.rolePolicy)
        }
        if let current, (try? IAMPolicyDocument.parse(current)) == wanted {
            steps.add(.rolePolicy, names.rolePolicy, .exists)
        } else {
            try await clients.iam.putRolePolicy(roleName: names.role, policyName: names.rolePolicy, policyDocument: wanted.json())
            steps.add(.rolePolicy, names.rolePolicy, current == nil ? .created : .updated("policy document"))
        }
        return role.arn
    }

    /// Creates or updates the function, then waits until it is Active and its last update Successful.
    /// Returns its ARN.
    private func ensureFunction(
        _ names: PipelineNames, existing: LambdaFunction?, imageUri: String?, roleArn: String, spec: DetectFunctionSpec,
        _ steps: StepLog
    ) async throws -> String {
        guard let existing else {
            guard let image = imageUri else { throw InfraError.noImageForNewFunction(function: names.function) }
            let settings = spec.settings(for: names, roleArn: roleArn)
            let created = try await retryingFunctionCall(names, steps, while: [.roleNotYetAssumable]) {
                try await clients.lambda.createFunction(name: names.function, imageUri: image, settings: settings)
            }
            steps.add(.function, names.function, .created)
            let ready = try await waitForFunctionReady(names, steps)
            return ready.configuration.functionArn ?? created.functionArn ?? names.functionArn
        }

        if let packageType = existing.configuration.packageType, packageType != "Image" {
            throw InfraError.resourceMismatch(resource: .function, name: names.function, detail: "it is a \(packageType) function, not a container image")
        }
        let architecture = existing.configuration.architectures?.first ?? "x86_64"
        if architecture != spec.architecture {
            throw InfraError.resourceMismatch(resource: .function, name: names.function,
                                              detail: "it runs on \(architecture), not \(spec.architecture)")
        }
        // An Inactive function is updated as it is: it becomes Active only through an update (or an invocation).
        var current = existing
        if current.configuration.state != "Inactive" && !Self.isReady(current.configuration) {
            current = try await waitForFunctionReady(names, steps)
        }
        let plan = FunctionUpdatePlan(current: current, imageUri: imageUri, spec: spec, names: names, roleArn: roleArn)
        if let code = plan.code {
            try await retryingFunctionCall(names, steps, while: [.functionUpdateInProgress]) {
                _ = try await clients.lambda.updateFunctionCode(name: names.function, imageUri: code.imageUri)
            }
            steps.add(.function, names.function, .updated(code.description))
            current = try await waitForFunctionReady(names, steps)
        }
        if !plan.configurationDifferences.isEmpty {
            let settings = spec.settings(for: names, roleArn: roleArn).withoutArchitectures
            try await retryingFunctionCall(names, steps, while: [.roleNotYetAssumable, .functionUpdateInProgress]) {
                _ = try await clients.lambda.updateFunctionConfiguration(name: names.function, settings: settings)
            }
            steps.add(.function, names.function, .updated(plan.configurationDifferences.joined(separator: "; ")))
            current = try await waitForFunctionReady(names, steps)
        }
        if plan.isEmpty { steps.add(.function, names.function, .exists) }
        return current.configuration.functionArn ?? names.functionArn
    }

    /// `call`, tried again while Lambda refuses it for one of `refusals` (within `--wait-timeout`, with backoff),
    /// each wait reported as the function's progress.
    private func retryingFunctionCall<Value: Sendable>(
        _ names: PipelineNames, _ steps: StepLog, while refusals: [TransientRefusal], _ call: () async throws -> Value
    ) async throws -> Value {
        try await polling.retrying(while: refusals, progress: { waitingFor, waited in
            steps.add(.function, names.function, .waiting("\(waitingFor) after \(waited) s"))
        }, call)
    }

    static func isReady(_ configuration: LambdaFunctionConfiguration) -> Bool {
        (configuration.state ?? "Active") == "Active" && (configuration.lastUpdateStatus ?? "Successful") == "Successful"
    }

    private func waitForFunctionReady(_ names: PipelineNames, _ steps: StepLog) async throws -> LambdaFunction {
        try await polling.wait(
            progress: { status, waited in steps.add(.function, names.function, .waiting("\(status) after \(waited) s")) },
            onTimeout: { status, waited in InfraError.functionNotReady(function: names.function, lastSeen: status, waitedSeconds: waited) }
        ) { () async throws -> (value: LambdaFunction?, progress: String) in
            let function = try await clients.lambda.getFunction(name: names.function)
            let state = function.configuration.state ?? "Active", update = function.configuration.lastUpdateStatus ?? "Successful"
            let status = "State \(state), LastUpdateStatus \(update)"
            if state == "Failed" || update == "Failed" { throw InfraError.functionFailed(function: names.function, state: status) }
            return (Self.isReady(function.configuration) ? function : nil, status)
        }
    }

    private func ensurePermission(_ names: PipelineNames, _ steps: StepLog) async throws {
        let policy = try await AbsentResource.orNil(AbsentResource.resourceNotFound) {
            try await clients.lambda.getPolicy(functionName: names.function)
        }
        let state = policy.map { PipelineTrigger.permissionState(policy: $0, names: names) } ?? .absent
        switch state {
        case .matches:
            steps.add(.permission, names.permissionStatementId, .exists)
        case .absent:
            try await clients.lambda.addPermission(functionName: names.function, permission: PipelineTrigger.permission(for: names))
            steps.add(.permission, names.permissionStatementId, .created)
        case .differs(let detail):
            try await clients.lambda.removePermission(functionName: names.function, statementId: names.permissionStatementId)
            try await clients.lambda.addPermission(functionName: names.function, permission: PipelineTrigger.permission(for: names))
            steps.add(.permission, names.permissionStatementId, .updated("was \(detail)"))
        }
    }

    /// Adds or replaces our rule in the bucket's notification configuration, keeping every rule that is not ours
    /// (queues, topics, other functions) and the EventBridge setting: PutBucketNotificationConfiguration replaces
    /// the whole configuration.
    private func ensureNotification(_ names: PipelineNames, functionArn: String, _ steps: StepLog) async throws {
        let configuration = try await clients.s3.getBucketNotificationConfiguration(bucket: names.bucket)
        let ours = PipelineTrigger.ourRule(in: configuration, names: names)
        if let ours, PipelineTrigger.notificationMatches(ours, names: names, functionArn: functionArn) {
            steps.add(.notification, names.notificationId, .exists)
            return
        }
        let updated = PipelineTrigger.addingOurRule(to: configuration, names: names, functionArn: functionArn)
        try await polling.retrying(while: [.notificationDestinationNotYetValid], progress: { waitingFor, waited in
            steps.add(.notification, names.notificationId, .waiting("\(waitingFor) after \(waited) s"))
        }) {
            try await clients.s3.putBucketNotificationConfiguration(bucket: names.bucket, configuration: updated)
        }
        steps.add(.notification, names.notificationId, ours == nil ? .created : .updated("rule rewritten"))
    }
}

extension LambdaFunctionSettings {
    /// The same settings without the architecture (UpdateFunctionConfiguration cannot change it).
    var withoutArchitectures: LambdaFunctionSettings {
        var copy = self
        copy.architectures = nil
        return copy
    }
}
