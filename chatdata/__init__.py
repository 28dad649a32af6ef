"""chatdata: an interactive, sourced explainer of messaging at Meta's scale.

The public data API (layers 1-2 of ``docs/architecture.md``)::

    >>> import chatdata
    >>> len(chatdata.list_datasets())
    8
"""

from chatdata.datasets import assumption, assumptions, list_datasets, load, metadata
from chatdata.errors import DataError

__all__ = [
    "DataError",
    "assumption",
    "assumptions",
    "list_datasets",
    "load",
    "metadata",
    "setup",
]


def setup() -> str:
    """Choose how charts display; the first call in every notebook.

    Imported lazily so that ``import chatdata`` stays light (no Altair, no widgets).
    See :func:`chatdata.widgets.setup.setup`.
    """
    from chatdata.widgets.setup import setup as choose_renderer

    return choose_renderer()
