#!/usr/bin/env bash
# `make bench`: detect-server on both OpenCV engines against the Flask design and the bare-OpenCV ceilings,
# interleaved, on the same images, then the ratio table.
#
#   1. builds detect-server and detect-ceiling in release mode on both engines (`system`: Debian's OpenCV 4.6 in
#      .build/release; `source`: scripts/build-opencv.sh's 4.14 in .build/opencv-source/release), detect-client and
#      sigv4-bench on the system engine, installs the Flask venvs;
#   2. for each round, for each contestant in turn (ours on system, ours on source, Flask + OpenCV 4.6, Flask + newest
#      OpenCV 4.x, each engine's ceiling; each round starts one place further along the list): a server is started on
#      a free loopback port, checked against its OpenCV's goldens (first round), loaded with `detect-client bench` at
#      concurrency 1 then 4 (same driver, same warm-up, same number of requests for every server), its peak RSS read
#      (VmHWM summed over every process of the server: gunicorn's master and workers), and stopped; a ceiling is
#      detect-ceiling of that engine (the bare OpenCV loop, every nets x threads layout);
#   3. the client side and the Lambda function, against MiniStack (scripts/with-emulators.sh): SigV4 signatures per
#      second against botocore (sigv4-bench), the fixture uploads of `detect-client aws --upload-only` against boto3's
#      upload_file with 8 threads, interleaved (scripts/measure-uploads.py), and the function's init and per-event
#      overhead on each engine under AWS's runtime emulator (scripts/measure-lambda.py); --no-client skips this part;
#   4. prints the table of medians over rounds (Benchmarks/bench_report.py) and keeps every run under out/bench-*/.
#
# Usage: scripts/bench.sh [--rounds N] [--requests N] [--warmup N] [--passes N] [--json] [--no-build] [--no-client]
# Environment: BENCH_BIN_SYSTEM, BENCH_BIN_SOURCE (folders with the release binaries of each engine; default: the
# build directories above), BENCH_IMAGES (default Fixtures/images), BENCH_SERVER_OPTIONS (extra `detect-server serve`
# options for both engines; default none: the server's own defaults are what is measured), BENCH_FLASK_OPENCV_THREADS
# (cv2.setNumThreads in each gunicorn worker; default unset: OpenCV's own default, as the reference design runs; see
# Benchmarks/README.md). Every process it starts is stopped on exit, failure, Ctrl-C or SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3
requests=104
warmup=13
passes=8
json=0
build=1
client=1
while (($#)); do
    case $1 in
        --rounds) rounds=$2; shift 2 ;;
        --requests) requests=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --passes) passes=$2; shift 2 ;;
        --json) json=1; shift ;;
        --no-build) build=0; shift ;;
        --no-client) client=0; shift ;;
        -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

images=${BENCH_IMAGES:-Fixtures/images}
server_options=${BENCH_SERVER_OPTIONS:-}
flask_threads=${BENCH_FLASK_OPENCV_THREADS:-}
out="out/bench-$(date +%Y%m%d-%H%M%S)"
runs="$out/runs.jsonl"
mkdir -p "$out"

log() { echo "bench: $*" >&2; }

server_pid=""
child_pid=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    [ -n "$child_pid" ] && kill -TERM "$child_pid" 2>/dev/null || true
    stop_server
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a command in the background and waits for it, so that a signal reaches the trap at once.
run() {
    "$@" &
    child_pid=$!
    local status=0
    wait "$child_pid" || status=$?
    child_pid=""
    return "$status"
}

# Stops the running server's whole process group (gunicorn's master and workers), waiting up to 15 s.
stop_server() {
    [ -n "$server_pid" ] || return 0
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts server $1 on port $2 in a process group of its own (its leader's pid is the group id).
start_server() {
    local name=$1 port=$2 logfile="$out/$1-round$3.log"
    case $name in
        ours|source)
            # shellcheck disable=SC2086  # BENCH_SERVER_OPTIONS is a list of options
            setsid "$(bin_of "$name")/detect-server" serve --host 127.0.0.1 --port "$port" $server_options \
                >"$logfile" 2>&1 &
            ;;
        flask46|flasknew)
            local flavour=${name#flask}
            FLASK_OPENCV_THREADS=$flask_threads setsid ".venv-bench-cv$flavour/bin/gunicorn" --workers 2 \
                --bind "127.0.0.1:$port" --chdir Benchmarks/flask-reference --no-control-socket app:app \
                >"$logfile" 2>&1 &
            ;;
    esac
    server_pid=$!
    for _ in $(seq 1 1200); do
        curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
        if ! kill -0 "$server_pid" 2>/dev/null; then
            cat "$logfile" >&2
            log "$name did not start (log above)"
            return 1
        fi
        sleep 0.1
    done
    log "$name did not answer /health within 120 s (log: $logfile)"
    return 1
}

# The peak RSS of every process in the server's process group, summed, in kB.
peak_rss_kb() {
    local total=0 count=0 pid kb
    for pid in $(ps -o pid= -g "$server_pid"); do
        kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
        [ -n "$kb" ] || continue
        total=$((total + kb))
        count=$((count + 1))
    done
    echo "$total $count"
}

# The CPU time (user + system) used so far by every process in the server's process group, in clock ticks.
cpu_ticks() {
    local total=0 pid fields
    for pid in $(ps -o pid= -g "$server_pid"); do
        fields=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true)
        [ -n "$fields" ] && total=$((total + fields))
    done
    echo "$total"
}

# The machine's busy and idle clock ticks so far, all cores together (/proc/stat).
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat; }

# Appends the JSON object on stdin to the runs file, with the given extra string/number fields.
record() {
    python3 -c '
import json, sys
entry = json.loads(sys.stdin.read())
for pair in sys.argv[1:]:
    key, _, value = pair.partition("=")
    entry[key] = int(value) if value.isdigit() else value
print(json.dumps(entry, sort_keys=True))
' "$@" >>"$runs"
}

opencv_prefix=$(scripts/build-opencv.sh --print-prefix)
bin_system=${BENCH_BIN_SYSTEM:-.build/release}
bin_source=${BENCH_BIN_SOURCE:-.build/opencv-source/release}
# The folder of the release binaries for contestant $1 (ours or source, a server or its ceiling).
bin_of() { case $1 in source|ceilingsource) echo "$bin_source" ;; *) echo "$bin_system" ;; esac; }
if ((build)); then
    scripts/build-opencv.sh >&2
    log "building release binaries on both engines"
    for product in detect-server detect-client detect-ceiling sigv4-bench; do
        env -u YOLO_OPENCV_PREFIX swift build -c release --product "$product" >&2
    done
    for product in detect-server detect-ceiling; do
        YOLO_OPENCV_PREFIX=$opencv_prefix swift build --scratch-path .build/opencv-source -c release --product "$product" >&2
    done
    scripts/install-bench-tools.sh >&2
fi
bin=$bin_system
for tool in detect-server detect-client detect-ceiling sigv4-bench; do
    [ -x "$bin/$tool" ] || { log "$bin/$tool is missing: run without --no-build, or set BENCH_BIN_SYSTEM"; exit 1; }
done
for tool in detect-server detect-ceiling; do
    [ -x "$bin_source/$tool" ] || { log "$bin_source/$tool is missing: run without --no-build, or set BENCH_BIN_SOURCE"; exit 1; }
done
for flavour in 46 new; do
    [ -x ".venv-bench-cv$flavour/bin/gunicorn" ] || { log ".venv-bench-cv$flavour is missing: run scripts/install-bench-tools.sh"; exit 1; }
done
image_count=$(find "$images" -maxdepth 1 \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) | wc -l)
((image_count > 0)) || { log "no images in $images"; exit 1; }

opencv_of() { ".venv-bench-cv$1/bin/python" -c 'import cv2; print(cv2.__version__)'; }
# The OpenCV a detect-server binary runs on ("detect-server on OpenCV 4.6.0"), with Debian's package version for 4.6.
opencv_of_binary() {
    local version
    version=$("$1/detect-server" --version | sed 's/.*OpenCV //')
    case $version in
        4.6.*) dpkg-query -W -f='${Version}' libopencv-core406 2>/dev/null || echo "$version" ;;
        *) echo "$version" ;;
    esac
}
# The goldens made with OpenCV version $1 (x.y.z), or 4.6's when there are none for it.
versioned_golden() {
    local file
    file=Fixtures/golden_conf0.5_nms0.4.opencv-$(cut -d. -f1,2 <<<"$1").json
    [ -f "$file" ] || file=Fixtures/golden_conf0.5_nms0.4.json
    echo "$file"
}
# The goldens of the OpenCV contestant $1 runs on.
golden_of() {
    case $1 in
        source) versioned_golden "$("$bin_source/detect-server" --version | sed 's/.*OpenCV //')" ;;
        flasknew) versioned_golden "$(opencv_of new)" ;;
        *) echo Fixtures/golden_conf0.5_nms0.4.json ;;
    esac
}
python3 -c '
import json, sys
cores, cpu, kernel, ours, source, cv46, cvnew, rounds, requests, warmup, images, options, flask_threads = sys.argv[1:]
print(json.dumps({"kind": "machine", "cores": int(cores), "cpu": cpu, "kernel": kernel, "opencv_ours": ours,
                  "opencv_source": source, "opencv_flask46": cv46, "opencv_flasknew": cvnew, "rounds": int(rounds),
                  "requests": int(requests), "warmup": int(warmup), "images": int(images),
                  "server_options": options or "(defaults)", "flask_opencv_threads": flask_threads}))
' "$(nproc)" "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" "$(uname -sr)" \
    "$(opencv_of_binary "$bin_system")" "$(opencv_of_binary "$bin_source")" \
    "$(opencv_of 46)" "$(opencv_of new)" "$rounds" "$requests" "$warmup" "$image_count" "$server_options" \
    "$flask_threads" >>"$runs"

log "$rounds rounds of: ours (system engine), source engine, flask46, flasknew, both ceilings; $requests requests per run after $warmup warm-up; results in $out"
# Runs detect-ceiling of contestant $2 (ceiling: the system engine, ceilingsource) for round $1: every layout, or
# only layout $3, recorded as the ceiling adjacent to that engine's server (its c=1 latency and c=4 throughput are
# also compared with the ceiling measured seconds, not minutes, away).
run_ceiling() {
    local round=$1 engine=system layout=${3:-}
    [ "$2" = ceilingsource ] && engine=source
    run "$(bin_of "$2")/detect-ceiling" --input "$images" --passes "$passes" ${layout:+--layout "$layout"} --json \
        >"$out/ceiling.json" 2>>"$out/$2-round$round.log"
    if [ -n "$layout" ]; then
        record kind=ceiling_adjacent "engine=$engine" "layout=$layout" "round=$round" <"$out/ceiling.json"
        return
    fi
    record kind=ceiling "engine=$engine" "round=$round" <"$out/ceiling.json"
    log "round $round $2: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["best_throughput"]; print("%.2f images/s (%s)" % (d["images_per_second"], d["layout"]))' "$out/ceiling.json")"
}

order=(ours source flask46 flasknew ceiling ceilingsource)
for round in $(seq 1 "$rounds"); do
    # Each round starts one place further along, so no contestant always runs first or last (this VM's speed drifts).
    shift_by=$(((round - 1) % ${#order[@]}))
    for server in "${order[@]:shift_by}" "${order[@]:0:shift_by}"; do
        case $server in ceiling|ceilingsource) run_ceiling "$round" "$server"; continue ;; esac
        ceiling_of_server=ceiling
        [ "$server" = source ] && ceiling_of_server=ceilingsource
        port=$(free_port)
        start_server "$server" "$port" "$round"
        endpoint="http://127.0.0.1:$port"
        if ((round == 1)); then
            parity=0
            golden=$(golden_of "$server")
            run python3 Benchmarks/check_parity.py "$endpoint/api/object_detection" "$golden" "$images" \
                >"$out/$server-parity.txt" 2>&1 || parity=$?
            echo "{\"kind\": \"parity\", \"server\": \"$server\", \"status\": $parity}" >>"$runs"
            log "$server: $(tail -1 "$out/$server-parity.txt")"
            if ((parity == 2)) || { ((parity != 0)) && [ "$server" != flasknew ]; }; then
                cat "$out/$server-parity.txt" >&2
                log "$server does not answer as the goldens: not benchmarking a different computation"
                exit 1
            fi
        fi
        for concurrency in 1 4; do
            case $server in ours|source) ((concurrency == 1)) && run_ceiling "$round" "$ceiling_of_server" 1xS ;; esac
            ticks_before=$(cpu_ticks)
            read -r busy_before idle_before < <(machine_ticks)
            run "$bin/detect-client" bench --input "$images" --endpoint "$endpoint" --concurrency "$concurrency" \
                --requests "$requests" --warmup "$warmup" --json >"$out/client.json"
            ticks=$(($(cpu_ticks) - ticks_before))
            read -r busy_after idle_after < <(machine_ticks)
            # CPU the rest of the machine (the load driver and anything else running) used meanwhile, in % of all
            # cores: a noise gauge for this run.
            other=$(((busy_after - busy_before - ticks) * 100 / (busy_after - busy_before + idle_after - idle_before + 1)))
            record kind=client "server=$server" "round=$round" "cpu_ticks=$ticks" "ticks_per_second=$(getconf CLK_TCK)" \
                "requests_with_warmup=$((requests + warmup))" "other_cpu_percent=$other" <"$out/client.json"
            log "round $round $server c=$concurrency: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.2f req/s, p50 %.1f ms" % (d["requests_per_second"], d["p50_ms"]))' "$out/client.json"), other load $other%"
            case $server in ours|source) ((concurrency == 4)) && run_ceiling "$round" "$ceiling_of_server" 2xS ;; esac
        done
        read -r kb processes < <(peak_rss_kb)
        echo "{\"kind\": \"rss\", \"server\": \"$server\", \"round\": $round, \"peak_rss_kb\": $kb, \"processes\": $processes}" >>"$runs"
        stop_server
    done
done
rm -f "$out/client.json" "$out/ceiling.json"

if ((client)); then
    log "client side: SigV4 against botocore, uploads against boto3, the Lambda function's init and per-event overhead"
    run "$bin/sigv4-bench" 2 --json >"$out/sigv4.json" 2>"$out/sigv4.log"
    record kind=sigv4 <"$out/sigv4.json"
    log "sigv4: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(", ".join("%s %.1fx" % (k["name"], k["ratio"] or 0) for k in d["kinds"]))' "$out/sigv4.json")"
    # One emulator start for both scripts; their text goes to the log, their JSON to a file each.
    run scripts/with-emulators.sh --ministack-only bash -c '
        set -e
        .venv-aws/bin/python scripts/measure-uploads.py --binary "$1/detect-client" --rounds "$2" --json >"$3/uploads.json"
        .venv-aws/bin/python scripts/measure-lambda.py --binary "$1/detect-server" --json >"$3/lambda.json"
        .venv-aws/bin/python scripts/measure-lambda.py --binary "$4/detect-server" --json >"$3/lambda-source.json"
    ' client-side "$bin" "$((rounds < 3 ? 3 : rounds))" "$out" "$bin_source" 2>"$out/client-side.log" || {
        cat "$out/client-side.log" >&2
        log "the client-side measurements failed (log above)"
        exit 1
    }
    record kind=uploads <"$out/uploads.json"
    record kind=lambda engine=system <"$out/lambda.json"
    record kind=lambda engine=source <"$out/lambda-source.json"
fi

report_args=("$runs" "$out/summary.json")
((json)) && report_args+=(--json)
python3 Benchmarks/bench_report.py "${report_args[@]}" | tee "$out/table.txt"
log "runs: $runs; summary: $out/summary.json"
