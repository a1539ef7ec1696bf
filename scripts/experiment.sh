#!/usr/bin/env bash
# make run's main job: the same images through the local server and through the cloud pipeline (S3 -> Lambda ->
# DynamoDB, on MiniStack), then the comparison report. Stops everything it started, also on failure or Ctrl-C.
#
#   IMAGES=DIR   the images (default Fixtures/images)
#   OUT=DIR      where the JSON results, the logs and report.html go (default out)
#   CONCURRENCY  local requests in flight in the second local run (default 4)
set -euo pipefail
cd "$(dirname "$0")/.."
export BIN=${BIN:-.build/release} IMAGES=${IMAGES:-Fixtures/images} OUT=${OUT:-out}
mkdir -p "$OUT"
source scripts/lib/processes.sh

status=0
say "1/3 local: detect-server serve, then detect-client local over $IMAGES, one request at a time and at concurrency ${CONCURRENCY:-4}"
port=$(free_port)
start_process "$OUT/detect-server.log" "$BIN/detect-server" serve --port "$port"
wait_for_http "detect-server" "http://127.0.0.1:$port/health"
# One request at a time first (each image has the cores to itself, as each function instance does: the report's
# inference comparison uses it), then at the chosen concurrency.
"$BIN/detect-client" local --input "$IMAGES" --endpoint "http://127.0.0.1:$port" --concurrency 1 \
    --output "$OUT/detections_local_sequential.json" || status=1
"$BIN/detect-client" local --input "$IMAGES" --endpoint "http://127.0.0.1:$port" --concurrency "${CONCURRENCY:-4}" \
    --output "$OUT/detections_local.json" || status=1
stop_processes

say "2/3 cloud: MiniStack (AUTH=true, an IAM user), detect-server lambda behind its proxy, infractl up, detect-client aws"
scripts/with-emulators.sh --ministack-only scripts/experiment-cloud.sh || status=1

say "3/3 report"
"$BIN/detect-client" report "$OUT" --html "$OUT/report.html" || status=1
exit $status
