"""Measure pages in headless Chromium opened from file:// with the network blocked.

Every request to a non-``file:`` address is recorded and refused (Playwright routing), so a page
shows what a reader without network would see, and the count says how many requests it would
have sent. The page's scripts are left alone; an init script only records times.

How each figure is measured is in :data:`METHOD_NOTES`.
"""

from __future__ import annotations

import contextlib
import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

#: How each browser figure is measured (copied into the results file).
METHOD_NOTES = (
    "First drawn chart: an init script runs a MutationObserver on the document and records "
    "performance.now() (milliseconds since navigation start) the first time an SVG drawn by "
    "Vega (svg.marks) holds a mark inside its root group (or a Vega canvas exists). The same "
    "script wraps window.vega in a setter to record when the Vega bundle finished evaluating. "
    "Each load uses a fresh browser context (a first visit: empty memory cache). A page "
    "whose charts all lie more than 600 px below the first screen draws none until the "
    "reader scrolls; it is opened at its first chart (page.html#chart-1, as from a link to "
    "it), here and in the throttled load, and its rows say so.",
    "Slider latency: in the page, at t0 a range input's value is set and an input event "
    "dispatched; Vega's binding updates the signal and runs the view. The harness awaits the "
    "chart's view.runAsync() (figure.chartView on the site), then forces style and layout "
    "(getBoundingClientRect) and takes t1; t1 - t0 is compared with the target. The time to the "
    "next requestAnimationFrame callback is shown beside it: it adds the wait for the display's "
    "next frame (up to 16.7 ms at 60 Hz, whatever the page does). Without an exposed view the "
    "harness would wait for the first mutation of the chart's SVG instead. Moves cycle through "
    "the page's sliders with values spread over each slider's range, a few ms apart.",
    "First static chart: the same init script records performance.now() when the first "
    "build-time chart image (figure.chart .chart-static img) fires its load event (the image "
    "is decoded and shown at the next paint). Beside it, in turn with the page's loads, the "
    "same for a page holding nothing but that <picture> (its image addresses made absolute): "
    "the floor this browser and machine give any page showing that image. Layout shift: the "
    "sum of PerformanceObserver 'layout-shift' entries (without recent input) from "
    "navigation until the page's charts are drawn, the page scrolled through once so that "
    "lazily drawn charts draw too.",
    "Throttled: the page at 390 x 800 px with CDP Emulation.setCPUThrottlingRate 4; longest "
    "task from PerformanceObserver 'longtask' entries until every chart near the screen is "
    "live, and the time to the first live chart; each the median of 3 loads in fresh contexts "
    "(one load's longest task varied by up to 80 ms).",
    "Bytes as loaded: the page opened in a window 390 x 800 px and in one 1280 x 800 px, "
    "each in a fresh context, scrolled through chart by chart (charts draw lazily) and left "
    "until every chart is live; every request the page made to a local file is listed "
    "(Playwright's request event) and the files' sizes on disk summed.",
    "JS heap: CDP HeapProfiler.collectGarbage then Runtime.getHeapUsage (used bytes), after "
    "load, after the timed slider moves, and after as many again; 'no growth' means the second "
    "batch of moves added at most 1 MB.",
    "Causes of missed browser targets come from V8's sampling CPU profiler (CDP Profiler, "
    "100 us): for the first chart, one extra load profiled until the first chart is drawn "
    "(CPU time per script); for sliders, a third batch of untimed moves (CPU time per "
    "function; getBoundingClientRect is the harness forcing style and layout).",
)

#: A chart Vega has drawn: an SVG with marks in its root group, or a Vega canvas.
DRAWN_SELECTOR = 'svg.marks .root g[class*="mark-"], canvas.marks'

#: Addresses that leave the page (anything but the file system and in-page data).
LEAVING = re.compile(r"^(?!file:|data:|blob:|about:|chrome-error:)", re.IGNORECASE)

TIMING_SCRIPT = """
(() => {
  const bench = { firstChart: null, vegaReady: null, firstStatic: null, shifts: [], tasks: [] };
  window.__bench = bench;
  document.addEventListener("load", (event) => {
    const target = event.target;
    if (bench.firstStatic === null && target.tagName === "IMG" && target.closest(".chart-static"))
      bench.firstStatic = performance.now();
  }, true);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if (!entry.hadRecentInput) bench.shifts.push(entry.value);
    }).observe({ type: "layout-shift", buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.tasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
  } catch (error) { /* an engine without these entry types: the figures stay empty */ }
  let vegaValue;
  Object.defineProperty(window, "vega", {
    configurable: true,
    get() { return vegaValue; },
    set(value) {
      vegaValue = value;
      if (bench.vegaReady === null) bench.vegaReady = performance.now();
    },
  });
  const observer = new MutationObserver(() => {
    if (bench.firstChart === null && document.querySelector(SELECTOR)) {
      bench.firstChart = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();
""".replace("SELECTOR", repr(DRAWN_SELECTOR))

COUNT_DRAWN = """
() => [...document.querySelectorAll("svg.marks")]
  .filter((svg) => svg.querySelector('.root g[class*="mark-"]')).length
  + document.querySelectorAll("canvas.marks").length
"""

LOAD_TIMES = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    firstChart: window.__bench.firstChart,
    firstStatic: window.__bench.firstStatic,
    vegaReady: window.__bench.vegaReady,
    domContentLoaded: nav ? nav.domContentLoadedEventStart : null,
    htmlReceived: nav ? nav.responseEnd : null,
  };
}
"""

DRAWING = """
() => [...document.querySelectorAll("svg.marks")].map((svg) => svg.innerHTML).join("\\n")
"""

MOVE_SLIDERS = """
async ({ moves, offset }) => {
  const inputs = [...document.querySelectorAll('input[type="range"]')];
  if (!inputs.length) return null;
  const nextFrame = () =>
    new Promise((done) => requestAnimationFrame(() => done(performance.now())));
  const firstMutation = (target) => new Promise((done) => {
    const observer = new MutationObserver(() => { observer.disconnect(); done(); });
    observer.observe(target, {
      subtree: true, childList: true, attributes: true, characterData: true,
    });
    setTimeout(() => { observer.disconnect(); done(); }, 500);
  });
  const samples = [];
  let method = "view.runAsync";
  for (let k = 0; k < moves; k++) {
    const input = inputs[k % inputs.length];
    const figure = input.closest("figure") || input.closest(".chart-view") || document.body;
    const view = figure.chartView;
    const min = Number(input.min || 0), max = Number(input.max || 100);
    const step = Number(input.step) || (max - min) / 100;
    const fraction = ((k + offset) * 0.6180339887) % 1;
    let value = min + Math.round((fraction * (max - min)) / step) * step;
    if (String(value) === input.value) value = value + step <= max ? value + step : min;
    const svg = figure.querySelector("svg.marks") || document.body;
    const mutated = view ? null : firstMutation(svg);
    const t0 = performance.now();
    input.value = String(value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    if (view) await view.runAsync(); else { method = "MutationObserver"; await mutated; }
    svg.getBoundingClientRect();
    const t1 = performance.now();
    const t2 = await nextFrame();
    samples.push([t1 - t0, t2 - t0]);
    await new Promise((done) => setTimeout(done, 5 + (k % 7)));
  }
  return { samples, method, sliders: inputs.length };
}
"""

REDRAW_COSTS = """
async () => {
  const holders = [...document.querySelectorAll(".chart-view[data-spec]")];
  const costs = { charts: holders.length, parse: 0, run: 0 };
  for (const holder of holders) {
    const embedded = JSON.parse(document.getElementById(holder.dataset.spec).textContent);
    let spec = embedded;
    if (embedded.variants) {  /* the site's layouts: draw the widest, its rows put back */
      spec = embedded.variants[embedded.variants.length - 1].spec;
      for (const entry of spec.data || [])
        if (!entry.values && embedded.data[entry.name]) entry.values = embedded.data[entry.name];
    }
    const t0 = performance.now();
    const runtime = vega.parse(spec, null, { ast: true });
    const t1 = performance.now();
    const container = document.createElement("div");
    const view = new vega.View(
      runtime, { renderer: "svg", container, expr: vega.expressionInterpreter });
    await view.runAsync();
    costs.parse += t1 - t0;
    costs.run += performance.now() - t1;
    view.finalize();
  }
  return costs;
}
"""

SLIDERS_LIVE = """
async () => {
  const inputs = [...document.querySelectorAll('input[type="range"]')].slice(0, 3);
  const drawing = () => [...document.querySelectorAll("svg.marks")].map((s) => s.innerHTML).join();
  for (const input of inputs) {
    const before = drawing();
    const max = Number(input.max || 100), min = Number(input.min || 0);
    input.value = String(Number(input.value) === max ? min : max);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    await new Promise((done) => setTimeout(done, 300));
    if (drawing() !== before) return true;
  }
  return false;
}
"""


@dataclass
class LoadTimes:
    """Milliseconds from navigation start, for one load of a page (None if it never happened)."""

    first_chart: float | None
    vega_ready: float | None
    first_static: float | None
    dom_content_loaded: float | None
    html_received: float | None


@dataclass
class PageReport:
    """Everything measured on one page.

    Attributes
    ----------
    requests : list of str
        Addresses outside the page it asked for (all refused).
    charts : int
        Charts drawn after the page settled.
    expected_charts : int
        Chart figures in the page (``figure.chart``; 0 when the page has no such markup).
    loads : list of LoadTimes
        The repeated loads for time to first chart.
    sliders : int
        Range inputs on the page.
    sliders_live : bool or None
        Whether moving a range input changed a drawing (None: no range input).
    latency_ms, frame_ms : list of float
        Per slider move: to the re-rendered view, and to the next animation frame.
    latency_method : str
        How the end of a re-render was detected.
    heap : dict
        ``"load"``, ``"50 moves"``, ``"100 moves"`` -> used JS heap in bytes.
    svg_elements : int
        Elements inside the drawn charts' SVGs after load (the size of what Vega re-renders).
    loaded : dict
        Window width (CSS px) -> paths of the local files the page requested at that width,
        scrolled through once (:func:`requested_files`).
    first_address : str
        The address the loads open: the page, or the page at its first chart when no chart
        is near the first screen (:func:`reader_address`).
    floor : list of LoadTimes
        Loads of a page holding nothing but the page's first chart image
        (:func:`floor_page`): what this browser and machine take for any such image.
    load_profile : list of (str, float)
        Milliseconds of CPU samples per script (or native category) from navigation to the
        first drawn chart, in one extra profiled load.
    move_profile : list of (str, float)
        Milliseconds of CPU samples per function over a batch of untimed slider moves.
    redraw : dict
        Drawing every chart of the page once more, with the page's own Vega: ``charts``,
        milliseconds spent in ``vega.parse`` (``parse``) and in the first run and render
        (``run``). Measured after the page has run, so the code is already compiled.
    """

    requests: list[str] = field(default_factory=list)
    charts: int = 0
    expected_charts: int = 0
    loads: list[LoadTimes] = field(default_factory=list)
    sliders: int = 0
    sliders_live: bool | None = None
    latency_ms: list[float] = field(default_factory=list)
    frame_ms: list[float] = field(default_factory=list)
    latency_method: str = ""
    heap: dict[str, int] = field(default_factory=dict)
    svg_elements: int = 0
    redraw: dict[str, float] = field(default_factory=dict)
    load_profile: list[tuple[str, float]] = field(default_factory=list)
    move_profile: list[tuple[str, float]] = field(default_factory=list)
    layout_shift: float | None = None
    throttled: dict[str, float | None] = field(default_factory=dict)
    loaded: dict[int, list[str]] = field(default_factory=dict)
    first_address: str = ""
    floor: list[LoadTimes] = field(default_factory=list)

    @property
    def opened_at_chart(self) -> bool:
        """Whether the loads opened the page at its first chart (:func:`reader_address`)."""
        return "#" in self.first_address


#: Scroll through the page (so lazily drawn charts draw), back to the top, then wait until
#: every chart is live or static (or 20 s passed).
SCROLL_AND_WAIT = """
async () => {
  const figures = [...document.querySelectorAll("figure.chart")];
  for (const figure of figures) {
    figure.scrollIntoView();
    await new Promise((done) => setTimeout(done, 30));
  }
  window.scrollTo(0, 0);
  const deadline = performance.now() + 20000;
  const drawn = () => figures.every(
    (f) => f.classList.contains("is-live") || f.classList.contains("is-static"));
  while (!drawn() && performance.now() < deadline)
    await new Promise((done) => setTimeout(done, 50));
  await new Promise((done) => setTimeout(done, 300));
  return true;
}
"""

SHIFT_TOTAL = "() => window.__bench.shifts.reduce((a, b) => a + b, 0)"


def layout_shift(browser, url: str) -> float | None:
    """Sum of layout shifts from navigation until every chart is drawn (None: not measured)."""
    context, page = open_blocked(browser, url, [])
    try:
        page.evaluate(SCROLL_AND_WAIT)
        return float(page.evaluate(SHIFT_TOTAL))
    except Exception:  # a page whose scripts fail: reported as not measured
        return None
    finally:
        context.close()


#: How near the screen a chart must be for the page to draw it (site.js: ``NEAR``).
NEAR_PX = 600

#: The id of the first chart figure if none is within :data:`NEAR_PX` of the first screen
#: (so the page draws nothing until the reader scrolls), else null.
FIRST_CHART_OUT_OF_REACH = """
(near) => {
  const figure = document.querySelector("figure.chart[id]");
  if (!figure) return null;
  const drawable = [...document.querySelectorAll("figure.chart")].some(
    (f) => f.getBoundingClientRect().top < window.innerHeight + near);
  return drawable ? null : figure.id;
}
"""


def reader_address(browser, url: str, viewport: dict | None = None) -> str:
    """``url``, or ``url#<first chart>`` when no chart is near the first screen.

    A page whose first chart is far below the fold draws nothing until the reader scrolls
    to it; opened at the chart (as from a link to it), the browser scrolls there before the
    page's first draw, so its first live chart is timed from navigation start like any other.
    """
    context, page = open_blocked(browser, url, [], viewport=viewport)
    try:
        target = page.evaluate(FIRST_CHART_OUT_OF_REACH, NEAR_PX)
    finally:
        context.close()
    return f"{url}#{target}" if target else url


#: Throttled loads per page: one load's longest task varies by tens of milliseconds.
THROTTLED_LOADS = 3


def throttled_load(
    browser, url: str, rate: float = 4.0, loads: int = THROTTLED_LOADS
) -> dict[str, float | None]:
    """At 390 px with the CPU slowed ``rate`` times: longest task and first live chart.

    Medians over ``loads`` loads, each in a fresh context (``"loads"`` says how many; the
    first live chart over those that drew one). The page is opened at its first chart when
    no chart is near the first screen (:func:`reader_address`); ``"at_chart"`` is then 1.
    """
    phone = {"width": 390, "height": 800}
    address = reader_address(browser, url, phone)
    results = []
    for _ in range(loads):
        context, page = open_blocked(browser, "about:blank", [], viewport=phone)
        try:
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            page.goto(address, wait_until="load")
            with contextlib.suppress(Exception):  # Playwright's TimeoutError: no chart drew
                page.wait_for_function("window.__bench.firstChart !== null", timeout=20_000)
            page.wait_for_timeout(1500)
            results.append(
                page.evaluate(
                    "() => ({first: window.__bench.firstChart, static: window.__bench.firstStatic,"
                    " longest: Math.max(0, ...window.__bench.tasks)})"
                )
            )
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        finally:
            context.close()

    def middle(key: str) -> float | None:
        values = [result[key] for result in results if result[key] is not None]
        return statistics.median(values) if values else None

    return {
        "first_chart": middle("first"),
        "first_static": middle("static"),
        "longest_task": middle("longest"),
        "at_chart": float(address != url),
        "loads": float(len(results)),
    }


def open_blocked(
    browser, url: str, requests: list[str], viewport: dict | None = None, seen: list | None = None
):
    """A fresh context and page at ``url``; outside requests are appended to ``requests``.

    With ``seen``, the address of every request the page makes, local files included, is
    appended to it too.
    """
    context = browser.new_context(viewport=viewport) if viewport else browser.new_context()

    def refuse(route) -> None:
        requests.append(route.request.url)
        route.abort()

    context.route(LEAVING, refuse)
    if seen is not None:
        context.on("request", lambda request: seen.append(request.url))
    page = context.new_page()
    page.on("websocket", lambda socket: requests.append(socket.url))
    page.add_init_script(TIMING_SCRIPT)
    page.goto(url, wait_until="load")
    return context, page


#: Window widths at which the files a page loads are listed: a phone and a desktop.
LOADED_WIDTHS = (390, 1280)


def requested_files(browser, url: str, width: int) -> list[str]:
    """Local files (paths) the page requests in a window ``width`` px wide.

    The page is scrolled through first, so that lazily drawn charts draw (and anything they
    would load is requested); its ``<picture>`` elements each load the one layout that fits.
    """
    seen: list[str] = []
    context, page = open_blocked(browser, url, [], {"width": width, "height": 800}, seen)
    try:
        with contextlib.suppress(Exception):  # a page whose scripts fail: what it asked for
            page.evaluate(SCROLL_AND_WAIT)
    finally:
        context.close()
    paths = {
        url2pathname(urlparse(address).path) for address in seen if address.startswith("file:")
    }
    return sorted(paths)


def settle(page, expected: int, timeout: float = 5.0, quiet: float = 1.0) -> int:
    """Number of drawn charts once ``expected`` are drawn or the wait is over.

    With ``expected == 0`` the wait ends when the count has not changed for ``quiet`` seconds.
    """
    deadline = time.monotonic() + timeout
    count, changed = page.evaluate(COUNT_DRAWN), time.monotonic()
    while time.monotonic() < deadline:
        if (expected and count >= expected) or (
            not expected and time.monotonic() - changed >= quiet
        ):
            break
        page.wait_for_timeout(100)
        latest = page.evaluate(COUNT_DRAWN)
        if latest != count:
            count, changed = latest, time.monotonic()
    return count


def load_times(
    browser, url: str, timeout_ms: float = 10_000, until: str = "firstChart"
) -> LoadTimes:
    """Open the page once in a fresh context and read its timings.

    The wait ends when ``window.__bench[until]`` is set (the first drawn chart, or
    ``"firstStatic"``: the first chart image) or after ``timeout_ms``.
    """
    context, page = open_blocked(browser, url, [])
    try:
        # Playwright's TimeoutError: the page never drew a chart
        with contextlib.suppress(Exception):
            page.wait_for_function(f"window.__bench.{until} !== null", timeout=timeout_ms)
        times = page.evaluate(LOAD_TIMES)
    finally:
        context.close()
    return LoadTimes(
        times["firstChart"],
        times["vegaReady"],
        times["firstStatic"],
        times["domContentLoaded"],
        times["htmlReceived"],
    )


def start_profiler(cdp, interval_us: int = 100) -> None:
    """Start V8's sampling CPU profiler on the page behind ``cdp``."""
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": interval_us})
    cdp.send("Profiler.start")


def sample_times(profile: dict, by_function: bool, top: int = 6) -> list[tuple[str, float]]:
    """Milliseconds of samples per script file (or per function), largest first.

    Idle time and the profiler's root are left out; native work shows as ``(program)`` and
    ``(garbage collector)``.
    """
    frames = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    totals: dict[str, float] = {}
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = frames[sample]
        script = frame["url"].rsplit("/", 1)[-1]
        name = frame["functionName"] or "(anonymous)"
        if name in ("(idle)", "(root)"):
            continue
        key = f"{name} [{script}]" if by_function and script else (script or name)
        totals[key] = totals.get(key, 0.0) + delta / 1000
    return sorted(totals.items(), key=lambda item: -item[1])[:top]


def profile_load(browser, url: str, timeout_ms: float = 10_000) -> list[tuple[str, float]]:
    """CPU time per script from navigation to the first drawn chart, in a fresh context."""
    context = browser.new_context()
    try:
        context.route(LEAVING, lambda route: route.abort())
        page = context.new_page()
        page.add_init_script(TIMING_SCRIPT)
        cdp = context.new_cdp_session(page)
        start_profiler(cdp)
        page.goto(url, wait_until="load")
        # Playwright's TimeoutError: profile what happened anyway
        with contextlib.suppress(Exception):
            page.wait_for_function("window.__bench.firstChart !== null", timeout=timeout_ms)
        return sample_times(cdp.send("Profiler.stop")["profile"], by_function=False)
    finally:
        context.close()


def heap_used(cdp) -> int:
    """Used JS heap in bytes, after a full garbage collection."""
    cdp.send("HeapProfiler.collectGarbage")
    return int(cdp.send("Runtime.getHeapUsage")["usedSize"])


def move_sliders(page, moves: int, offset: int = 0) -> dict | None:
    """Make ``moves`` timed slider moves in the page (None when it has no range input)."""
    return page.evaluate(MOVE_SLIDERS, {"moves": moves, "offset": offset})


def measure_interaction(browser, url: str, report: PageReport, moves: int) -> None:
    """Fill the report's requests, charts, liveness, slider latency and heap fields."""
    context, page = open_blocked(browser, url, report.requests)
    try:
        report.expected_charts = page.locator("figure.chart").count()
        page.evaluate(SCROLL_AND_WAIT)  # charts far below the fold draw once scrolled near
        report.charts = settle(page, report.expected_charts)
        report.svg_elements = page.locator("svg.marks *").count()
        cdp = context.new_cdp_session(page)
        report.heap["load"] = heap_used(cdp)
        report.sliders = page.locator('input[type="range"]').count()
        if report.sliders:
            measure_sliders(page, cdp, report, moves)
        report.redraw = page.evaluate(REDRAW_COSTS) if report.charts else {}
    finally:
        context.close()


def measure_sliders(page, cdp, report: PageReport, moves: int) -> None:
    """Slider latency, heap after two batches of moves, and whether the sliders are live."""
    timed = move_sliders(page, moves)
    report.latency_ms = [sample[0] for sample in timed["samples"]]
    report.frame_ms = [sample[1] for sample in timed["samples"]]
    report.latency_method = timed["method"]
    report.heap[f"{moves} moves"] = heap_used(cdp)
    move_sliders(page, moves, offset=moves)
    report.heap[f"{2 * moves} moves"] = heap_used(cdp)
    start_profiler(cdp)
    move_sliders(page, moves, offset=2 * moves)
    report.move_profile = sample_times(cdp.send("Profiler.stop")["profile"], by_function=True)
    report.sliders_live = page.evaluate(SLIDERS_LIVE)


#: A page holding one chart image and nothing else (see :func:`floor_page`).
FLOOR_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>floor</title>'
    '</head><body><figure class="chart"><div class="chart-view">{picture}</div></figure>'
    "</body></html>"
)
_PICTURE = re.compile(r'<picture class="chart-static">.*?</picture>', re.DOTALL)
_IMAGE_ADDRESS = re.compile(r'\b(src|srcset)="([^"]+)"')


def floor_page(path: Path, folder: Path) -> str | None:
    """Address of a page in ``folder`` holding only the first chart image of the page at ``path``.

    The ``<picture>`` is the page's own, its image addresses made absolute, so the same
    layout's SVG loads at the same size. Its first-static time is the least this browser
    and machine take to show any chart image: the floor under the page's own figure.
    None for a page without a chart image.
    """
    found = _PICTURE.search(Path(path).read_text(encoding="utf-8"))
    if not found:
        return None
    base = Path(path).resolve().parent

    def absolute(match: re.Match) -> str:
        return f'{match.group(1)}="{(base / url2pathname(match.group(2))).as_uri()}"'

    floor = Path(folder) / f"floor-{Path(path).stem}.html"
    floor.write_text(
        FLOOR_PAGE.format(picture=_IMAGE_ADDRESS.sub(absolute, found.group(0))), encoding="utf-8"
    )
    return floor.resolve().as_uri()


def measure_page(browser, path: Path, loads: int = 5, moves: int = 50) -> PageReport:
    """All browser measurements of one page file."""
    url = Path(path).resolve().as_uri()
    report = PageReport()
    report.first_address = reader_address(browser, url)
    with tempfile.TemporaryDirectory() as folder:
        floor = floor_page(path, Path(folder))
        for _ in range(loads):  # the page and its floor in turn, so both see the same load
            report.loads.append(load_times(browser, report.first_address))
            if floor:
                report.floor.append(load_times(browser, floor, 2_000, until="firstStatic"))
    report.load_profile = profile_load(browser, report.first_address)
    report.layout_shift = layout_shift(browser, url)
    report.throttled = throttled_load(browser, url)
    report.loaded = {width: requested_files(browser, url, width) for width in LOADED_WIDTHS}
    measure_interaction(browser, url, report, moves)
    return report


def measure_stock_page(browser, path: Path, expected_charts: int) -> PageReport:
    """Requests, drawn charts and live sliders of a stock nbconvert page."""
    url = Path(path).resolve().as_uri()
    report = PageReport(expected_charts=expected_charts)
    report.loads = [load_times(browser, url)]
    report.layout_shift = layout_shift(browser, url)
    # one load: offline, a stock page draws no chart, so each load waits out the timeout
    report.throttled = throttled_load(browser, url, loads=1)
    context, page = open_blocked(browser, url, report.requests)
    try:
        report.charts = settle(page, expected_charts)
        report.sliders = page.locator('input[type="range"]').count()
        if report.sliders:
            report.sliders_live = page.evaluate(SLIDERS_LIVE)
    finally:
        context.close()
    return report
