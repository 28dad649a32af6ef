"""Exceptions raised by the chatdata data layer."""

from __future__ import annotations

__all__ = ["DataError"]


class DataError(ValueError):
    """A data file does not match its schema in ``datapackage.json``.

    The message names the file, the row (as a 1-based data row and as a CSV line
    number) and the column at fault.

    Examples
    --------
    >>> issubclass(DataError, ValueError)
    True
    """
