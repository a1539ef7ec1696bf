/// How a `YoloDetector` filters and sizes its work. The defaults are those of docs/detection.md.
public struct YoloConfiguration: Sendable, Equatable {
    /// Keep a candidate iff its class score is strictly above this (0...1).
    public var confidenceThreshold: Float
    /// Suppress a box whose IoU with a better box of its class is above this (0...1).
    public var nmsThreshold: Float
    /// The network's input size in pixels (the blob is a plain resize to it, no letterbox).
    public var inputWidth: Int
    public var inputHeight: Int
    /// Images declaring more pixels than this are refused before decoding.
    public var maxImagePixels: Int
    /// Check the model files' SHA-256 against the published values when loading.
    public var verifiesModelChecksums: Bool

    public init(
        confidenceThreshold: Float = 0.5,
        nmsThreshold: Float = 0.4,
        inputWidth: Int = 416,
        inputHeight: Int = 416,
        maxImagePixels: Int = 40_000_000,
        verifiesModelChecksums: Bool = true
    ) {
        self.confidenceThreshold = confidenceThreshold
        self.nmsThreshold = nmsThreshold
        self.inputWidth = inputWidth
        self.inputHeight = inputHeight
        self.maxImagePixels = maxImagePixels
        self.verifiesModelChecksums = verifiesModelChecksums
    }
}
