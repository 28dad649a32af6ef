"""Terminal colour codes, removed from error text before it reaches a page or a message."""

from __future__ import annotations

import re

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text: str) -> str:
    r"""Remove terminal colour codes from a traceback or error line.

    Examples
    --------
    >>> strip_ansi("\x1b[0;31mNameError\x1b[0m: x")
    'NameError: x'
    """
    return _ANSI.sub("", text)
