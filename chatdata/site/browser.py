"""Find and launch headless Chromium for the browser tests and benchmarks.

Debian's packages are preferred: the tests run in ``chromium-headless-shell``, Chromium's
headless build (what Playwright itself runs headless), which reads the same pages with the
same Blink for 14-43% less CPU than ``chromium`` (measured per test file); the benchmarks
time pages in ``chromium``, the browser readers run. Either falls back to the other, then
to Playwright's own download (``python -m playwright install chromium``).
``CHATDATA_CHROMIUM`` names an executable for both.
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


#: Chromium's headless build, and the full browser's names, as looked for on ``PATH``.
SHELL = "chromium-headless-shell"
BROWSERS = ("chromium", "chromium-browser")


def chromium_path(shell: bool = True) -> str | None:
    """Path of a system Chromium, or None to let Playwright use its own download.

    Parameters
    ----------
    shell : bool
        Prefer the headless shell (tests) to the full browser (benchmarks).
    """
    explicit = os.environ.get("CHATDATA_CHROMIUM")
    if explicit:
        return explicit
    for name in (SHELL, *BROWSERS) if shell else (*BROWSERS, SHELL):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch(playwright, shell: bool = True, **kwargs):
    """Launch headless Chromium with the project's flags (see :func:`chromium_path`).

    Raises
    ------
    RuntimeError
        When no browser can be started, with the command that installs one.
    """
    try:
        return playwright.chromium.launch(
            executable_path=chromium_path(shell), args=CHROMIUM_ARGS, headless=True, **kwargs
        )
    except Exception as exc:  # Playwright raises its own Error type
        raise RuntimeError(
            "no headless Chromium could be started; run `make browser` "
            "(apt-get install -y chromium, or python -m playwright install chromium)"
        ) from exc
