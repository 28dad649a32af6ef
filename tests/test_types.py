"""The type checker passes over ``chatdata/`` (mypy, configured in ``pyproject.toml``).

It runs as a test so that it shares the suite's workers instead of running before them;
``make lint`` runs the same check on its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_error():
    done = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout
