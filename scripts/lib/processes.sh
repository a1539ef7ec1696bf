# Shared by the scripts that start servers: start them in the background, wait for them, and always stop them.
# Source it; it installs an EXIT/INT/TERM trap that stops every process started through start_process.

started_pids=()

say() { printf '\n== %s\n' "$*" >&2; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_process LOG CMD [ARG...]: runs CMD in the background, output to LOG.
start_process() {
    local log=$1
    shift
    "$@" >"$log" 2>&1 &
    started_pids+=($!)
    last_log=$log
}

# stop_processes: SIGTERM to everything started (they drain and exit), SIGKILL after 10 s.
stop_processes() {
    local pid
    for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${started_pids[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    started_pids=()
}

# wait_for_http NAME URL: until URL answers 2xx, for up to 30 s; fails if the last started process died.
wait_for_http() {
    local name=$1 url=$2 last=${started_pids[-1]}
    for _ in $(seq 1 600); do
        curl -sf -o /dev/null "$url" && return 0
        kill -0 "$last" 2>/dev/null || { echo "$name exited before answering; its log:" >&2; tail -20 "$last_log" >&2; return 1; }
        sleep 0.05
    done
    echo "$name did not answer $url within 30 s" >&2
    return 1
}

# wait_for_port NAME PORT: until something listens on 127.0.0.1:PORT, for up to 30 s.
wait_for_port() {
    local name=$1 port=$2 last=${started_pids[-1]}
    for _ in $(seq 1 600); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        kill -0 "$last" 2>/dev/null || { echo "$name exited before listening; its log:" >&2; tail -20 "$last_log" >&2; return 1; }
        sleep 0.05
    done
    echo "$name did not listen on port $port within 30 s" >&2
    return 1
}

# wait_for_line NAME LOG SED_EXPRESSION: prints the first line of LOG that `sed -n SED_EXPRESSION` prints, waiting
# up to 60 s for it; fails if the last started process died first.
wait_for_line() {
    local name=$1 log=$2 expression=$3 last=${started_pids[-1]} found
    for _ in $(seq 1 1200); do
        found=$(sed -n "$expression" "$log" | head -n 1)
        [ -n "$found" ] && { printf '%s\n' "$found"; return 0; }
        kill -0 "$last" 2>/dev/null || { echo "$name exited before it was ready; its log:" >&2; tail -20 "$log" >&2; return 1; }
        sleep 0.05
    done
    echo "$name was not ready within 60 s; its log:" >&2
    tail -20 "$log" >&2
    return 1
}

trap 'stop_processes' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
