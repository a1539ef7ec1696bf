#!/usr/bin/env bash
# Usage: scripts/check-image-rootfs.sh [BINARY]   (as root; not part of `make test`: it downloads ~150 MB of .debs)
#
# The Lambda image's final stage without a Docker engine: debootstraps Debian bookworm's minbase (what
# debian:bookworm-slim is made of), installs deploy/lambda/Dockerfile's package list with
# `apt-get install --no-install-recommends`, adds the binary (stripped) and the model as the Dockerfile does, then
# inside a chroot: ldd finds every library, and `detect-server lambda` under AWS's Runtime Interface Emulator (as
# Lambda runs it: Runtime API mode) loads the model, answers an empty event and shuts down on SIGTERM. Prints the root filesystem's size. BINARY defaults to .build/release/detect-server and must
# be built with --static-swift-stdlib, as in the image (it may load no Swift runtime library).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="${1:-$repo/.build/release/detect-server}"
model="${YOLO_MODEL_DIR:-$HOME/.cache/yolo-offload/yolov3-tiny}"
emulator="${AWS_LAMBDA_RIE:-${XDG_CACHE_HOME:-$HOME/.cache}/yolo-offload/aws-lambda-rie/aws-lambda-rie-$(uname -m | sed 's/aarch64/arm64/')}"
[ "$(id -u)" -eq 0 ] || { echo "check-image-rootfs: run as root (debootstrap, chroot)" >&2; exit 2; }
[ -x "$binary" ] || { echo "check-image-rootfs: $binary is missing: swift build -c release --static-swift-stdlib --product detect-server" >&2; exit 2; }
if ldd "$binary" | grep -q "/usr/lib/swift/"; then
    echo "check-image-rootfs: $binary loads Swift runtime libraries; build it with --static-swift-stdlib" >&2
    exit 2
fi
[ -x "$emulator" ] || { echo "check-image-rootfs: $emulator is missing: scripts/install-lambda-emulator.sh" >&2; exit 2; }
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null

work="$(mktemp -d "${TMPDIR:-/tmp}/image-rootfs.XXXXXX")"
root="$work/rootfs"
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    umount "$root/proc" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

packages="$(python3 - "$repo/deploy/lambda/Dockerfile" "$repo/scripts/check-image-packages.py" <<'PY'
import importlib.util, sys
spec = importlib.util.spec_from_file_location("check", sys.argv[2])
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)
print(" ".join(sorted(check.dockerfile_packages(sys.argv[1]))))
PY
)"
echo "check-image-rootfs: debootstrap --variant=minbase bookworm into $root"
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
echo "check-image-rootfs: apt-get install --no-install-recommends $packages"
cp /etc/resolv.conf "$root/etc/resolv.conf"
chroot "$root" apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends $packages >"$work/apt.log" 2>&1 \
    || { tail -20 "$work/apt.log" >&2; exit 1; }
chroot "$root" apt-get clean
rm -rf "$root/var/lib/apt/lists/"*
install -D -m 0755 "$binary" "$root/usr/local/bin/detect-server"
strip "$root/usr/local/bin/detect-server"
mkdir -p "$root/opt/yolo-model"
cp "$model/yolov3-tiny.cfg" "$model/yolov3-tiny.weights" "$model/coco.names" "$root/opt/yolo-model/"
chmod 0644 "$root/opt/yolo-model/"*
mount -t proc proc "$root/proc"   # Swift reads its arguments from /proc/self/cmdline; Lambda mounts /proc too

missing="$(chroot "$root" ldd /usr/local/bin/detect-server | grep "not found" || true)"
[ -z "$missing" ] || { echo "check-image-rootfs: libraries missing from the image:" >&2; echo "$missing" >&2; exit 1; }

# Lambda runs the image's entrypoint as a runtime against its Runtime API; AWS's Runtime Interface Emulator (a static
# binary, copied in for the check only; the image does not carry it) does the same here.
install -m 0755 "$emulator" "$root/usr/local/bin/aws-lambda-rie"
ports=($(python3 -c 'import socket
probes = [socket.socket() for _ in range(2)]
for probe in probes: probe.bind(("127.0.0.1", 0))
print(" ".join(str(probe.getsockname()[1]) for probe in probes))'))
chroot "$root" env -i DETECT_TABLE=check AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=check AWS_SECRET_ACCESS_KEY=check \
    YOLO_MODEL_DIR=/opt/yolo-model /usr/local/bin/aws-lambda-rie \
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
echo "check-image-rootfs: ok: the image's root filesystem is $(du -sm "$root" | cut -f1) MiB" \
    "(of which docs, man pages and locales, which debian:bookworm-slim drops:" \
    "$(du -smc "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/locale" | tail -1 | cut -f1) MiB)"
