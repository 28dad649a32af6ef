"""``python -m chatdata build``: execute the notebooks and publish the static site.

The site is written to a temporary folder beside the destination and swapped in only when
every notebook succeeded, so a failed build leaves the published site as it was. The
destination must be absent, empty or a site a build wrote (see :mod:`chatdata.site.output_dir`),
and one build at a time may write it (:mod:`chatdata.site.build_lock`). Notebooks
run in parallel worker processes, forked from a server that loaded the renderer once
(:func:`worker_context`); an unchanged notebook is taken from the cache, and an unchanged
page is copied from the cache without starting any worker.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

import vl_convert

from chatdata.site.assets import vega_record, write_assets, write_data, write_runtime
from chatdata.site.build_lock import BuildLock
from chatdata.site.cache import (
    PageCache,
    cache_key,
    execution_basis,
    notebook_digest,
    package_digest,
    page_key,
    renderer_digest,
)
from chatdata.site.changes import write_changes
from chatdata.site.interrupts import (
    Interrupted,
    child_pids,
    end_processes,
    signals_deferred,
    worker_setup,
)
from chatdata.site.jobs import Job, Outcome, pages_folder
from chatdata.site.markup import render_markdown
from chatdata.site.names import check_collisions, check_url_safe
from chatdata.site.notebook import Chapter, find_notebooks, read_chapter
from chatdata.site.output_dir import (
    STAGED_SITE,
    check_out,
    mark_site,
    new_staging,
    remove_abandoned,
    remove_staging,
    swap_in,
    write_png,
)
from chatdata.site.runtime_support import site_runtime
from chatdata.site.templates import fill

LEDE = (
    "An article says people and businesses have 600 million chats a day on Meta's apps. "
    "These chapters check that figure and its companions against their sources, and let you "
    "change the assumptions behind every estimate."
)
#: The notebook whose first chart illustrates the README (falls back to the first chart).
README_CHAPTER_PREFIX = "02"
#: Pixel density of the README image.
README_SCALE = 2


@dataclass
class BuildReport:
    """Result of :func:`build_site`."""

    ok: bool
    out: Path
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0


def neighbours(previous: Chapter | None, following: Chapter | None) -> list[str]:
    """What a page shows of the chapters beside it (part of its cache key)."""
    return [f"{c.href} {c.title}" if c else "" for c in (previous, following)]


def restore_page(job: Job) -> Outcome | None:
    """Copy a chapter's page from the page cache into the site, or None if it is not there."""
    started = time.perf_counter()
    stored = PageCache(pages_folder(job.cache_folder)).restore(
        job.chapter.slug, job.page_key, job.site_root
    )
    if stored is None:
        return None
    return Outcome(job.chapter.slug, time.perf_counter() - started, cached=True,
                   charts=stored["charts"], first_chart=stored["first_chart"],
                   needs=stored.get("needs"))  # fmt: skip


def index_html(chapters: list[Chapter]) -> str:
    """The contents page: each chapter's title and one-paragraph summary."""
    items = [
        {
            "href": chapter.href,
            "title": chapter.title,
            "summary_html": render_markdown(chapter.summary) if chapter.summary else "",
        }
        for chapter in chapters
    ]
    return fill("index", description=LEDE, lede=LEDE, chapters=items)


def readme_png(vega: dict, cache_folder: Path | None) -> bytes:
    """A chart as PNG, kept in ``cache_folder`` per spec and vl-convert version.

    The chart is the text column's layout (as the README shows it, about that wide), on
    white: the site's charts are transparent to follow the page's colour scheme.
    """
    vega = {**vega, "background": "white"}
    if cache_folder is None:
        return vl_convert.vega_to_png(vega, scale=README_SCALE)
    text = json.dumps([vega, vl_convert.__version__, README_SCALE], sort_keys=True)  # type: ignore[attr-defined]
    entry = Path(cache_folder) / f"readme-{hashlib.sha256(text.encode()).hexdigest()[:24]}.png"
    if entry.is_file():
        return entry.read_bytes()
    png = vl_convert.vega_to_png(vega, scale=README_SCALE)
    entry.parent.mkdir(parents=True, exist_ok=True)
    for old in entry.parent.glob("readme-*.png"):
        old.unlink()
    entry.write_bytes(png)
    return png


def write_readme_image(
    outcomes: list[Outcome], target: Path, cache_folder: Path | None = None
) -> Path | None:
    """Render the README's chart (first chart of chapter 02, else the first chart) as PNG.

    The PNG carries the build's mark (:func:`chatdata.site.output_dir.mark_png`); a file
    without it is never overwritten. The file is left alone (not even touched) when it
    already holds that image.
    """
    with_charts = [(o.slug, o.first_chart) for o in outcomes if o.first_chart is not None]
    if not with_charts:
        return None
    preferred = [c for c in with_charts if c[0].startswith(README_CHAPTER_PREFIX)]
    _, first_chart = (preferred or with_charts)[0]
    write_png(Path(target), readme_png(first_chart, cache_folder))
    return Path(target)


def _progress(number: int, total: int, outcome: Outcome, stream) -> None:
    status = "FAILED" if outcome.error else "ok"
    source = "cached" if outcome.cached else "executed"
    print(
        f"[{number}/{total}] {outcome.slug:<28} {status:<6} {outcome.seconds:6.1f} s  ({source})",
        file=stream,
        flush=True,
    )


def build_site(
    out: Path = Path("site"),
    notebooks: Path = Path("notebooks"),
    cache_folder: Path = Path(".cache/site"),
    jobs: int | None = None,
    timeout: float = 120.0,
    readme_image: Path | None = Path("docs/images/chart.png"),
    stream=None,
) -> BuildReport:
    """Execute every notebook and write the site to ``out``.

    Parameters
    ----------
    out : Path
        Destination folder: absent, empty or a site a build wrote; replaced only if the
        whole build succeeds.
    notebooks : Path
        Folder of ``*.ipynb`` chapters, published in name order.
    cache_folder : Path
        Executed notebooks, keyed on notebook, package code and data, and rendered pages,
        keyed also on the templates, vl-convert and the neighbouring chapters.
    jobs : int, optional
        Worker processes (default: number of CPUs).
    timeout : float
        Seconds any one cell may run.
    readme_image : Path or None
        Where to render the README chart (None: don't).
    stream : file, optional
        Where progress lines go (default: standard output).

    Raises
    ------
    chatdata.site.output_dir.Refused
        Before anything is written, when ``out`` or ``readme_image`` is a place the build
        could lose a file in (see :func:`~chatdata.site.output_dir.check_out`), or when
        another build is writing ``out``.
    """
    stream = stream or sys.stdout
    started = time.perf_counter()
    out = check_out(out, notebooks, cache_folder, readme_image)
    paths = find_notebooks(Path(notebooks))
    if not paths:
        print(f"no notebooks found in {notebooks}", file=stream)
        return BuildReport(ok=False, out=out)
    chapters = [read_chapter(path) for path in paths]
    check_url_safe(chapters)
    out.parent.mkdir(parents=True, exist_ok=True)
    report = None
    try:
        with BuildLock(out) as lock:
            if lock.cleared:
                print(f"cleared the lock of a stopped build (pid {lock.cleared})", file=stream)
            check_out(out, notebooks, cache_folder, readme_image)  # now that we hold the lock
            with signals_deferred():
                abandoned = remove_abandoned(out.parent)
            for folder in abandoned:
                print(f"removed {folder}, left by a stopped build", file=stream)
            basis = execution_basis(Path(notebooks), skip=(out, Path(cache_folder)))
            report = _build(
                out, chapters, Path(cache_folder), jobs, timeout, stream, started, basis
            )
            if not report.ok:
                return report
            for outcome in report.outcomes:
                if not outcome.charts:
                    print(f"warning: {outcome.slug} has no charts", file=stream)
            if readme_image is not None:
                image = write_readme_image(report.outcomes, Path(readme_image), Path(cache_folder))
                if image is not None:
                    print(f"README chart: {image}", file=stream)
    except Interrupted as stop:
        stop.published = stop.published or (report is not None and report.ok)
        raise
    report.seconds = time.perf_counter() - started
    print(f"site written to {out} in {report.seconds:.1f} s", file=stream)
    return report


def _build(out, chapters, cache_folder, jobs, timeout, stream, started, basis) -> BuildReport:
    """Build the site in a staging folder and swap it in if every chapter succeeded.

    Whatever stops it (a failure, an exception, SIGINT or SIGTERM), the staging folder goes
    and ``out`` is either as it was or the whole new site. ``basis`` is the notebooks'
    :func:`~chatdata.site.cache.execution_basis`. The site gets the core Vega runtime when
    every chart on it fits that runtime's record, else the full one
    (:func:`~chatdata.site.runtime_support.site_runtime`, from what each page's charts need).
    """
    staging = None
    try:
        # Made inside the try: a signal held back while it is made arrives in the try, and
        # the finally removes the folder.
        with signals_deferred():
            staging = new_staging(out.parent)
        site = staging / STAGED_SITE
        site.mkdir()
        site.chmod(0o755)  # staging folders are private; the site is meant to be served
        core = vega_record(runtime="core")  # read now: a runtime not built stops the build here
        write_assets(site)  # the runtime comes once the pages are known
        write_data(site)
        write_changes(site)
        (site / "index.html").write_text(index_html(chapters), encoding="utf-8")
        check_collisions(chapters, site)  # with what every site holds, as just written
        work = _jobs(chapters, site, cache_folder.resolve(), timeout, basis)
        outcomes = _publish(work, jobs or os.cpu_count() or 1, stream, staging / "kernels")
        failures = [o for o in outcomes if o.error]
        if failures:
            print(f"build failed; {out} left unchanged:", file=stream)
            for failure in failures:
                print(f"  {failure.error}", file=stream)
            return BuildReport(False, out, outcomes, time.perf_counter() - started)
        runtime = site_runtime([o.needs for o in outcomes], core)
        write_runtime(site, runtime)
        print(f"Vega runtime: {runtime}", file=stream)
        mark_site(site)
        with signals_deferred():
            swap_in(site, out)
            published = BuildReport(True, out, outcomes, time.perf_counter() - started)
    finally:
        if staging is not None:
            with signals_deferred():
                remove_staging(staging)
    return published


def _jobs(
    chapters: list[Chapter], site_root: Path, cache_folder: Path, timeout: float, basis: str
):
    """One job per chapter, with its notebook and page cache keys (``basis``: see _build)."""
    renderer = renderer_digest()
    work = []
    for i, chapter in enumerate(chapters):
        previous = chapters[i - 1] if i > 0 else None
        following = chapters[i + 1] if i + 1 < len(chapters) else None
        notebook_key = cache_key(chapter.path, basis)
        written = notebook_key + notebook_digest(chapter.path)
        key = page_key(written, renderer, neighbours(previous, following))
        work.append(
            Job(chapter, previous, following, site_root, cache_folder, notebook_key, key, timeout)
        )
    return work


def _publish(work: list[Job], jobs: int, stream, runtime_dir: Path) -> list[Outcome]:
    """Take cached pages as they are and render the others; outcomes in chapter order."""
    order = {job.chapter.slug: i for i, job in enumerate(work)}
    outcomes: list[Outcome] = []
    pending: list[Job] = []
    for job in work:
        outcome = restore_page(job)
        if outcome is None:
            pending.append(job)
        else:
            outcomes.append(outcome)
            _progress(len(outcomes), len(work), outcome, stream)
    if pending:
        outcomes += _run(pending, jobs, stream, runtime_dir, done=len(outcomes), total=len(work))
    return sorted(outcomes, key=lambda o: order[o.slug])


#: What the workers run, loaded once by the fork server they are forked from.
WORKER_MODULE = "chatdata.site.publish"
#: The package digest when this process's builds first forked workers.
_FORKED_FROM: dict[str, str] = {}


def worker_context():
    """Where the build's workers come from: forked from a server that loaded the renderer.

    The fork server (multiprocessing's, one per process) imports :data:`WORKER_MODULE` once
    (nbclient, Altair, vl-convert: seconds of CPU a spawned worker would pay each time), and
    every worker of every build this process runs is forked from it with the modules
    loaded. Once the package's code differs from what the server loaded, workers are spawned
    (they load the code as it is now), and where there is no fork server too.
    """
    package = package_digest()
    if _FORKED_FROM.setdefault("package", package) != package or (
        "forkserver" not in get_all_start_methods()
    ):
        return get_context("spawn")
    context = get_context("forkserver")
    context.set_forkserver_preload([WORKER_MODULE])
    return context


def _run(
    work: list[Job], jobs: int, stream, runtime_dir: Path, done: int = 0, total: int = 0
) -> list[Outcome]:
    """Publish the chapters in a process pool, printing a line as each finishes.

    If anything stops it (SIGINT, SIGTERM, an error), every worker and every kernel a worker
    started is killed before the exception goes on. Kernels keep their connection files in
    ``runtime_dir``, so that those of killed kernels go with the staging folder.
    """
    # Imported only when a page must be rendered: it loads nbclient, nbformat and Altair.
    from chatdata.site.publish import publish_chapter

    outcomes: list[Outcome] = []
    runtime_dir.mkdir(mode=0o700, exist_ok=True)
    before = child_pids()
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(work)),
        mp_context=worker_context(),
        initializer=worker_setup,
        initargs=(str(runtime_dir), dict(os.environ), os.getpid()),
    )
    try:
        futures = [pool.submit(publish_chapter, job) for job in work]
        for number, future in enumerate(as_completed(futures), start=done + 1):
            outcome = future.result()
            _progress(number, total or len(work), outcome, stream)
            outcomes.append(outcome)
    except BaseException:
        end_processes(before)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return outcomes
