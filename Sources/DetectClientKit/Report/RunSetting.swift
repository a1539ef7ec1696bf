/// How and where each path ran, stated beside its figures so unlike things are not compared: per run, the
/// requests in flight, the workers or function instances that served them, the machine, and the endpoint. A cloud
/// run against an emulator is marked as such.
public struct RunSetting: Encodable, Sendable, Equatable {
    /// One measured run.
    public struct Run: Encodable, Sendable, Equatable {
        /// `local, sequential`, `local`, or `cloud`.
        public var name: String
        /// Requests (local) or uploads (cloud) in flight at once.
        public var concurrency: Int
        /// Detector workers (local) or function instances that handled events (cloud: one per cold start); nil
        /// when unknown.
        public var servers: Int?
        /// What `servers` counts, in words.
        public var serversDescription: String
        public var machine: String
        public var endpoint: String

        enum CodingKeys: String, CodingKey {
            case name, concurrency, servers, serversDescription = "servers_description", machine, endpoint
        }
    }

    public var runs: [Run]
    /// True when the cloud half ran on an emulator.
    public var emulated: Bool
    /// `MiniStack at 127.0.0.1:4566: trigger and function timings are this machine's, not AWS's`, or `AWS ...`.
    public var cloudMarking: String

    enum CodingKeys: String, CodingKey {
        case runs, emulated, cloudMarking = "cloud_marking"
    }

    public init(local: LocalRunResults, sequential: LocalRunResults?, cloud: AWSRunResults) {
        func localRun(_ results: LocalRunResults, name: String) -> Run {
            let summary = results.summary
            let workers = summary.workers.map { "detector worker\($0 == 1 ? "" : "s") sharing the machine's cores" }
            return Run(name: name, concurrency: summary.concurrency, servers: summary.workers,
                       serversDescription: workers ?? "detector workers not reported by the server",
                       machine: (summary.machine?.summary ?? "not recorded") + "; " + Self.engine(summary.opencv),
                       endpoint: summary.endpoint)
        }
        var runs: [Run] = []
        if let sequential { runs.append(localRun(sequential, name: "local, sequential")) }
        runs.append(localRun(local, name: "local"))

        let summary = cloud.summary
        let endpoint = summary.endpoint ?? CloudEndpoint(url: nil, emulator: nil)
        emulated = endpoint.isEmulator
        cloudMarking = summary.endpoint?.marking ?? "endpoint not recorded"
        let instances = cloud.images.filter { $0.coldStart == true }.count
        let function = summary.function.map { "\($0.name), \($0.memoryMB) MB, \($0.architecture)" } ?? "function settings not recorded"
        let machine = emulated
            ? "this machine\(summary.machine.map { ": " + $0.summary } ?? ""), function under the Lambda runtime emulator (\(function)); \(Self.engine(summary.opencv))"
            : "AWS Lambda (\(function)); \(Self.engine(summary.opencv)); client on \(summary.machine?.summary ?? "an unrecorded machine")"
        runs.append(Run(name: "cloud", concurrency: summary.concurrency, servers: instances,
                        serversDescription: "function instances (one per cold start), each one event at a time",
                        machine: machine, endpoint: cloudMarking))
        self.runs = runs
    }

    /// The detector's engine in words: its timings (and so the cost per image) depend on it.
    static func engine(_ opencv: String?) -> String {
        opencv.map { "detector on OpenCV \($0)" } ?? "OpenCV version not recorded"
    }
}
