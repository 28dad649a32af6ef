"""A chart the site's lean Vega runtime cannot draw is refused when it is published.

The runtime (``js/build-vega.mjs``) leaves out transforms, scale types, expression functions and
data formats no published chart uses, and records them beside the bundle; these tests hold
charts that need each kind against that record, and check that one of them fails
``publish_chart`` with the chart named, before any of its files is written. That every chart
the site and the Altair fixtures publish passes is checked by the builds themselves.

The core runtime leaves out more (marks, curves, continuous colour schemes, event selector
strings...): charts needing each are held against its record, which decides whether a site
gets it (``site_runtime``); that chatdata's site does, and the Altair fixtures' does not, is
checked on the built sites (``test_site_browser.py``, ``test_site_altair_browser.py``).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from chatdata.site.altair_outputs import ChartSource
from chatdata.site.assets import vega_record
from chatdata.site.chart_data import compile_to_vega
from chatdata.site.figures import publish_chart
from chatdata.site.runtime_support import (
    COMPUTED,
    EVENT_STRINGS,
    UnsupportedChartError,
    called_functions,
    lacking,
    merged,
    needs,
    site_runtime,
    unsupported,
)

ROWS = pd.DataFrame({"a": [1.0, 2.0, 2.5, 4.0], "k": ["x", "y", "x", "y"]})


def vega(chart: alt.TopLevelMixin) -> dict:
    return compile_to_vega(chart.to_dict())


def test_common_vega_lite_features_need_nothing_left_out():
    base = alt.Chart(ROWS)
    pick = alt.selection_point(fields=["k"], bind="legend")
    brush = alt.selection_interval(encodings=["x"])
    size = alt.param(value=3, bind=alt.binding_range(min=1, max=9, step=1))
    charts = [
        base.mark_bar().encode(alt.X("a:Q", bin=True), y="count()"),
        base.mark_line(interpolate="monotone").encode(x="a:Q", y="mean(a):Q", color="k:N"),
        base.mark_area().encode(x="a:Q", y="sum(a):Q", color="k:N"),
        base.mark_arc().encode(theta="sum(a):Q", color="k:N"),
        base.mark_rect().encode(x="k:N", y="k:N", color="a:Q"),
        base.mark_point().encode(x="a:Q", y=alt.Y("a:Q", scale=alt.Scale(type="log")),
                                 size=alt.Size("a:Q"), tooltip=["a", "k"],
                                 opacity=alt.condition(pick, alt.value(1), alt.value(0.2)))
        .add_params(pick, brush),
        base.mark_circle(size=size).encode(x="a:Q", y="k:N").add_params(size),
        base.transform_calculate(t="datetime(2024, datum.a, 1)")
        .mark_tick().encode(x=alt.X("month(t):T")),
        base.transform_window(rank="rank()", sort=[alt.SortField("a")])
        .transform_fold(["a"]).mark_text().encode(x="rank:O", text="value:Q"),
    ]  # fmt: skip
    record = vega_record()
    for chart in charts:
        assert unsupported(vega(chart), record) == [], chart.to_dict()


@pytest.mark.parametrize(
    ("chart", "problem"),
    [
        (alt.Chart(ROWS).transform_density("a").mark_area().encode(x="value:Q", y="density:Q"),
         "transform kde"),
        (alt.Chart(ROWS).mark_point().encode(x="a:Q", y="a:Q")
         + alt.Chart(ROWS).mark_line().encode(x="a:Q", y="a:Q").transform_regression("a", "a"),
         "transform regression"),
        (alt.Chart(ROWS).transform_calculate(n="sampleNormal()").mark_point().encode(x="n:Q"),
         "expression function sampleNormal()"),
        (alt.Chart(alt.Data(values=[], format=alt.DataFormat(type="topojson", feature="f")))
         .mark_geoshape().project("albersUsa"),
         "topojson data"),
    ],
)  # fmt: skip
def test_a_chart_needing_what_is_left_out_is_named(chart, problem):
    assert problem in unsupported(vega(chart), vega_record())


def test_vega_specs_are_checked_for_scale_types_projections_and_data_urls():
    record = vega_record()
    spec = {
        "scales": [{"name": "c", "type": "sequential", "range": {"scheme": "blues"}}],
        "projections": [{"name": "p", "type": "mercator"}],
        "data": [{"name": "d", "url": "data/cars.json"}],
    }
    assert unsupported(spec, record) == [
        "transform load", "scale type sequential", "map projections"
    ]  # fmt: skip


def test_calls_are_read_from_expressions_not_from_strings_or_methods():
    assert called_functions("'sampleNormal()' + datum.x.toFixed(2) + pow(2, 3)") == {"pow"}
    spec = {
        "marks": [{"type": "text", "encode": {"update": {"text": {"value": "sampleNormal()"}}}}],
        "signals": [{"name": "s", "on": [{"events": "click", "update": "lassoAppend(s)"}]}],
    }
    assert needs(spec)["functions"] == {"lassoAppend"}


def test_publishing_a_chart_the_runtime_cannot_draw_names_it_and_writes_nothing(tmp_path):
    chart = (
        alt.Chart(ROWS, title="Spread of a")
        .transform_density("a")
        .mark_area()
        .encode(x="value:Q", y="density:Q")
    )
    with pytest.raises(UnsupportedChartError, match=r"chart-2 \('Spread of a'\).*transform kde"):
        publish_chart(ChartSource(chart.to_dict()), "chart-2", tmp_path, "page")
    assert list((tmp_path / "page").iterdir()) == []


def core() -> dict:
    return vega_record(runtime="core")


def test_charts_like_chatdatas_fit_the_core_runtime():
    size = alt.param(name="size", value=3, bind=alt.binding_range(min=1, max=9, step=1))
    pick = alt.param(name="pick", value="x", bind=alt.binding_radio(options=["x", "y"]))
    base = alt.Chart(ROWS)
    scale = alt.Scale(range=["#0072B2", "#E69F00"])
    charts = [
        base.mark_bar().encode(x="sum(a):Q", y="k:N", color=alt.Color("k:N", scale=scale))
        .transform_calculate(b="datum.a * size").add_params(size, pick),
        base.mark_line(point=True).encode(x="a:Q", y=alt.Y("a:Q", scale=alt.Scale(type="log"))),
        base.mark_rule().encode(y="mean(a):Q") + base.mark_text().encode(text="k:N", y="a:Q"),
        base.mark_point(shape="diamond").encode(x="a:Q", y="k:O", color="k:N"),
        base.transform_window(rank="rank()").mark_tick().encode(x="rank:Q"),
    ]  # fmt: skip
    for chart in charts:
        assert unsupported(vega(chart), core()) == [], chart.to_dict()


@pytest.mark.parametrize(
    ("chart", "problem"),
    [
        (alt.Chart(ROWS).mark_area().encode(x="a:Q", y="a:Q"), "area marks"),
        (alt.Chart(ROWS).mark_arc().encode(theta="a:Q"), "arc marks"),
        (alt.Chart(ROWS).transform_joinaggregate(total="sum(a)").mark_point()
         .encode(x="total:Q"),
         "transform joinaggregate"),
        (alt.Chart(ROWS).mark_line(interpolate="monotone").encode(x="a:Q", y="a:Q"),
         "line interpolation monotone"),
        (alt.Chart(ROWS).mark_line(interpolate="step-after").encode(x="a:Q", y="a:Q"),
         "line interpolation step-after"),
        (alt.Chart(ROWS).mark_bar().encode(alt.X("a:Q", bin=True), y="count()"),
         "transform bin"),
        (alt.Chart(ROWS).transform_fold(["a"]).mark_point().encode(x="value:Q"),
         "transform fold"),
        (alt.Chart(ROWS).transform_calculate(t="datetime(2024, datum.a, 1)")
         .mark_point().encode(x="month(t):T"),
         "transform timeunit"),
        (alt.Chart(ROWS).mark_rect().encode(x="k:N", y="k:N", color="a:Q"),
         "colour scheme yellowgreenblue"),  # the heatmap range
        (alt.Chart(ROWS).mark_point().encode(x="a:Q", color="a:Q"),
         "colour scheme blues"),  # the ramp range
        (alt.Chart(ROWS).mark_point().encode(
            x="a:Q", color=alt.Color("k:N", scale=alt.Scale(scheme="viridis"))),
         "colour scheme viridis"),
        (alt.Chart(ROWS).mark_point().encode(x="a:Q")
         .add_params(alt.selection_interval(encodings=["x"])),
         EVENT_STRINGS),
        (alt.Chart(ROWS).mark_point().encode(x="a:Q", opacity=alt.condition(
            pick := alt.selection_point(fields=["k"]), alt.value(1), alt.value(0.2)))
         .add_params(pick),
         "expression function vlSelectionTest()"),
        (alt.Chart(alt.Data(values="a\n1", format=alt.DataFormat(type="csv")))
         .mark_point().encode(x="a:Q"),
         "csv data"),
    ],
)  # fmt: skip
def test_a_chart_needing_what_the_core_leaves_out_gets_the_full_runtime(chart, problem):
    spec = vega(chart)
    assert problem in unsupported(spec, core())
    assert unsupported(spec, vega_record()) == []
    assert site_runtime([merged([needs(spec)])], core()) == "full"


def test_interpolations_and_schemes_set_by_signals_are_refused_by_the_core():
    spec = {
        "signals": [{"name": "curve", "value": "linear"}, {"name": "s", "value": "blues"}],
        "scales": [{"name": "c", "type": "ordinal", "range": {"scheme": {"signal": "s"}}}],
        "marks": [{"type": "line", "encode": {"update": {"interpolate": {"signal": "curve"}}}}],
    }
    found = needs(spec)
    assert found["interpolate"] == found["schemes"] == {COMPUTED}
    assert lacking(found, core()) == [
        "line interpolation set by a signal", "colour scheme set by a signal"
    ]  # fmt: skip
    assert lacking(found, vega_record()) == []
    rules = [{"test": "x", "value": "linear"}, {"value": "linear"}]
    literal = {"marks": [{"type": "line", "encode": {"enter": {"interpolate": rules}}}]}
    assert needs(literal)["interpolate"] == {"linear"}
    assert lacking(needs(literal), core()) == []


def test_scale_interpolation_is_not_a_line_interpolation():
    spec = {"scales": [{"name": "c", "type": "linear", "interpolate": "hcl",
                        "range": ["#000000", "#ffffff"]}]}  # fmt: skip
    assert needs(spec)["interpolate"] == set()
    assert lacking(needs(spec), core()) == []


def test_a_site_gets_the_core_runtime_only_when_every_page_fits_it():
    fits = {"marks": ["rect", "text"], "transforms": ["formula"], "scales": ["band"]}
    area = {"marks": ["area"]}
    assert site_runtime([fits, fits], core()) == "core"
    assert site_runtime([], core()) == "core"
    assert site_runtime([fits, area], core()) == "full"
    assert site_runtime([fits, None], core()) == "full"  # a page whose needs are not known
