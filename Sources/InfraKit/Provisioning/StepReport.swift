/// One kind of resource of the pipeline, in the order `up` creates them (`down` deletes in reverse).
public enum PipelineResource: String, Sendable, Codable, CaseIterable {
    case bucket, repository, table
    case logGroup = "log-group"
    case role
    case rolePolicy = "role-policy"
    case image, function, permission, notification
}

/// What a step did, or found, to one resource.
public enum StepOutcome: Sendable, Equatable {
    /// It was missing and has been created.
    case created
    /// It was there, as wanted: nothing done.
    case exists
    /// It was there and has been changed; the text says what changed.
    case updated(String)
    /// Something given from outside is used as it is (an existing role, an image URI).
    case using(String)
    /// It was built or pushed (a container image).
    case published(String)
    /// Still converging (a function becoming Active, a table being deleted); the text says how far.
    case waiting(String)
    /// It has been deleted; the text, if any, adds what else went with it (e.g. "3 objects").
    case deleted(String?)
    /// It was already gone.
    case alreadyGone
    /// `down` left it in place as asked; the text says why.
    case kept(String)

    /// Whether the step changed anything in the account.
    public var isChange: Bool {
        switch self {
        case .created, .updated, .published, .deleted: return true
        case .exists, .using, .waiting, .alreadyGone, .kept: return false
        }
    }
}

/// A line of `up`/`down` progress: `bucket yolo-offload-images-123456789012-us-east-1: created`.
public struct StepReport: Sendable, Equatable, CustomStringConvertible {
    public var resource: PipelineResource
    public var name: String
    public var outcome: StepOutcome

    public init(resource: PipelineResource, name: String, outcome: StepOutcome) {
        self.resource = resource
        self.name = name
        self.outcome = outcome
    }

    public var description: String {
        let what: String
        switch outcome {
        case .created: what = "created"
        case .exists: what = "exists"
        case .updated(let change): what = "updated (\(change))"
        case .using(let detail): what = "using \(detail)"
        case .published(let detail): what = detail
        case .waiting(let detail): what = "waiting: \(detail)"
        case .deleted(let detail): what = "deleted" + (detail.map { " (\($0))" } ?? "")
        case .alreadyGone: what = "already gone"
        case .kept(let reason): what = "kept (\(reason))"
        }
        return "\(resource.rawValue) \(name): \(what)"
    }
}

/// Receives each step as it happens (printed by `infractl`, collected by tests).
public typealias StepReporter = @Sendable (StepReport) -> Void
