#!/usr/bin/env bash
# The cloud half of scripts/experiment.sh, run under scripts/with-emulators.sh (which provides MiniStack with
# AUTH=true and an IAM user's key): the Lambda function in local mode behind MiniStack's proxy, the pipeline made by
# infractl, the images uploaded and waited for by detect-client aws.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/processes.sh

export AWS_ACCESS_KEY_ID=$AWSKIT_TEST_MINISTACK_ACCESS_KEY_ID
export AWS_SECRET_ACCESS_KEY=$AWSKIT_TEST_MINISTACK_SECRET_ACCESS_KEY
export AWS_REGION=us-east-1 AWS_ENDPOINT_URL=$AWSKIT_TEST_MINISTACK_ENDPOINT
prefix=${PREFIX:-yolo-offload}

port=$(free_port)
DETECT_TABLE="$prefix-detections" start_process "$OUT/detect-lambda.log" "$BIN/detect-server" lambda --local-port "$port"
wait_for_port "detect-server lambda" "$port"

# MiniStack's proxy mode runs the function's code locally; infractl still checks the image in ECR, so a stand-in is pushed.
image=$(.venv-aws/bin/python scripts/push-stub-image.py "$AWS_ENDPOINT_URL" "$prefix/detect-server")
"$BIN/infractl" up --prefix "$prefix" --image-uri "$image" \
    --env "MINISTACK_LAMBDA_PROXY_URL=http://127.0.0.1:$port/invoke"
"$BIN/infractl" status --prefix "$prefix"

status=0
"$BIN/detect-client" aws --input "$IMAGES" --prefix "$prefix" --output-dir "$OUT" --timeout 120 || status=1
stop_processes
exit $status
