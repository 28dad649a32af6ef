"""CSV downloads that are safe to open in a spreadsheet (OWASP "CSV injection").

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula,
and a leading tab or carriage return can hide one. Such text cells get a leading
single quote, which spreadsheets show as text; numbers (and text that is only a plain
number, such as ``-5``) are left as they are, so a negative number stays a number.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path
from typing import Any

__all__ = ["copy_safe_csv", "safe_cell", "unsafe"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def unsafe(text: str) -> bool:
    r"""Whether a spreadsheet could read ``text`` as a formula.

    Examples
    --------
    >>> unsafe("=HYPERLINK(\"http://x\")"), unsafe("-5"), unsafe("-5+A1"), unsafe("a=b")
    (True, False, True, False)
    """
    return text.startswith(_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text)


def safe_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is text a spreadsheet would run; else unchanged.

    Examples
    --------
    >>> safe_cell("=1+1"), safe_cell("@SUM(A1)"), safe_cell(-3.5), safe_cell("-3.5")
    ("'=1+1", "'@SUM(A1)", -3.5, '-3.5')
    """
    return f"'{value}" if isinstance(value, str) and unsafe(value) else value


def copy_safe_csv(source: Path, target: Path) -> Path:
    """Copy a CSV file, neutralising formula-like cells; a byte-identical copy if none.

    Returns
    -------
    Path
        ``target``.
    """
    text = source.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not any(unsafe(cell) for row in rows for cell in row):
        return Path(shutil.copy2(source, target))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([[safe_cell(c) for c in r] for r in rows])
    target.write_text(out.getvalue(), encoding="utf-8", newline="")
    return target
