import AWSKitLite

/// Why `infractl up`, `status` or `down` stopped, in words that say what to do next. AWS's own refusals are
/// `AWSError`s and Docker's are `DockerError`s; these are the provisioner's. No message ever holds a secret.
public enum InfraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The function does not exist yet and no image was given to create it from.
    case noImageForNewFunction(function: String)
    /// The function did not reach State Active with LastUpdateStatus Successful within the wait.
    case functionNotReady(function: String, lastSeen: String, waitedSeconds: Int)
    /// Lambda reports the function (or its last update) as Failed.
    case functionFailed(function: String, state: String)
    /// A table did not become ACTIVE, or did not finish deleting, within the wait.
    case tableNotReady(table: String, lastSeen: String, waitedSeconds: Int)
    /// `--role-arn` names a role that does not exist (or is not an IAM role ARN).
    case roleNotFound(arn: String)
    /// A resource with our name exists but is not what `up` makes (and will not be changed in place).
    case resourceMismatch(resource: PipelineResource, name: String, detail: String)
    /// A setting outside what the service accepts (`allowed` names the service and its range).
    case invalidSetting(name: String, value: String, allowed: String)
    /// An `--env` entry that is not `KEY=VALUE` with a usable key.
    case invalidEnvironment(entry: String, reason: String)
    /// Some objects could not be deleted while emptying the bucket.
    case bucketNotEmptied(bucket: String, failures: [String])
    /// `down` was not confirmed.
    case deletionNotConfirmed(reason: String)
    /// AWS kept refusing a call for a reason that normally clears by itself (`TransientRefusal`) until the wait ran out.
    case stillRefused(waitingFor: String, waitedSeconds: Int, error: AWSError)

    public var description: String {
        switch self {
        case .noImageForNewFunction(let function):
            return "function \(function) does not exist yet: give --image-uri URI or --build to create it (nothing was created)"
        case .functionNotReady(let function, let lastSeen, let waited):
            return "function \(function) was not Active/Successful after \(waited) s (last seen: \(lastSeen)); run up again to keep waiting"
        case .functionFailed(let function, let state):
            return "function \(function) failed (\(state)); see its log group /aws/lambda/\(function), fix the cause and run up again"
        case .tableNotReady(let table, let lastSeen, let waited):
            return "table \(table) did not settle after \(waited) s (last seen: \(lastSeen)); run the command again"
        case .roleNotFound(let arn):
            return "role \(arn) given with --role-arn does not exist"
        case .resourceMismatch(let resource, let name, let detail):
            return "\(resource.rawValue) \(name) exists but \(detail); delete it (infractl down) or choose another --prefix"
        case .invalidSetting(let name, let value, let allowed):
            return "\(name) \(value) is out of range: \(allowed)"
        case .invalidEnvironment(let entry, let reason):
            return "--env '\(entry)': \(reason)"
        case .bucketNotEmptied(let bucket, let failures):
            return "bucket \(bucket) could not be emptied: " + failures.prefix(5).joined(separator: "; ")
                + (failures.count > 5 ? "; and \(failures.count - 5) more" : "")
        case .deletionNotConfirmed(let reason):
            return "nothing deleted: \(reason)"
        case .stillRefused(let waitingFor, let waited, let error):
            return "gave up after \(waited) s waiting while \(waitingFor): \(error.description); run up again (or raise --wait-timeout) to keep waiting"
        }
    }
}
