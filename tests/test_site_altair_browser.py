"""A folder of plain Altair notebooks, published and read in headless Chromium, offline.

The fixture notebooks in ``fixtures/altair_notebooks`` never call ``chatdata.setup()``: they
use params bound to a slider, radio buttons, a drop-down, a checkbox and a text box; interval
and point selections, one bound to the legend and one to the scales; tooltips; layered,
concatenated, repeated and faceted charts; data inline and read from ``data/cars.csv``; and
three renderers (Altair's default, ``mimetype`` and a Vega mimebundle). Every page is opened
with the network blocked and every request recorded: each chart draws, each bound control
changes its chart, the selections answer a drag or a click, and nothing is requested from
outside the site; the build-time controls take the room of the live ones, so nothing moves
when a chart goes live.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_site_browser import transform_types

from chatdata.site.assets import VEGA_BUNDLE, published_runtime, vega_record

from site_fixtures import build_from_cache
from site_visits import LAYOUT_SHIFTS, MARKS, Visit

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "altair_notebooks"
PAGES = ["01_controls", "02_selections", "03_compositions"]
#: Charts each page shows, in page order.
CHARTS = {"01_controls": 1, "02_selections": 4, "03_compositions": 3}
_SPEC = re.compile(r'<script type="application/json" id="[^"]+">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module")
def altair_site(tmp_path_factory) -> Path:
    """The fixture folder published once for this module (from nbval's executions if kept)."""
    site, log = build_from_cache(FIXTURES, tmp_path_factory.mktemp("altair-site"))
    assert "warning" not in log
    return site


@pytest.fixture
def visit(chromium, altair_site):
    """Open pages of the published fixtures; contexts are closed after the test."""
    opened: list[Visit] = []

    def open_page(name: str, fragment: str = "", javascript: bool = True, **options) -> Visit:
        opened.append(Visit(chromium, (altair_site / f"{name}.html").as_uri() + fragment,
                            javascript, **options))  # fmt: skip
        return opened[-1]

    yield open_page
    for page in opened:
        assert page.outside == [], f"requests left the site: {page.outside}"
        assert page.errors == []
        assert page.console == [], "console errors or warnings"
        assert page.violations() == [], "the page's policy blocked something"
        page.close()


def specs(site: Path, name: str) -> list[dict]:
    """The compiled Vega specs embedded in a page: each chart's widest layout."""
    embedded = [json.loads(s) for s in _SPEC.findall((site / f"{name}.html").read_text("utf-8"))]
    return [max(e["variants"], key=lambda v: v["width"])["spec"] for e in embedded]


def bound_signals(spec: dict) -> list[dict]:
    return [s for s in spec.get("signals", []) if (s.get("bind") or {}).get("input")]


def changes(page: Visit, figure: str, action, what: str) -> None:
    """Run ``action`` and fail unless the figure's drawing changes."""
    before = page.drawing(figure)
    action()
    page.wait_for_change(figure, before, what)


def plot_box(page: Visit, figure: str, index: int = 0) -> dict:
    """Bounding box, on screen, of a chart's ``index``-th plot area (a cell's background)."""
    page.page.locator(f"#{figure} .chart-view").scroll_into_view_if_needed()
    boxes = page.page.locator(f"#{figure} .chart-view svg path.background")
    box = None
    count = boxes.count()
    for n in range(count):
        candidate = boxes.nth(n).bounding_box()
        if candidate and candidate["width"] > 50 and candidate["height"] > 50:
            if index == 0:
                box = candidate
                break
            index -= 1
    assert box is not None, f"{figure} has no plot area"
    return box


def test_pages_carry_no_altair_html_and_no_data_urls(altair_site):
    for name in PAGES:
        page = (altair_site / f"{name}.html").read_text(encoding="utf-8")
        assert "cdn.jsdelivr" not in page
        assert "vegaEmbed" not in page
        assert "altair-viz" not in page
        found = specs(altair_site, name)
        assert len(found) == CHARTS[name]
        for spec in found:
            assert '"url"' not in json.dumps(spec.get("data", [])), f"{name} keeps a data URL"
    # the notebooks' other outputs: a table, text, a picture and a note for the widget
    controls = (altair_site / "01_controls.html").read_text(encoding="utf-8")
    assert '<table class="dataframe"' in controls
    assert "83 units in 6 months" in controls
    assert 'src="data:image/png;base64,' in controls
    assert 'class="widget-note"' in controls
    # data read from data/cars.csv is downloadable as CSV, one row per car
    downloads = sorted((altair_site / "02_selections").glob("*.csv"))
    assert downloads
    assert all(len(p.read_text("utf-8").splitlines()) == 49 for p in downloads)


def test_the_lean_runtime_registers_every_transform_the_fixtures_use(altair_site):
    """Selections, facets, bins, folds: each transform a plain Altair chart needs is built in.

    The fixtures need more than the core runtime has (selections, bins), so the site ships
    the full one.
    """
    used = set().union(*(transform_types(spec) for n in PAGES for spec in specs(altair_site, n)))
    assert used, "no transforms found in the specs"
    registered = set(vega_record()["transforms"])
    assert used <= registered, used - registered
    shipped = (altair_site / "assets" / VEGA_BUNDLE).read_bytes()
    assert shipped == published_runtime() != published_runtime(runtime="core")


#: A window tall enough to show a whole fixture page: whatever moves as a chart goes live is
#: then on screen, where the browser reports it as a layout shift.
WHOLE_PAGE = 4000


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_every_chart_draws_offline_with_every_bound_control(visit, altair_site, name, width):
    """Each chart draws with each of its controls, in the room its build-time ones took."""
    page = visit(name, width=width, height=WHOLE_PAGE)
    height = page.page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= WHOLE_PAGE, f"{name} is {height} px tall: raise WHOLE_PAGE"
    shifts = page.page.evaluate(LAYOUT_SHIFTS)
    assert shifts == [], f"{name} moved as its charts went live at {width} px: {shifts}"
    figures = page.figures()
    assert len(figures) == CHARTS[name]
    for figure, spec in zip(figures, specs(altair_site, name), strict=True):
        assert "is-live" in page.page.get_attribute(f"#{figure}", "class")
        assert page.page.locator(f"#{figure} {MARKS}").count() > 0, f"{figure} drew no marks"
        controls = page.page.locator(f"#{figure} .vega-bind").count()
        assert controls == len(bound_signals(spec)), f"{figure}: {controls} controls"


def _try_every_control(page: Visit, figure: str) -> int:
    """Change every bound control of a figure; each must change the drawing."""
    tried = 0
    for kind in ("range", "radio", "checkbox", "text"):
        inputs = page.page.locator(f"#{figure} .vega-bind input[type={kind}]")
        for n in range(inputs.count()):
            control = inputs.nth(n)
            if kind == "range":
                target = control.get_attribute("max")
                if control.input_value() == target:
                    target = control.get_attribute("min")
                changes(page, figure, lambda c=control, t=target: c.fill(t), f"range {n}")
            elif kind == "radio":
                if control.is_checked():
                    continue
                changes(page, figure, control.check, f"radio {n}")
            elif kind == "checkbox":
                changes(page, figure, control.click, f"checkbox {n}")
            else:  # a month's name shows that month alone (Feb's bar is not small)
                changes(page, figure, lambda c=control: c.fill("Feb"), f"text {n}")
            tried += 1
    selects = page.page.locator(f"#{figure} .vega-bind select")
    for n in range(selects.count()):
        select = selects.nth(n)
        options = select.locator("option").all_text_contents()
        other = next(o for o in options if o != select.input_value())
        changes(page, figure, lambda s=select, o=other: s.select_option(label=o), f"select {n}")
        tried += 1
    return tried


@pytest.mark.parametrize("name", PAGES)
def test_every_bound_control_changes_its_chart(visit, altair_site, name):
    page = visit(name)
    # each slider, checkbox and drop-down once; each radio option but the checked one
    expected = sum(
        len(signal["bind"]["options"]) - 1 if signal["bind"]["input"] == "radio" else 1
        for spec in specs(altair_site, name)
        for signal in bound_signals(spec)
    )
    tried = sum(_try_every_control(page, figure) for figure in page.figures())
    assert tried == expected
    if name == "01_controls":
        assert tried == 5  # slider, the other radio option, drop-down, checkbox, text


def test_interval_selection_answers_a_drag(visit):
    page = visit("02_selections")
    box = plot_box(page, "chart-1")
    y = box["y"] + box["height"] / 2

    def drag():
        page.page.mouse.move(box["x"] + box["width"] * 0.2, y)
        page.page.mouse.down()
        page.page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
        page.page.mouse.up()

    changes(page, "chart-1", drag, "dragging a brush")
    assert page.page.locator("#chart-1 .chart-view svg [class*=brush_brush] path").count() > 0


def test_point_selection_answers_a_click(visit):
    page = visit("02_selections")
    bar = page.page.locator("#chart-2 .chart-view svg .role-mark path").first
    changes(page, "chart-2", bar.click, "clicking a bar")


def test_legend_bound_selection_answers_a_click_on_the_legend(visit):
    page = visit("02_selections")
    entry = page.page.locator("#chart-3 .chart-view svg .role-legend-symbol path").nth(1)
    changes(page, "chart-3", lambda: entry.click(force=True), "clicking a legend entry")


def test_scale_bound_selection_pans_on_a_drag(visit):
    page = visit("02_selections")
    box = plot_box(page, "chart-4")
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    def pan():
        page.page.mouse.move(x, y)
        page.page.mouse.down()
        page.page.mouse.move(x + 60, y + 30, steps=5)
        page.page.mouse.up()

    changes(page, "chart-4", pan, "dragging a scale-bound chart")


def test_tooltips_show_on_hover(visit):
    page = visit("01_controls")
    bar = page.page.locator("#chart-1 .chart-view svg .role-mark path").first
    bar.hover()
    page.page.wait_for_function(
        "() => [...document.querySelectorAll('#chart-1 [title]')]"
        ".some(e => e.getAttribute('title').includes('region'))",
        timeout=3_000,
    )


def test_drop_down_and_checkbox_survive_a_copied_link(visit):
    page = visit("01_controls")
    page.page.locator("#chart-1 .vega-bind select").select_option("navy")
    page.page.locator("#chart-1 .vega-bind input[type=checkbox]").click()
    page.page.wait_for_function(
        "() => location.hash.includes('colour=navy') && location.hash.includes('hide_small=true')",
        timeout=3_000,
    )
    drawing = page.drawing("chart-1")
    reopened = visit("01_controls", "#" + page.page.url.split("#", 1)[1])
    assert reopened.page.locator("#chart-1 .vega-bind select").input_value() == "navy"
    assert reopened.page.locator("#chart-1 .vega-bind input[type=checkbox]").is_checked()
    assert reopened.drawing("chart-1") == drawing


@pytest.mark.parametrize("name", PAGES)
def test_without_javascript_the_static_images_show(visit, name):
    page = visit(name, javascript=False)
    images = page.page.locator("figure.chart noscript img, figure.chart img")
    assert images.count() == CHARTS[name]
    for n in range(images.count()):
        assert images.nth(n).get_attribute("alt")
        assert images.nth(n).evaluate("img => img.complete && img.naturalWidth > 0")
