#!/usr/bin/env bash
# Make sure Node.js and npm exist for building the site's JavaScript (js/).
# Order: ones already on PATH; Debian's packages where apt works.
set -euo pipefail
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo -n"
  if $sudo true 2>/dev/null; then
    echo "Installing Debian's nodejs and npm to build the site's JavaScript..."
    if $sudo apt-get update -qq && $sudo apt-get install -y -qq nodejs npm; then
      exit 0
    fi
  fi
fi
echo "Node.js and npm are needed to build the site's JavaScript: install them (Debian: nodejs npm)." >&2
exit 1
