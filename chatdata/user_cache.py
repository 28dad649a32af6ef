"""What chatdata keeps between kernels and builds: a folder of files it can always recompute.

The folder is ``$CHATDATA_CACHE``, or ``chatdata`` in ``$XDG_CACHE_HOME`` (``~/.cache``).
Each file's name says what it was made from (a digest of its inputs and of the code and
library versions that made it), so a file is never stale, only unused. Nothing kept here is
needed: a missing, unreadable or unwritable folder costs only the time to make it again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def folder() -> Path:
    """The cache folder (which may not exist yet)."""
    root = os.environ.get("CHATDATA_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "chatdata"
    )
    return Path(root)


def digest(*parts: object) -> str:
    """A short digest of JSON-able ``parts`` (dict keys sorted), for a file name.

    >>> digest({"b": 1, "a": 2}, 3) == digest({"a": 2, "b": 1}, 3)
    True
    """
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def read_text(name: str) -> str | None:
    """The text kept as ``name`` (a path within the folder), or None."""
    try:
        return (folder() / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_text(name: str, text: str) -> None:
    """Keep ``text`` as ``name``, whole or not at all (other processes may read it meanwhile)."""
    path = folder() / name
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
        ) as tmp:
            tmp.write(text)
        try:
            os.replace(tmp.name, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp.name)


def read_json(name: str) -> Any | None:
    """The JSON value kept as ``name``, or None when there is none (or it is unreadable)."""
    text = read_text(name)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def write_json(name: str, value: Any) -> None:
    """Keep a JSON-able ``value`` as ``name`` (see :func:`write_text`)."""
    write_text(name, json.dumps(value, separators=(",", ":")))
