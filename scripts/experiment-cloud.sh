#!/usr/bin/env bash
# The cloud half of scripts/experiment.sh, run under scripts/with-emulators.sh (which provides MiniStack with
# AUTH=true and an IAM user's key): infractl makes the pipeline on MiniStack; local-lambda stands in for Lambda,
# running the function (detect-server lambda, in Runtime API mode) under AWS's Runtime Interface Emulator with
# credentials of the role infractl made; MiniStack's S3 trigger delivers each upload's event to local-lambda's
# InvokeAsync URL; detect-client aws uploads the images and waits for the items.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/processes.sh
# shellcheck source=lib/cache.sh
source scripts/lib/cache.sh

export AWS_ACCESS_KEY_ID=$AWSKIT_TEST_MINISTACK_ACCESS_KEY_ID
export AWS_SECRET_ACCESS_KEY=$AWSKIT_TEST_MINISTACK_SECRET_ACCESS_KEY
export AWS_REGION=us-east-1 AWS_ENDPOINT_URL=$AWSKIT_TEST_MINISTACK_ENDPOINT
prefix=${PREFIX:-yolo-offload}
function="$prefix-detect"

# Lambda's own retry waits are 1 and 2 minutes; here a failed event is retried after 1 and 2 seconds. Lambda assumes
# the function's role as lambda.amazonaws.com; on MiniStack the account root's key stands in for that service.
LOCAL_LAMBDA_SERVICE_ACCESS_KEY_ID=test LOCAL_LAMBDA_SERVICE_SECRET_ACCESS_KEY=test \
start_process "$OUT/local-lambda.log" "$BIN/local-lambda" --function "$function" --port 0 \
    --max-environments "${LAMBDA_ENVIRONMENTS:-$(nproc)}" --retry-delays 1,2 --log-dir "$OUT/lambda" \
    --env "YOLO_MODEL_DIR=$yolo_model_dir" \
    -- "$BIN/detect-server" lambda
trigger_url=$(wait_for_line "local-lambda" "$OUT/local-lambda.log" 's|^local-lambda: InvokeAsync URL for an S3 trigger: ||p')

# The function's code runs under local-lambda; infractl still checks the image in ECR, so a stand-in is pushed.
image=$(.venv-aws/bin/python scripts/push-stub-image.py "$AWS_ENDPOINT_URL" "$prefix/detect-server")
"$BIN/infractl" up --prefix "$prefix" --image-uri "$image" --env "MINISTACK_LAMBDA_PROXY_URL=$trigger_url"
"$BIN/infractl" status --prefix "$prefix"

status=0
# One pass per Lambda memory size (the function updated between passes); detections_aws.json holds the pass at the
# function's own 1024 MB; the function gets 1024 MB back at the end.
"$BIN/detect-client" aws --input "$IMAGES" --prefix "$prefix" --output-dir "$OUT" --timeout 120 \
    --memory-sizes "${MEMORY_SIZES:-512,1024,2048,3008}" || status=1
stop_processes
exit $status
