import Foundation

/// The machine a run was measured on: host name, logical cores and CPU model (from `/proc/cpuinfo` on Linux), and
/// the operating system, so a report can say where each figure came from.
public struct MachineDescription: Codable, Sendable, Equatable {
    public var hostname: String
    /// Logical cores the process may use.
    public var cores: Int
    /// The CPU's model name, when the system says it.
    public var cpu: String?
    public var operatingSystem: String

    enum CodingKeys: String, CodingKey {
        case hostname, cores, cpu, operatingSystem = "os"
    }

    public init(hostname: String, cores: Int, cpu: String?, operatingSystem: String) {
        self.hostname = hostname
        self.cores = cores
        self.cpu = cpu
        self.operatingSystem = operatingSystem
    }

    /// The machine this process runs on.
    public static func current() -> MachineDescription {
        let info = ProcessInfo.processInfo
        return MachineDescription(hostname: info.hostName, cores: info.activeProcessorCount,
                                  cpu: cpuModel(cpuinfo: try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)),
                                  operatingSystem: info.operatingSystemVersionString)
    }

    /// The first `model name` of a `/proc/cpuinfo` text.
    public static func cpuModel(cpuinfo: String?) -> String? {
        guard let cpuinfo else { return nil }
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("model name") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if !model.isEmpty { return model }
        }
        return nil
    }

    /// `host (2 cores, Intel(R) Xeon(R) ...)`.
    public var summary: String {
        "\(hostname) (\(cores) core\(cores == 1 ? "" : "s")\(cpu.map { ", \($0)" } ?? ""))"
    }
}
