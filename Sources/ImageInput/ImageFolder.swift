import Foundation

/// Finds the images a run reads: every regular file in one folder (not its subfolders) whose name ends in
/// `.jpg`, `.jpeg` or `.png` (any case) and does not start with a dot, sorted by name in byte order so runs are
/// repeatable. The one rule for every program that reads a folder of images (client, profiler, ceiling, tests), so
/// they all measure the same images.
public enum ImageFolder {
    /// The file names that qualify, sorted; the folder's other files are ignored.
    /// - Throws: `ImageFolderError.notAFolder` when `path` is missing or not a directory, `.empty` when no file qualifies.
    public static func imageNames(in path: String) throws(ImageFolderError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ImageFolderError.notAFolder(path: path)
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw ImageFolderError.unreadable(path: path, reason: error.localizedDescription)
        }
        let names = entries.filter { name in
            let lower = name.lowercased()
            guard lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg") || lower.hasSuffix(".png"), !name.hasPrefix(".") else {
                return false
            }
            var entryIsDirectory: ObjCBool = false
            let full = (path as NSString).appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: full, isDirectory: &entryIsDirectory) && !entryIsDirectory.boolValue
        }
        guard !names.isEmpty else { throw ImageFolderError.empty(path: path) }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Every qualifying image with its bytes, in `imageNames(in:)` order.
    /// - Throws: `ImageFolderError` as `imageNames(in:)`, or `.unreadable` naming the file that could not be read.
    public static func load(from path: String) throws(ImageFolderError) -> [ImageFile] {
        try imageNames(in: path).map { name throws(ImageFolderError) in
            let full = (path as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: full) else {
                throw ImageFolderError.unreadable(path: full, reason: "cannot read the file")
            }
            return ImageFile(name: name, bytes: [UInt8](data))
        }
    }
}

/// Why a folder of images could not be used; each case names the path.
public enum ImageFolderError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAFolder(path: String)
    case empty(path: String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .notAFolder(let path): "\(path) is not a folder"
        case .empty(let path): "no .jpg, .jpeg or .png files in \(path)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        }
    }
}
