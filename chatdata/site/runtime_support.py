"""Whether the site's lean Vega runtime can draw a chart, checked when the chart is published.

``js/build-vega.mjs`` builds the runtime without what no published chart uses and records, in
``vega-bundle.json`` beside it, the transform types it registers and what it leaves out:
scale types, expression functions and data formats. A chart needing any of those would show
only its static picture in the browser, so the publisher refuses it instead, naming the chart
and what it needs (the bundle is rebuilt with it, or the chart changed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Keys whose string values are Vega expressions (or event streams holding some).
_EXPRESSION_KEYS = frozenset({"signal", "expr", "update", "init", "test", "filter", "events"})
#: A quoted string in an expression (its text is no call).
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
#: What the runtime's record lists as left out, by kind.
KINDS_LEFT_OUT = ("scales", "functions", "formats")
#: A function call: a name not after a dot (``a.b(`` is a method), then ``(``.
_CALL = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*\(")


class UnsupportedChartError(ValueError):
    """A chart needs something the site's Vega runtime leaves out."""


def _walk(node, key: str = "") -> Iterator[tuple[str, object]]:
    """Every (key, value) pair of a spec, nested ones included; list items keep their key."""
    if isinstance(node, dict):
        for name, value in node.items():
            yield name, value
            yield from _walk(value, name)
    elif isinstance(node, list):
        for item in node:
            if not isinstance(item, dict | list):
                yield key, item
            yield from _walk(item, key)


def called_functions(expression: str) -> set[str]:
    """The functions an expression calls, by name.

    Examples
    --------
    >>> sorted(called_functions("format(datum.x, ',') + ' (' + sampleNormal() + ')'"))
    ['format', 'sampleNormal']
    >>> called_functions("datum.name.toUpperCase()")
    set()
    """
    return set(_CALL.findall(_STRING.sub("''", expression)))


def needs(spec: dict) -> dict[str, set[str]]:
    """What a Vega spec asks of its runtime, by kind.

    The kinds are ``transforms`` (``load`` for data read from a URL), ``scales``, ``formats``,
    ``functions`` (called in its expressions) and ``projections`` (their names).

    Examples
    --------
    >>> found = needs({"data": [{"name": "t", "format": {"type": "csv"},
    ...                          "transform": [{"type": "filter", "expr": "isValid(datum.a)"}]}],
    ...                "scales": [{"name": "x", "type": "log"}]})
    >>> {key: sorted(value) for key, value in found.items() if value}
    {'transforms': ['filter'], 'scales': ['log'], 'formats': ['csv'], 'functions': ['isValid']}
    """
    found: dict[str, set[str]] = {
        key: set() for key in ("transforms", "scales", "formats", "functions", "projections")
    }
    for key, value in _walk(spec):
        if key in ("transform", "scales", "projections") and isinstance(value, list):
            for item in value:
                if not isinstance(item, dict):
                    continue
                if key == "projections":
                    found["projections"].add(str(item.get("name", "")))
                elif isinstance(item.get("type"), str):
                    found["transforms" if key == "transform" else "scales"].add(item["type"])
        elif key == "data" and isinstance(value, list):
            # a data set read from a URL at run time is loaded by the `load` transform
            if any(isinstance(item, dict) and "url" in item for item in value):
                found["transforms"].add("load")
        elif key == "format" and isinstance(value, dict) and isinstance(value.get("type"), str):
            found["formats"].add(value["type"])
        elif key in _EXPRESSION_KEYS and isinstance(value, str):
            found["functions"] |= called_functions(value)
    return found


def unsupported(spec: dict, record: dict) -> list[str]:
    """What ``spec`` needs that the runtime cannot run, one phrase each (none: it can).

    ``record`` describes the runtime: its ``vega-bundle.json``, as
    :func:`~chatdata.site.assets.vega_record` reads it.

    Examples
    --------
    >>> record = {"transforms": ["filter"], "left_out": {"scales": ["sequential"],
    ...           "functions": ["sampleNormal"], "formats": ["topojson"]}}
    >>> unsupported({"scales": [{"type": "sequential"}],
    ...              "signals": [{"name": "s", "update": "sampleNormal()"}],
    ...              "data": [{"transform": [{"type": "kde"}]}]}, record)
    ['transform kde', 'scale type sequential', 'expression function sampleNormal()']
    """
    found = needs(spec)
    # a record from before the lists were kept describes a runtime that left none of them out
    left_out = {key: set(record.get("left_out", {}).get(key, [])) for key in KINDS_LEFT_OUT}
    problems = [f"transform {t}" for t in sorted(found["transforms"] - set(record["transforms"]))]
    problems += [f"scale type {s}" for s in sorted(found["scales"] & left_out["scales"])]
    problems += [f"{f} data" for f in sorted(found["formats"] & left_out["formats"])]
    called = found["functions"] & left_out["functions"]
    problems += [f"expression function {f}()" for f in sorted(called)]
    if found["projections"] and "projection" not in record["transforms"]:
        problems.append("map projections")
    return problems


def check_supported(spec: dict, record: dict, chart: str) -> None:
    """Raise unless the runtime described by ``record`` can draw ``spec``.

    Raises
    ------
    UnsupportedChartError
        Naming ``chart`` and everything it needs that the runtime leaves out.
    """
    problems = unsupported(spec, record)
    if problems:
        raise UnsupportedChartError(
            f"{chart} needs what the site's Vega runtime leaves out: {', '.join(problems)} "
            "(see js/build-vega.mjs and js/vega-lean.js; build the runtime with it, "
            "or change the chart)"
        )
