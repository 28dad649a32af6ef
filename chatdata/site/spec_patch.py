"""A chart's layouts as edits of its widest: what a page embeds once instead of three times.

The layouts of one chart differ in a few places (widths, label limits, legend placement,
wrapped titles), so a page keeps the widest layout's Vega spec whole and each other layout as a
patch: a list of edits, each ``[path]`` (delete that key) or ``[path, value]`` (set it), where
``path`` lists the object keys and array indices from the spec's root (``[]`` is the whole
spec). ``assets/site.js`` applies them the same way (``patched``); arrays are only ever
replaced whole or edited at an index they already have, never lengthened or shortened.
"""

from __future__ import annotations

import json

Edit = list


def _size(value: object) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False))


def spec_patch(base: object, target: object, path: tuple = ()) -> list[Edit]:
    """The edits that turn ``base`` into ``target`` (both JSON values).

    Where editing the parts of an object or array would take more text than writing it
    whole, it is written whole.

    Examples
    --------
    >>> base = {"width": 736, "title": "A", "legend": {"orient": "right", "columns": 1}}
    >>> spec_patch(base, {"width": 288, "title": "A", "legend": {"columns": 1}})
    [[['width'], 288], [['legend', 'orient']]]
    >>> spec_patch({"axes": [1, 2]}, {"axes": [1, 2, 3]})
    [[['axes'], [1, 2, 3]]]
    >>> spec_patch({"a": [1, 2, 3]}, {"a": [True, 2, 3]}), spec_patch({"a": [1]}, {"a": [True]})
    ([[['a', 0], True]], [[['a'], [True]]])
    """
    whole = [[list(path), target]]
    if not isinstance(base, dict | list) or not isinstance(target, dict | list):
        # by type too: True == 1 in Python, not in a spec
        return [] if type(base) is type(target) and base == target else whole
    edits: list[Edit] = []
    if isinstance(base, dict) and isinstance(target, dict):
        edits += [[[*path, key]] for key in base if key not in target]
        for key, value in target.items():
            if key in base:
                edits += spec_patch(base[key], value, (*path, key))
            else:
                edits.append([[*path, key], value])
    elif isinstance(base, list) and isinstance(target, list) and len(base) == len(target):
        for index, (old, new) in enumerate(zip(base, target, strict=True)):
            edits += spec_patch(old, new, (*path, index))
    else:
        return whole
    return edits if not edits or _size(edits) < _size(whole) else whole


def apply_patch(base: object, edits: list[Edit]) -> object:
    """``base`` with the edits made (a copy; ``base`` is left as it was).

    Examples
    --------
    >>> base = {"width": 736, "legend": {"orient": "right"}, "marks": [{"x": 1}]}
    >>> apply_patch(base, [[["width"], 288], [["legend", "orient"]], [["marks", 0, "x"], 2]])
    {'width': 288, 'legend': {}, 'marks': [{'x': 2}]}
    >>> apply_patch(base, spec_patch(base, {"a": [1]}))
    {'a': [1]}
    """
    result = json.loads(json.dumps(base))
    for edit in edits:
        path = edit[0]
        if not path:
            result = json.loads(json.dumps(edit[1]))
            continue
        parent = result
        for key in path[:-1]:
            parent = parent[key]
        if len(edit) > 1:
            parent[path[-1]] = json.loads(json.dumps(edit[1]))
        else:
            del parent[path[-1]]
    return result


def layout_specs(embedded: dict) -> list[dict]:
    """Every layout's full Vega spec from what a page embeds for a chart, narrowest first.

    ``embedded`` is :meth:`chatdata.site.figures.PublishedChart.page_spec`'s value: each
    layout holds its ``spec`` or a ``patch`` of the widest's, and rows shared between layouts
    sit under ``data``; they are put back into each spec, as ``assets/site.js`` does.
    """
    variants = sorted(embedded["variants"], key=lambda v: v["width"])
    widest = variants[-1]["spec"]
    specs = []
    for variant in variants:
        spec = variant["spec"] if "spec" in variant else apply_patch(widest, variant["patch"])
        spec = json.loads(json.dumps(spec))
        for entry in spec.get("data", []):
            if "values" not in entry and entry.get("name") in embedded.get("data", {}):
                entry["values"] = embedded["data"][entry["name"]]
        specs.append(spec)
    return specs
