#!/usr/bin/env bash
# The main job: start detect-server on a free port, post every fixture image to it, print the objects found
# per image, and stop the server (also on failure or Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."

server=.build/release/detect-server
images=${IMAGES:-Fixtures/images}
log=$(mktemp)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"$server" serve --port "$port" >"$log" 2>&1 &
server_pid=$!
cleanup() {
    kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -f "$log"
}
trap cleanup EXIT INT TERM

for _ in $(seq 1 200); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "run: detect-server did not start" >&2; exit 1; }
    sleep 0.05
done
echo "detect-server on port $port: $(curl -s "http://127.0.0.1:$port/health")"

status=0
for image in "$images"/*.jpg "$images"/*.png; do
    [ -e "$image" ] || continue
    name=$(basename "$image")
    reply=$(printf '{"id": "%s", "image": "%s"}' "$name" "$(base64 -w0 "$image")" |
        curl -s -w '\n%{http_code}' -H 'Content-Type: application/json' --data-binary @- \
            "http://127.0.0.1:$port/api/object_detection") || reply=$'\n000'
    python3 -c '
import json, sys
name, raw = sys.argv[1], sys.argv[2]
body, _, code = raw.rpartition("\n")
if code != "200":
    print(f"{name:18} FAILED ({code}): {body}")
    sys.exit(1)
reply = json.loads(body)
objects = ", ".join("%s %.2f %s" % (o["label"], o["accuracy"], o["box"]) for o in reply["objects"]) or "(nothing)"
print("%-18s %4dx%-4d %6.1f ms  %s" % (name, reply["width"], reply["height"], reply["inference_ms"], objects))
' "$name" "$reply" || status=1
done
exit $status
