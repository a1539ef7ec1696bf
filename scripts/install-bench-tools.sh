#!/usr/bin/env bash
# Creates the two venvs of the Flask reference design (Benchmarks/flask-reference) at the repo root:
#   .venv-bench-cv46   Flask + gunicorn + opencv-python-headless 4.6.0.66 (the same OpenCV as detect-server)
#   .venv-bench-cvnew  the same with the newest OpenCV 4.x wheel
# Idempotent: a venv that already holds exactly its requirements file's pins is left alone.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-$(command -v python3)}"

# Whether the venv's installed versions are the ones its requirements file pins, and cv2 imports.
satisfied() {
    local venv=$1 requirements=$2
    [ -x "$venv/bin/python" ] || return 1
    "$venv/bin/python" - "$requirements" <<'PY' 2>/dev/null
import importlib.metadata as metadata, sys
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, version = line.split("==")
    assert metadata.version(name) == version, (name, metadata.version(name), version)
import cv2, flask, gunicorn  # noqa: F401  (numpy 2 with a NumPy-1 cv2 fails here)
PY
}

for flavour in cv46 cvnew; do
    venv="$repo/.venv-bench-$flavour"
    requirements="$repo/Benchmarks/flask-reference/requirements-$flavour.txt"
    if satisfied "$venv" "$requirements"; then
        echo "install-bench-tools: $venv already matches $(basename "$requirements")"
        continue
    fi
    [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    satisfied "$venv" "$requirements" || {
        echo "install-bench-tools: $venv does not match $requirements after installing" >&2
        exit 1
    }
    echo "install-bench-tools: installed $(basename "$requirements") into $venv" \
        "(OpenCV $("$venv/bin/python" -c 'import cv2; print(cv2.__version__)'))"
done
