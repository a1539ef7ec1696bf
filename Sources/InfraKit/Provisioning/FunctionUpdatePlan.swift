import AWSKitLite
import DetectionContract

/// What `up` changes on an existing function: its image (a new one, or the current one again to wake an Inactive
/// function) and the settings that differ from the spec.
///
/// Lambda moves a function it has not invoked for a while to `State: Inactive` and reclaims its resources; it
/// stays Inactive until an invocation or an update makes Lambda recreate them. So an Inactive function is updated
/// as it is (waiting for it to become Active on its own would never end), and when nothing else changes its image
/// is deployed again, so that `up` leaves it Active.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html
struct FunctionUpdatePlan: Sendable, Equatable {
    /// UpdateFunctionCode to `imageUri`; `description` is what the step report says.
    struct CodeUpdate: Sendable, Equatable {
        var imageUri: String
        var description: String
    }

    var code: CodeUpdate?
    /// What UpdateFunctionConfiguration changes, in words; empty when the settings are as wanted.
    var configurationDifferences: [String]

    /// Nothing to do: the function is as wanted (and not Inactive).
    var isEmpty: Bool { code == nil && configurationDifferences.isEmpty }

    /// The plan for `current` to run `imageUri` (nil keeps its image) with `spec`'s settings as `roleArn`.
    init(current: LambdaFunction, imageUri: String?, spec: DetectFunctionSpec, names: PipelineNames, roleArn: String) {
        let inactive = current.configuration.state == "Inactive"
        let wake = inactive ? "woken from Inactive: " : ""
        configurationDifferences = spec.configurationDifferences(from: current.configuration, names: names, roleArn: roleArn)
        if let imageUri, current.imageUri != imageUri {
            code = CodeUpdate(imageUri: imageUri, description: wake + "image \(current.imageUri ?? "none") -> \(imageUri)")
        } else if inactive, let running = current.imageUri ?? imageUri {
            code = CodeUpdate(imageUri: running, description: wake + "image \(running) deployed again")
        } else if inactive {
            // No image to deploy again: the configuration update is what wakes it.
            if configurationDifferences.isEmpty { configurationDifferences = ["settings applied again"] }
            configurationDifferences[0] = wake + configurationDifferences[0]
        }
    }
}
