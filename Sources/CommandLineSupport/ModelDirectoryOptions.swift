import ArgumentParser

/// `--model-dir`: where the detector's model files are, for every command that loads the model.
public struct ModelDirectoryOptions: ParsableArguments {
    @Option(help: "Directory with yolov3-tiny.cfg, yolov3-tiny.weights and coco.names. (default: $YOLO_MODEL_DIR, else yolo-offload/yolov3-tiny in $XDG_CACHE_HOME or ~/.cache)")
    public var modelDir: String?

    public init() {}
}
