import DetectClientKit
import Foundation
import Testing

/// Where each path ran and how: the emulator marking, per-run concurrency, workers or instances and machine, and
/// the like-for-like inference comparison on the sequential local run.
@Suite struct RunSettingTests {
    static let machine = MachineDescription(hostname: "bench-1", cores: 2, cpu: "Test CPU @ 2.0GHz", operatingSystem: "Linux")

    static func inputs(endpoint: CloudEndpoint?, sequential: Bool) throws -> ReportInputs {
        var inputs = try ReportInputs.load(directory: ReportTests.directory)
        inputs.local.summary.workers = 2
        inputs.local.summary.opencv = "4.6.0"
        inputs.local.summary.machine = machine
        inputs.cloud.summary.endpoint = endpoint
        inputs.cloud.summary.machine = machine
        inputs.cloud.summary.function = FunctionSettings(name: "yolo-offload-detect", memoryMB: 1024, architecture: "x86_64")
        inputs.cloud.summary.opencv = "4.14.0"
        if sequential {
            // The same local run, one request at a time, inference 30, 40 and 50 ms: mean 40.
            var run = inputs.local
            run.summary.concurrency = 1
            var values = [30.0, 40.0, 50.0].makeIterator()
            for index in run.images.indices where run.images[index].status == .ok {
                run.images[index].inferenceMilliseconds = values.next()
            }
            inputs.localSequential = run
        }
        return inputs
    }

    @Test func anEmulatorRunIsMarked() throws {
        let endpoint = CloudEndpoint(url: "http://127.0.0.1:4566", emulator: "MiniStack")
        #expect(endpoint.marking == "MiniStack at 127.0.0.1:4566: trigger and function timings are this machine's, not AWS's")
        let inputs = try Self.inputs(endpoint: endpoint, sequential: false)
        let report = DecisionReport(inputs: inputs, pricing: nil)
        #expect(report.setting.emulated)
        let markdown = MarkdownReport.render(report, inputs: inputs)
        #expect(markdown.contains("**Cloud half on an emulator — MiniStack at 127.0.0.1:4566: trigger and function timings are this machine's, not AWS's.**"))
        let html = HTMLReport.render(report, inputs: inputs)
        #expect(html.contains("<p class=\"marking emulated\">Cloud half on an emulator — MiniStack at 127.0.0.1:4566"))
        // The seed's AWS figure says it came from the emulator.
        #expect(report.seedTable.rows[1].basis.contains("on the emulator"))
    }

    @Test func anAWSRunIsNotMarked() throws {
        #expect(CloudEndpoint.aws.marking == "AWS (standard endpoints)")
        let report = DecisionReport(inputs: try Self.inputs(endpoint: .aws, sequential: false), pricing: nil)
        #expect(!report.setting.emulated)
        #expect(report.setting.runs.last?.machine.hasPrefix("AWS Lambda (yolo-offload-detect, 1024 MB, x86_64); detector on OpenCV 4.14.0") == true)
    }

    @Test func everyRunStatesConcurrencyServersAndMachine() throws {
        let endpoint = CloudEndpoint(url: "http://127.0.0.1:4566", emulator: "MiniStack")
        let report = DecisionReport(inputs: try Self.inputs(endpoint: endpoint, sequential: true), pricing: nil)
        let runs = report.setting.runs
        #expect(runs.map(\.name) == ["local, sequential", "local", "cloud"])
        #expect(runs.map(\.concurrency) == [1, 2, 8])
        // Local: the server's 2 workers; cloud: one instance per cold start (a.jpg's).
        #expect(runs.map(\.servers) == [2, 2, 1])
        // Each path's engine: its timings, and so the cost per image, depend on it.
        #expect(runs[0].machine == "bench-1 (2 cores, Test CPU @ 2.0GHz); detector on OpenCV 4.6.0")
        #expect(runs[2].machine.hasPrefix("this machine: bench-1 (2 cores, Test CPU @ 2.0GHz), function under the Lambda runtime emulator"))
        #expect(runs[2].machine.hasSuffix("; detector on OpenCV 4.14.0"))
        #expect(runs[2].endpoint == endpoint.marking)
    }

    @Test func inferenceIsComparedOnTheSequentialRun() throws {
        let inputs = try Self.inputs(endpoint: .aws, sequential: true)
        let report = DecisionReport(inputs: inputs, pricing: nil)
        // Sequential mean (30 + 40 + 50) / 3 = 40; at concurrency 2, (40 + 60 + 50) / 3 = 50; cloud 50.
        #expect(report.inference.localSequentialMilliseconds == 40)
        #expect(report.inference.localConcurrentMilliseconds == 50)
        #expect(report.inference.cloudMilliseconds == 50)
        #expect(report.inference.basis.hasPrefix("local at concurrency 1"))
        let markdown = MarkdownReport.render(report, inputs: inputs)
        #expect(markdown.contains("| average inference time, local one at a time (like for like) | 40.0 ms | 50.0 ms |\n"))
        #expect(markdown.contains("Inference, like for like: local 40.0 ms against the function's 50.0 ms"))
        // One line per figure on what it includes.
        let notes = Dictionary(uniqueKeysWithValues: report.figureNotes.map { ($0.figure, $0.includes) })
        #expect(notes["cloud end-to-end"]?.contains("S3's trigger delay") == true)
        #expect(notes["cloud end-to-end"]?.contains("up to one polling interval") == true)
        #expect(notes["local round trip"]?.contains("queueing") == true)
        #expect(notes["upload (S3 PutObject)"] != nil)
    }

    @Test func withoutASequentialRunTheReportSaysSo() throws {
        let report = DecisionReport(inputs: try Self.inputs(endpoint: .aws, sequential: false), pricing: nil)
        #expect(report.inference.localSequentialMilliseconds == nil)
        #expect(report.inference.basis.contains("no sequential run"))
    }

    @Test func cpuModelFromProcCpuinfo() {
        let text = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz\n"
        #expect(MachineDescription.cpuModel(cpuinfo: text) == "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz")
        #expect(MachineDescription.cpuModel(cpuinfo: "processor\t: 0\n") == nil)
    }
}
