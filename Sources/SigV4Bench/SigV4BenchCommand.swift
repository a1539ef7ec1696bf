import AWSKitLite
import ArgumentParser
import Foundation

/// `sigv4-bench`: SigV4 signatures per second, AWSKitLite against botocore, on typical requests.
@main
struct SigV4BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigv4-bench",
        abstract: "SigV4 signatures per second, AWSKitLite against botocore, on typical requests.",
        discussion: """
            With --json it prints one JSON object on stdout (the table goes to stderr): {"seconds_per_kind", \
            "botocore", "kinds": [{"name", "awskitlite_per_second", "botocore_per_second", "ratio"}]} (botocore's \
            fields null when it could not run).

            botocore runs as `scripts/botocore_sign.py bench` under AWSKIT_PYTHON or <repo>/.venv-aws/bin/python, \
            timing its own loop, so process start-up is not counted against it.

            Examples:
              swift run -c release sigv4-bench
              swift run -c release sigv4-bench 2 --json
            """)

    @Argument(help: "Seconds to sign each request kind for.")
    var seconds: Double = 2

    @Flag(inversion: .prefixedNo, help: "Time botocore's signer too.")
    var botocore = true

    @Flag(help: "Print one JSON object on stdout; the table goes to stderr.")
    var json = false

    func validate() throws {
        guard seconds > 0, seconds.isFinite else { throw ValidationError("seconds must be a positive number") }
    }

    func run() throws {
        let output = BenchOutput(printsJSON: json)
        output.say("SigV4 signing, \(seconds) s per request kind, 1 thread")
        var ours: [String: Double] = [:]
        for kind in SigningKind.all {
            let (count, elapsed) = kind.measure(seconds: seconds)
            ours[kind.name] = Double(count) / elapsed
            output.say("awskitlite  \(kind.name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(formatted(Double(count) / elapsed)) signatures/s")
        }
        let botocore = self.botocore ? BotocoreBench.rates(seconds: seconds, output: output) : nil
        if let theirs = botocore?.rates {
            for kind in SigningKind.all {
                guard let rate = theirs[kind.name], let mine = ours[kind.name] else { continue }
                let ratio = mine / rate
                output.say("botocore    \(kind.name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(formatted(rate)) signatures/s"
                    + "   ratio \(String(Int((ratio * 10).rounded()) / 10)).\(Int((ratio * 10).rounded()) % 10)x")
            }
        }

        if json {
            let rows: [[String: Any]] = SigningKind.all.map { kind in
                let theirs = botocore?.rates[kind.name]
                return [
                    "name": kind.name, "awskitlite_per_second": ours[kind.name] ?? 0,
                    "botocore_per_second": theirs as Any? ?? NSNull(),
                    "ratio": theirs.map { (ours[kind.name] ?? 0) / $0 } as Any? ?? NSNull(),
                ]
            }
            let object: [String: Any] = [
                "seconds_per_kind": seconds, "botocore": botocore?.version as Any? ?? NSNull(), "kinds": rows,
            ]
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
                throw ExitCode.failure
            }
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// `1234567.8` → `1,234,568`.
    private func formatted(_ value: Double) -> String {
        let rounded = Int(value.rounded())
        var digits = String(rounded)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        return groups.joined(separator: ",")
    }
}

/// Where the human-readable lines go: stdout, or stderr with --json, whose one object is stdout's only line.
struct BenchOutput {
    var printsJSON: Bool

    func say(_ line: String) {
        if printsJSON {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        } else {
            print(line)
        }
    }
}
