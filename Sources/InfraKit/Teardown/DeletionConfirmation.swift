import DetectionContract
import Foundation
/// Whether `down` may go ahead: `--yes` goes ahead; otherwise a person at a terminal is asked to type the
/// prefix, and without a terminal (a script, a pipe) `down` refuses rather than guess.
public enum DeletionConfirmation: Sendable, Equatable {
    case proceed
    /// Ask on the terminal; go ahead only if the answer is the prefix.
    case ask(prompt: String)
    case refuse(reason: String)

    /// The decision for `down` of `names` given `--yes` and whether standard input is a terminal.
    public static func decide(names: PipelineNames, yes: Bool, inputIsTerminal: Bool, keepLogs: Bool = false) -> DeletionConfirmation {
        if yes { return .proceed }
        guard inputIsTerminal else {
            return .refuse(reason: "standard input is not a terminal; pass --yes to delete without asking")
        }
        return .ask(prompt: "This deletes pipeline '\(names.prefix)' in account \(names.accountId), region \(names.region): "
            + "bucket \(names.bucket) and every object in it, table \(names.table) and every item, repository "
            + "\(names.repository) and its images, function \(names.function) and role \(names.role)"
            + (keepLogs ? " (log group \(names.logGroup) is kept)" : ", log group \(names.logGroup) and its events") + ".\n"
            + "Type the prefix (\(names.prefix)) to confirm: ")
    }

    /// Whether a typed answer confirms (the prefix, surrounding spaces ignored).
    public static func confirms(answer: String?, names: PipelineNames) -> Bool {
        answer?.trimmingCharacters(in: .whitespacesAndNewlines) == names.prefix
    }
}
