#!/usr/bin/env bash
# Usage: scripts/check-image-rootfs.sh [BINARY]   (as root: chroot)
#
# The Lambda image's final stage without a Docker engine, assembled as deploy/lambda/Dockerfile assembles it
# (scripts/function-rootfs.sh: the binary, the libraries it loads, the CA bundle, the model, /tmp; nothing else),
# then inside a chroot: `detect-server lambda` under AWS's Runtime Interface Emulator (as Lambda runs it: Runtime API
# mode) loads the model, answers an empty event and shuts down on SIGTERM, leaving no process behind. Prints the
# root filesystem's size and the function's cold start (process start to model loaded, from its "ready" line), and
# fails when the root filesystem is over IMAGE_MAX_MIB (150). BINARY defaults to
# .build/image-source/release/detect-server: a build on the `source` OpenCV engine with --static-swift-stdlib, as in
# the image:
#   YOLO_OPENCV_PREFIX=$(scripts/build-opencv.sh --print-prefix) swift build --scratch-path .build/image-source \
#       -c release --static-swift-stdlib --product detect-server
set -euo pipefail
case "${1:-}" in -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="${1:-$repo/.build/image-source/release/detect-server}"
# shellcheck source=lib/cache.sh
source "$repo/scripts/lib/cache.sh"
model=$yolo_model_dir
max_mib="${IMAGE_MAX_MIB:-150}"
emulator="${AWS_LAMBDA_RIE:-$yolo_cache/aws-lambda-rie/aws-lambda-rie-$(uname -m | sed 's/aarch64/arm64/')}"
[ "$(id -u)" -eq 0 ] || { echo "check-image-rootfs: run as root (chroot)" >&2; exit 2; }
[ -x "$binary" ] || { echo "check-image-rootfs: $binary is missing (see --help: build it on the source engine)" >&2; exit 2; }
if ldd "$binary" | grep -q "libopencv_core.so.406"; then
    echo "check-image-rootfs: $binary loads Debian's OpenCV 4.6; the image runs the source engine (see --help)" >&2
    exit 2
fi
[ -x "$emulator" ] || { echo "check-image-rootfs: $emulator is missing: scripts/install-lambda-emulator.sh" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/image-rootfs.XXXXXX")"
root="$work/rootfs"
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    umount "$root/proc" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$repo/scripts/function-rootfs.sh" "$binary" "$model" "$root"
total_mib=$(du -sm "$root" | cut -f1)   # before the check adds anything

# Lambda runs the image's entrypoint as a runtime against its Runtime API; AWS's Runtime Interface Emulator (a static
# binary, copied in for the check only; the image does not carry it) does the same here. Lambda mounts /proc, which
# Swift reads its arguments from, and the container runtime creates /dev's basic nodes.
install -m 0755 "$emulator" "$root/aws-lambda-rie"
mkdir -p "$root/proc" "$root/dev"
for node in "null 1 3" "zero 1 5" "random 1 8" "urandom 1 9"; do
    read -r name major minor <<<"$node"
    mknod -m 0666 "$root/dev/$name" c "$major" "$minor"
done
mount -t proc proc "$root/proc"
ports=($(python3 -c 'import socket
probes = [socket.socket() for _ in range(2)]
for probe in probes: probe.bind(("127.0.0.1", 0))
print(" ".join(str(probe.getsockname()[1]) for probe in probes))'))
chroot "$root" /usr/local/bin/detect-server --version >/dev/null 2>"$work/version.log" \
    || { echo "check-image-rootfs: detect-server does not start in the image:" >&2; cat "$work/version.log" >&2; exit 1; }
env -i DETECT_TABLE=check AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=check AWS_SECRET_ACCESS_KEY=check \
    YOLO_MODEL_DIR=/opt/yolo-model "$(command -v chroot)" "$root" /aws-lambda-rie \
    --runtime-interface-emulator-address "127.0.0.1:${ports[0]}" --runtime-api-address "127.0.0.1:${ports[1]}" \
    /usr/local/bin/detect-server lambda >"$work/out.log" 2>&1 &
server_pid=$!
reply="$(python3 - "http://127.0.0.1:${ports[0]}/2015-03-31/functions/function/invocations" <<'PY'
import sys, time, urllib.error, urllib.request
deadline = time.monotonic() + 30
while True:
    try:
        print(urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"{}"), timeout=60).read().decode())
        break
    except urllib.error.URLError as error:
        if not isinstance(error.reason, ConnectionRefusedError) or time.monotonic() > deadline:
            sys.exit(f"check-image-rootfs: the emulator did not answer: {error}")
        time.sleep(0.05)
PY
)" || { cat "$work/out.log" >&2; exit 1; }
[ "$reply" = '{"failed":0,"items":[],"processed":0,"skipped":0}' ] \
    || { echo "check-image-rootfs: unexpected reply $reply" >&2; cat "$work/out.log" >&2; exit 1; }
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=""
# Lambda stops an environment with SIGTERM; nothing of it may outlive the emulator.
for _ in $(seq 1 50); do
    left="$(for process in /proc/[0-9]*; do [ "$(readlink "$process/root" 2>/dev/null)" = "$root" ] && echo "${process#/proc/}"; done || true)"
    [ -z "$left" ] && break
    sleep 0.1
done
[ -z "$left" ] || { echo "check-image-rootfs: processes left after SIGTERM: $left" >&2; exit 1; }
umount "$root/proc"
grep -hE "ready|REPORT" "$work/out.log" | sed 's/^/  /'
echo "check-image-rootfs: the function answered in the image; its root filesystem is $total_mib MiB (budget $max_mib MiB)"
if ((total_mib > max_mib)); then
    echo "check-image-rootfs: FAILED: over the budget of $max_mib MiB (IMAGE_MAX_MIB)" >&2
    exit 1
fi
