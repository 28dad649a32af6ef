"""Turn the chart placeholders in notebook outputs into published charts.

A placeholder (written and parsed by :mod:`chatdata.charts.render`) carries a Vega-Lite spec.
For each chart the site keeps: the spec compiled to Vega (so pages need no Vega-Lite compiler),
a static SVG for readers without JavaScript, one CSV per inline dataset, and the alt text and
source line.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import vl_convert

from chatdata.site.spreadsheet import safe_cell
from chatdata.templating import HTML

#: Attributes a static SVG does not need: shown through ``<img>``, its inner accessibility
#: tree is never exposed (the image's alt text is what readers get), and it takes no events.
_UNSEEN_ATTRIBUTE = re.compile(
    r'\s(?:aria-label|aria-roledescription|aria-hidden|role|pointer-events)="[^"]*"'
)
#: Attributes holding coordinates, and a number with more than two decimals.
_GEOMETRY = re.compile(r'(\s(?:d|transform|x|y|x1|x2|y1|y2|width|height)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"-?\d+\.\d{3,}")
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def _round(match: re.Match) -> str:
    text = f"{float(match.group()):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def compact_svg(svg: str, description: str = "") -> str:
    """A smaller static SVG that draws the same: for the ``<img>`` fallback and downloads.

    Per-mark ARIA attributes and event hints are dropped and coordinates rounded to 0.01 px;
    text is untouched. The chart's description becomes the SVG's ``<title>``, so the file
    keeps its alt text when opened on its own.

    Examples
    --------
    >>> svg = ('<svg class="marks"><path role="graphics-symbol" aria-label="x: 1" '
    ...        'd="M0.123456,2L3,4.5"/><text x="1.23456">1.23456</text></svg>')
    >>> compact_svg(svg, "Bars")  # doctest: +NORMALIZE_WHITESPACE
    '<svg class="marks"><title>Bars</title><path d="M0.12,2L3,4.5"/><text
    x="1.23">1.23456</text></svg>'
    """
    svg = _UNSEEN_ATTRIBUTE.sub("", svg)
    svg = _GEOMETRY.sub(lambda m: m.group(1) + _LONG_DECIMAL.sub(_round, m.group(2)) + '"', svg)
    if description:
        title = str(HTML("<title>{}</title>").format(description))
        svg = _SVG_OPEN.sub(lambda m: m.group() + title, svg, count=1)
    return svg


@dataclass
class PublishedChart:
    """One chart ready for a page.

    Attributes
    ----------
    name : str
        Unique within its page, e.g. ``"chart-2"``.
    vega : dict
        The compiled Vega spec.
    description : str
        Alt text (the Vega-Lite ``description``).
    source_line : str
        The visible "Source: ..." line, from ``usermeta.chatdata.source_line``.
    svg : str
        Path of the static SVG, relative to the site root.
    csvs : list of str
        Paths of the chart's data files, relative to the site root.
    """

    name: str
    vega: dict
    description: str = ""
    source_line: str = ""
    svg: str = ""
    csvs: list[str] = field(default_factory=list)


def inline_datasets(vega: dict) -> dict[str, list]:
    """The named datasets of a Vega spec that hold their rows inline."""
    return {
        entry["name"]: entry["values"]
        for entry in vega.get("data", [])
        if isinstance(entry.get("values"), list) and entry["values"]
    }


def write_csv(rows: list, path: Path) -> None:
    """Write records (dicts) or plain values to CSV with a header row.

    Text a spreadsheet would run as a formula gets a leading ``'``
    (:func:`chatdata.site.spreadsheet.safe_cell`); numbers are written as they are.
    """
    if rows and not isinstance(rows[0], dict):
        rows = [{"value": value} for value in rows]
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([safe_cell(c) for c in columns])  # text that could run as a formula
        for row in rows:
            cells = (row.get(c, "") for c in columns)
            writer.writerow(
                [safe_cell(json.dumps(v) if isinstance(v, dict | list) else v) for v in cells]
            )


def publish_chart(vegalite: dict, name: str, site_root: Path, folder: str) -> PublishedChart:
    """Compile one chart and write its SVG and CSV files under ``site_root / folder``.

    Parameters
    ----------
    vegalite : dict
        The Vega-Lite spec from the placeholder.
    name : str
        The chart's name within its page (file names start with it).
    site_root : Path
        The site being written.
    folder : str
        The page's folder for its files, relative to ``site_root``.
    """
    vega = vl_convert.vegalite_to_vega(vegalite)
    vega.pop("usermeta", None)  # the page shows it as text; the browser does not need it
    meta = (vegalite.get("usermeta") or {}).get("chatdata") or {}
    chart = PublishedChart(
        name=name,
        vega=vega,
        description=str(vegalite.get("description") or ""),
        source_line=str(meta.get("source_line") or ""),
    )
    target = site_root / folder
    target.mkdir(parents=True, exist_ok=True)
    svg_name = f"{name}.svg"
    svg = compact_svg(vl_convert.vega_to_svg(vega), chart.description)
    (target / svg_name).write_text(svg, encoding="utf-8")
    chart.svg = f"{folder}/{svg_name}"
    datasets = inline_datasets(vega)
    for number, rows in enumerate(datasets.values(), start=1):
        csv_name = f"{name}.csv" if len(datasets) == 1 else f"{name}-data-{number}.csv"
        write_csv(rows, target / csv_name)
        chart.csvs.append(f"{folder}/{csv_name}")
    return chart
