"""One executed notebook as one page of the site.

Markdown becomes text, code is folded away behind a "Show code" toggle, charts become
figures with their alt text, source line, CSV download and a static SVG for readers without
JavaScript, and each chart's compiled Vega spec is embedded for ``assets/site.js`` to draw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from chatdata.charts.render import spec_json
from chatdata.site.chart_data import ChartDataError
from chatdata.site.figures import PublishedChart, publish_chart
from chatdata.site.markup import add_heading_ids, render_markdown
from chatdata.site.notebook import Chapter
from chatdata.site.outputs import render_output
from chatdata.site.templates import fill
from chatdata.templating import HTML, render

#: Tags with which a notebook hides a cell, its code or its outputs from the page.
REMOVE_CELL, REMOVE_INPUT, REMOVE_OUTPUT = "remove-cell", "remove-input", "remove-output"
_SETUP_CALL = re.compile(r"^\s*(?:chatdata\.)?setup\(\)\s*;?\s*$", re.MULTILINE)


class PageError(RuntimeError):
    """A cell's output cannot be published; the message names the notebook and the cell."""


@dataclass
class Page:
    """A rendered page: its HTML and the charts written for it."""

    html: str
    charts: list[PublishedChart] = field(default_factory=list)


def is_setup_cell(source: str) -> bool:
    r"""True for the cell that calls ``setup()``: its output (the renderer's name) is noise.

    Examples
    --------
    >>> is_setup_cell("import chatdata\nchatdata.setup()")
    True
    >>> is_setup_cell("setup_cost = 3")
    False
    """
    return bool(_SETUP_CALL.search(source))


def figure_html(chart: PublishedChart) -> HTML:
    """A chart's figure: live view, no-script image, caption, links and its Vega spec."""
    return render("site/figure.html", chart=chart, spec=HTML(spec_json(chart.vega)))


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

    def write_chart(source) -> str:
        name = f"chart-{len(charts) + 1}"
        chart = publish_chart(source, name, site_root, chapter.slug, chapter.path.parent)
        charts.append(chart)
        return figure_html(chart)

    blocks: list[HTML] = []
    heading_ids: set[str] = set()
    for index, cell in enumerate(nb.cells):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if REMOVE_CELL in tags:
            continue
        if cell.cell_type == "markdown":
            blocks.append(HTML(add_heading_ids(render_markdown(cell.source), heading_ids)))
        elif cell.cell_type == "code" and cell.source.strip():
            outputs = []
            if REMOVE_OUTPUT not in tags and not is_setup_cell(cell.source):
                try:
                    outputs = [render_output(output, write_chart) for output in cell.outputs]
                except ChartDataError as exc:
                    first_line = cell.source.strip().splitlines()[0]
                    raise PageError(
                        f"{chapter.path}: cell {index} ({first_line!r}): a chart cannot be "
                        f"published: {exc}"
                    ) from None
            source = None if REMOVE_INPUT in tags else cell.source
            blocks.append(render("site/cell.html", source=source, outputs=outputs))
    page = fill(
        "page",
        title=chapter.title,
        body=HTML("\n").join(blocks),
        previous=previous,
        following=following,
    )
    return Page(html=page, charts=charts)
