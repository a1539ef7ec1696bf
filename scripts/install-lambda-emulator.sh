#!/usr/bin/env bash
# Puts AWS's Lambda Runtime Interface Emulator (aws-lambda-rie) for this machine's architecture into
# ~/.cache/yolo-offload/aws-lambda-rie/ (or $XDG_CACHE_HOME/yolo-offload/...), verified by SHA-256. local-lambda
# runs the function under it. The emulator ships as plain static binaries inside PyPI's aws-sam-cli wheel
# (samcli/local/rapid/); only that one member is extracted, nothing of SAM is installed.
# Idempotent: when the binary is present and verified it prints one line and downloads nothing.
set -euo pipefail

version=1.170.0
wheel_sha256=24ebaf5ecba38dc1758089968cb89ab61e124b84e92a344fc7a2771a47f4d0bf
case "$(uname -m)" in
    x86_64|amd64) arch=x86_64; binary_sha256=6b1e686e62ab2baf5759c412c4864276ef2a88b094fca53ec070637ccba9b9a5 ;;
    aarch64|arm64) arch=arm64; binary_sha256=ec2e5d09633d853834c008b1ef264bf834b258a94d551d2b2074966494b39a21 ;;
    *) echo "lambda emulator: no build for $(uname -m)" >&2; exit 1 ;;
esac
# shellcheck source=lib/cache.sh
source "$(dirname "$0")/lib/cache.sh"
dir=$yolo_cache/aws-lambda-rie
target="$dir/aws-lambda-rie-$arch"

verified() { [ -x "$1" ] && sha256sum --check --status <<<"$binary_sha256  $1"; }

if verified "$target"; then
    echo "lambda emulator: $target (verified)"
    exit 0
fi

echo "lambda emulator: downloading aws-sam-cli==$version from PyPI (8 MB) for aws-lambda-rie-$arch..."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --only-binary :all: -d "$work" "aws-sam-cli==$version"
wheel="$work/aws_sam_cli-$version-py3-none-any.whl"
if ! sha256sum --check --status <<<"$wheel_sha256  $wheel"; then
    echo "lambda emulator: the downloaded wheel does not match its SHA-256; nothing was installed" >&2
    exit 1
fi
python3 - "$wheel" "samcli/local/rapid/aws-lambda-rie-$arch" "$work/aws-lambda-rie" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open(sys.argv[2]) as member, open(sys.argv[3], "wb") as out:
    shutil.copyfileobj(member, out)
PY
chmod 0755 "$work/aws-lambda-rie"
if ! verified "$work/aws-lambda-rie"; then
    echo "lambda emulator: the extracted binary does not match its SHA-256; nothing was installed" >&2
    exit 1
fi
mkdir -p "$dir"
mv -f "$work/aws-lambda-rie" "$target"
echo "lambda emulator: $target (downloaded and verified)"
