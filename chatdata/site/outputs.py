"""Notebook cell outputs as page HTML.

Charts become figures (see :mod:`chatdata.site.figures`): chatdata's placeholders and the
outputs of any Altair notebook (see :mod:`chatdata.site.altair_outputs`). ipywidgets, which
cannot run on a static page, become a short note; text is escaped; HTML from code is cleaned.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from chatdata.charts.render import split_placeholders
from chatdata.site.altair_outputs import ChartSource, output_charts
from chatdata.site.ansi import strip_ansi
from chatdata.site.markup import clean_html, render_markdown
from chatdata.templating import HTML, render

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

#: Called with a chart (a placeholder's Vega-Lite spec, or a standard output's chart); returns
#: the figure HTML for it.
ChartWriter = Callable[[ChartSource | dict], str]


def _pre(text: str, kind: str) -> HTML:
    return render("site/output.html", kind=kind, text=text)


_TABLE_HEAD = re.compile(r"<thead\b.*?</thead>", re.DOTALL)
_UNSCOPED_TH = re.compile(r"<th(?![^>]*\sscope=)(?=[\s>])")


def scope_headers(markup: str) -> str:
    """Say which cells each of a table's ``th`` heads (pandas writes no ``scope``).

    Headers in ``thead`` head columns, the others rows; a ``scope`` already given is kept.

    Examples
    --------
    >>> scope_headers("<thead><tr><th>a</th></tr></thead><tbody><tr><th>0</th></tr></tbody>")
    '<thead><tr><th scope="col">a</th></tr></thead><tbody><tr><th scope="row">0</th></tr></tbody>'
    """
    markup = _TABLE_HEAD.sub(lambda m: _UNSCOPED_TH.sub('<th scope="col"', m.group()), markup)
    return _UNSCOPED_TH.sub('<th scope="row"', markup)


def render_html_output(markup: str, write_chart: ChartWriter) -> HTML:
    """HTML output: charts replaced by figures, the rest cleaned, table headers scoped."""
    parts = []
    for part in split_placeholders(markup):
        parts.append(
            write_chart(part) if isinstance(part, dict) else scope_headers(clean_html(part))
        )
    return HTML("".join(parts))


def render_output(output: dict, write_chart: ChartWriter) -> HTML:
    """One output of a code cell as HTML ("" when there is nothing to show)."""
    kind = output.get("output_type")
    if kind == "stream":
        text = output.get("text", "")
        return _pre(text, "stdout") if output.get("name") == "stdout" and text.strip() else HTML()
    if kind == "error":
        text = strip_ansi(f"{output.get('ename', '')}: {output.get('evalue', '')}")
        return _pre(text, "error")
    data = output.get("data", {})
    charts = output_charts(output)
    if charts:
        return HTML("").join(write_chart(chart) for chart in charts)
    if WIDGET_MIME in data:
        return render("site/output.html", kind="widget")
    if "text/html" in data:
        return render_html_output(_text(data["text/html"]), write_chart)
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            payload = _text(data[mime]).replace("\n", "")
            return render("site/output.html", kind="image", mime=mime, payload=payload)
    if "text/markdown" in data:
        return HTML(render_markdown(_text(data["text/markdown"])))
    if "text/plain" in data:
        return _pre(_text(data["text/plain"]), "result")
    return HTML()


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)
