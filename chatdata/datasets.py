"""Load the chatdata datasets, checked against ``datapackage.json``.

In the manner of ``vega_datasets``::

    >>> from chatdata.datasets import data, list_datasets, load
    >>> "facts" in list_datasets()
    True
    >>> facts = load("facts")          # or data.facts()
    >>> facts.loc[facts["id"] == "meta-messages-2023", "value_low"].item()
    140000000000.0

Every file is validated on first load; a file that does not match its schema raises
:class:`chatdata.DataError` rather than yielding NaN. Parsed tables are cached and
each call returns a fresh copy.

Dtypes: string fields use pandas' ``"string"`` dtype (missing = ``pd.NA``), number
fields ``float64`` (missing = NaN), integer fields ``Int64``, boolean fields
``boolean`` and date fields ``datetime64[ns]``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from chatdata._descriptor import read_package
from chatdata._integrity import check_table
from chatdata._schema import DTYPES, decode_csv, parse_table
from chatdata.errors import DataError

__all__ = [
    "DTYPES",
    "DataError",
    "checked",
    "data",
    "list_datasets",
    "load",
    "metadata",
    "validate",
]

_CACHE: dict[str, pd.DataFrame] = {}
#: What :func:`derived` built from a loaded table, with the table it was built from.
_DERIVED: dict[tuple[str, Callable], tuple[pd.DataFrame, Any]] = {}
_T = TypeVar("_T")


def _data_dir():
    return resources.files("chatdata").joinpath("data")


@cache
def _package() -> dict[str, Any]:
    """The checked descriptor; a broken one raises DataError here, on first use."""
    return read_package(_data_dir())


def _resource(name: str) -> dict[str, Any]:
    for resource in _package()["resources"]:
        if resource["name"] == name:
            return resource
    raise KeyError(f"unknown dataset {name!r}; valid names: {', '.join(list_datasets())}")


def checked() -> str:
    """The day the facts were last checked against their sources (ISO date).

    Read from the data package property ``chatdata:checked``.

    Examples
    --------
    >>> len(checked()) == 10
    True
    """
    try:
        return str(_package()["chatdata:checked"])
    except KeyError:
        raise DataError("datapackage.json lacks the 'chatdata:checked' date") from None


def list_datasets() -> list[str]:
    """Names of the datasets, in ``datapackage.json`` order.

    Examples
    --------
    >>> list_datasets()[0]
    'facts'
    """
    return [r["name"] for r in _package()["resources"]]


def metadata(name: str) -> dict[str, Any]:
    """Describe a dataset: title, description, licences, sources, fields, primary key.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`.

    Returns
    -------
    dict
        Keys ``name``, ``path``, ``title``, ``description``, ``licenses``, ``sources``,
        ``fields`` (list of dicts with name, type, description, unit?, constraints?)
        and ``primary_key`` (list of field names). A deep copy: edit it freely.

    Raises
    ------
    KeyError
        If ``name`` is not a dataset; the message lists the valid names.

    Examples
    --------
    >>> metadata("facts")["primary_key"]
    ['id']
    """
    resource = _resource(name)
    key = resource["schema"].get("primaryKey", [])
    return copy.deepcopy(
        {
            "name": resource["name"],
            "path": resource["path"],
            "title": resource.get("title", ""),
            "description": resource.get("description", ""),
            "licenses": resource.get("licenses", _package().get("licenses", [])),
            "sources": resource.get("sources", []),
            "fields": resource["schema"]["fields"],
            "primary_key": [key] if isinstance(key, str) else list(key),
        }
    )


def validate(name: str, path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Check a CSV file against a dataset's schema and return it parsed.

    Parameters
    ----------
    name : str
        The dataset whose schema applies.
    path : path-like, optional
        The file to check; by default the packaged file of that dataset.

    Returns
    -------
    pandas.DataFrame
        The parsed table with the schema's dtypes (not cached).

    Raises
    ------
    KeyError
        If ``name`` is not a dataset.
    DataError
        If the file breaks the schema: bytes that are not UTF-8, a quote left open, an
        over-long cell, a missing or unknown column, a cell of the wrong type, an empty
        required cell, a value outside its minimum, maximum or enum, a repeated primary
        key, an id that names no row of the table it refers to, or a cross-field rule
        of ``chatdata._integrity`` (ranges, shares summing to 1). The message names the
        file, the data row (1-based, header excluded) with its CSV line number, and the
        column.

    Examples
    --------
    >>> len(validate("platforms"))
    5
    """
    resource = _resource(name)
    if path is None:
        source = f"chatdata/data/{resource['path']}"
        file = _data_dir().joinpath(resource["path"])
    else:
        source, file = str(path), Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise DataError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    lines: list[int] = []
    frame = parse_table(decode_csv(raw, source), resource["schema"], source, lines)
    check_table(frame, lines, resource, source, lookup=load)
    return frame


def load(name: str) -> pd.DataFrame:
    """Load a dataset as a DataFrame (validated, cached, returned as a copy).

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets` (listed below).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    KeyError
        If ``name`` is not a dataset; the message lists the valid names.
    DataError
        If the packaged file does not match its schema.

    Examples
    --------
    >>> load("conversation_types")["type"].tolist()
    ['personal', 'group', 'business', 'community']
    """
    if name not in _CACHE:
        _CACHE[name] = validate(name)
    return _CACHE[name].copy()


def derived(name: str, build: Callable[[pd.DataFrame], _T]) -> _T:
    """``build(load(name))``, computed once per loaded table (shared: do not modify it).

    For lookups asked for many times a second, such as an assumption by id while a slider
    moves; a table swapped into the cache (a test's, say) gets its own.

    Examples
    --------
    >>> derived("platforms", len) == len(load("platforms"))
    True
    """
    load(name)
    table = _CACHE[name]
    key = (name, build)
    if key not in _DERIVED or _DERIVED[key][0] is not table:
        _DERIVED[key] = (table, build(table.copy()))
    return _DERIVED[key][1]


def _describe(name: str) -> str:
    """A docstring for a dataset, built from its metadata."""
    meta = metadata(name)
    lines = [meta["title"], "", meta["description"], "", "Fields", "------"]
    for field in meta["fields"]:
        unit = f", {field['unit']}" if field.get("unit") else ""
        lines.append(f"{field['name']} : {field['type']}{unit}")
        lines.append(f"    {field['description']}")
    lines += ["", "Sources", "-------"]
    for source in meta["sources"]:
        where = f" <{source['path']}>" if source.get("path") else ""
        lines.append(f"- {source['title']}{where}")
    licences = ", ".join(lic.get("name", lic.get("path", "")) for lic in meta["licenses"])
    lines += ["", f"Licence: {licences}"]
    return "\n".join(lines)


class Dataset:
    """A callable that loads one dataset; its docstring describes the data.

    Examples
    --------
    >>> data.platforms.title
    'Messaging platforms in the article'
    """

    def __init__(self, name: str) -> None:
        meta = metadata(name)
        self.name = name
        self.title = meta["title"]
        self.description = meta["description"]
        self.__doc__ = _describe(name)

    def __call__(self) -> pd.DataFrame:
        """Load the dataset (see :func:`load`)."""
        return load(self.name)

    def metadata(self) -> dict[str, Any]:
        """The dataset's metadata (see :func:`metadata`)."""
        return metadata(self.name)

    def __repr__(self) -> str:
        return f"<chatdata dataset {self.name!r}: {self.title}>"


class DataLoader:
    """Attribute access to the datasets: ``data.facts()`` is ``load("facts")``.

    Examples
    --------
    >>> sorted(data.list_datasets()) == sorted(dir(data))
    True
    """

    def list_datasets(self) -> list[str]:
        """Names of the datasets (see :func:`list_datasets`)."""
        return list_datasets()

    def __getattr__(self, name: str) -> Dataset:
        if name.startswith("_") or name not in list_datasets():
            raise AttributeError(f"no dataset {name!r}; valid names: {', '.join(list_datasets())}")
        return Dataset(name)

    def __dir__(self) -> list[str]:
        return list_datasets()


#: Attribute-style access to the datasets, as in ``vega_datasets.data``.
data = DataLoader()


def _list_in_docstring() -> str:
    """The datasets for ``load``'s docstring; a broken package waits for first use."""
    heading = "\n    Datasets\n    --------\n"
    try:
        resources = _package()["resources"]
    except DataError:
        return heading + "    (datapackage.json is broken: call load() to see why)\n"
    return heading + "".join(f"    {r['name']}\n        {r.get('title', '')}\n" for r in resources)


load.__doc__ = (load.__doc__ or "") + _list_in_docstring()
