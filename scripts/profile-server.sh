#!/usr/bin/env bash
# Usage: scripts/profile-server.sh [BIN_DIR] [REQUESTS]
#
# Where detect-server's processor time goes under load, beside the bare OpenCV loop's, sampled by the kernel
# (`perf record -e cpu-clock`: a software clock, so it works on VMs without hardware counters). detect-server from
# BIN_DIR (default .build/opencv-source/release, the source engine; .build/release for the system engine) serves
# `detect-client bench` at concurrency 4 for REQUESTS requests (default 104) while perf samples it; then
# detect-ceiling from the same BIN_DIR runs the same images in the server's layout (2xS: two networks sharing the
# cores) under perf. For each, prints the share of samples per library and the processor milliseconds per image spent
# in OpenCV's dnn library and in all. Samples follow the processor time used, so other load on the machine moves both
# sides' figures alike. Installs linux-perf with apt when missing.
set -euo pipefail
case "${1:-}" in -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

cd "$(dirname "$0")/.."
# shellcheck source=lib/apt.sh
source scripts/lib/apt.sh
# shellcheck source=lib/processes.sh
source scripts/lib/processes.sh

bin=${1:-.build/opencv-source/release} requests=${2:-104}
images=${IMAGES:-Fixtures/images} client=${CLIENT:-.build/release/detect-client}
for binary in "$bin/detect-server" "$bin/detect-ceiling" "$client"; do
    [ -x "$binary" ] || { echo "profile-server: $binary is missing (swift build -c release)" >&2; exit 2; }
done
install_missing profile-server linux-perf
out=$(mktemp -d "${TMPDIR:-/tmp}/profile-server.XXXXXX")
passes=4
image_count=$(find "$images" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) | wc -l)

port=$(free_port)
start_process "$out/server.log" "$bin/detect-server" serve --host 127.0.0.1 --port "$port"
server_pid=${started_pids[-1]}
wait_for_http detect-server "http://127.0.0.1:$port/health"
"$client" bench --input "$images" --endpoint "http://127.0.0.1:$port" --concurrency 4 --requests 8 >/dev/null
say "detect-server ($("$bin/detect-server" --version)) at concurrency 4, $requests requests, sampled"
perf record -q -e cpu-clock -F 999 -p "$server_pid" -o "$out/server.data" 2>"$out/perf-server.log" &
perf_pid=$!
# perf attaches within milliseconds; its log's first line says it is recording only after it stops, so wait for the
# events file instead of a fixed time.
for _ in $(seq 1 200); do [ -s "$out/server.data" ] && break; sleep 0.05; done
"$client" bench --input "$images" --endpoint "http://127.0.0.1:$port" --concurrency 4 --requests "$requests"
kill -INT "$perf_pid"
wait "$perf_pid" || true
stop_processes

say "detect-ceiling --layout 2xS, $passes passes over $image_count images (plus one warm-up pass per network), sampled"
perf record -q -e cpu-clock -F 999 -o "$out/ceiling.data" \
    "$bin/detect-ceiling" --input "$images" --layout 2xS --passes "$passes" 2>"$out/perf-ceiling.log" | grep -E '^2xS'

# shares NAME DATA IMAGES: per-library shares, then ms per image in dnn and in all.
shares() {
    perf report -q -i "$2" --no-children --sort dso -g none 2>/dev/null >"$out/$1.dso"
    local total_ms
    total_ms=$(perf report -i "$2" --no-children --sort dso -g none 2>/dev/null \
        | sed -n 's/^# Event count (approx.): //p' | awk '{print $1 / 1e6}')
    python3 - "$1" "$out/$1.dso" "$total_ms" "$3" <<'PY'
import sys
name, path, total_ms, images = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
rows = [line.split(None, 1) for line in open(path) if line.strip()]
rows = [(float(share.rstrip('%')), library.strip()) for share, library in rows]
dnn = sum(share for share, library in rows if library.startswith('libopencv_dnn'))
print(f"{name}: {total_ms / images:.1f} ms of processor time per image, {dnn / 100 * total_ms / images:.1f} in libopencv_dnn")
for share, library in rows[:10]:
    print(f"  {share:6.2f} %  {library}")
PY
}
say "where the processor time went"
shares detect-server "$out/server.data" "$requests"
# The ceiling's samples include loading two networks; its images are the warm-up pass per network and the passes.
shares detect-ceiling "$out/ceiling.data" $((image_count * (passes + 2)))
rm -rf "$out"
