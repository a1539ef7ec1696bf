import DetectionContract

/// What became of one image: detected (`ok`), refused or errored (`failed`), or never seen in the table before
/// the timeout (`missing`, cloud runs only).
public enum ImageStatus: String, Codable, Sendable, Equatable {
    case ok
    case failed
    case missing
}

extension ImageStatus {
    /// The status a function's item reports.
    init(_ status: DetectionItem.Status) {
        switch status {
        case .ok: self = .ok
        case .failed: self = .failed
        }
    }
}
