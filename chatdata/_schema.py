"""Check a CSV file against a Table Schema and parse it into a typed DataFrame.

Only the parts of Frictionless Table Schema that ``datapackage.json`` uses are
supported: field types string, number, integer, boolean and date; constraints
required, minimum, maximum, exclusiveMinimum, exclusiveMaximum, enum and pattern;
``missingValues`` (default: the empty cell); and a primary key of one or more fields.

The CSV itself is read strictly: bytes that are not UTF-8, a quote left open (which
would merge rows), a cell running over a line break and a cell longer than
``MAX_CELL`` characters are errors naming the file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from chatdata.errors import DataError

__all__ = ["DTYPES", "MAX_CELL", "decode_csv", "parse_table"]

#: Longest cell accepted, in characters (the longest packaged cell has about 260).
MAX_CELL = 5_000

#: pandas dtype of each Table Schema type, as returned by ``load``.
DTYPES: dict[str, Any] = {
    "string": pd.StringDtype(),
    "number": "float64",
    "integer": "Int64",
    "boolean": "boolean",
    "date": "datetime64[ns]",
}

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}


def _to_number(text: str) -> float:
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"{text!r} is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def _to_integer(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise ValueError(f"{text!r} is not an integer")
    return int(text)


def _to_boolean(text: str) -> bool:
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{text!r} is not a boolean (use true or false)")


def _to_date(text: str) -> dt.date:
    if not _DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date in YYYY-MM-DD form")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "string": str,
    "number": _to_number,
    "integer": _to_integer,
    "boolean": _to_boolean,
    "date": _to_date,
}


def _check_constraints(value: Any, constraints: dict[str, Any]) -> None:
    """Raise ValueError describing the first constraint ``value`` breaks."""
    if "enum" in constraints and value not in constraints["enum"]:
        raise ValueError(f"{value!r} is not one of {constraints['enum']}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        raise ValueError(f"{value!r} does not match pattern {constraints['pattern']!r}")
    bounds = [
        ("minimum", lambda v, b: v >= b, "below the minimum"),
        ("maximum", lambda v, b: v <= b, "above the maximum"),
        ("exclusiveMinimum", lambda v, b: v > b, "not above the exclusive minimum"),
        ("exclusiveMaximum", lambda v, b: v < b, "not below the exclusive maximum"),
    ]
    for key, ok, words in bounds:
        if key in constraints and not ok(value, constraints[key]):
            raise ValueError(f"{value!r} is {words} {constraints[key]!r}")


def _where(source: str, row: int, line: int, column: str | None = None) -> str:
    place = f"{source}: data row {row} (CSV line {line})"
    return place if column is None else f"{place}, column {column!r}"


def _check_header(source: str, header: list[str] | None, names: list[str]) -> None:
    if header is None:
        raise DataError(f"{source}: header row (CSV line 1): file is empty")
    duplicated = sorted({h for h in header if header.count(h) > 1})
    missing = [n for n in names if n not in header]
    unknown = [h for h in header if h not in names]
    problems = []
    if missing:
        problems.append(f"missing column(s) {', '.join(map(repr, missing))}")
    if unknown:
        problems.append(f"unknown column(s) {', '.join(map(repr, unknown))}")
    if duplicated:
        problems.append(f"repeated column(s) {', '.join(map(repr, duplicated))}")
    if problems:
        raise DataError(f"{source}: header row (CSV line 1): {'; '.join(problems)}")


def decode_csv(data: bytes, source: str) -> str:
    r"""Decode a CSV file's bytes as UTF-8 (a leading byte-order mark is dropped).

    Raises
    ------
    DataError
        Naming the file, the line and the first byte that is not UTF-8.

    Examples
    --------
    >>> decode_csv(b"n\n1\n\xff\n", "demo.csv")
    Traceback (most recent call last):
    ...
    chatdata.errors.DataError: demo.csv: CSV line 3: byte 0xff is not UTF-8
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"{source}: CSV line {line}: byte {data[exc.start]:#04x} is not UTF-8"
        ) from None


def _rows(text: str, source: str):
    """Yield ``(first_line, cells)`` for each CSV record, refusing malformed quoting."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 0
    while True:
        first = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger" in str(exc):
                raise DataError(
                    f"{source}: CSV line {first}: a cell longer than {MAX_CELL:,} characters"
                ) from None
            raise DataError(
                f"{source}: CSV line {first}: malformed quoting ({exc}, at CSV line "
                f"{reader.line_num}); is a closing quote missing?"
            ) from None
        line = reader.line_num
        for cell in cells:
            if "\n" in cell or "\r" in cell:
                raise DataError(
                    f"{source}: CSV line {first}: a quoted cell runs over a line break "
                    f"(to CSV line {line}); is a closing quote missing?"
                )
            if len(cell) > MAX_CELL:
                raise DataError(
                    f"{source}: CSV line {first}: a cell longer than {MAX_CELL:,} characters"
                )
        yield first, cells


def parse_table(
    text: str, schema: dict[str, Any], source: str, lines: list[int] | None = None
) -> pd.DataFrame:
    r"""Parse CSV text under ``schema`` into a DataFrame with the schema's dtypes.

    Parameters
    ----------
    text : str
        The whole CSV file, header first.
    schema : dict
        A Table Schema: ``{"fields": [...], "primaryKey": [...]}``.
    source : str
        How to name the file in error messages.
    lines : list, optional
        If given, the CSV line of each data row is appended to it (for later checks).

    Returns
    -------
    pandas.DataFrame
        Columns in schema order; see ``DTYPES`` for the dtype of each field type.

    Raises
    ------
    DataError
        On any mismatch; the message names the file, the row and the column.

    Examples
    --------
    >>> schema = {"fields": [{"name": "n", "type": "integer"}], "primaryKey": ["n"]}
    >>> parse_table("n\n1\n2\n", schema, "demo.csv")["n"].tolist()
    [1, 2]
    >>> parse_table("n\n1\nx\n", schema, "demo.csv")
    Traceback (most recent call last):
    ...
    chatdata.errors.DataError: demo.csv: data row 2 (CSV line 3), column 'n': 'x' is not an integer
    """
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    rows = _rows(text, source)
    header = next(rows, (1, None))[1]
    _check_header(source, header, names)
    assert header is not None  # _check_header refuses a file without one
    order = [header.index(n) for n in names]
    missing_values = set(schema.get("missingValues", [""]))
    key = schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else list(key)
    columns: dict[str, list[Any]] = {n: [] for n in names}
    seen: dict[tuple, tuple[int, int]] = {}
    row_number = 0
    for first_line, cells in rows:
        if not cells:  # a blank line is not a row
            continue
        row_number += 1
        if len(cells) != len(header):
            raise DataError(
                f"{_where(source, row_number, first_line)}: "
                f"{len(cells)} cells where the header has {len(header)}"
            )
        record = {}
        for field, index in zip(fields, order, strict=True):
            name, cell = field["name"], cells[index]
            constraints = field.get("constraints", {})
            if cell in missing_values:
                if constraints.get("required"):
                    raise DataError(
                        f"{_where(source, row_number, first_line, name)}: required value is empty"
                    )
                value = None
            else:
                try:
                    value = _CONVERTERS[field.get("type", "string")](cell)
                    _check_constraints(value, constraints)
                except ValueError as exc:
                    raise DataError(
                        f"{_where(source, row_number, first_line, name)}: {exc}"
                    ) from None
            record[name] = value
            columns[name].append(value)
        if key:
            values = tuple(record[k] for k in key)
            if values in seen:
                was_row, was_line = seen[values]
                raise DataError(
                    f"{_where(source, row_number, first_line, ', '.join(key))}: "
                    f"primary key {values if len(values) > 1 else values[0]!r} repeats "
                    f"data row {was_row} (CSV line {was_line})"
                )
            seen[values] = (row_number, first_line)
        if lines is not None:
            lines.append(first_line)
    return _frame(fields, columns)


def _frame(fields: list[dict[str, Any]], columns: dict[str, list[Any]]) -> pd.DataFrame:
    data = {}
    for field in fields:
        name, kind = field["name"], field.get("type", "string")
        values = columns[name]
        if kind == "number":
            series = pd.Series([math.nan if v is None else v for v in values], dtype="float64")
        elif kind == "date":
            series = pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
        else:
            series = pd.Series(pd.array(values, dtype=DTYPES[kind]))
        data[name] = series
    return pd.DataFrame(data, columns=[f["name"] for f in fields])
