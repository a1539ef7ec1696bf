/// The pipeline's names and the contract's types are part of InfraKit's API (`PipelineNames` in every call).
@_exported import DetectionContract
