/// One line per figure saying what it includes (queueing, upload, trigger delay, polling granularity), shown
/// under the table and carried in `report --json`.
public struct FigureNote: Encodable, Sendable, Equatable {
    public var figure: String
    public var includes: String

    /// The notes for a report whose local run had `concurrency` requests in flight on `workers` detectors.
    static func all(localConcurrency: Int, workers: Int?, hasSequential: Bool, uploadConcurrency: Int) -> [FigureNote] {
        let pool = workers.map { "\($0) worker\($0 == 1 ? "" : "s")" } ?? "the server's workers"
        return [
            FigureNote(figure: "local inference, sequential",
                       includes: "the server's own decode-to-postprocess time with one request at a time: the image has the machine's cores to itself; the inference comparison uses it"
                           + (hasSequential ? "" : " (not measured in this run: the local figures are at the chosen concurrency)")),
            FigureNote(figure: "local inference at concurrency \(localConcurrency)",
                       includes: "the same, with \(localConcurrency) requests in flight on \(pool): concurrent images share the cores, so each takes longer"),
            FigureNote(figure: "local round trip",
                       includes: "the client's POST (base64 body over the network) to the parsed reply: queueing for a free worker, decode, inference, reply"),
            FigureNote(figure: "cloud inference",
                       includes: "the function's own decode-to-postprocess time; each instance handles one event at a time"),
            FigureNote(figure: "upload (S3 PutObject)",
                       includes: "the client's PutObject call, \(uploadConcurrency) uploads in flight: network transfer and S3's acknowledgement"),
            FigureNote(figure: "cloud end-to-end",
                       includes: "upload start to the first poll that saw the item: upload, S3's trigger delay, queueing for a free function instance, any cold start, GetObject, inference, PutItem, and up to one polling interval (50 ms to 1 s)"),
            FigureNote(figure: "throughput",
                       includes: "successful images over the run's wall time (local: first request to last reply; cloud: first upload to the last item seen)"),
        ]
    }
}
