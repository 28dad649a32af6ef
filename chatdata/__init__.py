"""chatdata: an interactive, sourced explainer of messaging at Meta's scale.

The public data API (layers 1-2 of ``docs/architecture.md``)::

    >>> import chatdata
    >>> len(chatdata.list_datasets())
    8
"""

import sys as _sys
from typing import Any

if _sys.argv[:1] == ["-m"]:  # ``python -m chatdata``: a stop signal while the package loads
    from chatdata.site.interrupts import quit_on_signals

    quit_on_signals()

from chatdata._deferred import defer_iri_syntax
from chatdata.datasets import list_datasets, load, metadata
from chatdata.errors import DataError

defer_iri_syntax()  # before anything imports jsonschema (Altair does): see chatdata._deferred

__all__ = [
    "DataError",
    "assumption",
    "assumptions",
    "list_datasets",
    "load",
    "metadata",
    "setup",
]


def __getattr__(name: str) -> Any:
    """``assumption`` and ``assumptions`` from :mod:`chatdata.charts.assumptions`.

    Loaded on first use, so that ``import chatdata`` stays light (no Altair).
    """
    if name in ("assumption", "assumptions"):
        from chatdata.charts import assumptions as home

        return getattr(home, name)
    raise AttributeError(f"module 'chatdata' has no attribute {name!r}")


def setup() -> None:
    """Choose how charts display; the first call in every notebook.

    Imported lazily so that ``import chatdata`` stays light (no Altair, no widgets).
    See :func:`chatdata.widgets.lab_renderer.setup`.
    """
    from chatdata.widgets.lab_renderer import setup as choose_renderer

    choose_renderer()
