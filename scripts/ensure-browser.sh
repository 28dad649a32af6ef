#!/usr/bin/env bash
# Make sure headless Chromium exists for the browser tests and benchmarks.
# The tests prefer Debian's chromium-headless-shell, the benchmarks Debian's chromium
# (chatdata/site/browser.py); each falls back to the other.
# Order: both already on PATH (or CHATDATA_CHROMIUM set); Debian's packages where apt works;
# one of them already on PATH; Playwright's own download.
set -euo pipefail
py=${1:-.venv/bin/python}
have() { command -v "$1" >/dev/null 2>&1; }
if [[ -n ${CHATDATA_CHROMIUM:-} ]] || { have chromium-headless-shell \
  && { have chromium || have chromium-browser; }; }; then
  exit 0
fi
if have apt-get; then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo -n"
  if $sudo true 2>/dev/null; then
    echo "Installing Debian's chromium and chromium-headless-shell for the browser tests..."
    if $sudo apt-get update -qq; then
      if $sudo apt-get install -y -qq chromium chromium-headless-shell; then
        exit 0
      fi
      # a Debian without the headless shell package: the full browser serves the tests too
      echo "chromium-headless-shell is not available here; installing chromium alone..."
      $sudo apt-get install -y -qq chromium || true
    fi
  fi
fi
if have chromium-headless-shell || have chromium || have chromium-browser; then
  exit 0
fi
echo "Installing Playwright's Chromium for the browser tests..."
"$py" -m playwright install chromium
