"""Pages of the published site in headless Chromium: one visit, and readings taken once.

:class:`Visit` opens one page in a fresh browser context that may only read the site's own
files. :class:`SiteReadings` opens each (page, width, colour scheme) once, on a fresh page,
and takes at once everything the read-only browser tests check there (:class:`Reading`):
every test reads the same readings, whichever asked first, and no test touches the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

#: Drawn marks of a Vega SVG (axes and legends are groups of their own roles).
MARKS = ".chart-view svg .role-mark > *"
ALL_DRAWN = """() => {
  const figures = Array.from(document.querySelectorAll('figure.chart'));
  return figures.every(f => f.classList.contains('is-live') || f.classList.contains('is-static'));
}"""
#: A chart's drawing: its SVG without the aria-labels, which Vega does not always refresh when
#: an axis domain moves (a reloaded page can describe the same axis differently).
DRAWING = """id => document.querySelector('#' + id + ' .chart-view svg').innerHTML
  .replace(/ aria-label="[^"]*"/g, '')"""
CHANGED = f"([id, before]) => ({DRAWING})(id) !== before"
#: Charts far below the fold are drawn only when the reader scrolls near them: pass every
#: figure once (as a reader would), then return to the top.
SCROLL_THROUGH = """async () => {
  for (const figure of document.querySelectorAll('figure.chart')) {
    figure.scrollIntoView();
    await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  }
  window.scrollTo(0, 0);
}"""
#: Layout shifts since navigation (PerformanceObserver, buffered), without recent input.
LAYOUT_SHIFTS = """() => new Promise(done => {
  const shifts = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) shifts.push(
      [Math.round(e.startTime), e.value,
       e.sources.map(s => s.node ? (s.node.className || s.node.nodeName) : '?').join(' | ')]);
  }).observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => setTimeout(() => done(shifts), 100));
})"""
#: Per live chart: the smallest text as drawn on screen (font size times the SVG's scale),
#: and any text that reaches outside the chart's SVG.
CHART_TEXT = """() => [...document.querySelectorAll('figure.chart')].map(figure => {
  const svg = figure.querySelector('.chart-live svg');
  if (!svg) return {id: figure.id, live: false};
  const box = svg.getBoundingClientRect(), view = svg.viewBox.baseVal;
  const scale = Math.min(box.width / view.width, box.height / view.height);
  let smallest = Infinity;
  const outside = [];
  for (const text of svg.querySelectorAll('text')) {
    if (!text.textContent.trim() || text.closest('[opacity="0"]')) continue;
    smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
    const r = text.getBoundingClientRect();
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 ||
        r.bottom > box.bottom + 1) outside.push(text.textContent.slice(0, 40));
  }
  return {id: figure.id, live: true, smallest, outside, width: box.width};
})"""
#: Pixels the page is wider than the window.
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
#: Tables and code blocks (or the boxes they scroll in) that reach past the window.
WIDE_BLOCKS = """() => [...document.querySelectorAll('table, pre')].filter(e => {
  const box = e.closest('.table-scroll') || e;
  return box.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5;
}).length"""
#: Per chart: its classes, how many marks it drew, and the boxes of its static image (with
#: the file shown) and of its live SVG, null where either is missing.
CHARTS = f"""() => [...document.querySelectorAll('figure.chart')].map(f => {{
  const image = f.querySelector('.chart-static img'), svg = f.querySelector('.chart-live svg');
  return {{id: f.id, classes: f.className,
    marks: document.querySelectorAll('#' + f.id + ' {MARKS}').length,
    static: image && [image.clientWidth, image.clientHeight, image.currentSrc],
    live: svg && [svg.clientWidth, svg.clientHeight]}};
}})"""
#: How many sliders and radio buttons the charts show.
INPUTS = """() => ({
  range: document.querySelectorAll('figure.chart input[type=range]').length,
  radio: document.querySelectorAll('figure.chart input[type=radio]').length})"""
#: Controls too small for a thumb, sliders beside their label or short, readouts without
#: thousands separators or unit, radio groups without a name.
THUMBS = r"""() => {
  const column = document.querySelector('main').clientWidth - 32;
  const out = {small: [], cramped: [], readouts: [], unnamed: 0};
  for (const input of document.querySelectorAll('figure.chart input[type=range]')) {
    const box = input.getBoundingClientRect();
    const name = input.parentNode.querySelector('.vega-bind-name').getBoundingClientRect();
    if (box.height < 24) out.small.push(input.name);
    if (name.bottom > box.top + 1 || box.width < 0.6 * column)
      out.cramped.push(input.name);
    const readout = input.nextElementSibling.textContent;
    if (Number(input.value) >= 10000 && !readout.includes(',')) out.readouts.push(readout);
    if (!/\s\S+$/.test(readout.trim())) out.readouts.push(readout);
  }
  for (const label of document.querySelectorAll('figure.chart .vega-bind-radio label')) {
    const box = label.getBoundingClientRect();
    if (box.height < 24 || box.width < 24) out.small.push(label.textContent);
  }
  for (const group of document.querySelectorAll('figure.chart .vega-bind-radio')) {
    const named = document.getElementById(group.getAttribute('aria-labelledby'));
    if (group.getAttribute('role') !== 'radiogroup' || !named || !named.textContent.trim())
      out.unnamed++;
  }
  return out;
}"""
#: The on-page contents: its links' targets, the sections' ids, its CSS position.
CONTENTS = """() => {
  const toc = document.querySelector('.toc');
  return {links: [...document.querySelectorAll('.toc a')].map(a => a.hash.slice(1)),
    sections: [...document.querySelectorAll('main h2[id]')].map(h => h.id),
    position: toc && getComputedStyle(toc).position};
}"""
#: The worst contrast of body text and of chart text against the page's background.
CONTRAST = r"""() => {
  const rgb = c => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const bg = getComputedStyle(document.documentElement).backgroundColor;
  const worst = sel => Math.min(...[...document.querySelectorAll(sel)].map(
    e => ratio(getComputedStyle(e).color || getComputedStyle(e).fill, bg)));
  const chartText = Math.min(...[...document.querySelectorAll('.chart-live svg text')]
    .map(t => ratio(getComputedStyle(t).fill, bg)));
  return {body: worst('main p, main li, figcaption, .vega-bind-name'), chart: chartText, bg};
}"""
#: The page's Content-Security-Policy and the inline styles and scripts in its markup
#: (styles Vega sets through the CSSOM, element.style, are not markup).
POLICY = """() => {
  const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  return {policy: meta && meta.getAttribute('content'),
    inline: [...document.querySelectorAll('style, script:not([src])')]
      .filter(e => !(e.tagName === 'SCRIPT' && e.type === 'application/json'))
      .map(e => e.outerHTML.slice(0, 80))};
}"""
#: Every slider of the charts with its readout.
SLIDERS = """() => [...document.querySelectorAll('figure.chart input[type=range]')].map(e => ({
  figure: e.closest('figure.chart').id, name: e.name, value: e.value, min: e.min, max: e.max,
  step: e.step, readout: e.nextElementSibling ? e.nextElementSibling.textContent : null}))"""
#: Recorded from before the page's own scripts run: what its policy blocks (an eval, an inline
#: style or script), which the console alone would not show a test.
RECORD_VIOLATIONS = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));"""

#: Console messages that fail a visit (console.error, console.warn, a failed console.assert,
#: and what the browser itself logs at those levels, such as a resource that did not load).
CONSOLE_PROBLEMS = ("error", "warning", "assert")

#: The width pages are read at when a test names none, and where axe-core checks them.
WIDE = 1280


#: What a page may request without a test noticing: its own files (everything else is
#: aborted and recorded). Matched in the browser, so the site's own requests never wait on
#: this process.
OUTSIDE = re.compile("^(?!(?:" + "|".join(re.escape(s) for s in LOCAL_SCHEMES) + "))")


def new_context(browser, javascript: bool, color_scheme: str, init_script: str | None, **options):
    """A browser context for visits: what the policy blocks recorded, ``init_script`` added."""
    context = browser.new_context(
        java_script_enabled=javascript, color_scheme=color_scheme, **options
    )
    context.add_init_script(RECORD_VIOLATIONS)
    if init_script:
        context.add_init_script(init_script)
    return context


class Tabs:
    """Browser tabs kept between visits, each visit's page a new document in a tab of its own.

    A tab's renderer, once started, draws the next page in about half the time a new
    context's does (no new process, the runtime already compiled); nothing of the last page
    is left in the next one's document, since a tab is kept only once it shows about:blank.
    One blank tab is kept per context: every open tab draws frames, and eight open tabs made
    the slider tests three times slower. Tabs share a context per ``javascript``,
    ``color_scheme`` and ``init_script``; the site keeps nothing in storage or cookies. A tab
    whose context has an init script is closed, not kept (the script would run in
    about:blank too).
    """

    def __init__(self, browser):
        self.browser = browser
        self._contexts: dict[tuple, object] = {}
        self._free: dict[tuple, list] = {}

    def take(self, javascript: bool, color_scheme: str, init_script: str | None):
        """A blank tab for one visit."""
        key = (javascript, color_scheme, init_script)
        if key not in self._contexts:
            self._contexts[key] = new_context(self.browser, *key)
            self._free[key] = []
        free = self._free[key]
        return free.pop() if free else self._contexts[key].new_page()

    def give_back(self, page, javascript: bool, color_scheme: str, init_script: str | None):
        """Keep the tab, blank, for the next visit of its kind, or close it."""
        free = self._free[(javascript, color_scheme, init_script)]
        if free or init_script:
            page.close()
            return
        try:
            page.goto("about:blank")  # the visit's document is unloaded here
        except Exception:  # a tab a failed test left unusable
            page.close()
            return
        free.append(page)


class Visit:
    """One page, loaded fresh, that may only read the site's own files.

    ``chromium`` is a browser, where the visit gets a fresh context of its own, or
    :class:`Tabs`, where it loads the page as a new document in a tab kept for reuse.
    It records requests that leave the site, uncaught errors (``errors``) and console errors
    and warnings (``console``) from loading on, through every interaction. An
    ``init_script`` runs in the page before its own scripts.
    """

    def __init__(
        self,
        chromium,
        url: str,
        javascript: bool = True,
        width: int | None = None,
        height: int = 800,
        block: str | None = None,
        color_scheme: str = "light",
        init_script: str | None = None,
    ):
        # Playwright's default viewport where no width is asked for
        viewport = {"width": width, "height": height} if width else {"width": 1280, "height": 720}
        self.tabs = chromium if isinstance(chromium, Tabs) else None
        self._kind = (javascript, color_scheme, init_script)
        self.block = block
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        if self.tabs is None:
            self.context = new_context(chromium, *self._kind, viewport=viewport)
            self.page = self.context.new_page()
        else:
            self.page = self.tabs.take(*self._kind)
            self.context = self.page.context
            self.page.set_viewport_size(viewport)
        self.page.route(OUTSIDE, self._route)
        if block:
            self.page.route(re.compile(re.escape(block) + "$"), self._abort)
        self._listeners = (
            ("request", self._record),
            ("pageerror", self._error),
            ("console", self._console),
        )
        for event, listener in self._listeners:
            self.page.on(event, listener)
        self.page.goto(url)
        if javascript:
            self.page.evaluate(SCROLL_THROUGH)
            self.page.wait_for_function(ALL_DRAWN, timeout=30_000)

    def _error(self, error):
        self.errors.append(str(error))

    def _console(self, message):
        if message.type in CONSOLE_PROBLEMS:
            where = message.location.get("url", "").rsplit("/", 1)[-1]
            self.console.append(f"{message.type}: {message.text} ({where})")

    def _record(self, request):
        if not request.url.startswith(LOCAL_SCHEMES):
            self.outside.append(request.url)

    def _route(self, route):
        self.outside.append(route.request.url)
        route.abort()

    @staticmethod
    def _abort(route):
        route.abort()

    def violations(self) -> list[str]:
        """What the page's Content-Security-Policy blocked so far."""
        return self.page.evaluate("() => window.__cspViolations || []")

    def settle(self) -> None:
        """Wait until every chart has finished drawing its latest change."""
        self.page.evaluate(
            "() => Promise.all([...document.querySelectorAll('figure.chart')]"
            ".map(f => f.chartView ? f.chartView.runAsync() : null)).then(() => true)"
        )

    def figures(self) -> list[str]:
        return self.page.eval_on_selector_all("figure.chart", "fs => fs.map(f => f.id)")

    def drawing(self, figure: str) -> str:
        return self.page.evaluate(DRAWING, figure)

    def wait_for_change(self, figure: str, before: str, what: str) -> None:
        try:
            self.page.wait_for_function(CHANGED, arg=[figure, before], timeout=3_000)
        except Exception:
            pytest.fail(f"{what} did not change the drawing of {figure}")

    def changes_drawing(self, figure: str, before: str) -> bool:
        """Whether the drawing of ``figure`` differs from ``before`` once every chart has run.

        A control's change is in its view's next run (Vega's bindings set the signal and run
        it), so after :meth:`settle` the drawing shows it or never will: nothing to wait out.
        """
        self.settle()
        return self.drawing(figure) != before

    def ranges(self, figure: str) -> list[dict]:
        return self.page.eval_on_selector_all(
            f"#{figure} input[type=range]",
            "els => els.map(e => ({name: e.name, value: e.value, min: e.min, max: e.max,"
            " step: e.step}))",
        )

    def close(self):
        """Close the visit's context, or leave its tab for the next visit, unheard."""
        if self.tabs is None:
            self.context.close()
            return
        for event, listener in self._listeners:
            self.page.remove_listener(event, listener)
        self.page.unroute_all()
        self.tabs.give_back(self.page, *self._kind)


@dataclass(frozen=True)
class Reading:
    """What a fresh page showed at one width and colour scheme, read without touching it.

    ``outside``, ``errors``, ``console`` and ``violations`` cover the whole visit, axe-core's
    run included; ``axe`` (its violations) is taken at :data:`WIDE` in light only, and is
    empty elsewhere.
    """

    name: str
    width: int
    scheme: str
    charts: list[dict]  # CHART_TEXT
    column: int | None  # the text column's width (``main``)
    overflow: int
    wide_blocks: int
    figures: list[dict]  # CHARTS
    inputs: dict[str, int]
    thumbs: dict | None
    contents: dict
    contrast: dict
    policy: dict
    sliders: list[dict]
    shifts: list
    axe: list[dict]
    outside: list[str]
    errors: list[str]
    console: list[str]
    violations: list[str]

    def where(self) -> str:
        return f"{self.name} at {self.width} px ({self.scheme})"


def _axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    # No preload: axe would fetch the stylesheets again by XMLHttpRequest, which file:// pages
    # refuse, logging errors that are axe's and not the page's (the console must stay clean).
    results = Axe().run(page, options={"resultTypes": ["violations"], "preload": False})
    return results.response["violations"]


def take_reading(chromium, site: Path, name: str, width: int, scheme: str) -> Reading:
    """Open ``name`` once at ``width`` (800 px high) in ``scheme`` and read it whole."""
    visit = Visit(chromium, (site / f"{name}.html").as_uri(), width=width, color_scheme=scheme)
    try:
        evaluate = visit.page.evaluate
        has_main = evaluate("() => !!document.querySelector('main')")
        readings = {
            "charts": evaluate(CHART_TEXT),
            "column": evaluate("() => document.querySelector('main').clientWidth")
            if has_main
            else None,
            "overflow": evaluate(OVERFLOW),
            "wide_blocks": evaluate(WIDE_BLOCKS),
            "figures": evaluate(CHARTS),
            "inputs": evaluate(INPUTS),
            "thumbs": evaluate(THUMBS) if has_main else None,
            "contents": evaluate(CONTENTS),
            "contrast": evaluate(CONTRAST),
            "policy": evaluate(POLICY),
            "sliders": evaluate(SLIDERS),
            "shifts": evaluate(LAYOUT_SHIFTS),
        }
        full = width == WIDE and scheme == "light"
        readings["axe"] = _axe_violations(visit.page) if full else []
        readings["violations"] = visit.violations()
    finally:
        visit.close()
    return Reading(
        name=name, width=width, scheme=scheme, outside=list(visit.outside),
        errors=list(visit.errors), console=list(visit.console), **readings,
    )  # fmt: skip


class SiteReadings:
    """Readings of one site's pages, each taken on its first request and kept."""

    def __init__(self, chromium, site: Path):
        self.chromium, self.site = chromium, site
        self._taken: dict[tuple[str, int, str], Reading] = {}

    def __call__(self, name: str, width: int = WIDE, scheme: str = "light") -> Reading:
        key = (name, width, scheme)
        if key not in self._taken:
            self._taken[key] = take_reading(self.chromium, self.site, *key)
        return self._taken[key]
