import Foundation

/// Reads and writes the result files: pretty-printed JSON with sorted keys, written atomically, parent folders
/// created as needed.
public enum ResultFile {
    /// The JSON text of `value` as the files hold it (ends with a newline).
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Writes `value` to `path`.
    /// - Throws: `ResultFileError.unwritable` naming the path.
    public static func write(_ value: some Encodable, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try encode(value).write(to: url, options: .atomic)
        } catch {
            throw ResultFileError.unwritable(path: path, reason: error.localizedDescription)
        }
    }

    /// Reads a `T` from `path`.
    /// - Throws: `ResultFileError.missing` when there is no such file, `.malformed` naming the JSON path of the
    ///   first field that does not fit.
    public static func read<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ResultFileError.missing(path: path)
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ResultFileError.malformed(path: path, reason: describe(error))
        } catch {
            throw ResultFileError.malformed(path: path, reason: error.localizedDescription)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func location(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(location(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(location(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(location(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A result file that could not be read or written; each case names the path.
public enum ResultFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(path: String)
    case malformed(path: String, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path): "\(path) does not exist"
        case .malformed(let path, let reason): "\(path) is not a result file: \(reason)"
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
