"""The derived figures a page computes in the browser are the Python models' figures.

Each explorer's chart carries its ``derive_*`` table as Vega expressions (``derived_<n>``
params, see :mod:`chatdata.charts.derived`). Here every such chart is compiled to Vega and run
by Vega (in vl-convert's JavaScript engine, the runtime the page uses) at each scenario
preset, with every slider at its lowest and at its highest, and at random slider points; each
derived signal must equal the model's figure (to 1 part in a million), and must be NaN
exactly where the model refuses the inputs.
"""

from __future__ import annotations

import json
import math
import random

import pytest
import vl_convert

from chatdata.charts import ai, business, conversations, platforms, scale
from chatdata.charts.assumptions import SCENARIOS, assumption, effective_values
from chatdata.charts.derived import browser_figures, param_name, with_derived_figures
from chatdata.widgets.explorer import assumption_ids

EXPLORERS = {
    "chats_per_second": (scale.chats_per_second_chart, scale.derive_scale),
    "daily_messages": (scale.daily_messages_chart, scale.derive_scale),
    "peak_messages": (scale.peak_messages_chart, scale.derive_scale),
    "split": (platforms.split_chart, platforms.derive_split),
    "mix": (conversations.mix_chart, conversations.derive_deliveries),
    "examples": (conversations.examples_chart, conversations.derive_deliveries),
    "business_case": (business.business_case_chart, business.derive_business_case),
    "revenue": (business.revenue_chart, business.derive_revenue),
    "spam": (ai.spam_chart, ai.derive_spam),
    "reach": (ai.reach_chart, ai.derive_reach),
}
RANDOM_POINTS = 3


def run_vega(vega: dict, names: list[str], setting: dict) -> list[float]:
    """The derived signals of a Vega spec at some signal values, computed by Vega itself.

    vl-convert runs the spec's signals and data in its JavaScript engine; one text mark (the
    only one) reads every derived signal (``+`` joins keep full precision), and the scenegraph
    gives back its text.
    """
    # Only the signals and data count: the chart's marks, axes and legends (each text measured
    # as it is drawn) are left out.
    spec = {key: json.loads(json.dumps(vega[key])) for key in ("signals", "data") if key in vega}
    for signal in spec["signals"]:
        if signal["name"] in setting:
            signal["value"] = setting[signal["name"]]
    joined = " + '|' + ".join(f"({name})" for name in names)
    spec.setdefault("marks", []).append(
        {
            "type": "text",
            "name": "derived_probe",
            "encode": {"enter": {"text": {"signal": f"'' + {joined}"}}},
        }
    )
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("name") == "derived_probe":
                found.extend(item["text"] for item in node.get("items", []))
            for child in node.get("items", []):
                walk(child)

    walk(vl_convert.vega_to_scenegraph(spec)["scenegraph"])
    return [float(part) for part in found[0].split("|")]


def _snap(key: str, value: float) -> float:
    row = assumption(key)
    steps = round((value - row["min"]) / row["step"])
    return min(max(row["min"] + steps * row["step"], row["min"]), row["max"])


def settings_for(ids: list[str], seed: int) -> list[tuple[str, dict[str, float]]]:
    """Presets, every slider at its lowest and at its highest, and random points.

    The presets have the sliders at their defaults.
    """
    defaults = {key: float(assumption(key)["default"]) for key in ids}
    settings = [(preset, dict(defaults)) for preset in SCENARIOS]
    settings.append(("sliders", {key: float(assumption(key)["min"]) for key in ids}))
    settings.append(("sliders", {key: float(assumption(key)["max"]) for key in ids}))
    rng = random.Random(seed)
    for _ in range(RANDOM_POINTS):
        point = {
            key: _snap(key, rng.uniform(assumption(key)["min"], assumption(key)["max"]))
            for key in ids
        }
        settings.append(("sliders", point))
    return settings


def expected(derive, values: dict[str, float], scenario: str) -> list[float]:
    """The model's figures, NaN everywhere when it refuses the inputs."""
    try:
        return [float(v) for v in derive(effective_values(values, scenario))["value"]]
    except ValueError:
        return [math.nan] * len(browser_figures(derive))


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_browser_figures_equal_the_models(name):
    build, derive = EXPLORERS[name]
    chart = build()
    ids = assumption_ids(chart)
    figures = browser_figures(derive)
    assert [f.figure for f in figures] == list(derive({})["figure"])
    vega = vl_convert.vegalite_to_vega(with_derived_figures(chart, figures, ids).to_dict())
    names = [param_name(n) for n in range(len(figures))]
    settings = settings_for(ids, seed=len(name))
    signals = [{"scenario": scenario, **values} for scenario, values in settings]
    results = [run_vega(vega, names, setting) for setting in signals]
    wrong = []
    for (scenario, values), got in zip(settings, results, strict=True):
        for figure, want, have in zip(
            figures, expected(derive, values, scenario), got, strict=True
        ):
            ok = (
                math.isnan(have) and math.isnan(want)
                if math.isnan(have) or math.isnan(want)
                else math.isclose(have, want, rel_tol=1e-6, abs_tol=1e-9)
            )
            if not ok:
                wrong.append(f"{scenario} {values}: {figure.figure} is {have}, model {want}")
    assert not wrong, "\n".join(wrong[:10])
