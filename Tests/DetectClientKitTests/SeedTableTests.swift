import DetectClientKit
import Testing

/// The original study's three figures in its form, beside this run's; its own values are not recorded, and the
/// table says so rather than showing numbers.
@Suite struct SeedTableTests {
    @Test func theThreeFiguresBesideThisRuns() throws {
        let inputs = try RunSettingTests.inputs(endpoint: CloudEndpoint(url: "http://127.0.0.1:4566", emulator: "MiniStack"), sequential: true)
        let report = DecisionReport(inputs: inputs, pricing: nil)
        let rows = report.seedTable.rows
        #expect(rows.map(\.figure) == ["average inference time (local)", "average inference time (AWS)", "average upload time"])
        #expect(rows.allSatisfy { $0.seedMilliseconds == nil })
        // Local: the sequential mean 40; AWS: the function's mean (45 + 55) / 2 = 50; uploads (20 + 30 + 25) / 3 = 25.
        #expect(rows.map(\.thisRunMilliseconds) == [40, 50, 25])
        let markdown = MarkdownReport.render(report, inputs: inputs)
        #expect(markdown.contains("| average inference time (local) | not recorded | 40.0 ms | detect-server, one request at a time |\n"))
        #expect(markdown.contains("| average upload time | not recorded | 25.0 ms |"))
        #expect(markdown.contains("not recorded in this project"))
    }
}
