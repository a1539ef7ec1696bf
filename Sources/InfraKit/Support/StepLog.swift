import Synchronization

/// Collects step reports in order while passing each one on as it happens.
final class StepLog: Sendable {
    private let forward: StepReporter
    private let steps = Mutex<[StepReport]>([])

    init(forward: @escaping StepReporter) {
        self.forward = forward
    }

    func add(_ report: StepReport) {
        steps.withLock { $0.append(report) }
        forward(report)
    }

    func add(_ resource: PipelineResource, _ name: String, _ outcome: StepOutcome) {
        add(StepReport(resource: resource, name: name, outcome: outcome))
    }

    var all: [StepReport] { steps.withLock { $0 } }
}
