import DetectionContract

/// What `up` did: every step in order, and whether any of them changed something.
public struct UpSummary: Sendable {
    public var names: PipelineNames
    public var steps: [StepReport]

    /// False when a second `up` found everything as wanted ("nothing to change").
    public var changedSomething: Bool { steps.contains { $0.outcome.isChange } }
}
