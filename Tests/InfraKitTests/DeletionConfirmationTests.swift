import InfraKit
import Testing

/// `down` deletes only when told to: --yes, or the prefix typed at a terminal; never by default in a script.
@Suite struct DeletionConfirmationTests {
    let names = try! PipelineNames(prefix: "p1", accountId: "123456789012", region: "us-east-1")

    @Test func yesProceedsWithOrWithoutATerminal() {
        #expect(DeletionConfirmation.decide(names: names, yes: true, inputIsTerminal: false) == .proceed)
        #expect(DeletionConfirmation.decide(names: names, yes: true, inputIsTerminal: true) == .proceed)
    }

    @Test func withoutATerminalItRefuses() {
        guard case .refuse(let reason) = DeletionConfirmation.decide(names: names, yes: false, inputIsTerminal: false) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(reason.contains("--yes"))
    }

    @Test func atATerminalItAsksAndNamesWhatGoes() {
        guard case .ask(let prompt) = DeletionConfirmation.decide(names: names, yes: false, inputIsTerminal: true) else {
            Issue.record("expected a question")
            return
        }
        for name in [names.bucket, names.table, names.repository, names.function, names.role, names.logGroup, "123456789012", "us-east-1"] {
            #expect(prompt.contains(name))
        }
        #expect(prompt.contains("log group /aws/lambda/p1-detect and its events"))
        guard case .ask(let keeping) = DeletionConfirmation.decide(names: names, yes: false, inputIsTerminal: true, keepLogs: true) else {
            Issue.record("expected a question")
            return
        }
        #expect(keeping.contains("log group /aws/lambda/p1-detect is kept"))
    }

    @Test func onlyThePrefixConfirms() {
        #expect(DeletionConfirmation.confirms(answer: "p1\n", names: names))
        #expect(DeletionConfirmation.confirms(answer: "  p1 ", names: names))
        for answer in ["y", "yes", "", "p", "p1x"] as [String?] + [nil] {
            #expect(!DeletionConfirmation.confirms(answer: answer, names: names))
        }
    }
}
