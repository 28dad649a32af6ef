"""Reading notebooks for the site: which ones to publish, their titles and summaries."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_INLINE_MARKUP = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Chapter:
    """One notebook as the site sees it before execution.

    Attributes
    ----------
    path : Path
        The ``.ipynb`` file.
    slug : str
        File stem, used for the page name (``<slug>.html``) and its folder of files.
    title : str
        Plain text of the notebook's first heading (or the slug).
    summary : str
        Markdown of the first paragraph that is not a heading (may be empty).
    """

    path: Path
    slug: str
    title: str
    summary: str

    @property
    def href(self) -> str:
        """The page's file name in the site."""
        return f"{self.slug}.html"


def find_notebooks(folder: Path) -> list[Path]:
    """The notebooks to publish: ``*.ipynb`` in ``folder``, in name order.

    Checkpoint copies and names starting with ``_`` or ``.`` are left out.
    """
    return sorted(
        p
        for p in Path(folder).glob("*.ipynb")
        if not p.name.startswith(("_", ".")) and p.is_file()
    )


def plain_text(markdown: str) -> str:
    """Strip the inline markup a heading may carry (emphasis, code, links).

    Examples
    --------
    >>> plain_text("How *big* is [600 million](https://example.org)?")
    'How big is 600 million?'
    """
    return _INLINE_MARKUP.sub(lambda m: m.group(1) or "", markdown).strip()


def title_and_summary(markdown_sources: list[str]) -> tuple[str | None, str]:
    r"""First heading (plain text) and first non-heading paragraph (markdown) of the cells.

    Examples
    --------
    >>> title_and_summary(["# Scale\n\nHow many chats a second?\nAnd bytes.", "More."])
    ('Scale', 'How many chats a second?\nAnd bytes.')
    """
    title, summary = None, ""
    for source in markdown_sources:
        for block in re.split(r"\n\s*\n", source):
            block = block.strip()
            if not block:
                continue
            heading = _HEADING.match(block.splitlines()[0])
            if heading:
                if title is None:
                    title = plain_text(heading.group(2))
                continue
            if not summary and not block.startswith(("<", "|", "```", "- ", "* ", ">")):
                summary = block
        if title is not None and summary:
            break
    return title, summary


def markdown_sources(path: Path) -> list[str]:
    """The source of each markdown cell of a notebook (nbformat 4 JSON, read as plain JSON).

    Reading the JSON directly keeps ``nbformat`` (and its schema validator, slow to import)
    out of a build that only copies cached pages.
    """
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    sources = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            sources.append("".join(source) if isinstance(source, list) else source)
    return sources


def read_chapter(path: Path) -> Chapter:
    """Read a notebook's title and summary without executing it."""
    sources = markdown_sources(path)
    title, summary = title_and_summary(sources)
    return Chapter(
        path=Path(path), slug=Path(path).stem, title=title or path.stem, summary=summary
    )
