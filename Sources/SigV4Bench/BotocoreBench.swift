import Foundation

/// botocore's signing rates, from `scripts/botocore_sign.py bench` timing its own loop (so process start-up is not
/// counted against it).
enum BotocoreBench {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// botocore's version and rates per kind name, under AWSKIT_PYTHON or <repo>/.venv-aws/bin/python; nil (with the
    /// reason said on `output`) when it cannot run.
    static func rates(seconds: Double, output: BenchOutput) -> (version: String, rates: [String: Double])? {
        let python = ProcessInfo.processInfo.environment["AWSKIT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? repositoryRoot.appendingPathComponent(".venv-aws/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            output.say("botocore: skipped, no Python at \(python) (set AWSKIT_PYTHON)")
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repositoryRoot.appendingPathComponent("scripts/botocore_sign.py").path, "bench", String(seconds)]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            output.say("botocore: could not start \(python): \(error)")
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            output.say("botocore: \(python) scripts/botocore_sign.py bench exited \(process.terminationStatus)")
            return nil
        }
        var rates: [String: Double] = [:]
        var version = "?"
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let name = object["name"] as? String, let rate = object["per_second"] as? Double
            {
                rates[name] = rate
                if let reported = object["botocore"] as? String, rates.count == 1 {
                    version = reported
                    output.say("botocore \(version) via \(python)")
                }
            }
        }
        return (version, rates)
    }
}
