#!/usr/bin/env bash
# Usage: scripts/install-python-tools.sh [--tests]
#
# Creates <repo>/.venv-aws with MiniStack (the AWS emulator the experiment and the tests run against) and boto3 (for
# bootstrapping it and for the measuring scripts); --tests adds moto's server, the second emulator only the tests use
# (the larger install by far). Idempotent: does nothing when the venv already holds the pinned versions.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${AWSKIT_VENV:-$repo/.venv-aws}"
ministack_version="1.5.33"
moto_version="5.2.1"
case "${1:-}" in
    --tests) with_moto=1 ;;
    "") with_moto=0 ;;
    *) echo "usage: $0 [--tests]" >&2; exit 2 ;;
esac

satisfied() {
    [ -x "$venv/bin/python" ] || return 1
    "$venv/bin/python" - "$ministack_version" "$moto_version" "$with_moto" <<'PY' 2>/dev/null
import importlib.metadata as metadata, sys
ministack, moto, with_moto = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
assert metadata.version("ministack") == ministack
metadata.version("boto3")
if with_moto:
    assert metadata.version("moto") == moto
    import flask, flask_cors, moto.server  # moto[server]'s extras
PY
}

packages=("ministack==$ministack_version" boto3)
((with_moto)) && packages+=("moto[server]==$moto_version")
if satisfied; then
    echo "install-python-tools: $venv already has ${packages[*]}"
    exit 0
fi

python="${PYTHON:-$(command -v python3)}"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "${packages[@]}"
satisfied || { echo "install-python-tools: $venv still lacks the pinned packages" >&2; exit 1; }
echo "install-python-tools: installed ${packages[*]} into $venv"
