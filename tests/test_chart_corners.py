"""Every chart stays sane at every corner of its sliders and scenarios (hypothesis).

Each chart with sliders is rendered by vl-convert (the Vega the page runs) at random and
extreme slider values under a random scenario, and its scenegraph is checked: no text reads
NaN, Infinity or undefined; every mark lies inside its plot; the title is not cut off at the
chart's edge; and every axis keeps a domain with labels. Every chart is also drawn with all its
sliders at their lowest and at their highest, and chapter 03's mix with every share at 0.
"""

from __future__ import annotations

import itertools
import json
import math

import pytest
import vl_convert
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatdata.charts import ai, business, conversations, platforms, scale
from chatdata.charts.assumptions import SCENARIOS, assumption
from chatdata.widgets.explorer import assumption_ids

CHARTS = {
    "chats_per_second": scale.chats_per_second_chart,
    "daily_messages": scale.daily_messages_chart,
    "peak_messages": scale.peak_messages_chart,
    "split": platforms.split_chart,
    "mix": conversations.mix_chart,
    "examples": conversations.examples_chart,
    "business_case": business.business_case_chart,
    "revenue": business.revenue_chart,
    "spam": ai.spam_chart,
    "reach": ai.reach_chart,
}
BAD_TEXT = ("NaN", "Infinity", "undefined")
#: Pixels a mark may stand outside its plot (a point's own radius, rounding).
SLACK = 12
EXAMPLES = 6


def _spec(name: str) -> tuple[dict, list[str]]:
    chart = CHARTS[name]()
    return chart.to_dict(), assumption_ids(chart)


SPECS: dict[str, tuple[dict, list[str]]] = {}


def spec_for(name: str) -> tuple[dict, list[str]]:
    if name not in SPECS:
        SPECS[name] = _spec(name)
    return SPECS[name]


def slider_value(key: str) -> st.SearchStrategy[float]:
    row = assumption(key)
    lo, hi, step = float(row["min"]), float(row["max"]), float(row["step"])
    stepped = st.integers(0, round((hi - lo) / step)).map(lambda n: min(lo + n * step, hi))
    return st.one_of(st.sampled_from([lo, hi]), stepped)


def render(spec: dict, values: dict[str, float], scenario: str) -> dict:
    spec = {**spec, "params": [dict(p) for p in spec["params"]]}
    for param in spec["params"]:
        if param["name"] in values:
            param["value"] = values[param["name"]]
        elif param["name"] == "scenario":
            param["value"] = scenario
    return vl_convert.vegalite_to_scenegraph(spec)


def problems(graph: dict) -> list[str]:
    """What is wrong with a rendered chart's scenegraph."""
    found: list[str] = []
    width, height = graph["width"], graph["height"]
    ox, _oy = graph.get("origin", [0, 0])

    def walk(node, x0=0.0, y0=0.0, plot=None):
        for item in node.get("items", []):
            role = node.get("role")
            if node.get("marktype") == "text":
                text = item.get("text")
                text = " ".join(map(str, text)) if isinstance(text, list) else str(text)
                if any(bad in text for bad in BAD_TEXT):
                    found.append(f"text reads {text!r}")
                if role in ("title-text",) and x0 + item.get("x", 0) + ox < -1:
                    found.append(f"title {text[:40]!r} starts left of the chart")
            if role == "mark" and plot is not None:
                pw, ph = plot
                for key, limit in (("x", pw), ("x2", pw), ("y", ph), ("y2", ph)):
                    v = item.get(key)
                    if v is None or (isinstance(v, float) and math.isnan(v)):
                        continue
                    if not -SLACK <= v <= limit + SLACK:
                        found.append(f"{node.get('name')}: {key}={v:.0f} outside 0..{limit:.0f}")
                        break
            if node.get("marktype") == "group":
                inner = plot
                if role == "scope" and "width" in item:
                    inner = (item["width"], item["height"])
                parts = {c.get("role"): c for c in item.get("items", [])}
                if role == "axis" and set(parts) != {"axis-grid"}:  # a grid alone is no axis
                    labels = parts.get("axis-label", {}).get("items", [])
                    if not labels or "axis-domain" not in parts:
                        found.append("an axis has no labels or no domain")
                walk(item, x0 + item.get("x", 0), y0 + item.get("y", 0), inner)
            elif "items" in item:
                walk(item, x0, y0, plot)

    walk(graph["scenegraph"])
    if width > 1400 or height > 2000:
        found.append(f"the chart grew to {width:.0f} x {height:.0f} px")
    return sorted(set(found))


@st.composite
def settings_for(draw, name: str):
    _, ids = spec_for(name)
    values = {key: draw(slider_value(key)) for key in ids}
    return values, draw(st.sampled_from(SCENARIOS))


@pytest.mark.parametrize("name", sorted(CHARTS))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_chart_is_sane_at_any_setting(name, data):
    spec, _ = spec_for(name)
    values, scenario = data.draw(settings_for(name))
    found = problems(render(spec, values, scenario))
    assert not found, f"{name} at {scenario} {values}: {found}"


@pytest.mark.parametrize("name", sorted(CHARTS))
@pytest.mark.parametrize("end", ["min", "max"])
def test_chart_is_sane_with_every_slider_at_one_end(name, end):
    spec, ids = spec_for(name)
    values = {key: float(assumption(key)[end]) for key in ids}
    found = problems(render(spec, values, "sliders"))
    assert not found, f"{name} with every slider at its {end}: {found}"


def test_conversation_mix_with_every_share_at_zero():
    spec, ids = spec_for("mix")
    values = {
        key: (0.0 if key.startswith("share_") else assumption(key)["default"]) for key in ids
    }
    graph = render(spec, values, "sliders")
    assert not problems(graph), problems(graph)
    assert conversations.NO_SHARES_NOTE in json.dumps(graph)  # says why the shares are equal


@pytest.mark.parametrize(
    "shares",
    [
        {"personal": 0.0, "group": 0.0, "business": 0.0, "community": 0.0},  # all equal
        {"personal": 0.3, "group": 0.3, "business": 0.3, "community": 0.1},  # two 2-person kinds
        {"personal": 0.05, "group": 0.05, "business": 0.05, "community": 0.85},
    ],
)
def test_example_labels_never_print_over_one_another(shares):
    spec, ids = spec_for("examples")
    values = {key: assumption(key)["default"] for key in ids}
    values.update({f"share_{kind}": share for kind, share in shares.items()})
    graph = render(spec, values, "sliders")
    labels = sorted(
        item["y"]
        for mark in _text_marks(graph["scenegraph"])
        for item in mark.get("items", [])
        if "people)" in str(item.get("text"))
    )
    assert len(labels) == len(conversations.SHARE_IDS), labels
    gaps = [upper - lower for lower, upper in itertools.pairwise(labels)]
    assert min(gaps) >= 12, f"label baselines {labels}: closer than a line"


def _text_marks(node: dict):
    if node.get("marktype") == "text":
        yield node
    for item in node.get("items", []):
        yield from _text_marks(item)
    for child in node.get("marks", []):
        yield from _text_marks(child)
