import ArgumentParser
import InfraKit

/// `infractl`: creates, inspects and deletes the serverless pipeline (S3 -> Lambda -> DynamoDB).
@main
struct InfraCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infractl",
        abstract: "Create, inspect and delete the yolo-offload pipeline: S3 bucket -> Lambda function -> DynamoDB table.",
        discussion: """
            Every name derives from --prefix (default \(PipelineNames.defaultPrefix)), the account and the region, so there is no local state to go stale:
              bucket      <prefix>-images-<account>-<region>
              table       <prefix>-detections (key id, on-demand)
              repository  <prefix>/detect-server
              role        <prefix>-detect-role, inline policy <prefix>-detect-policy
              function    <prefix>-detect, log group /aws/lambda/<prefix>-detect
            Uploads go to images/<id>/<file name>; the function writes the item keyed <id>. Credentials and region come from the usual places (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or --profile, AWS_REGION), the endpoint from --endpoint-url or AWS_ENDPOINT_URL.

            Examples:
              REPO=123456789012.dkr.ecr.us-east-1.amazonaws.com/yolo-offload/detect-server
              infractl up --image-uri $REPO:v1
              infractl status
              infractl down --yes
              infractl policy > infractl-policy.json
            """,
        subcommands: [Up.self, Status.self, Down.self, Policy.self]
    )
}
