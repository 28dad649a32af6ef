"""Checks across fields, rows and tables that one cell's constraints cannot express.

References are declared in ``datapackage.json``: Table Schema ``foreignKeys`` for a
field holding one id, and the field property ``chatdata:listReference`` (``resource``,
``field``, ``delimiter``, optional ``also`` for extra allowed values) for a field
holding several ids. The rules Table Schema cannot state live here, one per table:

- assumptions: ``min < max``, ``step <= max - min``, and the default and every preset
  inside ``[min, max]``; the ``share_*`` rows of a chapter sum to 1 in every scenario.
- conversation_types: ``share_low <= share_default <= share_high`` and the defaults sum
  to 1.

Each failure raises :class:`chatdata.DataError` naming file, data row, CSV line and
column, as ``chatdata._schema`` does.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd

from chatdata._descriptor import LIST_REFERENCE
from chatdata.errors import DataError

__all__ = ["SHARE_TOLERANCE", "check_table"]

#: How far from 1 a set of shares may sum (rounding in a CSV with two decimals).
SHARE_TOLERANCE = 1e-6
_SCENARIOS = ("article", "evidence", "conservative")


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


class _Table:
    """A parsed table with the CSV line of each row, for error messages."""

    def __init__(self, frame: pd.DataFrame, lines: list[int], source: str) -> None:
        self.frame, self.lines, self.source = frame, lines, source

    def fail(self, index: int, column: str, message: str) -> DataError:
        return DataError(
            f"{self.source}: data row {index + 1} (CSV line {self.lines[index]}), "
            f"column {column!r}: {message}"
        )


def _targets(lookup: Callable[[str], pd.DataFrame], own: _Table, table: str, fields: list[str]):
    frame = own.frame if table == "" else lookup(table)
    return {tuple(row) for row in frame[fields].itertuples(index=False)}


def _check_references(
    table: _Table, resource: dict[str, Any], lookup: Callable[[str], pd.DataFrame]
) -> None:
    schema, own = resource["schema"], resource["name"]
    for key in schema.get("foreignKeys", []):
        fields = [key["fields"]] if isinstance(key["fields"], str) else key["fields"]
        ref = key["reference"]
        target = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        name = "" if ref.get("resource", "") in ("", own) else ref["resource"]
        known = _targets(lookup, table, name, target)
        for index, values in enumerate(table.frame[fields].itertuples(index=False)):
            if any(_missing(v) for v in values) or tuple(values) in known:
                continue
            shown = values[0] if len(values) == 1 else tuple(values)
            raise table.fail(
                index,
                ", ".join(fields),
                f"{shown!r} names no row of {name or own} ({', '.join(target)})",
            )
    for field in schema["fields"]:
        ref = field.get(LIST_REFERENCE)
        if ref is None:
            continue
        name = "" if ref.get("resource", "") in ("", own) else ref["resource"]
        known = {v for (v,) in _targets(lookup, table, name, [ref["field"]])}
        known |= set(ref.get("also", []))
        for index, cell in enumerate(table.frame[field["name"]]):
            if _missing(cell):
                continue
            for item in str(cell).split(ref["delimiter"]):
                if item.strip() not in known:
                    raise table.fail(
                        index,
                        field["name"],
                        f"{item.strip()!r} names no row of {name or own} ({ref['field']})",
                    )


def _check_within(table: _Table, index: int, column: str, low: str, high: str) -> None:
    """The cell ``column`` of row ``index`` is blank or within ``[low, high]``."""
    row = table.frame.iloc[index]
    value = row[column]
    if _missing(value):
        return
    if value < row[low]:
        raise table.fail(index, column, f"{value!r} is below {low} ({row[low]!r})")
    if value > row[high]:
        raise table.fail(index, column, f"{value!r} is above {high} ({row[high]!r})")


def _check_sum(table: _Table, rows: list[int], column: str, label: str) -> None:
    values = table.frame[column]
    total = float(sum(values.iloc[i] for i in rows))
    if abs(total - 1) > SHARE_TOLERANCE:
        raise DataError(
            f"{table.source}: column {column!r}: {label} sum to {total:g}, not 1 "
            f"(data rows {', '.join(str(i + 1) for i in rows)})"
        )


def _assumptions(table: _Table) -> None:
    frame = table.frame
    for index in range(len(frame)):
        low, high = frame["min"].iloc[index], frame["max"].iloc[index]
        if not low < high:
            raise table.fail(index, "max", f"{high!r} is not above min ({low!r})")
        for column in ("default", *_SCENARIOS):
            _check_within(table, index, column, "min", "max")
        step, span = frame["step"].iloc[index], high - low
        if step > span:
            raise table.fail(index, "step", f"{step!r} is wider than max - min ({span!r})")
    filled = frame.copy()
    for column in _SCENARIOS:
        filled[column] = filled[column].fillna(filled["default"])
    shares = filled[filled["id"].str.startswith("share_")]
    for chapter, group in shares.groupby("chapter", sort=False):
        rows = [int(i) for i in group.index]
        for column in ("default", *_SCENARIOS):
            label = f"the share_* assumptions of chapter {chapter}"
            _check_sum(_Table(filled, table.lines, table.source), rows, column, label)


def _conversation_types(table: _Table) -> None:
    for index in range(len(table.frame)):
        _check_within(table, index, "share_default", "share_low", "share_high")
    _check_sum(table, list(range(len(table.frame))), "share_default", "the shares")


_RULES: dict[str, Callable[[_Table], None]] = {
    "assumptions": _assumptions,
    "conversation_types": _conversation_types,
}


def check_table(
    frame: pd.DataFrame,
    lines: list[int],
    resource: dict[str, Any],
    source: str,
    lookup: Callable[[str], pd.DataFrame],
) -> None:
    """Check references and cross-field rules of one parsed table.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, as ``chatdata._schema.parse_table`` returned it.
    lines : list of int
        The CSV line of each row.
    resource : dict
        Its resource in ``datapackage.json``.
    source : str
        How to name the file in error messages.
    lookup : callable
        Loads another table by name (the packaged one), for references.

    Raises
    ------
    DataError
        Naming the file, row, line and column of the first fault.
    """
    table = _Table(frame.reset_index(drop=True), lines, source)
    _check_references(table, resource, lookup)
    rule = _RULES.get(resource["name"])
    if rule is not None:
        rule(table)
