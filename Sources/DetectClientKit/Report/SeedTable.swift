/// The three figures the original study published (average inference time locally and on AWS, average upload
/// time), in its form, beside this run's. The study's own values are not recorded in this project, so they are
/// shown as not recorded rather than guessed.
public struct SeedTable: Encodable, Sendable, Equatable {
    public struct Row: Encodable, Sendable, Equatable {
        public var figure: String
        /// The original study's value, ms; nil: not recorded.
        public var seedMilliseconds: Double?
        /// This run's value, ms.
        public var thisRunMilliseconds: Double?
        /// Which of this run's figures it is.
        public var basis: String

        enum CodingKeys: String, CodingKey {
            case figure, seedMilliseconds = "seed_ms", thisRunMilliseconds = "this_run_ms", basis
        }
    }

    public var rows: [Row]
    public var seedNote: String

    enum CodingKeys: String, CodingKey {
        case rows, seedNote = "seed_note"
    }

    /// The original study's published values are not in this repository.
    static let seedNote = "The original study's published values are not recorded in this project; its column stays empty rather than guessed."

    init(localInference: Double?, localBasis: String, cloudInference: Double?, cloudBasis: String, upload: Double?) {
        rows = [
            Row(figure: "average inference time (local)", seedMilliseconds: nil, thisRunMilliseconds: localInference, basis: localBasis),
            Row(figure: "average inference time (AWS)", seedMilliseconds: nil, thisRunMilliseconds: cloudInference, basis: cloudBasis),
            Row(figure: "average upload time", seedMilliseconds: nil, thisRunMilliseconds: upload, basis: "S3 PutObject, mean over the images"),
        ]
        seedNote = Self.seedNote
    }
}
