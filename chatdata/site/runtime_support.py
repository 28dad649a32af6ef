"""Whether a site's lean Vega runtime can draw a chart, checked when the chart is published.

``js/build-vega.mjs`` builds two runtimes without what no published chart uses and records, in
``vega-bundle.json`` (the full runtime) and ``vega-core.json`` (the core one) beside them, the
transform types each registers and what each leaves out: scale types, expression functions,
data formats, and for the core runtime also marks, line interpolations, colour schemes and
event selector strings. A chart needing any of what the full runtime leaves out would show
only its static picture in the browser, so the publisher refuses it instead, naming the chart
and what it needs (the bundle is rebuilt with it, or the chart changed); a site whose charts
all fit the core runtime is given that one (:func:`site_runtime`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Keys whose string values are Vega expressions (or event streams holding some).
_EXPRESSION_KEYS = frozenset({"signal", "expr", "update", "init", "test", "filter", "events"})
#: A quoted string in an expression (its text is no call).
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
#: What a runtime's record lists as left out, by kind (its ``transforms`` are what it registers).
KINDS_LEFT_OUT = ("scales", "functions", "formats", "marks", "interpolate", "schemes", "syntax")
#: Stands for a value set by a signal or field (an ``interpolate``, a ``scheme``): any name.
COMPUTED = "(computed)"
#: What :func:`needs` reports, by kind.
KINDS = (
    "transforms", "scales", "formats", "functions", "projections",
    "marks", "interpolate", "schemes", "ranges", "syntax",
)  # fmt: skip
#: The ``syntax`` a spec uses: event streams written as strings (``"mousedown"``).
EVENT_STRINGS = "event selector strings"
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


def _encoded_values(entry) -> set[str]:
    """The literal values an encoding entry can take (:data:`COMPUTED` for any other)."""
    rules = entry if isinstance(entry, list) else [entry]
    found = set()
    for rule in rules:
        value = rule.get("value") if isinstance(rule, dict) else None
        found.add(value if isinstance(value, str) else COMPUTED)
    return found


def _mark_needs(mark: dict, found: dict[str, set[str]]) -> None:
    """Add a mark's type and the line interpolations its encodings ask for to ``found``."""
    if isinstance(mark.get("type"), str):
        found["marks"].add(mark["type"])
    encode = mark.get("encode")
    for block in encode.values() if isinstance(encode, dict) else []:
        if isinstance(block, dict) and "interpolate" in block:
            found["interpolate"] |= _encoded_values(block["interpolate"])


def needs(spec: dict) -> dict[str, set[str]]:
    """What a Vega spec asks of its runtime, by kind.

    The kinds (:data:`KINDS`) are ``transforms`` (``load`` for data read from a URL),
    ``scales``, ``formats``, ``functions`` (called in its expressions), ``projections`` (their
    names), ``marks`` (types), ``interpolate`` (of lines and areas), ``schemes`` (colour
    schemes named anywhere, lower case), ``ranges`` (named scale ranges, such as ``ramp``)
    and ``syntax`` (:data:`EVENT_STRINGS`). An interpolation or scheme set by a signal is
    :data:`COMPUTED`.

    Examples
    --------
    >>> found = needs({"data": [{"name": "t", "format": {"type": "csv"},
    ...                          "transform": [{"type": "filter", "expr": "isValid(datum.a)"}]}],
    ...                "scales": [{"name": "x", "type": "log"}]})
    >>> {key: sorted(value) for key, value in found.items() if value}
    {'transforms': ['filter'], 'scales': ['log'], 'formats': ['csv'], 'functions': ['isValid']}
    >>> found = needs({"scales": [{"name": "c", "type": "linear", "range": "ramp"}],
    ...                "marks": [{"type": "line", "encode": {"update": {
    ...                    "interpolate": {"signal": "curve"}}}}]})
    >>> {key: sorted(value) for key, value in found.items() if value}
    {'scales': ['linear'], 'marks': ['line'], 'interpolate': ['(computed)'], 'ranges': ['ramp']}
    """
    found: dict[str, set[str]] = {key: set() for key in KINDS}
    for key, value in _walk(spec):
        if key in ("transform", "scales", "projections", "marks") and isinstance(value, list):
            for item in value:
                if not isinstance(item, dict):
                    continue
                if key == "projections":
                    found["projections"].add(str(item.get("name", "")))
                elif key == "marks":
                    _mark_needs(item, found)
                elif isinstance(item.get("type"), str):
                    found["transforms" if key == "transform" else "scales"].add(item["type"])
                if key == "scales" and isinstance(item.get("range"), str):
                    found["ranges"].add(item["range"])
        elif key == "data" and isinstance(value, list):
            # a data set read from a URL at run time is loaded by the `load` transform
            if any(isinstance(item, dict) and "url" in item for item in value):
                found["transforms"].add("load")
        elif key == "format" and isinstance(value, dict) and isinstance(value.get("type"), str):
            found["formats"].add(value["type"])
        elif key == "scheme" and not isinstance(value, list):  # a list is the colours
            found["schemes"].add(value.lower() if isinstance(value, str) else COMPUTED)
        if key in _EXPRESSION_KEYS and isinstance(value, str):
            found["functions"] |= called_functions(value)
            if key == "events":
                found["syntax"].add(EVENT_STRINGS)
    return found


def merged(found: list[dict]) -> dict[str, set[str]]:
    """The union of several :func:`needs` (sets or lists per kind), e.g. a whole site's."""
    union: dict[str, set[str]] = {key: set() for key in KINDS}
    for each in found:
        for key, names in each.items():
            union.setdefault(key, set()).update(names)
    return union


def lacking(found: dict, record: dict) -> list[str]:
    """What ``found`` (:func:`needs`) asks for that a runtime cannot run, one phrase each.

    ``record`` describes the runtime, as :func:`~chatdata.site.assets.vega_record` reads it;
    a kind it does not list (a record from before the kind was kept) is left out of nothing.
    """
    found = {key: set(found.get(key, ())) for key in KINDS}
    left_out = {key: set(record.get("left_out", {}).get(key, [])) for key in KINDS_LEFT_OUT}
    problems = [f"transform {t}" for t in sorted(found["transforms"] - set(record["transforms"]))]
    problems += [f"scale type {s}" for s in sorted(found["scales"] & left_out["scales"])]
    problems += [f"{f} data" for f in sorted(found["formats"] & left_out["formats"])]
    called = found["functions"] & left_out["functions"]
    problems += [f"expression function {f}()" for f in sorted(called)]
    if found["projections"] and "projection" not in record["transforms"]:
        problems.append("map projections")
    problems += [f"{m} marks" for m in sorted(found["marks"] & left_out["marks"])]
    for kind, what in (("interpolate", "line interpolation"), ("schemes", "colour scheme")):
        asked = found[kind]
        if kind == "schemes":  # a named range stands for the scheme Vega's config gives it
            named = record.get("range_schemes", {})
            asked = asked | {named[r] for r in found["ranges"] if r in named}
        if COMPUTED in asked and left_out[kind]:
            problems.append(f"{what} set by a signal")
        problems += [f"{what} {name}" for name in sorted(asked & left_out[kind])]
    problems += sorted(found["syntax"] & left_out["syntax"])
    return problems


def unsupported(spec: dict, record: dict) -> list[str]:
    """What ``spec`` needs that the runtime cannot run, one phrase each (none: it can).

    ``record`` describes the runtime: its ``vega-bundle.json`` (or ``vega-core.json``), as
    :func:`~chatdata.site.assets.vega_record` reads it.

    Examples
    --------
    >>> record = {"transforms": ["filter"], "left_out": {"scales": ["sequential"],
    ...           "functions": ["sampleNormal"], "formats": ["topojson"], "marks": ["arc"]}}
    >>> unsupported({"scales": [{"type": "sequential"}],
    ...              "signals": [{"name": "s", "update": "sampleNormal()"}],
    ...              "data": [{"transform": [{"type": "kde"}]}],
    ...              "marks": [{"type": "arc"}]}, record)
    ['transform kde', 'scale type sequential', 'expression function sampleNormal()', 'arc marks']
    """
    return lacking(needs(spec), record)


def site_runtime(pages: list[dict | None], core: dict) -> str:
    """The runtime a site gets: ``"core"`` if every page's needs fit it, else ``"full"``.

    ``pages`` holds each page's needs (:func:`merged` over its charts; None: not known, which
    makes it ``"full"``); ``core`` is the core runtime's record.
    """
    known = [page for page in pages if page is not None]
    return "full" if len(known) < len(pages) or lacking(merged(known), core) else "core"


def check_supported(spec: dict, record: dict, chart: str) -> dict[str, set[str]]:
    """Raise unless the runtime described by ``record`` can draw ``spec``.

    Returns what ``spec`` needs (:func:`needs`), which the build also uses to pick the site's
    runtime (:func:`site_runtime`).

    Raises
    ------
    UnsupportedChartError
        Naming ``chart`` and everything it needs that the runtime leaves out.
    """
    found = needs(spec)
    problems = lacking(found, record)
    if problems:
        raise UnsupportedChartError(
            f"{chart} needs what the site's Vega runtime leaves out: {', '.join(problems)} "
            "(see js/build-vega.mjs and js/vega-lean.js; build the runtime with it, "
            "or change the chart)"
        )
    return found
