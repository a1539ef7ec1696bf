import ArgumentParser
import CommandLineSupport
import Foundation
import ImageInput
import YoloCore

/// `detect-server profile`: where the time of one detection goes, stage by stage, without HTTP.
struct Profile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time each detection stage (decode, preprocess, forward, postprocess) over a folder of images.",
        discussion: """
            Loads one detector, warms it up, runs every JPEG/PNG in --input --repeat times, and prints the median \
            milliseconds of each stage per image and over all runs.

            Example:
              detect-server profile --input Fixtures/images --repeat 5
            """)

    @OptionGroup var folder: ImageFolderOptions

    @Option(help: "Runs per image.")
    var `repeat` = 5

    @OptionGroup var model: ModelDirectoryOptions

    @Option(help: "Threads OpenCV uses inside one forward pass: a number (0 keeps OpenCV's default) or 'shared' (every core).")
    var opencvThreads: OpenCVThreading = .fixed(threads: 0)

    func run() throws {
        let detector: YoloDetector
        do {
            try opencvThreads.apply()
            detector = try YoloDetector(modelDirectory: model.modelDir ?? ModelFiles.defaultDirectory())
            try detector.warmUp()
        } catch let error as YoloError {
            throw CommandFailure.report("detect-server", error)
        }
        let images = try folder.load(for: "detect-server")

        print("OpenCV \(YoloDetector.openCVVersion), \(OpenCVThreading.current); median ms of \(self.repeat) runs")
        print(row("image", "decode", "preprocess", "forward", "postprocess", "total"))
        var all: [StageTimings] = []
        for image in images {
            let bytes = Data(image.bytes)
            var runs: [StageTimings] = []
            for _ in 0..<self.repeat {
                runs.append(try detector.detect(imageData: bytes).timings)
            }
            all += runs
            print(row(image.name, medians(runs)))
        }
        print(row("all images", medians(all)))
    }

    private func medians(_ runs: [StageTimings]) -> [String] {
        func median(_ values: [Double]) -> String { String(format: "%.2f", Median.of(values)) }
        return [
            median(runs.map(\.decodeMilliseconds)), median(runs.map(\.preprocessMilliseconds)),
            median(runs.map(\.forwardMilliseconds)), median(runs.map(\.postprocessMilliseconds)),
            median(runs.map(\.totalMilliseconds)),
        ]
    }

    private func row(_ name: String, _ columns: [String]) -> String {
        name.padding(toLength: 18, withPad: " ", startingAt: 0)
            + columns.map { String(repeating: " ", count: max(0, 12 - $0.count)) + $0 }.joined()
    }

    private func row(_ columns: String...) -> String {
        row(columns[0], Array(columns.dropFirst()))
    }
}
