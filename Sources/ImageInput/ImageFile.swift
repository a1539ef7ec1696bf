import Foundation

/// One input image: its file name (as the results and the upload key name it) and its bytes.
public struct ImageFile: Sendable, Equatable {
    /// The file name without its folder (`dog.jpg`).
    public var name: String
    /// The JPEG or PNG bytes, as read from disk.
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    /// `image/png` for `.png` names, else `image/jpeg`.
    public var contentType: String {
        name.lowercased().hasSuffix(".png") ? "image/png" : "image/jpeg"
    }
}
