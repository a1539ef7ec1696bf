import CommandLineSupport
import DetectServerKit
import Foundation

/// Median microseconds of processor time (this thread's) to take one body's bytes to its image's bytes, per decoder,
/// measured in the same run. Processor time, not wall time: on a busy machine a long decode is preempted more often
/// than a short one, which wall time would count against it.
struct DecoderTiming {
    var serverParser: Double
    var jsonSerialization: Double
    var jsonDecoder: Double

    /// Times each decoder on `body` for at least `seconds` (and at least 10 decodes) after checking that each
    /// gives back `image`. Throws `BenchError.wrongResult` naming the decoder that did not.
    static func measure(_ body: [UInt8], image: [UInt8], seconds: Double) throws -> DecoderTiming {
        let decoders: [(name: String, decode: ([UInt8]) throws -> [UInt8])] = [
            ("server parser", { try DetectionRequest(body: $0).imageData }),
            ("JSONSerialization", serializationDecode),
            ("JSONDecoder", decoderDecode),
        ]
        var medians: [Double] = []
        for decoder in decoders {
            guard try decoder.decode(body) == image else { throw BenchError.wrongResult(decoder: decoder.name) }
            medians.append(try medianMicroseconds(seconds: seconds) { _ = try decoder.decode(body) })
        }
        return DecoderTiming(serverParser: medians[0], jsonSerialization: medians[1], jsonDecoder: medians[2])
    }

    /// JSONSerialization's object, then Data(base64Encoded:) of its "image" string.
    static func serializationDecode(_ body: [UInt8]) throws -> [UInt8] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            object["id"] is String, let text = object["image"] as? String, let image = Data(base64Encoded: text)
        else { throw BenchError.wrongResult(decoder: "JSONSerialization") }
        return Array(image)
    }

    /// JSONDecoder into a two-string struct, then Data(base64Encoded:) of its image.
    static func decoderDecode(_ body: [UInt8]) throws -> [UInt8] {
        struct Body: Decodable {
            var id: String
            var image: String
        }
        let decoded = try JSONDecoder().decode(Body.self, from: Data(body))
        guard let image = Data(base64Encoded: decoded.image) else { throw BenchError.wrongResult(decoder: "JSONDecoder") }
        return Array(image)
    }

    private static func medianMicroseconds(seconds: Double, _ body: () throws -> Void) throws -> Double {
        var durations: [Double] = []
        let deadline = ProcessorTime.threadNanoseconds() + UInt64(seconds * 1e9)
        while durations.count < 10 || ProcessorTime.threadNanoseconds() < deadline {
            let start = ProcessorTime.threadNanoseconds()
            try body()
            durations.append(Double(ProcessorTime.threadNanoseconds() - start) / 1e3)
        }
        return Median.of(durations)
    }
}

/// Why the benchmark stopped.
enum BenchError: Error, CustomStringConvertible {
    case wrongResult(decoder: String)

    var description: String {
        switch self {
        case .wrongResult(let decoder): "\(decoder) did not give back the image's bytes"
        }
    }
}
