"""The published site in headless Chromium, with the network blocked.

The site is built once per session from ``notebooks/``. For every page: each chart draws;
nothing outside the site is requested; every slider and scenario button changes its chart,
and each explorer's table of derived figures shows the Python models' figures at every
scenario and at random slider points; the sliders work from the keyboard; the slider state
(and with it the derived figures) survives a copied link; axe-core finds no serious or
critical accessibility problem.

Tests that only look at a page share one visit per page, width and colour scheme
(:class:`site_visits.SiteReadings`, read on a fresh page); tests that move sliders, press keys
or follow links open their own pages.
"""

from __future__ import annotations

import json
import math
import random
import re
import shutil
from pathlib import Path

import pytest
from test_derived_figures import EXPLORERS

from chatdata.charts.assumptions import SCENARIOS, effective_values
from chatdata.site.notebook import find_notebooks
from chatdata.site.spec_patch import layout_specs

from site_visits import SLIDERS, WIDE, Reading, Visit

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CHAPTERS = [p.stem for p in find_notebooks(NOTEBOOKS)]
OTHER_PAGES = ["index", "data/index"]
SET_RANGE = """([id, name, value]) => {
  const input = document.querySelector('#' + id + ' input[type=range][name="' + name + '"]');
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true}));
}"""


def console_problems(opened: list[Visit]) -> dict[str, list[str]]:
    """Console errors and warnings per page URL, for visits that blocked nothing on purpose."""
    return {page.page.url: page.console for page in opened if page.console and not page.block}


@pytest.fixture
def visit(tabs, site):
    """Open pages of the site, each freshly loaded in a tab of its own (site_visits.Tabs).

    Every page must have logged no console error or warning by then, whatever the test did
    on it (a page with the Vega asset blocked logs that its charts stay static).
    """
    opened: list[Visit] = []

    def open_page(name: str, fragment: str = "", javascript: bool = True, **options) -> Visit:
        url = (site / f"{name}.html").as_uri() + fragment
        opened.append(Visit(tabs, url, javascript, **options))
        return opened[-1]

    yield open_page
    problems = console_problems(opened)
    for page in opened:
        page.close()
    assert not problems, f"console errors or warnings: {problems}"


@pytest.fixture
def read(site_readings):
    """Readings of fresh pages (:class:`site_visits.Reading`), each page opened once per run.

    As :func:`visit` does, it fails the test if a page it read logged a console error or
    warning.
    """
    used: list[Reading] = []

    def reading(name: str, width: int = WIDE, scheme: str = "light") -> Reading:
        used.append(site_readings(name, width, scheme))
        return used[-1]

    yield reading
    problems = {page.where(): page.console for page in used if page.console}
    assert not problems, f"console errors or warnings: {problems}"


def page_embeds(site: Path, chapter: str) -> list[dict]:
    """What a page embeds per chart (:meth:`chatdata.site.figures.PublishedChart.page_spec`)."""
    from html.parser import HTMLParser

    class Specs(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside, self.embeds = False, []

        def handle_starttag(self, tag, attrs):
            self.inside = tag == "script" and dict(attrs).get("type") == "application/json"

        def handle_data(self, data):
            if self.inside:
                self.embeds.append(json.loads(data))

        def handle_endtag(self, tag):
            self.inside = False

    parser = Specs()
    parser.feed((site / f"{chapter}.html").read_text(encoding="utf-8"))
    return parser.embeds


def page_specs(site: Path, chapter: str) -> list[dict]:
    """Every compiled Vega spec a page embeds: each chart's layouts, patches applied."""
    return [spec for embed in page_embeds(site, chapter) for spec in layout_specs(embed)]


def bound_inputs(site: Path, chapter: str) -> dict[str, int]:
    """How many range and radio controls the page's Vega specs bind."""
    counts = {"range": 0, "radio": 0}
    for embed in page_embeds(site, chapter):
        # each layout binds the same controls: count the first's
        for signal in layout_specs(embed)[0].get("signals", []):
            kind = (signal.get("bind") or {}).get("input")
            if kind == "range":
                counts["range"] += 1
            elif kind == "radio":
                counts["radio"] += len(signal["bind"]["options"])
    return counts


def transform_types(spec) -> set[str]:
    """Every transform type named anywhere in a Vega spec (nested marks included)."""
    found: set[str] = set()
    if isinstance(spec, dict):
        for item in spec.get("transform", []) if isinstance(spec.get("transform"), list) else []:
            found.add(item.get("type"))
        for value in spec.values():
            found |= transform_types(value)
    elif isinstance(spec, list):
        for value in spec:
            found |= transform_types(value)
    return found


# --- the derived figures the page computes -------------------------------------------------

#: Each table of derived figures (right after its chart, in its scrolling box) with the state
#: of that chart: the rows' labels and values as shown, the chart's derived signals the rows
#: follow, the chart's sliders and its scenario.
DERIVED_TABLES = """() => [...document.querySelectorAll('table.chatdata-derived')].map(table => {
  const before = (table.closest('.table-scroll') || table).previousElementSibling;
  const figure = before && before.matches('figure.chart') ? before : null;
  const rows = [...table.tBodies[0].rows];
  const view = figure && figure.chartView;
  const scenario = figure && figure.querySelector('input[data-signal=scenario]:checked');
  return {figure: figure && figure.id, labels: rows.map(r => r.cells[0].textContent),
    values: rows.map(r => r.cells[1].textContent), scenario: scenario && scenario.value,
    signals: rows.map(r => view ? view.signal(r.className) : null),
    sliders: Object.fromEntries([...(figure ? figure.querySelectorAll('input[type=range]') : [])]
      .map(e => [e.name, Number(e.value)]))};
})"""
#: Each explorer's ``derive_*``, known by the figures it lists (several charts share one).
DERIVES = {tuple(derive({})["figure"]): derive for _, derive in EXPLORERS.values()}
#: Random slider points tried per explorer.
DERIVED_POINTS = 2


def model_figures(derive, sliders: dict[str, float], scenario: str) -> list[float]:
    """The models' figures for these settings, NaN where the models refuse them."""
    try:
        return [float(v) for v in derive(effective_values(sliders, scenario))["value"]]
    except ValueError:
        return [math.nan] * len(derive({}))


def _same_figure(page: float | None, model: float) -> bool:
    if page is None or not math.isfinite(page) or not math.isfinite(model):
        return page is not None and math.isnan(page) == math.isnan(model)
    return math.isclose(page, model, rel_tol=1e-9, abs_tol=1e-12)


def derived_mismatches(page: Visit, figure: str, where: str) -> list[str]:
    """Rows of the figure's derived table that differ from the models, once the chart settles.

    Each row's number (its ``derived_<n>`` signal) must equal the models' figure at the
    chart's sliders and scenario, to float precision; and its text must be exactly what
    :func:`chatdata.widgets.explorer.format_value` writes for that number (``site.js``'s
    ``formatValue`` writes numbers the same way). The page's text can then differ from the
    panel's only where float rounding straddles a tie (0.08125 as 0.0812 or 0.0813).
    """
    from chatdata.widgets.explorer import format_value

    page.settle()
    wrong = []
    for table in page.page.evaluate(DERIVED_TABLES):
        assert table["figure"], f"a table of derived figures follows no chart: {table}"
        if table["figure"] != figure:
            continue
        derive = DERIVES.get(tuple(table["labels"]))
        assert derive, f"{figure}: no derive_* lists the figures {table['labels']}"
        scenario = table["scenario"] or SCENARIOS[0]
        models = model_figures(derive, table["sliders"], scenario)
        state = f"{figure} {where} ({scenario}, {table['sliders']})"
        rows = zip(table["labels"], table["values"], table["signals"], models, strict=True)
        for label, text, number, model in rows:
            if not _same_figure(number, model):
                wrong.append(f"{state}: {label} is {number!r} on the page, models {model!r}")
            elif text != format_value(math.nan if number is None else number):
                wrong.append(f"{state}: {label} {number!r} reads {text!r}, "
                             f"format_value {format_value(number)!r}")  # fmt: skip
    return wrong


def derived_charts(site: Path, chapter: str) -> int:
    """How many charts of a page carry derived figures (``derived_<n>`` signals)."""
    return sum(
        any(s["name"].startswith("derived_") for s in layout_specs(e)[0].get("signals", []))
        for e in page_embeds(site, chapter)
    )


def test_every_explorer_has_its_table_of_derived_figures(site):
    """One table per chart with derived figures, right after it: one per explorer."""
    tables = 0
    for chapter in CHAPTERS:
        html_text = (site / f"{chapter}.html").read_text(encoding="utf-8")
        count = html_text.count('<table class="chatdata-derived">')
        assert count == derived_charts(site, chapter), chapter
        assert count == html_text.count(
            '</figure><div class="table-scroll" tabindex="0" role="region" aria-label="Table, '
            'scrolls sideways"><table class="chatdata-derived">'
        ), f"{chapter}: a table of derived figures is not right after its chart"
        tables += count
    assert tables == len(EXPLORERS)


def random_slider_points(page: Visit, figure: str, rng: random.Random) -> None:
    """Put every slider of a figure at a random point of its grid."""
    for control in page.ranges(figure):
        low, high, step = (float(control[k]) for k in ("min", "max", "step"))
        value = low + rng.randint(0, round((high - low) / step)) * step
        page.page.evaluate(SET_RANGE, [figure, control["name"], _text(round(value, 10))])


def test_the_site_ships_the_core_runtime_which_registers_every_transform_the_pages_use(site):
    """The chapters' charts all fit the smaller core runtime, so the site gets it."""
    from chatdata.site.assets import VEGA_BUNDLE, published_runtime, vega_record

    shipped = (site / "assets" / VEGA_BUNDLE).read_bytes()
    assert shipped == published_runtime(runtime="core")
    used = set().union(*(transform_types(s) for c in CHAPTERS for s in page_specs(site, c)))
    assert used, "no transforms found in the specs"
    registered = set(vega_record(runtime="core")["transforms"])
    assert used <= registered, used - registered


#: The ids of a page's charts.
FIGURE_IDS = "() => Array.from(document.querySelectorAll('figure.chart')).map(f => f.id)"


def test_the_core_runtime_draws_every_chart_as_the_full_one_does(tabs, visit, site, tmp_path):
    """Every chart of every chapter draws the same SVG with the full runtime in its place.

    So the core's own lines, symbols and rectangles (``js/lean/core-shapes.js``) are Vega's.
    """
    from chatdata.site.assets import write_runtime

    full_site = tmp_path / "site"
    shutil.copytree(site, full_site)
    write_runtime(full_site, runtime="full")
    for chapter in CHAPTERS:
        core = visit(chapter, width=WIDE)
        full = Visit(tabs, (full_site / f"{chapter}.html").as_uri(), width=WIDE)
        try:
            figures = core.page.evaluate(FIGURE_IDS)
            assert figures == full.page.evaluate(FIGURE_IDS)
            for figure in figures:
                drawn = core.drawing(figure)
                assert "<path" in drawn, f"{chapter} {figure}"
                assert drawn == full.drawing(figure), f"{chapter} {figure} differs"
            assert full.errors == full.console == []
        finally:
            full.close()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chart_draws_offline_with_all_its_controls(read, site, chapter):
    page = read(chapter)
    assert page.figures, f"{chapter} has no chart"
    for chart in page.figures:
        figure = chart["id"]
        assert "is-live" in chart["classes"], f"{chapter} {figure} fell back to its static image"
        assert chart["marks"] > 0, f"{chapter} {figure} drew no marks"
    expected = bound_inputs(site, chapter)
    assert page.inputs["range"] == expected["range"]
    assert page.inputs["radio"] == expected["radio"]
    assert page.outside == [], f"{chapter} tried to reach {page.outside}"
    assert page.errors == []
    assert page.violations == [], f"{chapter}'s policy blocked something"


#: Before the page's scripts: count tasks and record, per chart, the task in which vega.parse
#: ran, the one in which its View was made and the one in which its SVG got marks; and count
#: the Intl.NumberFormat objects made. A message the counter posts to itself is always
#: queued, so it runs between any two tasks the page's own messages start; the page's
#: scheduler.yield is taken away, so that the page waits for its own messages too.
DRAW_STEPS = """(() => {
  if (window.Scheduler) Scheduler.prototype.yield = undefined;
  const steps = window.__steps = { task: 0, parse: [], view: [], drawn: {}, intl: 0 };
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { steps.task++; if (!steps.done) channel.port2.postMessage(0); };
  channel.port2.postMessage(0);
  const NumberFormat = Intl.NumberFormat;
  const count = { construct: (f, a) => (steps.intl++, Reflect.construct(f, a)),
                  apply: (f, t, a) => (steps.intl++, Reflect.apply(f, t, a)) };
  Intl.NumberFormat = new Proxy(NumberFormat, count);
  let vega;
  Object.defineProperty(window, "vega", { configurable: true, get: () => vega, set(value) {
    vega = { ...value };
    vega.parse = (...args) => (steps.parse.push(steps.task), value.parse(...args));
    vega.View = new Proxy(value.View, { construct(View, args) {
      steps.view.push(steps.task);
      return Reflect.construct(View, args);
    } });
  } });
  new MutationObserver(() => {
    for (const figure of document.querySelectorAll("figure.chart"))
      if (!(figure.id in steps.drawn) && figure.querySelector('svg.marks .root g[class*="mark-"]'))
        steps.drawn[figure.id] = steps.task;
  }).observe(document, { childList: true, subtree: true });
})();"""


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chart_is_parsed_made_and_drawn_in_tasks_of_their_own(visit, chapter):
    """So that no one task holds the main thread for a whole chart; and no Intl format is made.

    The first Intl.NumberFormat a page makes costs ~20 ms (more on a slow phone), so the
    readouts and derived figures are written without one.
    """
    page = visit(chapter, init_script=DRAW_STEPS)
    steps = page.page.evaluate("() => { window.__steps.done = true; return window.__steps; }")
    figures = page.figures()
    assert len(steps["parse"]) == len(steps["view"]) == len(figures), steps
    drawn = [steps["drawn"].get(figure) for figure in figures]
    assert None not in drawn, f"{chapter}: a chart drew no marks: {steps}"
    order = sorted(range(len(figures)), key=lambda index: drawn[index])
    for index, parsed, made in zip(order, steps["parse"], steps["view"], strict=True):
        assert parsed < made < drawn[index], f"{chapter} {figures[index]}: {steps}"
    assert steps["intl"] == 0, f"{chapter} made {steps['intl']} Intl.NumberFormat objects"


#: An IntersectionObserver that never reports: only what the page queues itself is drawn.
SILENT_OBSERVER = """window.IntersectionObserver = class {
  observe() {} unobserve() {} disconnect() {} takeRecords() { return []; }
};"""

#: For each chart, whether it was within 600 px of the first screen as the page started.
NEAR_AT_START = """() => [...document.querySelectorAll("figure.chart")].map((f) => ({
  id: f.id, live: f.classList.contains("is-live"), near: f.__nearAtStart}))"""
RECORD_NEAR = """document.addEventListener("DOMContentLoaded", () => {
  for (const f of document.querySelectorAll("figure.chart")) {
    const box = f.getBoundingClientRect();
    f.__nearAtStart = box.bottom >= -600 && box.top <= window.innerHeight + 600;
  }
});"""


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_charts_near_the_first_screen_are_drawn_without_waiting_for_a_frame(tabs, site, chapter):
    """Charts near the screen as the page starts are queued at once, the rest on scrolling.

    An IntersectionObserver first reports at the next frame, some 10-17 ms later; here it
    never reports, so only what the page queued itself is drawn.
    """
    script = SILENT_OBSERVER + "\n" + RECORD_NEAR
    page = tabs.take(True, "light", script)
    try:
        # at this size 6 of the 7 chapters have a chart near the first screen, 5 one far below
        page.set_viewport_size({"width": WIDE, "height": 720})
        page.goto((site / f"{chapter}.html").as_uri())
        page.wait_for_function(
            """() => [...document.querySelectorAll("figure.chart")].every(
              (f) => !f.__nearAtStart || f.classList.contains("is-live"))""",
            timeout=15_000,
        )
        charts = page.evaluate(NEAR_AT_START)
    finally:
        tabs.give_back(page, True, "light", script)
    assert charts, f"{chapter} has no chart"
    far = [chart["id"] for chart in charts if not chart["near"] and chart["live"]]
    assert not far, f"{chapter}: {far} drawn with no observer report and far from the screen"


@pytest.mark.parametrize("name", CHAPTERS + OTHER_PAGES)
def test_the_policy_allows_no_eval_and_nothing_inline(read, site, name):
    page = read(name)
    policy = page.policy["policy"]
    assert policy, f"{name} has no Content-Security-Policy"
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-" not in policy, policy
    # Styles Vega sets through the CSSOM (element.style) are allowed; markup is not.
    inline = page.policy["inline"]
    assert inline == [], f"{name} has inline styles or scripts: {inline}"
    source = (site / f"{name}.html").read_text(encoding="utf-8")
    assert " style=" not in source, f"{name} has style attributes"
    assert "<style" not in source, f"{name} has style elements"
    assert page.violations == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_slider_and_scenario_changes_its_chart(visit, chapter):
    """Each control redraws its chart; the derived figures follow, as the models compute them.

    The derived table is read at load, at each scenario, at each slider's first redrawing
    extreme and at random slider points.
    """
    page = visit(chapter)
    rng = random.Random(chapter)
    wrong: list[str] = []
    for figure in page.figures():
        wrong += derived_mismatches(page, figure, "at load")
        groups = page.page.eval_on_selector_all(
            f"#{figure} input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
        )
        for group in groups:
            radios = page.page.locator(f"#{figure} input[type=radio][name='{group}']")
            changed = False
            for index in range(radios.count()):
                if radios.nth(index).is_checked():
                    continue
                before = page.drawing(figure)
                radios.nth(index).check()
                changed = page.changes_drawing(figure, before) or changed
                wrong += derived_mismatches(page, figure, f"at {group} option {index}")
            assert changed, f"no {group} option changes the drawing of {chapter} {figure}"
            radios.first.check()
        for control in page.ranges(figure):
            changed = False
            for value in (control["max"], control["min"]):
                if float(value) == float(control["value"]):
                    continue
                before = page.drawing(figure)
                page.page.evaluate(SET_RANGE, [figure, control["name"], value])
                if page.changes_drawing(figure, before):
                    changed = True
                    wrong += derived_mismatches(page, figure, f"at {control['name']}={value}")
                    break
            assert changed, f"slider {control['name']} does not change {chapter} {figure}"
            # back to the default, so each slider is tried against the others' defaults
            moved = page.drawing(figure)
            page.page.evaluate(SET_RANGE, [figure, control["name"], control["value"]])
            page.wait_for_change(figure, moved, f"resetting {control['name']}")
        if page.ranges(figure):
            for point in range(DERIVED_POINTS):
                random_slider_points(page, figure, rng)
                wrong += derived_mismatches(page, figure, f"at random point {point}")
    assert not wrong, "\n".join(wrong[:12])
    assert page.outside == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_sliders_work_from_the_keyboard(visit, chapter):
    page = visit(chapter)
    for figure in page.figures():
        for control in page.ranges(figure):
            slider = page.page.locator(f"#{figure} input[type=range][name='{control['name']}']")
            key = "ArrowLeft" if float(control["value"]) >= float(control["max"]) else "ArrowRight"
            before = page.drawing(figure)
            slider.focus()
            slider.press(key)
            assert slider.input_value() != control["value"], f"{key} left {control['name']}"
            page.wait_for_change(figure, before, f"{key} on {control['name']}")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_slider_state_survives_a_copied_link(visit, chapter):
    """Sliders, scenarios, drawings and derived figures come back from a copied link."""
    page = visit(chapter)
    moved = []
    presets = []
    for figure in page.figures():
        for control in page.ranges(figure)[:1]:
            target = control["min"] if control["value"] != control["min"] else control["max"]
            before = page.drawing(figure)
            page.page.evaluate(SET_RANGE, [figure, control["name"], target])
            page.wait_for_change(figure, before, f"slider {control['name']}")
            moved.append(
                (
                    figure,
                    control["name"],
                    page.page.eval_on_selector(
                        f"#{figure} input[name='{control['name']}']", "e => e.value"
                    ),
                )
            )
        radios = page.page.locator(f"#{figure} input[type=radio]")
        # the first chart keeps the sliders' scenario: its derived figures show the slider
        if radios.count() > 1 and moved and figure != moved[0][0]:
            radios.last.check()
            presets.append(figure)
    page.settle()
    if not moved:
        assert bound_inputs(page_site(page), chapter)["range"] == 0
        return
    # The page writes the address once the controls have been still for a moment.
    keys = [f"{figure}.{name}=" for figure, name, _ in moved]
    try:
        page.page.wait_for_function(
            "keys => keys.every(key => location.hash.includes(key))", arg=keys, timeout=3_000
        )
    except Exception:
        pytest.fail(f"the address never recorded the moved sliders: {page.page.url}")
    url = page.page.url
    assert "#" in url
    assert f"{moved[0][0]}.{moved[0][1]}=" in url
    drawings = {figure: page.drawing(figure) for figure, _, _ in moved}
    tables = page.page.evaluate(DERIVED_TABLES)
    reopened = Visit(page.tabs or page.context.browser, url)
    reopened.settle()
    try:
        for figure, name, value in moved:
            selector = f"#{figure} input[name='{name}']"
            assert reopened.page.eval_on_selector(selector, "e => e.value") == value
            assert same_marks(reopened.drawing(figure), drawings[figure]), figure
        for figure in presets:
            radios = reopened.page.locator(f"#{figure} input[type=radio]")
            assert radios.last.is_checked(), f"{figure}'s scenario was not restored"
        assert reopened.page.evaluate(DERIVED_TABLES) == tables
        wrong = [w for figure, _, _ in moved for w in derived_mismatches(reopened, figure, "")]
        assert not wrong, "\n".join(wrong[:12])
        assert reopened.console == []
    finally:
        reopened.close()


def same_marks(drawing: str, other: str) -> bool:
    """True if two drawings have the same elements, whatever their order in the SVG.

    A chart redrawn after a move keeps the axis ticks it had, in their old order, and adds
    the new ones after them; drawn afresh it writes them in order.
    """
    return sorted(drawing.split("><")) == sorted(other.split("><"))


def page_site(page: Visit) -> Path:
    """The site folder a visited page belongs to."""
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(page.page.url).path)).parent


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_without_javascript_the_static_images_show(visit, chapter):
    page = visit(chapter, javascript=False)
    images = page.page.locator("figure.chart noscript img, figure.chart img")
    count = page.page.locator("figure.chart").count()
    assert images.count() == count
    for index in range(count):
        image = images.nth(index)
        assert image.get_attribute("alt"), "a static chart image has no alt text"
        loaded = image.evaluate("img => img.complete && img.naturalWidth > 0")
        assert loaded, f"{image.get_attribute('src')} did not load"
    assert page.outside == []


@pytest.mark.parametrize("name", CHAPTERS + OTHER_PAGES)
def test_no_serious_accessibility_violations(read, name):
    page = read(name)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in page.axe
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)
    assert page.outside == []


# --- the address keeps the settings ------------------------------------------------------

STATE = "() => Object.fromEntries(new URLSearchParams(location.hash.slice(1)))"
#: The first chapter with a slider (the tests below need one).
SLIDER_CHAPTER = next((c for c in CHAPTERS if c.startswith("01")), CHAPTERS[0])


def _first_slider(read) -> dict:
    sliders = read(SLIDER_CHAPTER).sliders
    assert sliders, f"{SLIDER_CHAPTER} has no slider"
    return sliders[0]


def _on_grid(slider: dict, steps: float) -> float:
    return float(slider["min"]) + steps * float(slider["step"])


def _text(number: float) -> str:
    """A number as the page writes it (JavaScript's String): 110000000, 0.05."""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def _number(text: str) -> float:
    return float(text.replace(",", "").split()[0])


def test_in_page_links_keep_the_slider_state(visit, read):
    slider = _first_slider(read)
    key = f"{slider['figure']}.{slider['name']}"
    grid = _on_grid(slider, 1)
    value = _text(grid if float(slider["value"]) != grid else float(slider["min"]))
    page = visit(SLIDER_CHAPTER, f"#{key}={value}")
    assert page.page.evaluate(STATE)[key] == value
    page.page.keyboard.press("Tab")  # the skip link is the first thing on the page
    assert page.page.evaluate("() => document.activeElement.className") == "skip-link"
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("() => document.activeElement.id") == "main"
    assert page.page.evaluate(STATE) == {key: value}, page.page.url
    # a contents link to a heading does the same
    heading = page.page.evaluate(
        """() => { const h = document.querySelector('main h2[id], main h3[id]');
        if (!h) return null;
        const a = document.createElement('a'); a.href = '#' + h.id; a.id = 'to-heading';
        a.textContent = 'to heading'; document.querySelector('main').prepend(a); return h.id; }"""
    )
    if heading:
        page.page.click("#to-heading")
        assert page.page.evaluate("() => document.activeElement.id") == heading
        assert page.page.evaluate(STATE) == {key: value}
    # a fragment replaced some other way is put back, and the next move keeps both
    page.page.evaluate("() => { location.hash = 'main'; }")
    page.page.wait_for_function("key => location.hash.includes(key)", arg=key, timeout=3_000)
    other = page.page.evaluate(SLIDERS)[-1]
    if (other["figure"], other["name"]) != (slider["figure"], slider["name"]):
        target = other["min"] if other["value"] != other["min"] else other["max"]
        page.page.evaluate(SET_RANGE, [other["figure"], other["name"], target])
        other_key = f"{other['figure']}.{other['name']}"
        page.page.wait_for_function(
            "key => location.hash.includes(key)", arg=other_key, timeout=3_000
        )
        state = page.page.evaluate(STATE)
        assert state[key] == value
        assert other_key in state
        assert "main" not in state


def test_restored_value_snaps_to_the_slider_step(visit, read):
    slider = _first_slider(read)
    key = f"{slider['figure']}.{slider['name']}"
    between, snapped = _on_grid(slider, 1.4), _on_grid(slider, 1)
    page = visit(SLIDER_CHAPTER, f"#{key}={between!r}")
    now = next(s for s in page.page.evaluate(SLIDERS) if s["name"] == slider["name"])
    assert float(now["value"]) == pytest.approx(snapped)
    assert _number(now["readout"]) == pytest.approx(snapped), now["readout"]
    signal = page.page.evaluate(
        "([id, name]) => document.getElementById(id).chartView.signal(name)",
        [slider["figure"], slider["name"]],
    )
    assert signal == pytest.approx(snapped)
    assert float(page.page.evaluate(STATE)[key]) == pytest.approx(snapped)
    exact = visit(SLIDER_CHAPTER, f"#{key}={_text(snapped)}")
    assert exact.drawing(slider["figure"]) == page.drawing(slider["figure"])


def test_unknown_keys_are_dropped_when_the_address_is_rewritten(visit, read):
    slider = _first_slider(read)
    key = f"{slider['figure']}.{slider['name']}"
    value = slider["max"]
    junk = f"main=&chart-999.x=1&{slider['figure']}.no_such_param=2&nodot=3&{key}={value}"
    page = visit(SLIDER_CHAPTER, "#" + junk)
    page.settle()
    assert page.page.evaluate(STATE) == {key: value}, page.page.url


WIDTHS = (390, 1280)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_charts_are_readable_unclipped_and_still(read, chapter, width):
    """Every chart text >= 11 CSS px, none outside its chart, no page overflow, no shift."""
    page = read(chapter, width)
    charts = page.charts
    assert charts, f"{chapter} has no chart"
    column = page.column
    for chart in charts:
        assert chart["live"], f"{chapter} {chart['id']} is not live at {width} px"
        assert chart["smallest"] >= 11, (
            f"{chapter} {chart['id']} draws text at {chart['smallest']:.1f} px at {width} px"
        )
        assert chart["outside"] == [], f"{chapter} {chart['id']} clips {chart['outside']}"
        if width >= 1280:  # the chart takes the text column (small multiples: whole panels)
            assert chart["width"] >= 0.85 * (column - 32), f"{chart['id']} is narrower"
        assert chart["width"] <= column - 32 + 0.5, f"{chart['id']} is wider than the text"
    assert page.overflow == 0, f"{chapter} scrolls sideways at {width} px"
    assert page.shifts == [], f"{chapter} moved while loading at {width} px: {page.shifts}"
    assert page.errors == []


@pytest.mark.parametrize("width", [320, 390, 768, 1280])
@pytest.mark.parametrize("name", CHAPTERS + OTHER_PAGES)
def test_no_page_is_wider_than_the_screen(read, name, width):
    page = read(name, width)
    assert page.overflow == 0, f"{name} scrolls sideways at {width} px"
    assert page.wide_blocks == 0, (
        f"{name} has a table or code block wider than the screen at {width} px"
    )


#: An image that has loaded and has a picture.
LOADED = "img => img.complete && img.naturalWidth > 0"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_static_charts_show_when_vega_is_blocked(visit, chapter):
    page = visit(chapter, block="vega-bundle.js", width=390)
    count = page.page.locator("figure.chart").count()
    assert page.page.locator("figure.chart.is-static").count() == count
    images = page.page.locator("figure.chart .chart-static img")
    assert images.count() == count
    for index in range(count):
        image = images.nth(index)
        assert image.get_attribute("alt"), "a static chart image has no alt text"
        # pictures below the first chart load as the reader nears them (loading="lazy")
        image.scroll_into_view_if_needed()
        try:
            page.page.wait_for_function(LOADED, arg=image.element_handle(), timeout=5_000)
        except Exception:
            pytest.fail(f"{image.get_attribute('src')} did not load")
        assert image.evaluate("img => getComputedStyle(img).visibility") == "visible"
    # the console says only that the asset did not load and which charts stay static
    unexpected = [m for m in page.console if "vega-bundle.js" not in m and "could not be" not in m]
    assert unexpected == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_static_chart_is_in_the_html_at_the_live_size(read, site, chapter):
    """The holder holds its build-time SVG when parsed; the live chart takes the same box."""
    page = read(chapter, 390)
    for chart in page.figures:
        figure, static, live = chart["id"], chart["static"], chart["live"]
        assert static, f"{chapter} {figure} has no static image"
        assert static[:2] == live, f"{chapter} {figure}: static {static} but live {live}"
        assert "-358.svg" in static[2], f"{figure} shows {static[2]} on a 390 px screen"
    html_text = (site / f"{chapter}.html").read_text(encoding="utf-8")
    assert html_text.count('<picture class="chart-static">') == len(page.figures)
    # the first chart's picture is asked for first; the others' load as the reader nears them
    images = re.findall(r'<picture class="chart-static">.*?(<img [^>]*>)</picture>', html_text)
    assert len(images) == len(page.figures)
    assert 'fetchpriority="high"' in images[0], images[0]
    assert "loading=" not in images[0], images[0]
    for image in images[1:]:
        assert 'loading="lazy"' in image, image
        assert "fetchpriority" not in image, image


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_controls_fit_a_thumb(read, chapter):
    """Labels above sliders that span the column, 24 px targets, readouts, named groups."""
    report = read(chapter, 390).thumbs
    assert report["small"] == [], f"targets under 24 px: {report['small']}"
    assert report["cramped"] == [], f"sliders beside their label or short: {report['cramped']}"
    assert report["readouts"] == [], f"readouts without separators or unit: {report['readouts']}"
    assert report["unnamed"] == 0


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_contents_and_dark_theme(read, chapter):
    """On-page contents link to the sections; the dark theme keeps text readable."""
    page = read(chapter, 1280, "dark")
    links, sections = page.contents["links"], page.contents["sections"]
    if len(sections) >= 2:
        assert links == sections
        assert page.contents["position"] == "fixed"
    contrast = page.contrast
    assert contrast["bg"] != "rgb(255, 255, 255)", "the page ignored the dark colour scheme"
    assert contrast["body"] >= 4.5, contrast
    assert contrast["chart"] >= 4.5, contrast
