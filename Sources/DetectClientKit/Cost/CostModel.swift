import Foundation

/// What the cost of one image is made of, as measured: the function's billed duration at its memory size and
/// architecture, and the requests each image makes (one Lambda request, one S3 PUT and GET, DynamoDB write and
/// read request units), and the local server's capacity on its instance.
public struct CostInputs: Codable, Sendable, Equatable {
    /// Mean billed duration per image, ms (Lambda rounds each invocation up to the next ms).
    public var billedMillisecondsPerImage: Double
    /// Where the billed duration comes from (the `REPORT` lines, or the function's own timings).
    public var billedDurationSource: String
    public var memoryMB: Int
    /// `x86_64` or `arm64`.
    public var architecture: String
    public var lambdaRequestsPerImage: Double
    public var s3PutsPerImage: Double
    public var s3GetsPerImage: Double
    /// One unit per write of an item up to 1 KB.
    public var dynamoDBWriteUnitsPerImage: Double
    /// The client's polling: one unit per key of each consistent BatchGetItem read (an item up to 4 KB, or none).
    public var dynamoDBReadUnitsPerImage: Double
    /// Images per hour one always-on server handles at the measured throughput; nil when unknown.
    public var serverImagesPerHour: Double?

    enum CodingKeys: String, CodingKey {
        case billedMillisecondsPerImage = "billed_ms_per_image", billedDurationSource = "billed_duration_source"
        case memoryMB = "memory_mb", architecture
        case lambdaRequestsPerImage = "lambda_requests_per_image", s3PutsPerImage = "s3_puts_per_image"
        case s3GetsPerImage = "s3_gets_per_image", dynamoDBWriteUnitsPerImage = "dynamodb_write_units_per_image"
        case dynamoDBReadUnitsPerImage = "dynamodb_read_units_per_image", serverImagesPerHour = "server_images_per_hour"
    }

    public init(billedMillisecondsPerImage: Double, billedDurationSource: String, memoryMB: Int, architecture: String,
                lambdaRequestsPerImage: Double = 1, s3PutsPerImage: Double = 1, s3GetsPerImage: Double = 1,
                dynamoDBWriteUnitsPerImage: Double = 1, dynamoDBReadUnitsPerImage: Double, serverImagesPerHour: Double?) {
        self.billedMillisecondsPerImage = billedMillisecondsPerImage
        self.billedDurationSource = billedDurationSource
        self.memoryMB = memoryMB
        self.architecture = architecture
        self.lambdaRequestsPerImage = lambdaRequestsPerImage
        self.s3PutsPerImage = s3PutsPerImage
        self.s3GetsPerImage = s3GetsPerImage
        self.dynamoDBWriteUnitsPerImage = dynamoDBWriteUnitsPerImage
        self.dynamoDBReadUnitsPerImage = dynamoDBReadUnitsPerImage
        self.serverImagesPerHour = serverImagesPerHour
    }
}

/// The cost of each path in dollars, from `CostInputs` and a `Pricing`:
///
/// - Lambda compute: billed seconds × memory in GB (MB / 1024) × the architecture's price per GB-second;
///   requests at the price per million. Spec: https://aws.amazon.com/lambda/pricing/
/// - S3: one PUT (the upload) and one GET (the function's read) per image, at the price per 1,000.
///   Spec: https://aws.amazon.com/s3/pricing/
/// - DynamoDB on demand: the function's write units and the client's polling read units, at the price per million.
///   Spec: https://aws.amazon.com/dynamodb/pricing/on-demand/
/// - The local server: an always-on instance at its hourly price, whatever the load, up to its capacity; more load
///   needs another instance (`instances = max(1, ⌈load / capacity⌉)`).
///
/// The break-even load is the instance's hourly price over the serverless cost of one image: above it one server
/// costs less per hour than the pipeline, provided one server can carry that load (`breakEvenWithinCapacity`).
public struct CostEstimate: Encodable, Sendable, Equatable {
    /// Dollars for 1,000 images, by item.
    public struct PerThousand: Encodable, Sendable, Equatable {
        public var lambdaCompute: Double
        public var lambdaRequests: Double
        public var s3Put: Double
        public var s3Get: Double
        public var dynamoDBWrites: Double
        public var dynamoDBReads: Double
        /// The serverless path: the sum of the above.
        public var serverless: Double
        /// The local server, fully loaded at its measured throughput (nil when that is unknown).
        public var serverAtCapacity: Double?

        enum CodingKeys: String, CodingKey {
            case lambdaCompute = "lambda_compute", lambdaRequests = "lambda_requests", s3Put = "s3_put", s3Get = "s3_get"
            case dynamoDBWrites = "dynamodb_writes", dynamoDBReads = "dynamodb_reads", serverless
            case serverAtCapacity = "server_at_capacity"
        }
    }

    public var inputs: CostInputs
    public var region: String
    public var pricingDate: String
    /// GB-seconds of 1,000 images.
    public var gbSecondsPerThousand: Double
    public var perThousand: PerThousand
    /// The serverless cost of one image.
    public var serverlessPerImage: Double
    public var instanceType: String
    public var instancePerHour: Double
    /// Images per hour above which one always-on server is cheaper than the pipeline; nil when an image costs
    /// nothing on the pipeline.
    public var breakEvenImagesPerHour: Double?
    /// Whether one server can carry the break-even load at the measured throughput (unknown: nil).
    public var breakEvenWithinCapacity: Bool?

    enum CodingKeys: String, CodingKey {
        case inputs, region, pricingDate = "pricing_date", gbSecondsPerThousand = "gb_seconds_per_1000"
        case perThousand = "per_1000", serverlessPerImage = "serverless_per_image", instanceType = "instance_type"
        case instancePerHour = "instance_per_hour", breakEvenImagesPerHour = "break_even_images_per_hour"
        case breakEvenWithinCapacity = "break_even_within_capacity"
    }

    public init(inputs: CostInputs, pricing: Pricing) {
        self.inputs = inputs
        region = pricing.region
        pricingDate = pricing.date
        let gbSecondPrice = inputs.architecture == "arm64" ? pricing[.lambdaGBSecondArm].usd : pricing[.lambdaGBSecondX86].usd
        let images = 1000.0
        gbSecondsPerThousand = images * inputs.billedMillisecondsPerImage / 1000 * Double(inputs.memoryMB) / 1024
        let lambdaCompute = gbSecondsPerThousand * gbSecondPrice
        let lambdaRequests = images * inputs.lambdaRequestsPerImage * pricing[.lambdaRequestsPerMillion].usd / 1_000_000
        let s3Put = images * inputs.s3PutsPerImage * pricing[.s3PutPerThousand].usd / 1000
        let s3Get = images * inputs.s3GetsPerImage * pricing[.s3GetPerThousand].usd / 1000
        let writes = images * inputs.dynamoDBWriteUnitsPerImage * pricing[.dynamoDBWriteUnitsPerMillion].usd / 1_000_000
        let reads = images * inputs.dynamoDBReadUnitsPerImage * pricing[.dynamoDBReadUnitsPerMillion].usd / 1_000_000
        let serverless = lambdaCompute + lambdaRequests + s3Put + s3Get + writes + reads
        instanceType = pricing.instance.type
        instancePerHour = pricing.instance.usdPerHour
        let capacity = inputs.serverImagesPerHour.flatMap { $0 > 0 ? $0 : nil }
        perThousand = PerThousand(
            lambdaCompute: lambdaCompute, lambdaRequests: lambdaRequests, s3Put: s3Put, s3Get: s3Get,
            dynamoDBWrites: writes, dynamoDBReads: reads, serverless: serverless,
            serverAtCapacity: capacity.map { images * pricing.instance.usdPerHour / $0 })
        serverlessPerImage = serverless / images
        breakEvenImagesPerHour = serverlessPerImage > 0 ? pricing.instance.usdPerHour / serverlessPerImage : nil
        if let breakEven = breakEvenImagesPerHour, let capacity {
            breakEvenWithinCapacity = breakEven <= capacity
        } else {
            breakEvenWithinCapacity = nil
        }
    }

    /// The pipeline's cost per hour at `imagesPerHour`.
    public func serverlessPerHour(at imagesPerHour: Double) -> Double {
        imagesPerHour * serverlessPerImage
    }

    /// The always-on servers' cost per hour at `imagesPerHour`: one instance, or as many as the load needs at the
    /// measured capacity.
    public func serverPerHour(at imagesPerHour: Double) -> Double {
        guard let capacity = inputs.serverImagesPerHour, capacity > 0 else { return instancePerHour }
        return Double(max(1, Int((imagesPerHour / capacity).rounded(.up)))) * instancePerHour
    }
}
