"""Helpers for the chart tests: render a spec with vl-convert and inspect what was drawn.

Rendering needs no browser: ``vl_convert`` runs Vega in-process, evaluating the params and
``transform_calculate`` expressions exactly as the page would.
"""

from __future__ import annotations

import copy
import re
from html import unescape

import vl_convert

#: The most rows a chart may embed in any one dataset.
MAX_ROWS = 5_000


def svg_text(spec: dict) -> str:
    """All text drawn by the chart (labels, axes, titles), joined by newlines."""
    svg = vl_convert.vegalite_to_svg(spec)
    return "\n".join(unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def _marks(node: dict):
    if "marktype" in node:
        yield node
    for item in node.get("items", []):
        if isinstance(item, dict):
            yield from _marks(item)


#: Scenegraph properties that place or size a mark.
GEOMETRY = ("x", "y", "x2", "y2", "width", "height", "size")


def mark_geometry(spec: dict) -> list[tuple]:
    """Positions and sizes of every drawn data mark except text.

    Axes, legends and titles are left out (their role is not ``"mark"``), and so are
    text marks: a slider that only changed a label would not count as changing the chart.
    """
    scenegraph = vl_convert.vegalite_to_scenegraph(spec)["scenegraph"]
    shapes = []
    for mark in _marks(scenegraph):
        if mark.get("role") != "mark" or mark["marktype"] in ("text", "group"):
            continue
        for item in mark.get("items", []):
            shapes.append(
                (mark.get("name"), *(round(float(item.get(k, 0) or 0), 3) for k in GEOMETRY))
            )
    return shapes


def with_param(spec: dict, name: str, value) -> dict:
    """A copy of ``spec`` with the top-level param ``name`` set to ``value``."""
    changed = copy.deepcopy(spec)
    for param in changed.get("params", []):
        if param["name"] == name:
            param["value"] = value
            return changed
    raise KeyError(f"no param {name!r} in spec")


def params(spec: dict) -> dict[str, dict]:
    """Top-level params by name."""
    return {p["name"]: p for p in spec.get("params", [])}


def sliders(spec: dict) -> dict[str, dict]:
    """Params bound to a range input, by name."""
    return {n: p for n, p in params(spec).items() if p.get("bind", {}).get("input") == "range"}


def another_value(param: dict) -> float:
    """A value inside the slider's range that differs clearly from its default."""
    bind, value = param["bind"], param["value"]
    middle = (bind["min"] + bind["max"]) / 2
    return middle if abs(middle - value) > bind["step"] else bind["max"]


def largest_dataset(spec: dict) -> int:
    """Rows in the largest dataset embedded anywhere in the spec."""
    sizes = [len(values) for values in spec.get("datasets", {}).values()]

    def inline(node):
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                sizes.append(len(data["values"]))
            for child in node.values():
                inline(child)
        elif isinstance(node, list):
            for child in node:
                inline(child)

    inline(spec)
    return max(sizes, default=0)


def source_line(spec: dict) -> str:
    """The chart's source line, from its provenance metadata."""
    return spec["usermeta"]["chatdata"]["source_line"]


def check_chart_contract(chart, slider_ids) -> dict:
    """Assert what every chapter chart promises; return its validated spec.

    The spec validates against the Vega-Lite schema, has a title, alt text and a source
    line, exactly the promised sliders (each configured from the assumptions dataset), the
    scenario radio and one ``v_<id>`` param per slider, and no dataset over :data:`MAX_ROWS`.
    """
    from chatdata.charts.assumptions import assumption
    from chatdata.charts.common import OKABE_ITO

    spec = chart.to_dict(validate=True)
    assert spec["title"]["text"]
    assert len(spec["description"]) > 40
    assert source_line(spec).startswith("Source:")
    assert set(sliders(spec)) == set(slider_ids)
    for name, param in sliders(spec).items():
        row = assumption(name)
        assert param["value"] == row["default"]
        assert (param["bind"]["min"], param["bind"]["max"]) == (row["min"], row["max"])
    names = params(spec)
    if slider_ids:
        assert names["scenario"]["bind"]["input"] == "radio"
        assert {f"v_{i}" for i in slider_ids} <= set(names)
    assert largest_dataset(spec) <= MAX_ROWS
    assert colour_ranges(spec) <= set(OKABE_ITO), "a colour outside the Okabe-Ito palette"
    return spec


def colour_ranges(spec: dict) -> set[str]:
    """Every colour named in the range of a ``color`` encoding's scale."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            colour = node.get("color")
            if isinstance(colour, dict) and isinstance(colour.get("scale"), dict):
                found.update(colour["scale"].get("range", []))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(spec)
    return found


def check_every_slider_moves_a_mark(spec: dict) -> None:
    """Assert that moving each slider, and choosing some preset, changes a drawn mark."""
    before = mark_geometry(spec)
    assert before, "the chart draws no marks"
    for name, param in sliders(spec).items():
        after = mark_geometry(with_param(spec, name, another_value(param)))
        assert after != before, f"slider {name} changes no mark"
    presets = params(spec)["scenario"]["bind"]["options"][1:]
    assert any(mark_geometry(with_param(spec, "scenario", p)) != before for p in presets)


def mark_items(spec: dict, marktype: str) -> list[dict]:
    """Scenegraph items of every data mark of one type (e.g. ``"symbol"``), in data order."""
    scenegraph = vl_convert.vegalite_to_scenegraph(spec)["scenegraph"]
    return [
        item
        for mark in _marks(scenegraph)
        if mark.get("role") == "mark" and mark["marktype"] == marktype
        for item in mark.get("items", [])
    ]


def chosen(ids, preset="default", **values):
    """Assumption values for ``ids``: a preset's (or the defaults), some replaced by ``values``."""
    from chatdata.charts.assumptions import preset_values

    out = preset_values(preset, ids)
    out.update(values)
    return out
