import DetectionContract
import Foundation

/// `infractl status` for people (a table) and for scripts (JSON).
public enum StatusTable {
    /// One row per resource (RESOURCE, NAME, PRESENT, DETAILS), then the trigger line, then what is missing.
    public static func render(_ status: PipelineStatus) -> String {
        var rows: [[String]] = [["RESOURCE", "NAME", "PRESENT", "DETAILS"]]
        for resource in status.resources {
            rows.append([resource.resource.rawValue, resource.name, resource.present ? "yes" : "no", details(of: resource)])
        }
        rows.append(["trigger", "\(UploadKey.prefix)* -> function", status.triggerWired ? "wired" : "not wired",
                     status.triggerWired ? "notification and permission in place" : "needs the notification and the permission"])
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = ["pipeline \(status.prefix) in account \(status.accountId), region \(status.region)"]
        for row in rows {
            let padded = (0..<3).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) } + [row[3]]
            lines.append(padded.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        if !status.isComplete {
            let missing = status.missing.map(\.rawValue)
            lines.append(missing.isEmpty ? "incomplete: run infractl up" : "missing: \(missing.joined(separator: ", ")) (run infractl up)")
        }
        return lines.joined(separator: "\n")
    }

    /// The status as pretty-printed JSON with sorted keys, plus `complete`.
    public static func json(_ status: PipelineStatus) -> String {
        struct Output: Encodable {
            let status: PipelineStatus
            func encode(to encoder: any Encoder) throws {
                try status.encode(to: encoder)
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(status.isComplete, forKey: Key(stringValue: "complete"))
            }
            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(Output(status: status)), as: UTF8.self)
    }

    static func details(of resource: PipelineStatus.Resource) -> String {
        guard resource.present else { return "-" }
        var parts: [String] = []
        switch resource.resource {
        case .bucket:
            if let count = resource.objectCount { parts.append("\(count) object" + (count == 1 ? "" : "s")) }
        case .repository:
            if let count = resource.imageCount { parts.append("\(count) image" + (count == 1 ? "" : "s")) }
            if let uri = resource.imageUri { parts.append(uri) }
        case .table:
            if let state = resource.tableStatus { parts.append(state) }
            if let count = resource.itemCount { parts.append("\(count) item" + (count == 1 ? "" : "s")) }
        case .function:
            parts.append("\(resource.state ?? "?")/\(resource.lastUpdateStatus ?? "?")")
            if let memory = resource.memoryMB { parts.append("\(memory) MB") }
            if let timeout = resource.timeoutSeconds { parts.append("\(timeout) s") }
            if let image = resource.imageUri { parts.append("image \(image)") }
        case .logGroup:
            parts.append(resource.retentionDays.map { "kept \($0) days" } ?? "kept forever")
            if let bytes = resource.storedBytes { parts.append("\(bytes) bytes") }
        case .role:
            if let arn = resource.arn { parts.append(arn) }
        case .rolePolicy, .permission, .notification, .image:
            if let current = resource.current { parts.append(current ? "as up writes it" : "differs from what up writes") }
        }
        if let detail = resource.detail { parts.append(detail) }
        return parts.isEmpty ? "" : parts.joined(separator: ", ")
    }
}
