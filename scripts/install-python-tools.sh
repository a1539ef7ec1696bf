#!/usr/bin/env bash
# Creates <repo>/.venv-aws with the two AWS emulators the tests run against (MiniStack, moto) and boto3 for
# bootstrapping them. Idempotent: does nothing when the venv already holds the pinned versions.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${AWSKIT_VENV:-$repo/.venv-aws}"
ministack_version="1.5.33"
moto_version="5.2.1"

satisfied() {
    [ -x "$venv/bin/python" ] || return 1
    "$venv/bin/python" - "$ministack_version" "$moto_version" <<'PY' 2>/dev/null
import importlib.metadata as metadata, sys
ministack, moto = sys.argv[1], sys.argv[2]
assert metadata.version("ministack") == ministack
assert metadata.version("moto") == moto
metadata.version("boto3")
import flask, flask_cors, moto.server  # moto[server]'s extras
PY
}

if satisfied; then
    echo "install-python-tools: $venv already has ministack==$ministack_version, moto[server]==$moto_version, boto3"
    exit 0
fi

python="${PYTHON:-$(command -v python3)}"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
    "ministack==$ministack_version" "moto[server]==$moto_version" boto3
satisfied || { echo "install-python-tools: $venv still lacks the pinned packages" >&2; exit 1; }
echo "install-python-tools: installed into $venv"
