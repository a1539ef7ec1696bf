#!/usr/bin/env bash
# Usage: scripts/setup.sh [--tests]
#
# All set-up on a fresh Debian bookworm machine, as root (or with sudo). Idempotent: a second run installs and
# downloads nothing. Installs the system packages the build links against, fetches and verifies the model and AWS's
# Lambda Runtime Interface Emulator, and creates .venv-aws (MiniStack, the AWS emulator the experiment runs against,
# and boto3).
# --tests also installs what only the tests use: a C compiler (the tests build a small LD_PRELOAD library that runs a
# binary with a wrong wall clock), chromium (Debian's, headless: the report is looked at in a real browser) and moto's
# server (the second AWS emulator) in .venv-aws.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/apt.sh
source scripts/lib/apt.sh

packages=(libopencv-dev libssl-dev libcurl4-openssl-dev)
python_tools=()
case "${1:-}" in
    --tests) packages+=(gcc libc6-dev chromium); python_tools=(--tests) ;;
    "") ;;
    *) echo "usage: $0 [--tests]" >&2; exit 2 ;;
esac
python3 -m venv --help >/dev/null 2>&1 || packages+=(python3-venv)
install_missing setup "${packages[@]}"

scripts/fetch-model.sh
scripts/install-lambda-emulator.sh
scripts/install-python-tools.sh "${python_tools[@]}"
