r"""The assumptions a reader can move: the table, the scenarios and everything read from them.

One home for the concept, used by the charts, the widgets and the tests alike:

* the table -- :func:`assumptions` and :func:`assumption` read ``assumptions.csv`` (one row
  per slider; ``id`` is also the Vega-Lite param name), a blank preset cell holding the
  default;
* the scenarios -- :data:`SCENARIOS` (the reader's ``"sliders"`` first, then the
  :data:`PRESETS`) and their :data:`SCENARIO_LABELS`;
* values in Python -- :func:`assumption_values` (defaults filling the gaps),
  :func:`preset_values`, :func:`effective_values` (what a chart uses under a scenario) and
  :func:`scenario_estimate` (the spread over the presets, drawn as a range);
* values in the browser -- :func:`slider`, :func:`scenario_param`, :func:`value_expr` and
  :func:`assumption_params`: calculations read the ``v_<id>`` params, which honour the
  chosen scenario.

It sits in the charts layer because sliders are Altair params and spreads are model
:class:`~chatdata.models.uncertainty.Estimate`\ s; ``chatdata.assumption`` and
``chatdata.assumptions`` load it on first use.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import altair as alt
import pandas as pd

from chatdata.datasets import derived, load
from chatdata.models.uncertainty import Estimate

__all__ = [
    "PRESETS",
    "SCENARIOS",
    "SCENARIO_LABELS",
    "SCENARIO_PARAM",
    "assumption",
    "assumption_params",
    "assumption_values",
    "assumptions",
    "effective_values",
    "preset_values",
    "scenario_estimate",
    "scenario_param",
    "slider",
    "value_expr",
]

#: The reader's own sliders, then the three presets (columns of ``assumptions.csv``).
SCENARIOS = ("sliders", "article", "evidence", "conservative")
#: The presets alone.
PRESETS = SCENARIOS[1:]
#: What the scenario controls call each scenario, in :data:`SCENARIOS` order.
SCENARIO_LABELS = ("My sliders", "Our reading of the article", "The evidence", "Conservative")
#: Name of the Vega-Lite param (and of the JupyterChart trait) holding the scenario.
SCENARIO_PARAM = "scenario"


# --- the table -----------------------------------------------------------------------------


def assumptions(chapter: str | None = None) -> pd.DataFrame:
    """The assumptions table, optionally for one chapter, with blank presets filled.

    A blank preset cell means "use the default", so here it holds the default.

    Parameters
    ----------
    chapter : str, optional
        A chapter such as ``"01_scale"``; all rows when None.

    Raises
    ------
    KeyError
        If no assumption belongs to ``chapter``; the message lists the chapters.

    Examples
    --------
    >>> assumptions("05_ai_features")["id"].tolist()[:2]
    ['spam_prevalence', 'filter_precision']
    """
    frame = _filled(load("assumptions"))
    if chapter is None:
        return frame
    chosen = frame[frame["chapter"] == chapter]
    if chosen.empty:
        known = ", ".join(dict.fromkeys(frame["chapter"]))
        raise KeyError(f"no assumptions for chapter {chapter!r}; chapters: {known}")
    return chosen.reset_index(drop=True)


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def assumption(assumption_id: str) -> dict[str, Any]:
    """One assumption as plain Python values (str and float; blank presets -> default).

    Parameters
    ----------
    assumption_id : str
        The assumption's id (also its Vega-Lite param name).

    Returns
    -------
    dict
        Every column of ``assumptions.csv``: ``id, label, unit, default, min, max,
        step, chapter, source, rationale, article, evidence, conservative``.

    Raises
    ------
    KeyError
        If there is no such assumption.

    Examples
    --------
    >>> row = assumption("share_business")
    >>> row["default"], row["min"], row["max"], row["evidence"]
    (0.05, 0.0, 1.0, 0.04)
    """
    rows = derived("assumptions", _rows_by_id)
    if assumption_id not in rows:
        raise KeyError(f"unknown assumption {assumption_id!r}; known: {', '.join(rows)}")
    return dict(rows[assumption_id])


def _rows_by_id(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Each row of the assumptions table as plain values (blank presets filled), by id."""
    rows = _filled(frame).to_dict("records")
    return {row["id"]: {k: _plain(v) for k, v in row.items()} for row in rows}


def _filled(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each blank preset cell holding the default (changed in place)."""
    for preset in PRESETS:
        frame[preset] = frame[preset].fillna(frame["default"])
    return frame


# --- values in Python ----------------------------------------------------------------------


def assumption_values(values: Mapping[str, float] | None, ids: Iterable[str]) -> dict[str, float]:
    """Values for some assumptions, the dataset's defaults filling any that are missing.

    Examples
    --------
    >>> assumption_values({"paid_share": 0.5}, ["paid_share", "automated_share"])
    {'paid_share': 0.5, 'automated_share': 0.3}
    """
    values = dict(values or {})
    return {i: float(values.get(i, assumption(i)["default"])) for i in ids}


def preset_values(preset: str, ids: Iterable[str]) -> dict[str, float]:
    """Values of some assumptions under one preset, or their defaults for ``"default"``.

    Raises
    ------
    ValueError
        If ``preset`` is neither ``"default"`` nor one of :data:`PRESETS`.

    Examples
    --------
    >>> preset_values("default", ["peak_to_average"])
    {'peak_to_average': 2.0}
    """
    if preset != "default" and preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose 'default' or one of {PRESETS}")
    return {i: float(assumption(i)[preset]) for i in ids}


def effective_values(values: Mapping[str, float], scenario: str) -> dict[str, float]:
    """Assumption values as a chart uses them: a preset's, or the sliders' own.

    Raises
    ------
    ValueError
        If ``scenario`` is not one of :data:`SCENARIOS`.

    Examples
    --------
    >>> effective_values({"peak_to_average": 2.5}, "sliders")
    {'peak_to_average': 2.5}
    >>> effective_values({"peak_to_average": 2.5}, "evidence")
    {'peak_to_average': 2.0}
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; choose one of {SCENARIOS}")
    if scenario == SCENARIOS[0]:
        return dict(values)
    return preset_values(scenario, values)


def scenario_estimate(assumption_id: str) -> Estimate:
    """An assumption's spread: lowest and highest of its default and three presets.

    Charts draw this as the uncertainty range around what the sliders show.

    Examples
    --------
    >>> scenario_estimate("peak_to_average")
    Estimate(low=1.0, central=2.0, high=3.0)
    """
    row = assumption(assumption_id)
    values = [row["default"], *(row[preset] for preset in PRESETS)]
    return Estimate(min(values), row["default"], max(values))


# --- values in the browser -----------------------------------------------------------------


def slider(assumption_id: str) -> alt.Parameter:
    """A Vega-Lite param bound to a range input, configured from the assumptions dataset.

    The param's name is the assumption id; its label carries the unit.
    """
    row = assumption(assumption_id)
    return alt.param(
        name=assumption_id,
        value=row["default"],
        bind=alt.binding_range(
            min=row["min"],
            max=row["max"],
            step=row["step"],
            name=f"{row['label']} ({row['unit']}) ",
        ),
    )


def scenario_param() -> alt.Parameter:
    """A radio input choosing between the reader's sliders and the three presets."""
    return alt.param(
        name=SCENARIO_PARAM,
        value=SCENARIOS[0],
        bind=alt.binding_radio(
            options=list(SCENARIOS), labels=list(SCENARIO_LABELS), name="Scenario "
        ),
    )


def value_expr(assumption_id: str) -> str:
    """Vega expression for an assumption's value under the chosen scenario.

    Examples
    --------
    >>> value_expr("peak_to_average")[:40]
    "(scenario === 'article' ? 1.0 : (scenari"
    """
    row = assumption(assumption_id)
    expr = assumption_id
    for preset in reversed(PRESETS):
        expr = f"({SCENARIO_PARAM} === '{preset}' ? {row[preset]!r} : {expr})"
    return expr


def assumption_params(ids: Iterable[str]) -> list[alt.Parameter]:
    """Sliders, the scenario radio and one ``v_<id>`` param per assumption.

    Calculations read ``v_<id>``: the preset's value when a preset is chosen, else the
    slider's.
    """
    ids = list(ids)
    params = [scenario_param()]
    params += [slider(i) for i in ids]
    params += [alt.param(name=f"v_{i}", expr=value_expr(i)) for i in ids]
    return params
