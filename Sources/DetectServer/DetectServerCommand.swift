import ArgumentParser
import YoloCore

@main
struct DetectServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect-server",
        abstract: "Serve YOLOv3-tiny object detection over OpenCV.",
        discussion: """
            The model (yolov3-tiny.cfg, yolov3-tiny.weights, coco.names) is read from --model-dir, which defaults \
            to $YOLO_MODEL_DIR, else yolo-offload/yolov3-tiny in $XDG_CACHE_HOME or ~/.cache (`make setup` puts it there).
            """,
        version: "detect-server on OpenCV \(YoloDetector.openCVVersion)",
        subcommands: [Serve.self, Profile.self, Lambda.self],
        defaultSubcommand: nil
    )
}
