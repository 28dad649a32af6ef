"""An ipywidgets panel that drives a chart's Vega-Lite params from Python in JupyterLab.

In JupyterLab the panel is the chart's one set of controls: a scenario dropdown, sliders whose
readouts say the value in words with its unit, and a table of derived figures that the models
recompute whenever a slider moves. The chart inside it is a copy without Vega's own bound
inputs (its params keep their names, so the sliders link to them); the published page keeps
Vega's controls. The chart follows the width of its output area (see
:mod:`chatdata.widgets.panel_chart`) and fits it at every corner of its sliders. The panel's
output also carries the chart as a standard Vega-Lite bundle and a static SVG, laid out for
JupyterLab, so a saved notebook shows it where no kernel runs (GitHub, nbconvert). On the
static site (see :func:`chatdata.charts.render.site_mode`) the panel would be dead, so the
chart is shown with a short note instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import altair as alt
import ipywidgets as widgets
import pandas as pd
import traitlets

from chatdata.charts.assumptions import (
    SCENARIO_LABELS,
    SCENARIO_PARAM,
    SCENARIOS,
    assumption,
    effective_values,
    preset_values,
)
from chatdata.charts.derived import browser_figures, param_name, with_derived_figures
from chatdata.charts.layout import LAB_WIDTH
from chatdata.charts.render import chart_html, site_mode, static_bundle
from chatdata.templating import HTML, render
from chatdata.widgets.panel_chart import PanelChart

Derive = Callable[[Mapping[str, float]], pd.DataFrame]

SITE_NOTE = (
    "The sliders above recompute the chart and the derived figures in your browser, "
    "with no kernel."
)


def assumption_ids(chart: alt.TopLevelMixin) -> list[str]:
    """Names of the chart's top-level params that are assumptions (bound sliders)."""
    spec = chart.to_dict()
    names = []
    for param in spec.get("params", []):
        if "bind" in param and param["name"] != SCENARIO_PARAM and "expr" not in param:
            names.append(param["name"])
    return names


def without_bindings(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A copy of a chart whose top-level params are not bound to inputs.

    The params keep their names and values, so ``JupyterChart.params`` still link to them.
    """
    copy = cast(Any, chart).copy(deep=True)  # every top-level chart has copy()
    for param in copy.params if copy.params is not alt.Undefined else []:
        if getattr(param, "bind", alt.Undefined) is not alt.Undefined:
            param.bind = alt.Undefined
    return copy


def derived_table_html(frame: pd.DataFrame, params: Sequence[str] = ()) -> HTML:
    """Render a derived-figures frame (columns figure, value, unit) as an HTML table.

    ``params`` names, row by row, the chart param holding the same figure; each row gets it
    as its class, so a page can refresh the row from the chart (and tests can compare them).
    """
    names = list(params) or [""] * len(frame)
    rows = [
        {"figure": str(r.figure), "value": format_value(r.value), "unit": str(r.unit), "param": n}
        for r, n in zip(frame.itertuples(), names, strict=True)
    ]
    return render("tables/derived.html", rows=rows)


def _three_figures(value: float) -> str:
    """A number to 3 significant figures, with separators and no exponent."""
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    decimals = max(2 - exponent, 0)
    text = f"{round(value, 2 - exponent):,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if decimals else text


def format_value(value: float) -> str:
    """Readable number: words for millions and billions, else separators or 3 figures.

    The site's ``formatValue`` (``site.js``) writes numbers the same way. A figure that
    cannot be computed (NaN) reads as a dash.

    Examples
    --------
    >>> [format_value(v) for v in (140e9, 600e6, 6944.4, 0.95, 1234e9)]
    ['140 billion', '600 million', '6,944', '0.95', '1,230 billion']
    >>> format_value(float("nan")) == chr(0x2013)  # an en dash
    True
    """
    if not math.isfinite(value):
        return "\N{EN DASH}"
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{_three_figures(value / size)} {word}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return _three_figures(value)


def _slider_for(assumption_id: str) -> tuple[widgets.FloatSlider, widgets.HBox]:
    """A slider for one assumption, and the row showing it with its value in words and unit.

    The slider's own readout stays (a reader can type a value into it) but is compact
    (``600M``), since it is too narrow for ``600,000,000``.
    """
    row = assumption(assumption_id)
    slider = widgets.FloatSlider(
        value=row["default"],
        min=row["min"],
        max=row["max"],
        step=row["step"],
        description=row["label"],
        readout_format=".3s" if row["max"] >= 1e6 else ".3g",
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="420px", max_width="100%"),
    )
    slider.add_class(f"chatdata-param-{assumption_id}")  # names its param, for tests
    # The readout takes the width its words need; where the row has no room for it, it goes
    # under the slider instead of being cut short.
    readout = widgets.Label(
        f"{format_value(slider.value)} {row['unit']}",
        layout=widgets.Layout(width="auto", flex="0 0 auto"),
    )

    def show(change):
        readout.value = f"{format_value(change['new'])} {row['unit']}"

    slider.observe(show, names="value")
    row_layout = widgets.Layout(flex_flow="row wrap", align_items="center")
    return slider, widgets.HBox([slider, readout], layout=row_layout)


def derived_html(
    derive: Derive | None, values: Mapping[str, float], params: Sequence[str]
) -> HTML:
    """The derived-figures table for some values.

    A plain note stands in when the models refuse the values (all shares at 0, say).
    """
    if derive is None:
        return HTML("")
    try:
        frame = derive(values)
    except ValueError as error:
        note = '<p class="chatdata-derived-note">No derived figures here: {}</p>'
        return HTML(note).format(str(error))
    names = params if len(params) == len(frame) else ()
    return derived_table_html(frame, names)


class _SiteView:
    """What :func:`explorer` shows on the static site: the chart, its figures and a note.

    The derived figures are shown at the defaults and refreshed in the browser from the
    chart's ``derived_*`` params.
    """

    def __init__(self, chart: alt.TopLevelMixin, table: str = ""):
        self.chart = chart
        self.table = table

    def _repr_mimebundle_(self, include=None, exclude=None):
        note = HTML('<p class="chatdata-kernel-note">{}</p>').format(SITE_NOTE)
        markup = chart_html(self.chart.to_dict()) + self.table + note
        return {"text/html": markup, "text/plain": SITE_NOTE}


def with_bindings_of(spec: dict, chart: alt.TopLevelMixin) -> dict:
    """A copy of a spec whose top-level params are bound as the same-named ones of ``chart``.

    Undoes :func:`without_bindings` on a spec laid out since.
    """
    bound = {p["name"]: p["bind"] for p in chart.to_dict().get("params", []) if "bind" in p}
    params = [
        {**param, "bind": bound[param["name"]]} if param.get("name") in bound else param
        for param in spec.get("params", [])
    ]
    return {**spec, "params": params}


def slider_corners(ids: Sequence[str]) -> list[dict[str, float]]:
    """The sliders' corners a chart must fit its width at: every one at its lowest, highest."""
    if not ids:
        return []
    return [{key: float(assumption(key)[end]) for key in ids} for end in ("min", "max")]


class ExplorerPanel(widgets.VBox):
    """The panel :func:`explorer` returns; its output also holds the chart, static.

    The static chart is laid out for :data:`~chatdata.charts.layout.LAB_WIDTH`, with Vega's
    own inputs (a reader with no kernel can still move them).
    """

    def __init__(self, children, *, chart: alt.TopLevelMixin, **kwargs):
        super().__init__(children, **kwargs)
        self._static_chart = chart

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        spec = self._static_chart.to_dict()
        live = self.children[0]
        if isinstance(live, PanelChart) and live.layout_width:
            spec = with_bindings_of(live.layouts(LAB_WIDTH)[0], self._static_chart)
        bundle.update(static_bundle(spec))
        bundle["text/plain"] = "<chatdata explorer: chart, scenario, sliders, derived figures>"
        return bundle


def explorer(
    chart: alt.TopLevelMixin,
    derive: Derive | None = None,
    sliders: Sequence[str] | None = None,
):
    """Wrap a chart in a panel of presets, sliders and derived figures.

    Parameters
    ----------
    chart : altair top-level chart
        A chart built by :mod:`chatdata.charts`, with assumption params.
    derive : callable, optional
        Maps ``{assumption id: value}`` (after presets) to a DataFrame with columns
        ``figure``, ``value``, ``unit``; shown under the chart and refreshed on every change.
    sliders : sequence of str, optional
        The assumption ids to offer as Python sliders (default: all the chart's).

    Returns
    -------
    ExplorerPanel (an ipywidgets.VBox), or a static view in site mode
        The panel's ``.chart`` attribute is the :class:`~chatdata.widgets.panel_chart.
        PanelChart` (an ``alt.JupyterChart``); ``.sliders`` maps ids to sliders; ``.preset``
        is the preset dropdown; ``.table`` the derived-figure HTML.
    """
    chart_ids = assumption_ids(chart)
    figures = browser_figures(derive)
    params = [param_name(n) for n in range(len(figures))]
    live = with_derived_figures(chart, figures, chart_ids)
    if site_mode():
        defaults = {key: assumption(key)["default"] for key in chart_ids}
        return _SiteView(live, derived_html(derive, defaults, params))
    ids = list(sliders) if sliders is not None else chart_ids
    jchart = PanelChart(without_bindings(live), settings=slider_corners(chart_ids))
    rows = {i: _slider_for(i) for i in ids}
    controls = {i: slider for i, (slider, _) in rows.items()}
    for key, control in controls.items():
        traitlets.link((control, "value"), (jchart.params, key))
    preset = widgets.Dropdown(
        options=list(zip(SCENARIO_LABELS, SCENARIOS, strict=True)),
        value=SCENARIOS[0],
        description="Scenario",
    )
    table = widgets.HTML()

    def refresh(_change=None):
        values = {key: getattr(jchart.params, key) for key in ids}
        scenario = getattr(jchart.params, SCENARIO_PARAM, SCENARIOS[0]) or SCENARIOS[0]
        table.value = derived_html(derive, effective_values(values, scenario), params)

    def apply_preset(change):
        if change["new"] != SCENARIOS[0]:
            for key, value in preset_values(change["new"], controls).items():
                controls[key].value = value
        if hasattr(jchart.params, SCENARIO_PARAM):
            setattr(jchart.params, SCENARIO_PARAM, SCENARIOS[0])

    preset.observe(apply_preset, names="value")
    jchart.params.observe(refresh)
    refresh()
    panel = ExplorerPanel([jchart, preset, *(row for _, row in rows.values()), table], chart=chart)
    panel.chart, panel.sliders, panel.preset, panel.table = jchart, controls, preset, table
    return panel
