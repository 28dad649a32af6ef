#!/usr/bin/env bash
# Make sure a Java runtime exists for the W3C Nu Html Checker (vnu.jar) the browser tests run.
# Order: one already on PATH; Debian's headless runtime where apt works.
set -euo pipefail
if command -v java >/dev/null 2>&1 && java -version >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo -n"
  if $sudo true 2>/dev/null; then
    echo "Installing Debian's Java runtime for the HTML checker..."
    if $sudo apt-get update -qq && $sudo apt-get install -y -qq default-jre-headless; then
      exit 0
    fi
  fi
fi
echo "A Java runtime is needed for the HTML checker: install one (Debian: default-jre-headless)." >&2
exit 1
