"""The data a published chart carries: local files inlined, anything off the machine refused.

A page opened from disk cannot read other files (browsers block it) and must never make a
request, so every data URL of a chart's Vega spec is settled at build time. A relative path
(``data/cars.csv``, read from the notebook's folder), an absolute path or a ``file:`` URL is
read and its text put in the spec as ``values``, which Vega parses with the same ``format``
it would have used for the file. A URL that points off the machine (``https://``, ``//host``,
any other scheme) or one computed in the browser is refused with a :class:`ChartDataError`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import vl_convert

from chatdata.site.limits import MAX_CHART_ROWS, MAX_OUTPUT_BYTES

#: A Vega-Lite ``$schema`` address, e.g. ``.../vega-lite/v5.20.1.json``.
_SCHEMA_VERSION = re.compile(r"/vega-lite/v(\d+)\.(\d+)")
#: Field separators of Vega's delimited formats.
_DELIMITERS = {"csv": ",", "tsv": "\t"}


class ChartDataError(ValueError):
    """A chart's data cannot be published (off the machine, missing, or too big)."""


def compile_to_vega(spec: dict, mode: str = "vega-lite") -> dict:
    """The chart as a Vega spec: Vega-Lite is compiled, Vega is taken as it is (a copy).

    The Vega-Lite compiler is the one the spec's ``$schema`` names when vl-convert carries
    it (a chart made with Altair 5 compiles with Vega-Lite 5), else the newest.
    """
    if mode == "vega":
        return json.loads(json.dumps(spec))
    version = _SCHEMA_VERSION.search(str(spec.get("$schema", "")))
    wanted = f"{version.group(1)}.{version.group(2)}" if version else None
    if wanted in vl_convert.get_vegalite_versions():
        return vl_convert.vegalite_to_vega(spec, vl_version=wanted)
    return vl_convert.vegalite_to_vega(spec)


def is_off_machine(url: str) -> bool:
    """True for a URL that names another host or any scheme but ``file:`` and ``data:``.

    Examples
    --------
    >>> [is_off_machine(u) for u in ["data/cars.csv", "/tmp/a.json", "file:///tmp/a.csv"]]
    [False, False, False]
    >>> [is_off_machine(u) for u in ["https://x.org/a.csv", "//cdn.x.org/a.csv", "s3://b/k"]]
    [True, True, True]
    """
    parts = urlsplit(url)
    if parts.netloc and parts.scheme != "file":
        return True
    return parts.scheme not in ("", "file", "data")


def local_path(url: str, folder: Path) -> Path:
    """The file a local data URL names, relative ones read from ``folder``."""
    parts = urlsplit(url)
    path = Path(unquote(parts.path))
    return path if path.is_absolute() else Path(folder) / path


def dataset_rows(entry: dict) -> list | None:
    r"""The rows of a Vega data entry that holds its data inline (None if it holds none).

    Values given as text (an inlined file) are parsed as Vega would for the delimited
    formats and JSON; other formats (TopoJSON) give None.

    Examples
    --------
    >>> dataset_rows({"values": "a,b\n1,2\n3,4", "format": {"type": "csv"}})
    [{'a': '1', 'b': '2'}, {'a': '3', 'b': '4'}]
    >>> dataset_rows({"values": [{"a": 1}]})
    [{'a': 1}]
    """
    values = entry.get("values")
    if isinstance(values, list):
        return values
    if not isinstance(values, str):
        return None
    form = entry.get("format") or {}
    kind = form.get("type", "json")
    if kind in _DELIMITERS or kind == "dsv":
        delimiter = _DELIMITERS.get(kind) or form.get("delimiter") or ","
        return list(csv.DictReader(io.StringIO(values), delimiter=delimiter))
    if kind == "json":
        rows = json.loads(values)
        if isinstance(form.get("property"), str):
            for key in form["property"].split("."):
                rows = rows.get(key) if isinstance(rows, dict) else None
        return rows if isinstance(rows, list) else None
    return None


def data_entries(vega: dict) -> list[dict]:
    """Every data definition of a Vega spec, at the top and inside group marks."""
    found: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "data" and isinstance(value, list):
                    found.extend(entry for entry in value if isinstance(entry, dict))
                elif isinstance(value, dict | list):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(vega)
    return found


def inline_local_data(vega: dict, folder: Path) -> dict:
    """Put the text of every local data file into the spec (in place); returns the spec.

    Parameters
    ----------
    vega : dict
        A compiled Vega spec.
    folder : Path
        Where relative URLs are read from: the notebook's folder.

    Raises
    ------
    ChartDataError
        For a URL off the machine or computed in the browser, a file that cannot be read,
        and a file over the limits of :mod:`chatdata.site.limits`.
    """
    for entry in data_entries(vega):
        if "url" not in entry:
            continue
        url = entry["url"]
        if not isinstance(url, str):
            raise ChartDataError(
                f"its data URL is computed in the browser ({json.dumps(url)}); "
                "published pages make no requests: give the data inline or as a local file"
            )
        if is_off_machine(url):
            raise ChartDataError(
                f"its data comes from {url}, off this machine; published pages make no "
                "requests: download the file next to the notebook and use its relative path"
            )
        if urlsplit(url).scheme == "data":
            continue
        path = local_path(url, folder)
        try:
            size = path.stat().st_size
            if size > MAX_OUTPUT_BYTES:
                raise ChartDataError(
                    f"its data file {url} has {size:,} bytes (at most {MAX_OUTPUT_BYTES:,}); "
                    "aggregate it before charting"
                )
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ChartDataError(
                f"its data file {url} cannot be read ({path}: {exc.strerror or exc})"
            ) from None
        entry["values"] = text
        del entry["url"]
        try:
            rows = dataset_rows(entry)
        except ValueError as exc:
            raise ChartDataError(f"its data file {url} cannot be parsed: {exc}") from None
        if rows is not None and len(rows) > MAX_CHART_ROWS:
            raise ChartDataError(
                f"its data file {url} has {len(rows):,} rows (at most {MAX_CHART_ROWS:,}); "
                "aggregate it before charting"
            )
    return vega
