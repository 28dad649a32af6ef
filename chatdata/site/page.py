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
from chatdata.site.notebook import Chapter, plain_text
from chatdata.site.outputs import render_output
from chatdata.site.runtime_support import UnsupportedChartError
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


def picture_sources(chart: PublishedChart) -> dict:
    """The chart's build-time SVGs for ``figure.html``: one per layout, chosen by media query.

    Each source carries its size, so the browser reserves the chart's box before the image
    arrives and nothing moves when it does. The narrowest layout is the ``<img>`` itself.
    """
    widest_first = sorted(chart.variants, key=lambda v: v.width, reverse=True)
    return {"sources": [v for v in widest_first if v.media], "fallback": widest_first[-1]}


def _readout(value: float, unit: str) -> str:
    """A slider's value as the page shows it: thousands separators, then the unit.

    The same text as ``site.js`` writes once the chart is live.

    >>> _readout(600000000, "chats/day"), _readout(0.67, "share (0-1)"), _readout(8, "")
    ('600,000,000 chats/day', '67% share', '8')
    """
    if re.match(r"share\b", unit):
        return f"{round(value * 100)}% share"
    number = f"{value:,.0f}" if abs(value) >= 10000 else f"{value:g}"
    return f"{number} {unit}".strip()


def slider_unit(name: str) -> str:
    """The unit in a slider's label: its last parenthesis, nested ones included.

    >>> slider_unit("Chats a day (chats/day) "), slider_unit("WhatsApp share (share (0-1))")
    ('chats/day', 'share (0-1)')
    """
    text = name.strip()
    if not text.endswith(")"):
        return ""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if text[index] == "(" and depth == 0:
            return text[index + 1 : -1]
    return ""


#: Input types a browser draws as such; Vega makes any other binding an ``<input>`` of that
#: type, which the browser draws as a text box.
_INPUT_TYPES = frozenset(
    {
        "color", "date", "datetime-local", "email", "month", "number", "password", "search",
        "tel", "text", "time", "url", "week",
    }
)  # fmt: skip
#: Attributes of such an input that shape its box. Vega copies every key of the binding onto
#: the input (vega-view's bind.js); the build-time one needs these.
_INPUT_ATTRIBUTES = ("placeholder", "min", "max", "step", "size", "maxlength")


def js_text(value: object) -> str:
    """A value as JavaScript's ``String()`` writes it, as Vega puts it in a control.

    >>> [js_text(v) for v in (4, 4.0, 0.5, True, None, "navy")]
    ['4', '4', '0.5', 'true', 'null', 'navy']
    """
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return str(value)


def _choices(bind: dict, value: object) -> list[tuple[str, str, bool]]:
    """A radio group's or drop-down's options: (value, label, chosen), as Vega writes them."""
    labels = bind.get("labels") or []
    return [
        (
            js_text(option),
            js_text(labels[i]) if i < len(labels) and labels[i] else js_text(option),
            js_text(option) == js_text(value),
        )
        for i, option in enumerate(bind["options"])
    ]


def controls(chart: PublishedChart) -> list[dict]:
    """The chart's controls as Vega will draw them, for ``figure.html`` to write disabled.

    Drawn at build time so the page keeps their room from the start (nothing moves when
    Vega replaces them); Vega binds its own inputs in their place. Every kind of binding
    has one: slider, radio buttons, drop-down, checkbox, and any other ``<input>`` type.
    """
    found = []
    for index, signal in enumerate(chart.vega.get("signals", [])):
        bind = signal.get("bind") or {}
        kind = bind.get("input")
        if not isinstance(kind, str):
            continue  # not bound to an input (a legend or the scales)
        control = {"label": str(bind.get("name") or signal["name"]), "signal": signal["name"]}
        value = signal.get("value")
        if kind == "range":
            number = float(value if value is not None else bind.get("min", 0))
            unit = slider_unit(str(bind.get("name") or ""))
            control |= {"input": "range", "value": f"{number:g}"}
            control["readout"] = _readout(number, unit)
            control |= {key: bind.get(key) for key in ("min", "max", "step")}
        elif kind == "radio":
            control |= {"input": "radio", "group": f"{chart.name}-group-{index}"}
            control["options"] = _choices(bind, value)
        elif kind == "select":
            control |= {"input": "select", "options": _choices(bind, value)}
        elif kind == "checkbox":
            control |= {"input": "checkbox", "checked": bool(value)}
        else:
            control |= {
                "input": "other",
                "type": kind if kind in _INPUT_TYPES else "text",
                "value": "" if value is None else js_text(value),
                "attributes": [(k, js_text(bind[k])) for k in _INPUT_ATTRIBUTES if k in bind],
            }
        found.append(control)
    return found


_TABLE_OPEN = re.compile(r"<table\b")
_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def scrolling_tables(markup: str) -> str:
    """Each table in a box of its own that scrolls sideways, so the page never does.

    >>> scrolling_tables("<table><tr><td>1</td></tr></table>")  # doctest: +ELLIPSIS
    '<div class="table-scroll" tabindex="0" role="region" aria-label="Table, scrolls ...'
    """
    box = (
        '<div class="table-scroll" tabindex="0" role="region" '
        'aria-label="Table, scrolls sideways">'
    )
    return _TABLE_OPEN.sub(box + "<table", markup).replace("</table>", "</table></div>")


def contents_html(body: str) -> str:
    """On-page contents: a link to each section (``<h2>``), or "" for fewer than two.

    >>> contents_html('<h2 id="a">A</h2><h2 id="b">B <em>b</em></h2>')  # doctest: +ELLIPSIS
    '<nav class="toc" aria-label="On this page"><details><summary>On this page</summary>...'
    """
    sections = [(anchor, _TAG.sub("", text).strip()) for anchor, text in _H2.findall(body)]
    if len(sections) < 2:
        return ""
    items = "".join(f'<li><a href="#{anchor}">{text}</a></li>' for anchor, text in sections)
    return (
        '<nav class="toc" aria-label="On this page"><details><summary>On this page</summary>'
        f"<ol>{items}</ol></details></nav>"
    )


def with_contents(body: str) -> str:
    """The page body with its contents after the title (or at the top if it has none)."""
    toc = contents_html(body)
    if not toc:
        return body
    end = body.find("</h1>")
    at = end + len("</h1>") if end >= 0 else 0
    return body[:at] + toc + body[at:]


def figure_html(chart: PublishedChart, first: bool = False) -> HTML:
    """A chart's figure: its static SVG (live once Vega draws it), controls, spec, caption.

    The page's ``first`` chart asks for its picture first (``fetchpriority="high"``); the
    others' pictures load as the reader nears them (``loading="lazy"``), so that the first
    paint does not wait for pictures below the screen to be read and laid out.
    """
    return render(
        "site/figure.html",
        chart=chart,
        first=first,
        picture=picture_sources(chart),
        controls=controls(chart),
        spec=HTML(spec_json(chart.page_spec())),
    )


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
        return figure_html(chart, first=len(charts) == 1)

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
                except (ChartDataError, UnsupportedChartError) as exc:
                    first_line = cell.source.strip().splitlines()[0]
                    raise PageError(
                        f"{chapter.path}: cell {index} ({first_line!r}): a chart cannot be "
                        f"published: {exc}"
                    ) from None
            source = None if REMOVE_INPUT in tags else cell.source
            blocks.append(render("site/cell.html", source=source, outputs=outputs))
    page = fill(
        "page",
        description=plain_text(chapter.summary),
        title=chapter.title,
        body=HTML(with_contents(scrolling_tables(str(HTML("\n").join(blocks))))),
        previous=previous,
        following=following,
    )
    return Page(html=page, charts=charts)
