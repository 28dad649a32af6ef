"""``python -m chatdata build``: execute the notebooks and publish the static site.

The site is written to a temporary folder beside the destination and swapped in only when
every notebook succeeded, so a failed build leaves the published site as it was. Notebooks
run in parallel, one process each; an unchanged notebook is taken from the cache.
"""

from __future__ import annotations

import html
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import vl_convert

from chatdata.site.assets import write_assets, write_data
from chatdata.site.cache import NotebookCache, cache_key, package_digest
from chatdata.site.execute import NotebookError, execute_notebook
from chatdata.site.markup import render_markdown
from chatdata.site.notebook import Chapter, find_notebooks, read_chapter
from chatdata.site.page import render_page
from chatdata.site.templates import fill

LEDE = (
    "An article says people and businesses have 600 million chats a day on Meta's apps. "
    "These chapters check that figure and its companions against their sources, and let you "
    "change the assumptions behind every estimate."
)
#: The notebook whose first chart illustrates the README (falls back to the first chart).
README_CHAPTER_PREFIX = "02"


@dataclass
class Job:
    """What one worker needs to publish one chapter."""

    chapter: Chapter
    previous: Chapter | None
    following: Chapter | None
    site_root: Path
    cache_folder: Path
    package: str
    timeout: float


@dataclass
class Outcome:
    """How a chapter went: for the progress line, the README image and the failure report."""

    slug: str
    seconds: float
    cached: bool = False
    error: str | None = None
    charts: int = 0
    first_chart: dict | None = None


@dataclass
class BuildReport:
    """Result of :func:`build_site`."""

    ok: bool
    out: Path
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0


def publish_chapter(job: Job) -> Outcome:
    """Execute (or take from the cache) one notebook and write its page. Runs in a worker."""
    started = time.perf_counter()
    slug = job.chapter.slug
    cache = NotebookCache(job.cache_folder)
    key = cache_key(job.chapter.path, job.package)
    nb = cache.load(slug, key)
    cached = nb is not None
    try:
        if nb is None:
            nb = execute_notebook(job.chapter.path, timeout=job.timeout)
            cache.store(slug, key, nb)
        page = render_page(nb, job.chapter, job.site_root, job.previous, job.following)
    except NotebookError as exc:
        return Outcome(slug, time.perf_counter() - started, cached, error=str(exc))
    except Exception as exc:  # a page that cannot be rendered fails the build, with its name
        error = f"{job.chapter.path}: page could not be rendered: {type(exc).__name__}: {exc}"
        return Outcome(slug, time.perf_counter() - started, cached, error=error)
    (job.site_root / job.chapter.href).write_text(page.html, encoding="utf-8")
    first = page.charts[0].vega if page.charts else None
    return Outcome(slug, time.perf_counter() - started, cached, charts=len(page.charts),
                   first_chart=first)  # fmt: skip


def index_html(chapters: list[Chapter]) -> str:
    """The contents page: each chapter's title and one-paragraph summary."""
    items = []
    for chapter in chapters:
        summary = render_markdown(chapter.summary) if chapter.summary else ""
        items.append(
            f'<li><a href="{chapter.href}">{html.escape(chapter.title)}</a>{summary}</li>'
        )
    return fill("index", lede=html.escape(LEDE), chapters="\n".join(items))


def write_readme_image(outcomes: list[Outcome], target: Path) -> Path | None:
    """Render the README's chart (first chart of chapter 02, else the first chart) as PNG."""
    with_charts = [o for o in outcomes if o.first_chart is not None]
    if not with_charts:
        return None
    preferred = [o for o in with_charts if o.slug.startswith(README_CHAPTER_PREFIX)]
    chosen = (preferred or with_charts)[0]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(vl_convert.vega_to_png(chosen.first_chart, scale=2))
    return target


def _swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging``, keeping the old site until the new one is in place."""
    if out.exists():
        retired = Path(tempfile.mkdtemp(prefix=".site-old-", dir=out.parent))
        out.rename(retired / out.name)
        staging.rename(out)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(out)


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
        Destination folder; replaced only if the whole build succeeds.
    notebooks : Path
        Folder of ``*.ipynb`` chapters, published in name order.
    cache_folder : Path
        Executed notebooks, keyed on notebook, package code and data.
    jobs : int, optional
        Worker processes (default: number of CPUs).
    timeout : float
        Seconds any one cell may run.
    readme_image : Path or None
        Where to render the README chart (None: don't).
    stream : file, optional
        Where progress lines go (default: standard output).
    """
    stream = stream or sys.stdout
    started = time.perf_counter()
    out = Path(out).resolve()
    paths = find_notebooks(Path(notebooks))
    if not paths:
        print(f"no notebooks found in {notebooks}", file=stream)
        return BuildReport(ok=False, out=out)
    chapters = [read_chapter(path) for path in paths]
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the site is meant to be served
    try:
        write_assets(staging, Path(cache_folder))
        write_data(staging)
        package = package_digest()
        work = [
            Job(
                chapter=chapter,
                previous=chapters[i - 1] if i > 0 else None,
                following=chapters[i + 1] if i + 1 < len(chapters) else None,
                site_root=staging,
                cache_folder=Path(cache_folder).resolve(),
                package=package,
                timeout=timeout,
            )
            for i, chapter in enumerate(chapters)
        ]
        outcomes = _run(work, jobs or os.cpu_count() or 1, stream)
        failures = [o for o in outcomes if o.error]
        if failures:
            print(f"build failed; {out} left unchanged:", file=stream)
            for failure in failures:
                print(f"  {failure.error}", file=stream)
            shutil.rmtree(staging, ignore_errors=True)
            return BuildReport(False, out, outcomes, time.perf_counter() - started)
        (staging / "index.html").write_text(index_html(chapters), encoding="utf-8")
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if readme_image is not None:
        image = write_readme_image(outcomes, Path(readme_image))
        if image is not None:
            print(f"README chart: {image}", file=stream)
    seconds = time.perf_counter() - started
    print(f"site written to {out} in {seconds:.1f} s", file=stream)
    return BuildReport(True, out, outcomes, seconds)


def _run(work: list[Job], jobs: int, stream) -> list[Outcome]:
    """Publish the chapters in a process pool, printing a line as each finishes."""
    order = {job.chapter.slug: i for i, job in enumerate(work)}
    outcomes: list[Outcome] = []
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(work)), mp_context=get_context("spawn")
    ) as pool:
        futures = [pool.submit(publish_chapter, job) for job in work]
        for number, future in enumerate(as_completed(futures), start=1):
            outcome = future.result()
            _progress(number, len(work), outcome, stream)
            outcomes.append(outcome)
    return sorted(outcomes, key=lambda o: order[o.slug])
