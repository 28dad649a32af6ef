"""Publish one chapter: execute its notebook (or take it from the cache) and write its page.

This runs in the build's worker processes; it imports the notebook runner and the chart
renderer, which take a couple of seconds to load.
"""

from __future__ import annotations

import time

from chatdata.site.cache import NotebookCache, PageCache, with_prose_of
from chatdata.site.execute import NotebookError, execute_notebook
from chatdata.site.jobs import Job, Outcome, pages_folder
from chatdata.site.page import PageError, render_page
from chatdata.site.runtime_support import merged


def publish_chapter(job: Job) -> Outcome:
    """Execute (or take from the cache) one notebook, write its page and cache the page."""
    started = time.perf_counter()
    slug = job.chapter.slug
    notebooks = NotebookCache(job.cache_folder)
    nb = notebooks.load(slug, job.notebook_key)
    if nb is not None:  # same code cells: the cached outputs, with the prose as it is now
        nb = with_prose_of(nb, job.chapter.path)
    cached = nb is not None
    try:
        if nb is None:
            nb = execute_notebook(job.chapter.path, timeout=job.timeout)
            notebooks.store(slug, job.notebook_key, nb)
        page = render_page(nb, job.chapter, job.site_root, job.previous, job.following)
    except (NotebookError, PageError) as exc:
        return Outcome(slug, time.perf_counter() - started, cached, error=str(exc))
    except Exception as exc:  # a page that cannot be rendered fails the build, with its name
        error = f"{job.chapter.path}: page could not be rendered: {type(exc).__name__}: {exc}"
        return Outcome(slug, time.perf_counter() - started, cached, error=error)
    (job.site_root / job.chapter.href).write_text(page.html, encoding="utf-8")
    first = page.charts[0].vega if page.charts else None
    found = merged([chart.needs for chart in page.charts])
    asked = {kind: sorted(names) for kind, names in found.items()}
    stored = {"charts": len(page.charts), "first_chart": first, "needs": asked}
    PageCache(pages_folder(job.cache_folder)).store(slug, job.page_key, job.site_root, stored)
    return Outcome(slug, time.perf_counter() - started, cached, charts=len(page.charts),
                   first_chart=first, needs=asked)  # fmt: skip
