import ArgumentParser
import CommandLineSupport
import Foundation
import ImageInput
import YoloCore

/// `detect-ceiling`: the throughput and per-image time OpenCV itself allows on this machine, with no HTTP and no
/// JSON, over each nets × threads layout (baseline 1 of `make bench`).
@main
struct DetectCeilingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect-ceiling",
        abstract: "Measure the bare OpenCV loop (decode, blob, forward) over a folder of images, per layout.",
        discussion: """
            Each layout NETSxTHREADS loads NETS networks, each looped over by its own thread, with OpenCV's \
            parallel loops set to THREADS (cv::setNumThreads). Every layout processes the same images the same \
            number of times after one warm-up pass per net. Prints images/s and per-image ms for each layout, the \
            best throughput and the best single-net per-image time.

            Examples:
              detect-ceiling --input Fixtures/images
              detect-ceiling --input Fixtures/images --layout 1x2 --layout 2x1 --passes 20 --json
            """)

    @OptionGroup var folder: ImageFolderOptions

    @OptionGroup var model: ModelDirectoryOptions

    @Option(name: .customLong("layout"), help: "A NETSxTHREADS layout to measure; repeatable. (default: every NxT up to the core count)")
    var layouts: [Layout] = []

    @Option(help: "Times each image is processed per layout.")
    var passes = 8

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        _ = try plan()
    }

    /// The run's layouts and passes; a setting out of its range is a usage error naming the option.
    private func plan() throws -> CeilingPlan {
        do {
            return try CeilingPlan(requested: layouts, cores: ProcessInfo.processInfo.activeProcessorCount, passes: passes)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let plan = try plan()
        let images = try folder.load(for: "detect-ceiling")
        do {
            let model = ModelFiles(directory: self.model.modelDir ?? ModelFiles.defaultDirectory())
            do { try model.verify(checksums: true) } catch { throw CeilingError.modelLoadFailed("\(error)") }
            let networks = try (0..<(plan.layouts.map(\.nets).max() ?? 1)).map { _ throws(CeilingError) in
                try CeilingNetwork(model: model)
            }
            var measured: [LayoutMeasurement] = []
            for layout in plan.layouts {
                let measurement = try LayoutMeasurement.measure(
                    layout: layout, networks: networks, images: images, passes: plan.passes)
                if !json {
                    FileHandle.standardError.write(
                        Data(String(format: "  %@: %.2f images/s\n", layout.description, measurement.imagesPerSecond).utf8))
                }
                measured.append(measurement)
            }
            let report = CeilingReport(
                opencv: YoloDetector.openCVVersion, cores: cores, imageCount: images.count, passes: plan.passes,
                layouts: measured)
            print(json ? try report.json() : report.text())
        } catch let error as CeilingError {
            throw CommandFailure.report("detect-ceiling", error)
        }
    }
}
