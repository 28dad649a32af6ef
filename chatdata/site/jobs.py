"""What the build hands a worker for one chapter, and what it gets back.

Kept free of heavy imports: a build that finds every page in the cache uses these without
loading the notebook runner or the chart renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chatdata.site.notebook import Chapter


@dataclass
class Job:
    """What one worker needs to publish one chapter.

    Attributes
    ----------
    chapter, previous, following : Chapter
        The chapter and its neighbours (None at either end).
    site_root : Path
        The site being written.
    cache_folder : Path
        Executed notebooks; rendered pages go to its ``pages`` folder.
    notebook_key, page_key : str
        Cache keys of the executed notebook and of the rendered page.
    timeout : float
        Seconds any one cell may run.
    """

    chapter: Chapter
    previous: Chapter | None
    following: Chapter | None
    site_root: Path
    cache_folder: Path
    notebook_key: str
    page_key: str
    timeout: float


@dataclass
class Outcome:
    """How a chapter went: for the progress line, the README image and the failure report.

    ``cached`` means the notebook was not executed (its page may still have been rendered).
    ``needs`` is what the page's charts ask of the Vega runtime (kind -> sorted names, as
    :func:`chatdata.site.runtime_support.needs` reports them, over all its charts), from which
    the build picks the site's runtime; None: not known (the full runtime is picked).
    """

    slug: str
    seconds: float
    cached: bool = False
    error: str | None = None
    charts: int = 0
    first_chart: dict | None = None
    needs: dict[str, list[str]] | None = None


def pages_folder(cache_folder: Path) -> Path:
    """Where rendered pages are cached, inside the build's cache folder."""
    return Path(cache_folder) / "pages"
