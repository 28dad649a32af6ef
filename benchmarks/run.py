"""Benchmarks of the chatdata site: build time and memory, page weight, speed in the browser.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/run.py --with-make-test``). Prints one
table and writes it, with the machine and the method, to ``benchmarks/results.md``. Every
comparison is measured in the same run; nothing here asserts anything about speed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import kernel_latency
import page_metrics
import rows as make_rows
import site_build
import stock_export
from machine import describe_machine, load_average
from playwright.sync_api import sync_playwright
from report import Row, markdown_table, missed, results_markdown

from chatdata.site.browser import launch

ROOT = Path(__file__).resolve().parents[1]

#: Set while the benchmarks run, so that a ``make test`` they start cannot start them again.
GUARD = "CHATDATA_BENCHMARKS_RUNNING"

METHOD = [
    "Builds: `python -m chatdata build` in a child process pinned to 2 CPUs with `--jobs 2` "
    "(what `make site` does on a 2-core machine), writing to a temporary folder with its own "
    "`--cache`: the cold build starts with an empty cache, the warm build runs again with "
    "nothing changed. Per-notebook times are the build's own progress lines (execution plus "
    "page rendering, two notebooks at a time). The stock column shows "
    "`jupyter nbconvert --to html --execute` of the same notebook, run alone.",
    "Build memory: every 50 ms the resident set sizes (RSS) of the build process and all its "
    "descendants (workers, kernels) are summed with psutil; the table shows the largest sum. "
    "Shared pages count once per process, so this overstates the true peak. "
    "`getrusage(RUSAGE_CHILDREN)` was not used: it reports the largest single descendant, "
    "not the tree at one moment.",
    "Bytes per page, as loaded: the page's HTML plus the own files (anything of the site's "
    "but `assets/`) it requests in a 390 px and in a 1280 px wide window, the larger of the "
    "two: each chart's `<picture>` loads the one static SVG laid out for that width, and the "
    "CSVs are only downloads. A second row shows the HTML plus the page's whole folder (every "
    "layout's SVG, the CSVs). Shared assets (`assets/`) are counted once for the site. The "
    "stock column is the size of nbconvert's single HTML file, which relies on scripts from "
    "CDNs.",
    "Browser: headless Chromium, the full browser (`chatdata.site.browser.launch` with "
    "`shell=False`), pages opened from file://; "
    "every request to a non-file address is recorded and refused by Playwright routing.",
    *page_metrics.METHOD_NOTES,
    kernel_latency.METHOD_NOTE,
    "`make test` is run only with `--with-make-test` (wall time of the whole target).",
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results.md")
    parser.add_argument("--loads", type=int, default=5, help="loads per page (first chart)")
    parser.add_argument("--moves", type=int, default=50, help="timed slider moves per page")
    parser.add_argument("--cores", type=int, default=2, help="CPUs the build may use")
    parser.add_argument("--with-make-test", action="store_true", help="also time `make test`")
    parser.add_argument("--keep", type=Path, help="keep the built sites in this folder")
    return parser.parse_args(argv)


def measure_browser(site: Path, stock: stock_export.StockExport, loads: int, moves: int):
    """Site pages and stock pages in one browser; returns (version, site, stock) reports."""
    with sync_playwright() as playwright:
        browser = launch(playwright, shell=False)  # the browser readers run
        try:
            pages = {
                slug: page_metrics.measure_page(browser, path, loads, moves)
                for slug, path in make_rows.site_pages(site).items()
            }
            stock_pages = {
                slug: page_metrics.measure_stock_page(
                    browser, path, pages[slug].expected_charts if slug in pages else 0
                )
                for slug, path in stock.pages.items()
            }
            return browser.version, pages, stock_pages
        finally:
            browser.close()


def run_make_test() -> Row:
    """Time ``make test``; the guard variable keeps it from starting the benchmarks."""
    started = time.perf_counter()
    done = subprocess.run(
        ["make", "test"], cwd=ROOT, env={**os.environ, GUARD: "1"}, capture_output=True, text=True
    )
    tail = " / ".join(done.stdout.strip().splitlines()[-2:])
    return make_rows.make_test_row(time.perf_counter() - started, done.returncode, tail)


def collect_rows(args: argparse.Namespace, work: Path) -> tuple[str, list[Row]]:
    """Run every measurement; returns the Chromium version and the table rows."""
    notebooks = sorted(p for p in args.notebooks.glob("*.ipynb") if not p.name.startswith("_"))
    site, cache = work / "site", work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    print(f"cold build of {len(notebooks)} notebooks ...", flush=True)
    cold = site_build.run_build(site, args.notebooks, cache, args.cores)
    print("warm build ...", flush=True)
    warm = site_build.run_build(site, args.notebooks, cache, args.cores)
    print("diagnosing the builds ...", flush=True)
    baseline = site_build.baseline_seconds(work)
    kernel_imports = site_build.import_profile("import chatdata; chatdata.setup()")
    build_imports = site_build.import_profile("import chatdata.site.build")
    print("stock nbconvert exports ...", flush=True)
    stock = stock_export.export_stock(notebooks, work / "stock")
    print("browser measurements ...", flush=True)
    version, pages, stock_pages = measure_browser(site, stock, args.loads, args.moves)
    print("explorer timings ...", flush=True)
    timings = kernel_latency.time_explorers(notebooks, args.moves)
    rows = [
        make_rows.cold_build_row(cold, baseline, kernel_imports),
        make_rows.warm_build_row(warm, build_imports),
    ]
    rows += [*make_rows.notebook_rows(cold, stock), make_rows.memory_row(cold)]
    rows += [make_rows.page_bytes_row(site, slug, stock, pages[slug]) for slug in pages]
    rows += [make_rows.page_folder_row(site, slug) for slug in pages]
    rows += [make_rows.assets_row(site), make_rows.data_row(site)]
    for slug, report in pages.items():
        rows += make_rows.offline_rows(slug, report, stock_pages.get(slug))
    for with_stock in (make_rows.static_chart_row, make_rows.throttled_row,
                       make_rows.layout_shift_row):  # fmt: skip
        rows += [with_stock(slug, r, stock_pages.get(slug)) for slug, r in pages.items()]
    for row_of in (make_rows.first_chart_row, make_rows.slider_row, make_rows.heap_row):
        rows += [row_of(slug, report) for slug, report in pages.items()]
    rows += make_rows.explorer_rows(timings)
    if args.with_make_test:
        print("make test ...", flush=True)
        rows.append(run_make_test())
    else:
        rows.append(make_rows.make_test_row(None))
    return version, rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the table, write the results file."""
    args = parse_args(argv)
    if os.environ.get(GUARD):
        print("benchmarks are already running (started from make test?); not starting again")
        return 1
    os.environ[GUARD] = "1"
    load_before = load_average()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="chatdata-bench-") as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        version, rows = collect_rows(args, work)
    seconds = time.perf_counter() - started
    command = " ".join(["benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])])
    text = results_markdown(describe_machine(version, load_before), rows, METHOD, command, seconds)
    args.results.write_text(text, encoding="utf-8")
    print(markdown_table(rows))
    print(f"\n{len(missed(rows))} targets missed; written to {args.results} ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
