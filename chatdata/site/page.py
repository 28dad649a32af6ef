"""One executed notebook as one page of the site.

Markdown becomes text, code is folded away behind a "Show code" toggle, charts become
figures with their alt text, source line, CSV download and a static SVG for readers without
JavaScript, and each chart's compiled Vega spec is embedded for ``assets/site.js`` to draw.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from chatdata.charts.render import spec_json
from chatdata.site.figures import PublishedChart, publish_chart
from chatdata.site.markup import add_heading_ids, render_markdown
from chatdata.site.notebook import Chapter
from chatdata.site.outputs import render_output
from chatdata.site.templates import fill

#: Tags with which a notebook hides a cell, its code or its outputs from the page.
REMOVE_CELL, REMOVE_INPUT, REMOVE_OUTPUT = "remove-cell", "remove-input", "remove-output"
_SETUP_CALL = re.compile(r"^\s*(?:chatdata\.)?setup\(\)\s*;?\s*$", re.MULTILINE)


@dataclass
class Page:
    """A rendered page: its HTML and the charts written for it."""

    html: str
    charts: list[PublishedChart] = field(default_factory=list)


def is_setup_cell(source: str) -> bool:
    """True for the cell that calls ``setup()``: its output (the renderer's name) is noise.

    Examples
    --------
    >>> is_setup_cell("from chatdata.widgets.setup import setup\\nsetup()")
    True
    >>> is_setup_cell("setup_cost = 3")
    False
    """
    return bool(_SETUP_CALL.search(source))


def figure_html(chart: PublishedChart) -> str:
    """A chart's figure: live view, no-script image, caption, links and its Vega spec."""
    description = html.escape(chart.description)
    links = "".join(
        f' <a class="chart-data" href="{html.escape(path)}" download>'
        f"Download data (CSV{'' if len(chart.csvs) == 1 else f', table {n}'})</a>"
        for n, path in enumerate(chart.csvs, start=1)
    )
    source = html.escape(chart.source_line)
    return (
        f'<figure class="chart" id="{chart.name}">'
        f'<div class="chart-view" data-spec="{chart.name}-spec" '
        f'data-static="{html.escape(chart.svg)}" data-alt="{description}"></div>'
        f'<noscript><img src="{html.escape(chart.svg)}" alt="{description}"></noscript>'
        f'<figcaption><span class="chart-description">{description}</span> '
        f'<span class="chart-source">{source}</span>{links}</figcaption>'
        f'<script type="application/json" id="{chart.name}-spec">{spec_json(chart.vega)}</script>'
        "</figure>"
    )


def code_html(source: str) -> str:
    """A code cell's source, folded away by default."""
    return (
        '<details class="code"><summary>Show code</summary>'
        f'<pre><code class="language-python">{html.escape(source)}</code></pre></details>'
    )


def pager_html(previous: Chapter | None, following: Chapter | None) -> str:
    """Links to the previous and next chapters (and the contents)."""
    links = []
    if previous is not None:
        links.append(
            f'<a rel="prev" href="{previous.href}">← Previous: {html.escape(previous.title)}</a>'
        )
    links.append('<a href="index.html">Contents</a>')
    if following is not None:
        links.append(
            f'<a rel="next" href="{following.href}">Next: {html.escape(following.title)} →</a>'
        )
    return "\n".join(links)


def render_page(
    nb,
    chapter: Chapter,
    site_root: Path,
    previous: Chapter | None = None,
    following: Chapter | None = None,
) -> Page:
    """Render an executed notebook; chart files go to ``site_root / chapter.slug``.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.
    chapter : Chapter
        Its title and slug.
    site_root : Path
        The site being written (the page itself is not written here).
    previous, following : Chapter, optional
        Neighbours for the previous/next links.
    """
    charts: list[PublishedChart] = []

    def write_chart(vegalite: dict) -> str:
        name = f"chart-{len(charts) + 1}"
        chart = publish_chart(vegalite, name, site_root, chapter.slug)
        charts.append(chart)
        return figure_html(chart)

    blocks: list[str] = []
    heading_ids: set[str] = set()
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if REMOVE_CELL in tags:
            continue
        if cell.cell_type == "markdown":
            blocks.append(add_heading_ids(render_markdown(cell.source), heading_ids))
        elif cell.cell_type == "code" and cell.source.strip():
            parts = [] if REMOVE_INPUT in tags else [code_html(cell.source)]
            if REMOVE_OUTPUT not in tags and not is_setup_cell(cell.source):
                parts += [render_output(output, write_chart) for output in cell.outputs]
            blocks.append('<div class="cell">' + "".join(parts) + "</div>")
    page = fill(
        "page",
        title=html.escape(chapter.title),
        body="\n".join(blocks),
        pager=pager_html(previous, following),
    )
    return Page(html=page, charts=charts)
