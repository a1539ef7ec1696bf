#!/usr/bin/env bash
# Usage: scripts/function-rootfs.sh BINARY MODEL_DIR ROOT
#
# Assembles the Lambda function image's root filesystem in ROOT (a new folder) from what `detect-server lambda` uses
# and nothing else:
#   - the binary, stripped, at /usr/local/bin/detect-server;
#   - every shared library it loads (ldd), copied to the path the loader found it at, and the loader itself at the
#     binary's PT_INTERP path: the same lookup then finds the same files in the image (OpenCV's libraries by the
#     binary's RUNPATH, Debian's in /lib/<triple>);
#   - libcurl's CA bundle, /etc/ssl/certs/ca-certificates.crt (it verifies TLS peers against it);
#   - the model files at /opt/yolo-model; an empty /tmp (mode 1777, as Lambda mounts it).
# Everything is world-readable: Lambda runs a function as a user of its own, not as root.
#
# deploy/lambda/Dockerfile runs this in its build stage and copies ROOT into a `FROM scratch` final stage;
# scripts/check-image-rootfs.sh runs it on this machine and starts the function in it. The binary must be built with
# --static-swift-stdlib (it may load no Swift runtime library).
set -euo pipefail

case "${1:-}" in -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
[ "$#" -eq 3 ] || { echo "usage: $0 BINARY MODEL_DIR ROOT (see --help)" >&2; exit 2; }
binary=$1 model=$2 root=$3
model_files=(yolov3-tiny.cfg yolov3-tiny.weights coco.names)
ca_bundle=/etc/ssl/certs/ca-certificates.crt

fail() { echo "function-rootfs: $*" >&2; exit 1; }

[ -x "$binary" ] || fail "$binary is not an executable"
[ ! -e "$root" ] || fail "$root exists; give a new folder"
for file in "${model_files[@]}"; do [ -f "$model/$file" ] || fail "$model/$file is missing (scripts/fetch-model.sh)"; done
[ -f "$ca_bundle" ] || fail "$ca_bundle is missing: install ca-certificates"
libraries=$(ldd "$binary") || fail "ldd $binary failed"
if grep -q "not found" <<<"$libraries"; then fail "$binary needs libraries this machine lacks: $(grep "not found" <<<"$libraries")"; fi
if grep -q "/swift/" <<<"$libraries"; then fail "$binary loads Swift runtime libraries; build it with --static-swift-stdlib"; fi
interpreter=$(readelf -l "$binary" | sed -n 's/.*\[Requesting program interpreter: \(.*\)\]/\1/p')
[ -n "$interpreter" ] || fail "$binary names no program interpreter (readelf -l)"

mkdir -p "$root"
# Each library at the path ldd resolved ("soname => /path (0x...)"), under the name the loader looks for.
while read -r soname arrow path _; do
    [ "$arrow" = "=>" ] && [ -n "$path" ] || continue
    install -D -m 0755 "$(readlink -f "$path")" "$root$(dirname "$path")/$soname"
done <<<"$libraries"
install -D -m 0755 "$(readlink -f "$interpreter")" "$root$interpreter"
install -D -m 0755 "$binary" "$root/usr/local/bin/detect-server"
strip "$root/usr/local/bin/detect-server"
install -D -m 0644 "$(readlink -f "$ca_bundle")" "$root$ca_bundle"
for file in "${model_files[@]}"; do install -D -m 0644 "$model/$file" "$root/opt/yolo-model/$file"; done
install -d -m 1777 "$root/tmp"
echo "function-rootfs: $root: $(du -sm "$root" | cut -f1) MiB (detect-server $(du -sm "$root/usr/local/bin/detect-server" | cut -f1)," \
    "$(grep -c "=> /" <<<"$libraries") libraries $(find "$root" -name '*.so*' -print0 | du -smc --files0-from=- | tail -1 | cut -f1)," \
    "model $(du -sm "$root/opt/yolo-model" | cut -f1))"
