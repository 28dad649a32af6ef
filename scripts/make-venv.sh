#!/usr/bin/env bash
# Create the project's virtual environment with the given Python.
# Debian and Ubuntu ship python3 without the venv module; where apt works, add it.
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}
[[ -x $venv/bin/python ]] && exit 0
if "$python" -m venv "$venv" 2>/tmp/chatdata-venv.err; then
  exit 0
fi
rm -rf "$venv"
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo -n"
if command -v apt-get >/dev/null 2>&1 && $sudo true 2>/dev/null; then
  version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  echo "Installing the venv module for Python $version..."
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "python$version-venv" || $sudo apt-get install -y -qq python3-venv
  exec "$python" -m venv "$venv"
fi
cat /tmp/chatdata-venv.err >&2
echo "Could not create $venv: install Python's venv module (Debian/Ubuntu: python3-venv)." >&2
exit 1
