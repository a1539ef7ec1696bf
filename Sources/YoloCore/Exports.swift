/// `import YoloCore` brings the post-processing types (`Detection`, `BoundingBox`, `YoloConfiguration`,
/// `DetectionResult`, ...) with it: the detector's API is made of them.
@_exported import YoloPostProcessing
