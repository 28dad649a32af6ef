"""A chart the site's lean Vega runtime cannot draw is refused when it is published.

The runtime (``js/build-vega.mjs``) leaves out transforms, scale types, expression functions and
data formats no published chart uses, and records them beside the bundle; these tests hold
charts that need each kind against that record, and check that one of them fails
``publish_chart`` with the chart named, before any of its files is written. That every chart
the site and the Altair fixtures publish passes is checked by the builds themselves.
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
    UnsupportedChartError,
    called_functions,
    needs,
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
