import Foundation
import Testing
import AWSKitLite

/// Our signer against botocore (the AWS CLI's signer) on 600 generated requests: byte-identical Authorization,
/// X-Amz-Date, X-Amz-Content-SHA256 and X-Amz-Security-Token, and 120 presigned URLs. botocore runs once, as
/// a subprocess (scripts/botocore_sign.py), with a fixed timestamp per request.
@Suite("SigV4 against botocore")
struct SigV4BotocoreDifferentialTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// AWSKIT_PYTHON, else <repo>/.venv-aws/bin/python; nil when neither exists.
    static func pythonInterpreter() -> String? {
        if let given = ProcessInfo.processInfo.environment["AWSKIT_PYTHON"], !given.isEmpty { return given }
        let venv = repositoryRoot.appendingPathComponent(".venv-aws/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }

    struct Generated {
        var request: HTTPRequest
        var signer: SigV4Signer
        var date: Date
        var payload: PayloadSigning
        var presignExpires: Int?
    }

    /// SplitMix64: a small seeded generator, so every run signs the same requests.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pathPieces = ["photos", "a b", "a+b", "x=y&z", "50%", "ü", "ሴ", "日本語", "😀", "$delete", "key:colon",
                             "star*", "~tilde", "semi;colon", "comma,", "at@", "bang!", "quote'", "(paren)", "hash#",
                             "q?", ".", "..", "", "UPPER", "dots.in.name", "-_.~", "tab\tx", "back\\slash"]
    static let queryPieces = ["prefix", "dir/", "a b", "+", "=", "&", "%2F", "ü", "😀", "", "list-type", "2", "Param",
                              "param", "X-Amz-Meta", "v/a/l", "*", "~", "~a", "Z", "_"]
    static let headerNames = ["X-Amz-Meta-Author", "x-amz-meta-author", "Content-Type", "My-Header", "x-custom",
                              "X-Amz-Target", "Range", "User-Agent", "Expect", "Content-MD5", "x-amz-acl"]
    static let headerValues = ["value", "  leading", "trailing   ", "in   between", "a\tb", " \t mixed \t  runs\t ",
                               "", "application/x-amz-json-1.0", "bytes=0-9", "\"quoted   string\"", "a,b"]
    static let services = ["dynamodb", "lambda", "sts", "iam", "ecr", "service"]
    static let regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1"]

    static func pick<T>(_ items: [T], _ rng: inout SeededGenerator) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }

    static func randomString(_ alphabet: String, count: Int, _ rng: inout SeededGenerator) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[Int.random(in: 0..<characters.count, using: &rng)] })
    }

    static func generate(count: Int, presign: Bool, seed: UInt64) -> [Generated] {
        var rng = SeededGenerator(state: seed)
        return (0..<count).map { _ in
            let isS3 = Bool.random(using: &rng)
            let service = isS3 ? "s3" : pick(services, &rng)
            let region = pick(regions, &rng)
            let secret = randomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", count: 40, &rng)
            var credentials = AWSCredentials(
                accessKeyId: "AKIA" + randomString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", count: 16, &rng), secretAccessKey: secret)
            if Int.random(in: 0..<10, using: &rng) < 4 {
                credentials.sessionToken = randomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
                                                        count: Int.random(in: 20...300, using: &rng), &rng)
            }
            let segments = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
                (0..<Int.random(in: 1...2, using: &rng)).map { _ in pick(pathPieces, &rng) }.joined()
            }
            var path = "/" + segments.joined(separator: "/")
            if Bool.random(using: &rng) && !segments.isEmpty { path += "/" }
            let query = (0..<Int.random(in: 0...4, using: &rng)).map { _ -> (name: String, value: String) in
                var name = pick(queryPieces, &rng) + pick(queryPieces, &rng)
                if name.isEmpty { name = "empty" }
                return (name, Int.random(in: 0..<4, using: &rng) == 0 ? "" : pick(queryPieces, &rng) + pick(queryPieces, &rng))
            }
            var headers: [(name: String, value: String)] = []
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                headers.append((pick(headerNames, &rng), pick(headerValues, &rng)))
            }
            let useHTTP = Int.random(in: 0..<5, using: &rng) == 0
            var request = HTTPRequest(
                method: pick(["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"], &rng),
                scheme: useHTTP ? "http" : "https",
                host: useHTTP ? "127.0.0.1" : (isS3 ? "bucket-\(Int.random(in: 1...99, using: &rng)).s3.\(region).amazonaws.com"
                                                   : "\(service).\(region).amazonaws.com"),
                port: useHTTP ? pick([4566, 5000, 80], &rng) : (Int.random(in: 0..<10, using: &rng) == 0 ? 8443 : nil),
                path: path, query: query, headers: headers,
                body: (0..<(Bool.random(using: &rng) ? Int.random(in: 1...300, using: &rng) : 0)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            if !presign {
                // Leftovers of an earlier attempt, which signing must replace.
                if Int.random(in: 0..<8, using: &rng) == 0 { request.headers.append(("Authorization", "AWS4-HMAC-SHA256 stale")) }
                if Int.random(in: 0..<8, using: &rng) == 0 { request.headers.append(("X-Amz-Date", "20000101T000000Z")) }
                if !isS3 && Int.random(in: 0..<10, using: &rng) == 0 {
                    request.headers.append(("X-Amz-Content-SHA256", randomString("0123456789abcdef", count: 64, &rng)))
                }
            }
            let date = Date(timeIntervalSince1970: TimeInterval(Int.random(in: 1_262_304_000...2_051_222_400, using: &rng)))
            let payload: PayloadSigning = Int.random(in: 0..<(isS3 ? 3 : 7), using: &rng) == 0 ? .unsigned : .signed
            return Generated(request: request, signer: SigV4Signer(credentials: credentials, region: region, service: service),
                             date: date, payload: payload,
                             presignExpires: presign ? pick([1, 60, 3600, 86_400, 604_800], &rng) : nil)
        }
    }

    /// Runs botocore over `cases` (as requests are before signing) and returns its results, in order.
    static func botocoreResults(_ cases: [Generated]) throws -> [[String: Any]] {
        guard let python = pythonInterpreter() else {
            throw ReferenceError(message: "no Python with botocore: set AWSKIT_PYTHON or create \(repositoryRoot.path)/.venv-aws")
        }
        let specs: [[String: Any]] = cases.map { item in
            var spec: [String: Any] = [
                "method": item.request.method, "url": item.request.urlString,
                "headers": item.request.headers.map { [$0.name, $0.value] },
                "body_hex": item.request.body.map { String(format: "%02x", $0) }.joined(),
                "service": item.signer.service, "region": item.signer.region,
                "access_key": item.signer.credentials.accessKeyId, "secret_key": item.signer.credentials.secretAccessKey,
                "token": item.signer.credentials.sessionToken as Any,
                "timestamp": SigningTimestamp(item.date).amzDate,
                "payload": item.payload == .unsigned ? "unsigned" : "signed",
            ]
            if let expires = item.presignExpires { spec["presign_expires"] = expires }
            return spec
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sigv4-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.json"), output = directory.appendingPathComponent("out.json")
        try JSONSerialization.data(withJSONObject: ["requests": specs]).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repositoryRoot.appendingPathComponent("scripts/botocore_sign.py").path, "sign", input.path, output.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReferenceError(message: "\(python) scripts/botocore_sign.py exited \(process.terminationStatus): \(errorText)")
        }
        let decoded = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any]
        guard let results = decoded?["results"] as? [[String: Any]], results.count == cases.count else {
            throw ReferenceError(message: "botocore_sign.py returned no results list of \(cases.count)")
        }
        return results
    }

    struct ReferenceError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    @Test func headerSignaturesMatchBotocore() throws {
        let cases = Self.generate(count: 600, presign: false, seed: 0x5167_5634)
        #expect(cases.filter { $0.signer.service == "s3" }.count > 200)
        #expect(cases.filter { $0.signer.credentials.sessionToken != nil }.count > 150)
        #expect(cases.filter { $0.payload == .unsigned }.count > 50)
        let results = try Self.botocoreResults(cases)
        var mismatches = 0
        for (item, reference) in zip(cases, results) {
            var request = item.request
            item.signer.sign(&request, date: item.date, payload: item.payload)
            let ours = [request.header("Authorization"), request.header("X-Amz-Date"),
                        request.header("X-Amz-Content-SHA256"), request.header("X-Amz-Security-Token")]
            let theirs = ["authorization", "x_amz_date", "x_amz_content_sha256", "x_amz_security_token"].map { reference[$0] as? String }
            if ours != theirs {
                mismatches += 1
                if mismatches <= 5 {
                    let stages = item.signer.signature(for: item.request, date: item.date, payload: item.payload)
                    let message: String = "mismatch for \(item.request.method) \(item.request.urlString) service "
                        + "\(item.signer.service)\nours:     \(ours)\nbotocore: \(theirs)\nour canonical request:\n"
                        + stages.canonicalRequest
                    Issue.record(Comment(rawValue: message))
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) signatures differ from botocore")
    }

    @Test func presignedURLsMatchBotocore() throws {
        // botocore's presigner folds repeated query names into one (parse_qs) and moves a body into the query:
        // keep names unique and bodies empty here (a presigned URL carries no body of its own).
        let cases = Self.generate(count: 120, presign: true, seed: 0x0051_6E65_4421).map { item -> Generated in
            var item = item
            item.request.body = []
            var seen = Set<String>()
            item.request.query = item.request.query.filter { seen.insert($0.name).inserted }
            return item
        }
        let results = try Self.botocoreResults(cases)
        for (item, reference) in zip(cases, results) {
            let ours = item.signer.presignedURL(for: item.request, date: item.date, expires: item.presignExpires!)
            #expect(ours == reference["url"] as? String)
        }
    }
}
