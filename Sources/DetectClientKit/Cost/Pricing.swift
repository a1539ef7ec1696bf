import Foundation

/// A versioned price list (`Pricing/aws-us-east-1.json`): the region and date it holds, and each figure with the
/// page it comes from. Every figure the cost model needs must be present.
///
/// `{"version": 1, "region", "date", "currency", "note"?, "prices": {"<name>": {"usd", "source"}}, "instance":
/// {"type", "description"?, "usd_per_hour", "source"}}`; the names are `Pricing.Name`'s raw values.
public struct Pricing: Codable, Sendable, Equatable {
    /// One price and where it was published.
    public struct Figure: Codable, Sendable, Equatable {
        public var usd: Double
        /// The page that publishes it.
        public var source: String

        public init(usd: Double, source: String) {
            self.usd = usd
            self.source = source
        }
    }

    /// The always-on server's instance: its type and on-demand hourly price.
    public struct Instance: Codable, Sendable, Equatable {
        public var type: String
        public var description: String?
        public var usdPerHour: Double
        public var source: String

        enum CodingKeys: String, CodingKey {
            case type, description, usdPerHour = "usd_per_hour", source
        }

        public init(type: String, description: String? = nil, usdPerHour: Double, source: String) {
            self.type = type
            self.description = description
            self.usdPerHour = usdPerHour
            self.source = source
        }
    }

    /// The prices the cost model reads.
    public enum Name: String, CaseIterable, Sendable {
        case lambdaGBSecondX86 = "lambda_gb_second_x86_64"
        case lambdaGBSecondArm = "lambda_gb_second_arm64"
        case lambdaRequestsPerMillion = "lambda_requests_per_million"
        case s3PutPerThousand = "s3_put_per_1000"
        case s3GetPerThousand = "s3_get_per_1000"
        case dynamoDBWriteUnitsPerMillion = "dynamodb_write_request_units_per_million"
        case dynamoDBReadUnitsPerMillion = "dynamodb_read_request_units_per_million"
    }

    public var version: Int
    public var region: String
    /// The day the figures were taken from their sources (YYYY-MM-DD).
    public var date: String
    public var currency: String
    public var note: String?
    public var prices: [String: Figure]
    public var instance: Instance

    public init(version: Int = 1, region: String, date: String, currency: String = "USD", note: String? = nil,
                prices: [Name: Figure], instance: Instance) {
        self.version = version
        self.region = region
        self.date = date
        self.currency = currency
        self.note = note
        self.prices = Dictionary(uniqueKeysWithValues: prices.map { ($0.key.rawValue, $0.value) })
        self.instance = instance
    }

    /// The price called `name` (present: `read(from:)` checks).
    public subscript(_ name: Name) -> Figure {
        prices[name.rawValue] ?? Figure(usd: .nan, source: "")
    }

    /// The file shipped with the project, relative to its root.
    public static let defaultPath = "Pricing/aws-us-east-1.json"

    /// Reads and checks a pricing file.
    /// - Throws: `PricingError` naming the file and what is missing, negative or without a source.
    public static func read(from path: String) throws -> Pricing {
        guard let data = FileManager.default.contents(atPath: path) else { throw PricingError(path: path, reason: "cannot read the file") }
        let pricing: Pricing
        do {
            pricing = try JSONDecoder().decode(Pricing.self, from: data)
        } catch {
            throw PricingError(path: path, reason: "not a pricing file: \(error)")
        }
        try pricing.check(path: path)
        return pricing
    }

    func check(path: String) throws {
        for name in Name.allCases {
            guard let figure = prices[name.rawValue] else { throw PricingError(path: path, reason: "prices.\(name.rawValue) is missing") }
            guard figure.usd >= 0, figure.usd.isFinite else { throw PricingError(path: path, reason: "prices.\(name.rawValue).usd must be a number >= 0") }
            guard figure.source.hasPrefix("https://") else { throw PricingError(path: path, reason: "prices.\(name.rawValue).source must be the https:// page it comes from") }
        }
        guard instance.usdPerHour > 0, instance.usdPerHour.isFinite else { throw PricingError(path: path, reason: "instance.usd_per_hour must be a number > 0") }
        guard instance.source.hasPrefix("https://") else { throw PricingError(path: path, reason: "instance.source must be the https:// page it comes from") }
    }

    /// The pricing file to use when none is given: `Pricing/aws-us-east-1.json` in the current folder, else in the
    /// project the executable was built in (`<root>/.build/<configuration>/detect-client`); nil when neither exists.
    public static func defaultFile(executable: String = CommandLine.arguments.first ?? "") -> String? {
        var candidates = [defaultPath]
        let binary = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        var folder = binary.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent(defaultPath).path)
            folder = folder.deletingLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}

/// A pricing file that cannot be used.
public struct PricingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "pricing file \(path): \(reason)" }
}
