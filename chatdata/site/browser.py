"""Find and launch headless Chromium for the browser tests and benchmarks.

Debian's ``chromium`` is preferred (``apt-get install -y chromium``); elsewhere Playwright's
own download (``python -m playwright install chromium``) is used. ``CHATDATA_CHROMIUM`` names
an executable explicitly.
"""

from __future__ import annotations

import os
import shutil

#: Flags that keep Chromium from reaching out on its own (updates, sync, Google lookups).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    """Path of a system Chromium, or None to let Playwright use its own download."""
    explicit = os.environ.get("CHATDATA_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch(playwright, **kwargs):
    """Launch headless Chromium with the project's flags.

    Raises
    ------
    RuntimeError
        When no browser can be started, with the command that installs one.
    """
    try:
        return playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True, **kwargs
        )
    except Exception as exc:  # Playwright raises its own Error type
        raise RuntimeError(
            "no headless Chromium could be started; run `make browser` "
            "(apt-get install -y chromium, or python -m playwright install chromium)"
        ) from exc
