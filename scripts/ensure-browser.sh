#!/usr/bin/env bash
# Make sure a headless Chromium exists for the browser tests.
# Order: one already on PATH; Debian's package where apt works; Playwright's own download.
set -euo pipefail
py=${1:-.venv/bin/python}
if [[ -n ${CHATDATA_CHROMIUM:-} ]] || command -v chromium >/dev/null 2>&1 \
  || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo -n"
  if $sudo true 2>/dev/null; then
    echo "Installing Debian's chromium for the browser tests..."
    if $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium; then
      exit 0
    fi
  fi
fi
echo "Installing Playwright's Chromium for the browser tests..."
"$py" -m playwright install chromium
