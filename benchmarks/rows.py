"""Turn measurements into table rows, each beside its target and with a cause if missed."""

from __future__ import annotations

import re
from pathlib import Path

from page_metrics import PageReport
from report import Row, kilobytes, median, megabytes, percentile
from site_build import BuildRun
from stock_export import StockExport

COLD_BUILD_S, WARM_BUILD_S = 30.0, 3.0
PAGE_BYTES, ASSETS_BYTES = 150_000, 300_000
FIRST_CHART_MS = 200.0
FIRST_STATIC_MS = 50.0
THROTTLED_TASK_MS, THROTTLED_FIRST_CHART_MS = 100.0, 800.0
SLIDER_MEDIAN_MS, SLIDER_P95_MS = 8.0, 16.0
BUILD_RSS, HEAP_BYTES, HEAP_GROWTH = 1.5e9, 50e6, 1e6
MAKE_TEST_S = 300.0

NO_SLIDER = "no slider"


def ms(value: float) -> str:
    """Milliseconds as text.

    Examples
    --------
    >>> ms(3.14159), ms(251.7)
    ('3.1 ms', '252 ms')
    """
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def folder_bytes(folder: Path) -> int:
    """Total size of the files under ``folder`` (0 if it does not exist)."""
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def site_pages(site: Path) -> dict[str, Path]:
    """Chapter pages of a built site: slug -> HTML file (the contents page left out)."""
    return {p.stem: p for p in sorted(Path(site).glob("*.html")) if p.name != "index.html"}


# --- the build --------------------------------------------------------------------------------


def failure_note(run: BuildRun) -> str:
    """Empty for a build that succeeded, else its exit status and last lines."""
    if run.returncode == 0:
        return ""
    tail = " / ".join(run.output.strip().splitlines()[-3:])
    return f"; the build FAILED (exit {run.returncode}): {tail}"


def cold_build_row(cold: BuildRun, baseline: float, kernel_imports: str) -> Row:
    """Wall time of a build with an empty cache.

    ``baseline`` is the execution time of a notebook holding only the setup cell and
    ``kernel_imports`` the import profile of that cell (see :func:`site_build.import_profile`).
    """
    slowest = max(cold.notebooks.items(), key=lambda item: item[1].seconds, default=None)
    cause = "no progress lines were printed"
    if slowest:
        cause = (
            f"the notebooks run two at a time; the slowest, {slowest[0]}, took "
            f"{slowest[1].seconds:.1f} s; a notebook holding only the setup cell takes "
            f"{baseline:.1f} s to execute in the build's executor (kernel start, imports, "
            f"shutdown); that cell alone, in a fresh interpreter: {kernel_imports}"
        )
    return Row(
        metric="cold build (`make site`, empty cache)",
        subject="site",
        measured=f"{cold.seconds:.1f} s",
        target=f"≤ {COLD_BUILD_S:.0f} s on 2 cores",
        met=cold.returncode == 0 and cold.seconds <= COLD_BUILD_S,
        cause=cause + failure_note(cold),
    )


def warm_build_row(warm: BuildRun, build_imports: str) -> Row:
    """Wall time of a second build with nothing changed.

    ``build_imports`` is the import profile of ``chatdata.site.build``, which the build process
    and each worker it spawns import.
    """
    pages = sum(t.seconds for t in warm.notebooks.values())
    cached = sum(t.source == "cached" for t in warm.notebooks.values())
    cause = (
        f"{cached} of {len(warm.notebooks)} notebooks came from the cache; the workers took "
        f"{pages:.1f} s in total to publish them; the build process and each worker it "
        f"spawns import chatdata.site.build, which takes {build_imports}; the rest is "
        "writing assets and the README image"
    )
    return Row(
        metric="warm rebuild, nothing changed",
        subject="site",
        measured=f"{warm.seconds:.1f} s",
        target=f"≤ {WARM_BUILD_S:.0f} s",
        met=warm.returncode == 0 and warm.seconds <= WARM_BUILD_S,
        cause=cause + failure_note(warm),
    )


def notebook_rows(cold: BuildRun, stock: StockExport) -> list[Row]:
    """Execution time per notebook in the cold build, beside its stock nbconvert export."""
    rows = []
    for slug in sorted(set(cold.notebooks) | set(stock.seconds)):
        timing = cold.notebooks.get(slug)
        export = f"{stock.seconds[slug]:.1f} s" if slug in stock.seconds else ""
        if slug in stock.errors:
            export += " (failed)"
        rows.append(
            Row(
                metric="notebook execution + page (cold build)",
                subject=slug,
                measured=f"{timing.seconds:.1f} s ({timing.source})" if timing else "not built",
                stock=export,
            )
        )
    return rows


def memory_row(cold: BuildRun) -> Row:
    """Peak resident memory of the cold build's process tree."""
    return Row(
        metric="peak RSS of the cold build (all processes)",
        subject="site",
        measured=megabytes(cold.peak_rss),
        target=f"≤ {BUILD_RSS / 1e9:.1f} GB",
        met=cold.peak_rss <= BUILD_RSS,
        cause=f"resident memory at the peak: {cold.peak_tree}",
    )


# --- bytes ------------------------------------------------------------------------------------


def files_by_kind(folder: Path) -> str:
    """Sizes of a folder's files grouped by suffix, largest file named, e.g. for a page's files."""
    paths = sorted(
        (p for p in Path(folder).glob("*") if p.is_file()), key=lambda p: -p.stat().st_size
    )
    kinds: dict[str, int] = {}
    for path in paths:
        kinds[path.suffix or path.name] = (
            kinds.get(path.suffix or path.name, 0) + path.stat().st_size
        )
    text = ", ".join(f"{kind} {kilobytes(size)}" for kind, size in kinds.items())
    if paths:
        text += f" (largest {paths[0].name}, {kilobytes(paths[0].stat().st_size)})"
    return text or "none"


def own_files(site: Path, paths: list[str]) -> list[str]:
    """The page's own files among requested paths: the site's files but the shared assets.

    Returned relative to the site, sorted.

    Examples
    --------
    >>> own_files(Path("/s"), ["/s/a/chart-1.svg", "/s/a.html", "/s/assets/site.js", "/x.js"])
    ['a.html', 'a/chart-1.svg']
    """
    root = Path(site).resolve()
    found = set()
    for path in paths:
        resolved = Path(path).resolve()
        if resolved.is_relative_to(root) and not resolved.is_relative_to(root / "assets"):
            found.add(resolved.relative_to(root).as_posix())
    return sorted(found)


def inline_spec_bytes(html: Path) -> int:
    """Bytes of the charts' embedded Vega specs (``<script type="application/json">``)."""
    text = Path(html).read_bytes()
    return sum(len(m) for m in re.findall(rb'<script type="application/json"[^>]*>(.*?)</script>',
                                          text, re.DOTALL))  # fmt: skip


def loaded_files(site: Path, slug: str, report: PageReport) -> dict[int, list[str]]:
    """Window width -> the page's own files it loaded there (its HTML always among them)."""
    html = f"{slug}.html"
    return {
        width: sorted(set(own_files(site, paths)) | {html})
        for width, paths in report.loaded.items()
    }


def page_bytes_row(site: Path, slug: str, stock: StockExport, report: PageReport) -> Row:
    """What a reader loads of the page's own: the HTML and the own files it requests.

    Measured at a phone's and a desktop's width (the larger counts), beside the stock
    export's single file. Shared assets are counted once for the site (:func:`assets_row`).
    """
    root = Path(site)
    html = (root / f"{slug}.html").stat().st_size
    loaded = loaded_files(root, slug, report)
    sizes = {width: sum((root / name).stat().st_size for name in names)
             for width, names in loaded.items()}  # fmt: skip
    largest = max(sizes.values(), default=html)
    per_width = "; ".join(
        f"at {width} px {kilobytes(sizes[width])}: HTML and {len(names) - 1} files, "
        + ", ".join(name.rsplit("/", 1)[-1] for name in names if name != f"{slug}.html")
        for width, names in loaded.items()
    )
    stock_page = stock.pages.get(slug)
    widths = " / ".join(str(width) for width in loaded) or "no"
    return Row(
        metric=f"bytes per page as loaded (HTML + own files requested at {widths} px, larger)",
        subject=slug,
        measured=(
            f"{kilobytes(largest)} ("
            + ", ".join(f"{width} px: {kilobytes(size)}" for width, size in sizes.items())
            + ")"
            if loaded
            else f"not loaded (HTML alone {kilobytes(html)})"
        ),
        target=f"≤ {PAGE_BYTES / 1e3:.0f} KB",
        met=largest <= PAGE_BYTES if loaded else None,
        stock=kilobytes(stock_page.stat().st_size) if stock_page else "",
        cause=(
            f"HTML {kilobytes(html)}, of which the charts' Vega specs "
            f"{kilobytes(inline_spec_bytes(root / f'{slug}.html'))}; {per_width or 'not loaded'}"
        ),
    )


def page_folder_row(site: Path, slug: str) -> Row:
    """The page's HTML plus every file in its folder, loaded or not (no target)."""
    html = (Path(site) / f"{slug}.html").stat().st_size
    files = folder_bytes(Path(site) / slug)
    return Row(
        metric="bytes per page, HTML + its whole folder (every layout's SVG, the CSVs)",
        subject=slug,
        measured=(
            f"{kilobytes(html + files)}: HTML {kilobytes(html)}, "
            f"{files_by_kind(Path(site) / slug)}"
        ),
    )


def assets_row(site: Path) -> Row:
    """The shared ``assets/`` folder, counted once for the site."""
    assets = Path(site) / "assets"
    files = sorted(assets.iterdir(), key=lambda p: p.stat().st_size) if assets.is_dir() else []
    total = folder_bytes(assets)
    largest = f"{files[-1].name}: {kilobytes(files[-1].stat().st_size)}" if files else "-"
    others = ", ".join(f"{p.name} {kilobytes(p.stat().st_size)}" for p in reversed(files[:-1]))
    return Row(
        metric="shared assets, once (assets/)",
        subject="site",
        measured=kilobytes(total),
        target=f"≤ {ASSETS_BYTES / 1e3:.0f} KB",
        met=bool(files) and total <= ASSETS_BYTES,
        cause=f"largest file {largest}; {others}",
    )


def data_row(site: Path) -> Row:
    """The datasets offered for download (not loaded by any page)."""
    return Row(
        metric="datasets for download (data/, not loaded by pages)",
        subject="site",
        measured=kilobytes(folder_bytes(Path(site) / "data")),
    )


# --- the browser ------------------------------------------------------------------------------


def yes_no(report: PageReport) -> str:
    """Whether a page's sliders are live, as text."""
    if not report.sliders and report.charts < report.expected_charts:
        return "no (no chart drawn, no slider)"
    if not report.sliders:
        return NO_SLIDER
    return "yes" if report.sliders_live else "no"


def offline_rows(slug: str, report: PageReport, stock: PageReport | None) -> list[Row]:
    """Requests leaving the page, charts drawn and live sliders, site beside stock."""
    requests = Row(
        metric="requests leaving the page (all refused)",
        subject=slug,
        measured=str(len(report.requests)),
        target="0",
        met=not report.requests,
        stock=str(len(stock.requests)) if stock else "",
        cause="; ".join(report.requests[:3]),
    )
    charts = Row(
        metric="charts drawn, network blocked",
        subject=slug,
        measured=f"{report.charts} of {report.expected_charts}",
        target="all",
        met=report.charts >= report.expected_charts,
        stock=f"{stock.charts} of {stock.expected_charts}" if stock else "",
        cause="some charts fell back to their static image (see the browser console)",
    )
    sliders = Row(
        metric="sliders live (a range input changes a drawing)",
        subject=slug,
        measured=yes_no(report),
        target="yes" if report.sliders else NO_SLIDER,
        met=report.sliders_live if report.sliders else None,
        stock=yes_no(stock) if stock else "",
    )
    return [requests, charts, sliders]


def profile_text(entries: list[tuple[str, float]]) -> str:
    """Profile entries as ``"vega-bundle.js 306 ms, (program) 113 ms"``.

    Examples
    --------
    >>> profile_text([("vega-bundle.js", 306.2), ("(program)", 8.04)])
    'vega-bundle.js 306 ms, (program) 8.0 ms'
    """
    return ", ".join(f"{name} {ms(value)}" for name, value in entries) or "no samples"


def first_chart_cause(report: PageReport) -> str:
    """Median milestones of the loads, and what drawing the page's charts again costs."""

    def middle(attribute: str) -> str:
        values = [getattr(load, attribute) for load in report.loads]
        values = [value for value in values if value is not None]
        return ms(median(values)) if values else "n/a"

    text = (
        f"median milestones from navigation start: HTML received {middle('html_received')}, "
        f"Vega bundle evaluated (window.vega set; parse and compile of the bundle) "
        f"{middle('vega_ready')}, first chart drawn {middle('first_chart')}, DOMContentLoaded "
        f"{middle('dom_content_loaded')}"
    )
    if report.load_profile:
        text += f". CPU until the first chart, per script: {profile_text(report.load_profile)}"
    if report.redraw:
        text += (
            f". Drawing the page's {report.redraw['charts']} charts again, code already "
            f"compiled: vega.parse {ms(report.redraw['parse'])}, first run and render "
            f"{ms(report.redraw['run'])}"
        )
    return text


def first_chart_row(slug: str, report: PageReport) -> Row:
    """Median time to the first drawn chart over the repeated loads."""
    times = [load.first_chart for load in report.loads if load.first_chart is not None]
    row = Row(
        metric="time to first drawn chart (median of loads)",
        subject=slug,
        measured="no chart drawn",
        target=f"≤ {FIRST_CHART_MS:.0f} ms",
    )
    if times:
        first = median(times)
        row.measured = (
            f"{ms(first)} (range {ms(min(times))} to {ms(max(times))}, {len(times)} loads)"
        )
        if report.opened_at_chart:
            row.measured += f"; {AT_CHART}"
        row.met = first <= FIRST_CHART_MS
        row.cause = first_chart_cause(report)
    return row


def _median_of(values: list[float | None]) -> float | None:
    values = [value for value in values if value is not None]
    return median(values) if values else None


#: Said of a page opened at its first chart (``page_metrics.reader_address``).
AT_CHART = "opened at its first chart, which lies more than 600 px below the first screen"


def _no_chart(metric: str, slug: str, target: str) -> Row:
    return Row(metric=metric, subject=slug, measured="no chart on the page", target=target)


def static_chart_row(slug: str, report: PageReport, stock: PageReport | None) -> Row:
    """Median time to the first build-time chart image on screen, beside its floor.

    The floor is a page holding only that image, loaded in turn with the page
    (``PageReport.floor``): the least this browser and machine take to show it.
    """
    metric = "time to first chart on screen, static image (median of loads)"
    target = f"≤ {FIRST_STATIC_MS:.0f} ms"
    if not report.expected_charts:
        return _no_chart(metric, slug, target)
    first = _median_of([load.first_static for load in report.loads])
    floor = _median_of([load.first_static for load in report.floor])
    stock_first = _median_of([load.first_chart for load in stock.loads]) if stock else None
    measured = ms(first) if first is not None else "no static chart"
    if floor is not None:
        measured += f" (a page holding only that image: {ms(floor)})"
    if report.opened_at_chart:
        measured += f"; {AT_CHART}"
    return Row(
        metric=metric,
        subject=slug,
        measured=measured,
        target=target,
        met=first is not None and first <= FIRST_STATIC_MS,
        stock=ms(stock_first) if stock_first is not None else ("no chart" if stock else ""),
        cause=(
            "the image load event fires after the HTML, CSS and the image file are read; "
            "the page holding only that image, loaded in turn with it, shows how much of "
            "the time any page with that image takes in this browser on this machine"
        ),
    )


def throttled_row(slug: str, report: PageReport, stock: PageReport | None) -> Row:
    """At 390 px with 4x CPU throttling: longest main-thread task, first live chart."""
    metric = "4x CPU throttling at 390 px: longest task / first live chart"
    target = f"≤ {THROTTLED_TASK_MS:.0f} ms / ≤ {THROTTLED_FIRST_CHART_MS:.0f} ms"
    if not report.expected_charts:
        return _no_chart(metric, slug, target)
    measured = report.throttled or {}
    longest, first = measured.get("longest_task"), measured.get("first_chart")
    text = (
        f"longest task {ms(longest) if longest is not None else 'n/a'}, first live chart "
        f"{ms(first) if first is not None else 'none'}"
    )
    if measured.get("loads"):
        text += f", medians of {measured['loads']:.0f} loads"
    if measured.get("at_chart"):
        text += f" ({AT_CHART})"
    theirs = (stock.throttled or {}) if stock else {}
    stock_text = ""
    if stock:
        stock_first = theirs.get("first_chart")
        stock_text = (
            f"longest task {ms(theirs.get('longest_task') or 0)}, first chart "
            f"{ms(stock_first) if stock_first is not None else 'none'}"
        )
    return Row(
        metric=metric,
        subject=slug,
        measured=text,
        target=target,
        met=longest is not None
        and first is not None
        and longest <= THROTTLED_TASK_MS
        and first <= THROTTLED_FIRST_CHART_MS,
        stock=stock_text,
        cause=(
            "the first chart is drawn in five tasks; the longest left are its vega.parse and "
            "first dataflow run (each one Vega call) and the page's first layout and paint"
        ),
    )


def layout_shift_row(slug: str, report: PageReport, stock: PageReport | None) -> Row:
    """Cumulative layout shift while the page loads and its charts become live."""
    value = report.layout_shift
    stock_value = stock.layout_shift if stock else None
    return Row(
        metric="layout shift, navigation to every chart live (sum of entries)",
        subject=slug,
        measured=f"{value:.4f}" if value is not None else "n/a",
        target="0",
        met=value == 0,
        stock=f"{stock_value:.4f}" if stock_value is not None else "",
        cause="an element moved when a chart or control was drawn (PerformanceObserver)",
    )


def slider_row(slug: str, report: PageReport) -> Row:
    """Median and p95 latency of the timed slider moves."""
    row = Row(
        metric="slider → re-rendered chart, median / p95",
        subject=slug,
        measured=NO_SLIDER,
        target=f"≤ {SLIDER_MEDIAN_MS:.0f} ms / ≤ {SLIDER_P95_MS:.0f} ms",
    )
    if report.latency_ms:
        middle, p95 = median(report.latency_ms), percentile(report.latency_ms, 0.95)
        frame = f"{ms(median(report.frame_ms))} / {ms(percentile(report.frame_ms, 0.95))}"
        row.measured = (
            f"{ms(middle)} / {ms(p95)} over {len(report.latency_ms)} moves "
            f"(to next frame: {frame})"
        )
        row.met = middle <= SLIDER_MEDIAN_MS and p95 <= SLIDER_P95_MS
        slow = sum(value > SLIDER_P95_MS for value in report.latency_ms)
        row.cause = (
            f"{slow} of {len(report.latency_ms)} moves took over {SLIDER_P95_MS:.0f} ms; the "
            f"page has {report.sliders} sliders and {report.svg_elements} SVG elements in its "
            f"charts; end of re-render detected by {report.latency_method}. CPU over "
            f"{len(report.latency_ms)} more moves, per function: "
            f"{profile_text(report.move_profile)}"
        )
    return row


def heap_row(slug: str, report: PageReport) -> Row:
    """JS heap after load and after the slider moves."""
    sizes = list(report.heap.values())
    growth = sizes[-1] - sizes[-2] if len(sizes) == 3 else 0
    cause = "the heap is larger than the target after load"
    if growth > HEAP_GROWTH:
        cause = f"the heap grew {megabytes(growth)} over the second batch of slider moves"
    return Row(
        metric="JS heap used after GC",
        subject=slug,
        measured=", ".join(f"{stage}: {megabytes(size)}" for stage, size in report.heap.items()),
        target=f"≤ {HEAP_BYTES / 1e6:.0f} MB, no growth",
        met=bool(sizes) and max(sizes) <= HEAP_BYTES and growth <= HEAP_GROWTH,
        cause=cause,
    )


# --- Python side ------------------------------------------------------------------------------


def explorer_rows(timings: list) -> list[Row]:
    """Python-side param change to updated derived-figures table, per chart."""
    rows = []
    for timing in timings:
        if isinstance(timing, str):
            rows.append(Row("explorer: param change → derived table", timing, "failed"))
            continue
        values = timing.milliseconds
        rows.append(
            Row(
                metric="explorer: param change → derived table (in process, median)",
                subject=timing.name,
                measured=(
                    f"{ms(median(values))} (p95 {ms(percentile(values, 0.95))}; "
                    f"table changed {timing.updated} of {len(values)} times)"
                ),
            )
        )
    return rows


def make_test_row(seconds: float | None, returncode: int = 0, tail: str = "") -> Row:
    """Wall time of ``make test`` (None: it was not run)."""
    row = Row(
        metric="`make test` wall time",
        subject="repository",
        measured="not run (use --with-make-test)",
        target=f"≤ {MAKE_TEST_S / 60:.0f} min",
    )
    if seconds is not None:
        status = "passed" if returncode == 0 else f"FAILED (exit {returncode})"
        row.measured = f"{seconds:.0f} s ({status})"
        row.met = returncode == 0 and seconds <= MAKE_TEST_S
        row.cause = tail
    return row
