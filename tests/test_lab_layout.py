"""Charts laid out for a JupyterLab output area fit it, at any slider (vl-convert, no browser).

An explorer's chart is laid out for the width of its output area by
:func:`chatdata.charts.layout.fit_lab`. At its defaults it fills that width without passing
it; a single or layered view keeps the width at any params (Vega's fit-x autosize, which the
JupyterLab test watches in a browser); a concatenated view is laid out to fit at its sliders'
corners too. Row labels wrap onto two lines, cut short only when they need more.
"""

from __future__ import annotations

import pytest
import vl_convert
from test_chart_corners import CHARTS

from chatdata.charts.layout import (
    FIT_X,
    LAB_WIDTH,
    LABEL_LINES,
    fit_lab,
    fitting,
    stack_legends,
    with_values,
    wrap_labels,
)
from chatdata.widgets.explorer import assumption_ids, slider_corners, without_bindings

#: How much of its width a chart laid out for it may leave empty at its defaults: a single or
#: layered view is laid out at them (``fit_measured`` stops within 2 px), a concatenated one
#: at its sliders' corners, which may need more room than the defaults.
FILL_SINGLE = 2
FILL_CONCAT = 24


def drawn_width(spec: dict) -> float:
    vega = stack_legends(vl_convert.vegalite_to_vega(spec))
    return float(vl_convert.vega_to_scenegraph(vega)["width"])


def laid_out(name: str, width: int) -> tuple[dict, dict, list[dict]]:
    chart = CHARTS[name]()
    corners = slider_corners(assumption_ids(chart))
    static, live = fit_lab(without_bindings(chart).to_dict(), width, corners)
    return static, live, corners


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_fills_the_output_area_and_keeps_within_it(name):
    static, live, corners = laid_out(name, LAB_WIDTH)
    single = "layer" in live or "mark" in live
    fill = FILL_SINGLE if single else FILL_CONCAT
    assert LAB_WIDTH - fill <= drawn_width(static) <= LAB_WIDTH
    if single:
        assert (live["autosize"], live["width"]) == (FIT_X, LAB_WIDTH)
    else:
        for values in corners:
            assert drawn_width(with_values(live, values)) <= LAB_WIDTH, values


@pytest.mark.parametrize("name", ["business_case", "daily_messages"])
@pytest.mark.parametrize("width", [720, 960])
def test_concatenated_chart_fits_at_its_corners_when_wide(name, width):
    _static, live, corners = laid_out(name, width)
    assert "autosize" not in live or live["autosize"]["type"] == "pad"
    widths = [drawn_width(with_values(live, values)) for values in [{}, *corners]]
    assert max(widths) <= width, widths


def test_row_label_that_fits_two_lines_is_shown_whole():
    label = "Global SMS per day (implied: a third of 60 billion) (2016)"
    (lines,) = wrap_labels([label], 201)
    assert " ".join(lines) == label
    assert len(lines) <= LABEL_LINES
    assert all(fitting(lines, 201))


def test_row_label_too_long_for_two_lines_is_cut_short_to_fit():
    label = "A label far too long to be shown whole on two lines of a narrow chart's axis"
    lines = wrap_labels([label], 128)[0]
    assert len(lines) == LABEL_LINES
    assert lines[-1].endswith("…")
    assert all(fitting(lines, 128))
    assert not fitting([" ".join(lines)], 128)[0]


def test_the_layout_search_never_draws_the_same_layout_twice(monkeypatch):
    """It stops when it comes back to a layout it has drawn.

    Four panels side by side widen the drawing by 4 px for each pixel of plot, so at 560 px
    no plot lands within the 2 px the search aims for: it went back and forth between two
    plots until its attempts ran out.
    """
    from chatdata.charts import layout, platforms

    drawn: list[tuple[float, float]] = []
    real_fit = layout.fit

    def recording_fit(spec, width, squeeze=1.0, plot=None):
        laid = real_fit(spec, width, squeeze, plot)
        drawn.append((squeeze, layout._plot_width(laid)))
        return laid

    monkeypatch.setattr(layout, "fit", recording_fit)
    layout._measure(platforms.users_chart().to_dict(), LAB_WIDTH, 10, ())
    assert len(drawn) == len(set(drawn)), drawn
