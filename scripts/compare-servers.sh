#!/usr/bin/env bash
# Usage: scripts/compare-servers.sh BASELINE CANDIDATE [ROUNDS]
#
# Two detect-server binaries (say, the previous commit's and this one's, both release builds on the same OpenCV)
# measured in one run, so that a change can be shown to cost no throughput or latency. Each round starts each server
# in turn (the order alternates between rounds, so neither always runs first), sends warm-up requests, then
# `detect-client bench` at concurrency 1 and 4 over the same images. Prints every run, then per concurrency the median
# requests/s and p50 of each binary and the candidate / baseline ratios within each round, with their median. The
# VM's drift between minutes is why only ratios within a round are compared.
#
# ROUNDS defaults to 3. Environment: IMAGES (default Fixtures/images), REQUESTS (measured requests per run, default
# 104), CLIENT (detect-client binary, default .build/release/detect-client), SERVER_OPTIONS (passed to both servers).
set -euo pipefail
case "${1:-}" in -h|--help|"") sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
[ $# -ge 2 ] || { echo "usage: $0 BASELINE CANDIDATE [ROUNDS]" >&2; exit 2; }

cd "$(dirname "$0")/.."
# shellcheck source=lib/processes.sh
source scripts/lib/processes.sh

baseline=$1 candidate=$2 rounds=${3:-3}
images=${IMAGES:-Fixtures/images} requests=${REQUESTS:-104} client=${CLIENT:-.build/release/detect-client}
for binary in "$baseline" "$candidate" "$client"; do
    [ -x "$binary" ] || { echo "compare-servers: $binary is not an executable" >&2; exit 2; }
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "compare-servers: ROUNDS must be a positive whole number, not $rounds" >&2; exit 2; }
out=$(mktemp -d "${TMPDIR:-/tmp}/compare-servers.XXXXXX")
runs=$out/runs.jsonl

# measure NAME BINARY ROUND: one server, both concurrencies, one JSON line per run into $runs.
measure() {
    local name=$1 binary=$2 round=$3 port concurrency
    port=$(free_port)
    # shellcheck disable=SC2086  # SERVER_OPTIONS is a list of options
    start_process "$out/$name-$round.log" "$binary" serve --host 127.0.0.1 --port "$port" ${SERVER_OPTIONS:-}
    wait_for_http "$name" "http://127.0.0.1:$port/health"
    for concurrency in 1 4; do
        "$client" bench --input "$images" --endpoint "http://127.0.0.1:$port" --concurrency "$concurrency" \
            --requests "$requests" --warmup $((2 * concurrency)) --json >"$out/run.json"
        python3 -c 'import json, sys
run = json.load(open(sys.argv[1]))
print(json.dumps({"name": sys.argv[2], "round": int(sys.argv[3]), "concurrency": run["concurrency"],
                  "rps": run["requests_per_second"], "p50": run["p50_ms"], "failures": run["failures"]}))' \
            "$out/run.json" "$name" "$round" | tee -a "$runs" >&2
    done
    stop_processes
}

say "baseline $baseline, candidate $candidate: $rounds rounds over $images, $requests requests per run"
for round in $(seq 1 "$rounds"); do
    if ((round % 2)); then
        measure baseline "$baseline" "$round"
        measure candidate "$candidate" "$round"
    else
        measure candidate "$candidate" "$round"
        measure baseline "$baseline" "$round"
    fi
done

python3 - "$runs" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
failures = sum(run["failures"] for run in runs)
for concurrency in (1, 4):
    def figure(name, key):
        return {run["round"]: run[key] for run in runs if run["name"] == name and run["concurrency"] == concurrency}
    for key, label in (("rps", "requests/s"), ("p50", "p50 ms")):
        base, cand = figure("baseline", key), figure("candidate", key)
        ratios = [cand[r] / base[r] for r in sorted(base)]
        print(f"c={concurrency} {label:10s} baseline {statistics.median(base.values()):7.2f}  candidate "
              f"{statistics.median(cand.values()):7.2f}  candidate/baseline within rounds "
              f"{statistics.median(ratios):.3f} ({' '.join(f'{r:.2f}' for r in ratios)})")
print(f"failed requests: {failures}")
sys.exit(1 if failures else 0)
PY
