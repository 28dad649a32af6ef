"""The assumptions' one home: table, scenarios, values in Python and in the browser."""

import subprocess
import sys

import pytest

import chatdata
from chatdata.charts import assumptions
from chatdata.charts.assumptions import assumption


def test_slider_takes_its_settings_from_the_dataset():
    param = assumptions.slider("messages_per_chat")
    row = assumption("messages_per_chat")
    assert param.param.value == row["default"]
    bind = param.param.bind.to_dict()
    assert (bind["min"], bind["max"], bind["step"]) == (row["min"], row["max"], row["step"])
    assert row["unit"] in bind["name"]


def test_unknown_assumption_is_refused():
    with pytest.raises(KeyError):
        assumptions.slider("no_such_assumption")


def test_value_expr_names_every_preset_and_the_slider():
    expr = assumptions.value_expr("peak_to_average")
    row = assumption("peak_to_average")
    for preset in assumptions.PRESETS:
        assert f"'{preset}' ? {row[preset]!r}" in expr
    assert expr.count("peak_to_average") == 1


def test_assumption_params_give_scenario_slider_and_value():
    names = [p.name for p in assumptions.assumption_params(["paid_share", "automated_share"])]
    assert names == [
        "scenario",
        "paid_share",
        "automated_share",
        "v_paid_share",
        "v_automated_share",
    ]


def test_effective_values_apply_presets():
    values = {"peak_to_average": 4.2}
    assert assumptions.effective_values(values, "sliders") == values
    assert assumptions.effective_values(values, "article") == {
        "peak_to_average": assumption("peak_to_average")["article"]
    }
    with pytest.raises(ValueError, match="unknown scenario"):
        assumptions.effective_values(values, "optimistic")


def test_preset_values_read_the_preset_columns():
    ids = ["peak_to_average", "share_business"]
    for preset in ("default", *assumptions.PRESETS):
        assert assumptions.preset_values(preset, ids) == {i: assumption(i)[preset] for i in ids}
    with pytest.raises(ValueError, match="unknown preset"):
        assumptions.preset_values("sliders", ids)


def test_assumption_values_fill_only_the_missing_ones():
    filled = assumptions.assumption_values(
        {"peak_to_average": 2.5}, ["peak_to_average", "paid_share"]
    )
    assert filled == {"peak_to_average": 2.5, "paid_share": assumption("paid_share")["default"]}
    assert assumptions.assumption_values(None, ["paid_share"]) == {
        "paid_share": assumption("paid_share")["default"]
    }


def test_scenario_estimate_spans_the_default_and_presets():
    row = assumption("messages_per_chat")
    spread = assumptions.scenario_estimate("messages_per_chat")
    values = [row["default"], *(row[p] for p in assumptions.PRESETS)]
    assert (spread.low, spread.central, spread.high) == (min(values), row["default"], max(values))


def test_scenarios_and_labels_pair_up():
    assert assumptions.SCENARIOS[1:] == assumptions.PRESETS
    assert len(assumptions.SCENARIO_LABELS) == len(assumptions.SCENARIOS)
    assert set(assumptions.PRESETS) <= set(assumptions.assumptions().columns)


def test_package_exposes_the_table_without_importing_altair():
    assert chatdata.assumption is assumption
    assert chatdata.assumptions is assumptions.assumptions
    code = "import sys, chatdata; chatdata.list_datasets(); print('altair' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
