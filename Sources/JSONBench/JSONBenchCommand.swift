import ArgumentParser
import CommandLineSupport
import DetectServerKit
import Foundation
import ImageInput
import YoloCore

/// `json-bench`: what decoding a `POST /api/object_detection` body costs beside the detection it carries.
@main
struct JSONBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json-bench",
        abstract: "Time request-body decoding (the server's parser, JSONSerialization, JSONDecoder) against a detection's CPU.",
        discussion: """
            Builds one body {"id": ..., "image": "<base64>"} per image in --input, plus synthetic bodies of the \
            --synthetic-megabytes sizes, and times, in this one run: the server's parser (DetectionRequest), \
            JSONSerialization + Data(base64Encoded:) and JSONDecoder + Data(base64Encoded:), each from the body's \
            bytes to the image's bytes, in processor time. Then runs one detector over each image and takes its processor time per \
            detection (user + system, every thread). Prints microseconds per body, each decoder's share of a \
            request's CPU (decode / (decode + detection)), and each standard decoder's time over the server's. \
            Build it in release: swift build -c release --product json-bench.

            Example:
              .build/release/json-bench --input Fixtures/images
            """)

    @Option(help: "Folder of .jpg/.jpeg/.png images (its subfolders are ignored).")
    var input = "Fixtures/images"

    @Option(help: "Directory with the model files. (default: $YOLO_MODEL_DIR, else yolo-offload/yolov3-tiny in $XDG_CACHE_HOME or ~/.cache)")
    var modelDir: String?

    @Option(parsing: .upToNextOption, help: "Sizes, in MB of image bytes, of synthetic bodies timed beside the images.")
    var syntheticMegabytes: [Int] = [1, 4]

    @Option(help: "Detections per image for the CPU figure.")
    var detections = 5

    @Option(help: "Minimum time, in seconds, spent timing each decoder on each body.")
    var seconds = 0.2

    func run() throws {
        let images = try ImageFolder.load(from: input)
        let detector = try YoloDetector(modelDirectory: modelDir ?? ModelFiles.defaultDirectory())
        try detector.warmUp()

        var samples: [BodySample] = images.map { BodySample(name: $0.name, image: $0.bytes) }
        var generator = SystemRandomNumberGenerator()
        for megabytes in syntheticMegabytes {
            let bytes = (0..<(megabytes << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            samples.append(BodySample(name: "synthetic \(megabytes) MB", image: bytes))
        }

        var detectionMilliseconds: [String: Double] = [:]
        for image in images {
            let data = Data(image.bytes)
            let before = ProcessorTime.processMilliseconds()
            for _ in 0..<detections { _ = try detector.detect(imageData: data) }
            detectionMilliseconds[image.name] = (ProcessorTime.processMilliseconds() - before) / Double(detections)
        }
        let medianDetection = Median.of(Array(detectionMilliseconds.values))

        print("json-bench: \(images.count) images + \(syntheticMegabytes.count) synthetic bodies; processor µs per body (median)")
        print(Row.header)
        var rows: [Row] = []
        for sample in samples {
            let timings = try DecoderTiming.measure(sample.body, image: sample.image, seconds: seconds)
            let row = Row(
                name: sample.name, bodyKilobytes: Double(sample.body.count) / 1024, timings: timings,
                detectionMilliseconds: detectionMilliseconds[sample.name] ?? medianDetection)
            rows.append(row)
            print(row.text)
        }
        let imageRows = rows.filter { detectionMilliseconds[$0.name] != nil }
        print(Row.median(of: imageRows, name: "images (median)").text)
        print("detection CPU: \(String(format: "%.1f", medianDetection)) ms per image (median; synthetic rows use it)")
    }
}

/// One body to decode: the image bytes and the request body carrying them.
struct BodySample {
    var name: String
    var image: [UInt8]
    var body: [UInt8]

    init(name: String, image: [UInt8]) {
        self.name = name
        self.image = image
        body = Array("{\"id\": \"\(name)\", \"image\": \"\(Data(image).base64EncodedString())\"}".utf8)
    }
}
