"""Read ``datapackage.json`` and check that it is a descriptor the loader can follow.

Every fault raises :class:`chatdata.DataError` with one line naming the file and the
place in it, as a path such as ``resources[2] (platforms).schema.fields[4]
(users_figure).type``: invalid JSON (with its line and column), a resource name used
twice, a path that is not a plain file name or names no file, an unknown field type,
a constraint the loader does not know, a pattern that is not a regular expression,
and keys (primary, foreign, list references) naming fields that do not exist.
"""

from __future__ import annotations

import json
import re
from typing import Any

from chatdata.errors import DataError

__all__ = ["FIELD_TYPES", "read_package"]

#: Table Schema field types the loader parses (see ``chatdata._schema``).
FIELD_TYPES = ("string", "number", "integer", "boolean", "date")
_CONSTRAINTS = {
    "required": (bool,),
    "minimum": (int, float),
    "maximum": (int, float),
    "exclusiveMinimum": (int, float),
    "exclusiveMaximum": (int, float),
    "enum": (list,),
    "pattern": (str,),
}
_NAME = re.compile(r"[a-z0-9._-]+")
_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.csv")
#: The field property naming, for a cell holding several ids, the table they refer to.
LIST_REFERENCE = "chatdata:listReference"


class _Place:
    """A position in the descriptor, written ``resources[2] (facts).schema``."""

    def __init__(self, source: str, parts: tuple[str, ...] = ()) -> None:
        self.source, self.parts = source, parts

    def __truediv__(self, part: str) -> _Place:
        return _Place(self.source, (*self.parts, part))

    def fail(self, message: str) -> DataError:
        where = ".".join(self.parts).replace(".[", "[") or "top level"
        return DataError(f"{self.source}: {where}: {message}")


def _expect(value: Any, kinds: tuple[type, ...], place: _Place, what: str) -> Any:
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise place.fail(f"{what} expected, found {json.dumps(value)[:60]}")
    return value


def _names(value: Any, place: _Place) -> list[str]:
    """A field list as Table Schema allows it: one name or a list of names."""
    names = [value] if isinstance(value, str) else value
    _expect(names, (list,), place, "a field name or a list of field names")
    for index, name in enumerate(names):
        _expect(name, (str,), place / f"[{index}]", "a field name")
    return names


def _check_fields(schema: dict[str, Any], place: _Place) -> list[str]:
    fields = _expect(schema.get("fields"), (list,), place / "fields", "a list of fields")
    names: list[str] = []
    for index, field in enumerate(fields):
        at = place / f"fields[{index}]"
        _expect(field, (dict,), at, "a field object")
        name = _expect(field.get("name"), (str,), at / "name", "a field name")
        at = place / f"fields[{index}] ({name})"
        if name in names:
            raise at.fail(f"field name {name!r} is used twice in this schema")
        names.append(name)
        kind = field.get("type", "string")
        if kind not in FIELD_TYPES:
            raise (at / "type").fail(
                f"unknown field type {kind!r}; known types: {', '.join(FIELD_TYPES)}"
            )
        constraints = _expect(
            field.get("constraints", {}), (dict,), at / "constraints", "an object"
        )
        for key, value in constraints.items():
            if key not in _CONSTRAINTS:
                raise (at / "constraints" / key).fail(
                    f"unknown constraint {key!r}; known: {', '.join(_CONSTRAINTS)}"
                )
            _expect(value, _CONSTRAINTS[key], at / "constraints" / key, f"a valid {key}")
        if "pattern" in constraints:
            try:
                re.compile(constraints["pattern"])
            except re.error as exc:
                raise (at / "constraints" / "pattern").fail(
                    f"{constraints['pattern']!r} is not a regular expression: {exc}"
                ) from None
    return names


def _check_keys(
    resource: dict[str, Any], names: list[str], tables: dict[str, list[str]], place: _Place
) -> None:
    """Check primary, foreign and list-reference keys against the fields they name."""
    schema = resource["schema"]
    own = resource["name"]

    def known(fields: list[str], at: _Place, table: str) -> None:
        missing = [f for f in fields if f not in tables.get(table, names)]
        if missing:
            raise at.fail(f"no field {', '.join(map(repr, missing))} in resource {table!r}")

    if "primaryKey" in schema:
        known(_names(schema["primaryKey"], place / "primaryKey"), place / "primaryKey", own)
    foreign = _expect(schema.get("foreignKeys", []), (list,), place / "foreignKeys", "a list")
    for index, key in enumerate(foreign):
        at = place / f"foreignKeys[{index}]"
        _expect(key, (dict,), at, "a foreign key object")
        fields = _names(key.get("fields"), at / "fields")
        known(fields, at / "fields", own)
        reference = _expect(key.get("reference"), (dict,), at / "reference", "an object")
        table = reference.get("resource", "") or own
        if table not in tables:
            raise (at / "reference" / "resource").fail(f"no resource {table!r} in the package")
        target = _names(reference.get("fields"), at / "reference" / "fields")
        known(target, at / "reference" / "fields", table)
        if len(target) != len(fields):
            raise (at / "reference").fail(f"{len(fields)} fields refer to {len(target)}")
    for index, field in enumerate(schema["fields"]):
        if LIST_REFERENCE not in field:
            continue
        at = place / f"fields[{index}] ({field['name']})" / LIST_REFERENCE
        reference = _expect(field[LIST_REFERENCE], (dict,), at, "an object")
        _expect(reference.get("delimiter"), (str,), at / "delimiter", "a delimiter")
        _expect(reference.get("also", []), (list,), at / "also", "a list of allowed values")
        table = reference.get("resource", "") or own
        if table not in tables:
            raise (at / "resource").fail(f"no resource {table!r} in the package")
        target = _expect(reference.get("field"), (str,), at / "field", "a field name")
        known([target], at / "field", table)


def check_package(package: Any, source: str, data_dir: Any) -> dict[str, Any]:
    """Check a parsed descriptor; return it unchanged if the loader can follow it.

    Parameters
    ----------
    package : object
        The parsed JSON.
    source : str
        How to name the descriptor in error messages.
    data_dir : Traversable or Path
        The folder the resource paths are relative to.

    Raises
    ------
    DataError
        Naming ``source`` and the place in it.

    Examples
    --------
    >>> from pathlib import Path
    >>> check_package({"resources": [{"name": "a b"}]}, "dp.json", Path("."))
    Traceback (most recent call last):
    ...
    chatdata.errors.DataError: dp.json: resources[0].name: 'a b' is not a resource name \
(lower-case letters, digits, '.', '_', '-')
    """
    top = _Place(source)
    _expect(package, (dict,), top, "a JSON object")
    resources = _expect(package.get("resources"), (list,), top / "resources", "a list")
    tables: dict[str, list[str]] = {}
    checked = []
    for index, resource in enumerate(resources):
        at = top / f"resources[{index}]"
        _expect(resource, (dict,), at, "a resource object")
        name = _expect(resource.get("name"), (str,), at / "name", "a resource name")
        if not _NAME.fullmatch(name):
            raise (at / "name").fail(
                f"{name!r} is not a resource name (lower-case letters, digits, '.', '_', '-')"
            )
        if name in tables:
            raise (at / "name").fail(f"resource name {name!r} is used twice")
        at = top / f"resources[{index}] ({name})"
        path = _expect(resource.get("path"), (str,), at / "path", "a file name")
        if not _FILE.fullmatch(path):
            raise (at / "path").fail(f"{path!r} is not the name of a CSV file in the package")
        if not data_dir.joinpath(path).is_file():
            raise (at / "path").fail(f"{path!r}: no such file beside the descriptor")
        schema = _expect(resource.get("schema"), (dict,), at / "schema", "a Table Schema")
        missing = schema.get("missingValues", [""])
        _expect(missing, (list,), at / "schema" / "missingValues", "a list of strings")
        tables[name] = _check_fields(schema, at / "schema")
        checked.append((resource, at / "schema"))
    for resource, at in checked:
        _check_keys(resource, tables[resource["name"]], tables, at)
    return package


def read_package(data_dir: Any, source: str = "chatdata/data/datapackage.json") -> dict[str, Any]:
    """Read and check ``datapackage.json`` in ``data_dir``.

    Raises
    ------
    DataError
        If the file is missing, not UTF-8, not JSON, or not a descriptor the loader can
        follow; the message names the file and the line or place at fault.
    """
    try:
        raw = data_dir.joinpath("datapackage.json").read_bytes()
    except OSError as exc:
        raise DataError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"{source}: line {line}: byte {raw[exc.start]:#04x} is not UTF-8"
        ) from None
    try:
        package = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{source}: line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}"
        ) from None
    return check_package(package, source, data_dir)
