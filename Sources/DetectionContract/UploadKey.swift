/// The upload key convention: `images/<id>/<original file name>`. `<id>` names the DynamoDB item the upload
/// produces, so a client that uploaded under an id knows which item to wait for.
public struct UploadKey: Sendable, Equatable {
    /// The folder every upload goes under; the bucket notification filters on it.
    public static let prefix = "images/"

    /// The item id: the path segment after `images/` (not empty, no `/`).
    public var id: String
    /// Everything after `images/<id>/` (not empty; may itself contain `/`).
    public var fileName: String

    /// Splits a decoded object key; nil when it is not `images/<id>/<file name>` with both parts non-empty.
    public init?(objectKey: String) {
        guard objectKey.hasPrefix(Self.prefix) else { return nil }
        let rest = objectKey.dropFirst(Self.prefix.count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let id = rest[..<slash]
        let fileName = rest[rest.index(after: slash)...]
        guard !id.isEmpty, !fileName.isEmpty else { return nil }
        self.id = String(id)
        self.fileName = String(fileName)
    }

    /// The object key for `fileName` uploaded under `id`.
    public static func objectKey(id: String, fileName: String) -> String {
        prefix + id + "/" + fileName
    }
}
