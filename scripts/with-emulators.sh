#!/usr/bin/env bash
# Usage: scripts/with-emulators.sh [--ministack-only] CMD [ARG...]
#
# Starts the two AWS emulators on free loopback ports, runs CMD with their coordinates exported, stops both
# (on exit, Ctrl-C or TERM) and exits with CMD's status (--ministack-only: MiniStack alone, for the experiment and
# the benchmarks, which use nothing else; moto is then neither installed nor started):
#   - MiniStack with AUTH=true (SigV4 verified for IAM-user keys), bootstrapped with the root key into an IAM
#     user with an allow-all policy and an access key: AWSKIT_TEST_MINISTACK_ENDPOINT,
#     AWSKIT_TEST_MINISTACK_ACCESS_KEY_ID, AWSKIT_TEST_MINISTACK_SECRET_ACCESS_KEY;
#   - moto_server (signature checking off, AWS managed IAM policies loaded): AWSKIT_TEST_MOTO_ENDPOINT.
# MiniStack inherits this script's environment, so e.g. MINISTACK_LAMBDA_PROXY_<function>=URL passes through.
# Logs go to a temporary folder, printed (with the log tails) when something fails.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${AWSKIT_VENV:-$repo/.venv-aws}"
with_moto=1
if [ "${1:-}" = "--ministack-only" ]; then
    with_moto=0
    shift
fi
[ "$#" -gt 0 ] || { echo "usage: $0 [--ministack-only] CMD [ARG...]" >&2; exit 2; }
if ((with_moto)); then
    "$repo/scripts/install-python-tools.sh" --tests >/dev/null
else
    "$repo/scripts/install-python-tools.sh" >/dev/null
fi

logs="$(mktemp -d "${TMPDIR:-/tmp}/with-emulators.XXXXXX")"
ministack_pid=""
moto_pid=""

stop_emulators() {
    for pid in $ministack_pid $moto_pid; do
        # Each emulator runs in its own process group (setsid), so this ends it and any child it started.
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for pid in $ministack_pid $moto_pid; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    ministack_pid=""
    moto_pid=""
}

show_logs() {
    echo "with-emulators: logs in $logs" >&2
    for log in "$logs"/*.log; do
        [ -f "$log" ] || continue
        echo "--- tail of $log" >&2
        tail -n 30 "$log" >&2
    done
}

on_exit() {
    local status=$?
    stop_emulators
    if [ "$status" -ne 0 ]; then show_logs; else rm -rf "$logs"; fi
    exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    "$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for_http() {  # name url pid
    local name="$1" url="$2" pid="$3"
    for _ in $(seq 1 200); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "with-emulators: $name exited during startup" >&2
            return 1
        fi
        if "$venv/bin/python" - "$url" <<'PY' 2>/dev/null; then return 0; fi
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1], timeout=1)
except urllib.error.HTTPError:
    pass  # any HTTP answer means the server is up
PY
        sleep 0.1
    done
    echo "with-emulators: $name did not answer at $url within 20 s" >&2
    return 1
}

ministack_port="$(free_port)"
AUTH=true GATEWAY_PORT="$ministack_port" BIND_HOST=127.0.0.1 MINISTACK_ACCOUNT_ID=123456789012 \
    setsid "$venv/bin/ministack" >"$logs/ministack.log" 2>&1 </dev/null &
ministack_pid=$!

if ((with_moto)); then
    moto_port="$(free_port)"
    MOTO_IAM_LOAD_MANAGED_POLICIES=true setsid "$venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" \
        >"$logs/moto.log" 2>&1 </dev/null &
    moto_pid=$!
fi

wait_for_http MiniStack "http://127.0.0.1:$ministack_port/_ministack/health" "$ministack_pid"
if ((with_moto)); then wait_for_http moto "http://127.0.0.1:$moto_port/moto-api/" "$moto_pid"; fi

# The root key is accepted with any secret; everything the tests do runs as an IAM user whose signature is checked.
credentials="$("$venv/bin/python" - "http://127.0.0.1:$ministack_port" <<'PY' 2>"$logs/bootstrap.log"
import json, sys, uuid, boto3
iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")
user = "awskit-test-" + uuid.uuid4().hex[:8]
iam.create_user(UserName=user)
iam.put_user_policy(UserName=user, PolicyName="allow-all", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
key = iam.create_access_key(UserName=user)["AccessKey"]
print(key["AccessKeyId"], key["SecretAccessKey"])
PY
)" || { echo "with-emulators: bootstrapping the MiniStack IAM user failed" >&2; exit 1; }
read -r access_key_id secret_access_key <<<"$credentials"

export AWSKIT_TEST_MINISTACK_ENDPOINT="http://127.0.0.1:$ministack_port"
export AWSKIT_TEST_MINISTACK_ACCESS_KEY_ID="$access_key_id"
export AWSKIT_TEST_MINISTACK_SECRET_ACCESS_KEY="$secret_access_key"
if ((with_moto)); then
    export AWSKIT_TEST_MOTO_ENDPOINT="http://127.0.0.1:$moto_port"
    echo "with-emulators: MiniStack at $AWSKIT_TEST_MINISTACK_ENDPOINT (AUTH=true), moto at $AWSKIT_TEST_MOTO_ENDPOINT" >&2
else
    echo "with-emulators: MiniStack at $AWSKIT_TEST_MINISTACK_ENDPOINT (AUTH=true)" >&2
fi

set +e
"$@"
status=$?
set -e
exit "$status"
