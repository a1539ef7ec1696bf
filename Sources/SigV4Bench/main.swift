// sigv4-bench: SigV4 signatures per second, AWSKitLite against botocore, on typical requests.
//
//   swift run -c release sigv4-bench [seconds-per-kind, default 2] [--no-botocore] [--json]
//
// With --json it prints one JSON object on stdout (the table goes to stderr): {"seconds_per_kind", "botocore", "kinds": [{"name",
// "awskitlite_per_second", "botocore_per_second", "ratio"}]} (botocore's fields null when it could not run).
//
// botocore runs as `scripts/botocore_sign.py bench` under AWSKIT_PYTHON or <repo>/.venv-aws/bin/python,
// timing its own loop, so process start-up is not counted against it.
import AWSKitLite
import Foundation

struct Kind {
    var name: String
    var request: HTTPRequest
    var signer: SigV4Signer
    var payload: PayloadSigning
}

let arguments = CommandLine.arguments.dropFirst()
let seconds = arguments.compactMap(Double.init).first ?? 2
let runBotocore = !arguments.contains("--no-botocore")
let printsJSON = arguments.contains("--json")

/// The human-readable lines: on stdout, or on stderr with --json, whose one object is stdout's only line.
func say(_ line: String) {
    if printsJSON {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    } else {
        print(line)
    }
}
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

let credentials = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
let s3 = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
let dynamoDB = SigV4Signer(credentials: credentials, region: "us-east-1", service: "dynamodb")
let item = #"{"TableName": "detections", "Item": {"image_key": {"S": "uploads/dog.jpg"}, "detections": {"S": "[{\"label\":\"dog\",\"score\":0.91}]"}}}"#
let kinds = [
    Kind(name: "s3-put-unsigned-payload",
         request: HTTPRequest(method: "PUT", host: "images.s3.us-east-1.amazonaws.com", path: "/uploads/dog 1.jpg",
                              headers: [("Content-Type", "image/jpeg")]),
         signer: s3, payload: .unsigned),
    Kind(name: "s3-put-signed-1KiB",
         request: HTTPRequest(method: "PUT", host: "images.s3.us-east-1.amazonaws.com", path: "/uploads/dog 1.jpg",
                              headers: [("Content-Type", "image/jpeg")], body: (0..<1024).map { UInt8($0 % 256) }),
         signer: s3, payload: .signed),
    Kind(name: "dynamodb-putitem",
         request: HTTPRequest(method: "POST", host: "dynamodb.us-east-1.amazonaws.com",
                              headers: [("Content-Type", "application/x-amz-json-1.0"),
                                        ("X-Amz-Target", "DynamoDB_20120810.PutItem")], body: Array(item.utf8)),
         signer: dynamoDB, payload: .signed),
]

/// Signs fresh copies of `kind.request` with the current time for about `seconds`; returns signatures per second.
func measure(_ kind: Kind) -> (count: Int, seconds: Double) {
    var checksum = 0
    var count = 0
    let clock = ContinuousClock()
    let start = clock.now
    let deadline = start + .milliseconds(Int(seconds * 1000))
    var now = start
    while now < deadline {
        for _ in 0..<1000 {
            var request = kind.request
            kind.signer.sign(&request, date: Date(), payload: kind.payload)
            checksum &+= request.headers.count
        }
        count += 1000
        now = clock.now
    }
    precondition(checksum > 0)
    let elapsed = now - start
    return (count, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

/// botocore's version and rates per kind name, from its own timed loop; nil (with the reason printed) when it cannot run.
func botocoreRates() -> (version: String, rates: [String: Double])? {
    let python = ProcessInfo.processInfo.environment["AWSKIT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
        ?? repositoryRoot.appendingPathComponent(".venv-aws/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: python) else {
        say("botocore: skipped, no Python at \(python) (set AWSKIT_PYTHON)")
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [repositoryRoot.appendingPathComponent("scripts/botocore_sign.py").path, "bench", String(seconds)]
    let output = Pipe()
    process.standardOutput = output
    do { try process.run() } catch {
        say("botocore: could not start \(python): \(error)")
        return nil
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        say("botocore: \(python) scripts/botocore_sign.py bench exited \(process.terminationStatus)")
        return nil
    }
    var rates: [String: Double] = [:]
    var version = "?"
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
           let name = object["name"] as? String, let rate = object["per_second"] as? Double {
            rates[name] = rate
            if let reported = object["botocore"] as? String, rates.count == 1 {
                version = reported
                say("botocore \(version) via \(python)")
            }
        }
    }
    return (version, rates)
}

func formatted(_ value: Double) -> String {
    let rounded = Int(value.rounded())
    var digits = String(rounded)
    var groups: [String] = []
    while digits.count > 3 { groups.insert(String(digits.suffix(3)), at: 0); digits.removeLast(3) }
    groups.insert(digits, at: 0)
    return groups.joined(separator: ",")
}

say("SigV4 signing, \(seconds) s per request kind, 1 thread")
var ours: [String: Double] = [:]
for kind in kinds {
    let (count, elapsed) = measure(kind)
    ours[kind.name] = Double(count) / elapsed
    say("awskitlite  \(kind.name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(formatted(Double(count) / elapsed)) signatures/s")
}
let botocore = runBotocore ? botocoreRates() : nil
if let theirs = botocore?.rates {
    for kind in kinds {
        guard let rate = theirs[kind.name], let mine = ours[kind.name] else { continue }
        let ratio = mine / rate
        say("botocore    \(kind.name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(formatted(rate)) signatures/s"
            + "   ratio \(String(Int((ratio * 10).rounded()) / 10)).\(Int((ratio * 10).rounded()) % 10)x")
    }
}

if printsJSON {
    let rows: [[String: Any]] = kinds.map { kind in
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
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { exit(1) }
    print(String(decoding: data, as: UTF8.self))
}
