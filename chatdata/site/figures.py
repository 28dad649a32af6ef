"""Turn the charts in notebook outputs into published charts.

A chart comes from a chatdata placeholder (written and parsed by :mod:`chatdata.charts.render`),
which carries a Vega-Lite spec, or from one of Altair's standard outputs (see
:mod:`chatdata.site.altair_outputs`), Vega-Lite or Vega; both go through :func:`publish_chart`.
A chatdata chart is laid out again (:func:`chatdata.charts.layout.fit_measured`) at every width
in :data:`~chatdata.charts.layout.LAYOUT_WIDTHS`, so that it reflows on a phone instead of
shrinking; any other chart keeps the one layout its author gave it. For each layout the site
keeps the spec compiled to Vega (pages need no Vega-Lite compiler), with its local data files
inlined, and a static SVG drawn at that width; per chart it keeps one CSV per inline dataset,
and the alt text and source line. A chart the site's lean Vega runtime cannot draw is refused
(:mod:`chatdata.site.runtime_support`).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import vl_convert

from chatdata.charts.layout import LAYOUT_WIDTHS, fit_measured, svg_size
from chatdata.site.altair_outputs import ChartSource
from chatdata.site.assets import vega_record
from chatdata.site.chart_data import compile_to_vega, dataset_rows, inline_local_data
from chatdata.site.runtime_support import check_supported, merged
from chatdata.site.spec_patch import spec_patch
from chatdata.site.spreadsheet import safe_cell
from chatdata.templating import HTML

#: Page margins around the text column (1rem each side): a layout width w is shown from a
#: viewport of w + this many pixels up.
PAGE_MARGINS = 32

#: Attributes a static SVG does not need: shown through ``<img>``, its inner accessibility
#: tree is never exposed (the image's alt text is what readers get), and it takes no events.
_UNSEEN_ATTRIBUTE = re.compile(
    r'\s(?:aria-label|aria-roledescription|aria-hidden|role|pointer-events)="[^"]*"'
)
#: Attributes holding coordinates, and a number with more than two decimals.
_GEOMETRY = re.compile(r'(\s(?:d|transform|x|y|x1|x2|y1|y2|width|height)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"-?\d+\.\d{3,}")
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
#: A start tag (Vega escapes ``<`` and ``>`` in attribute values, so none holds either).
_START_TAG = re.compile(r"<[A-Za-z][^>]*>")
_GROUP_OPEN = re.compile(r"<(?:g|svg)\b[^>]*>")
#: Elements that draw nothing: an empty text (a tick label the axis left out), an empty
#: hidden path, a group background of no size, stroke or fill.
_DRAWS_NOTHING = re.compile(
    r'<text\b[^>]*/>|<path class="foreground" d="" display="none"/>'
    r'|<path class="background" d="M0,0h0v0h0Z"/>'
)
#: Attribute values an element has anyway: opacity 1 (not inherited) and a null translation.
_NO_EFFECT = re.compile(r'\s(?:opacity="1"|transform="translate\(0,0\)")')
#: Initial values of inherited properties; dropped only where no group sets the property.
_INITIAL = {
    "stroke-width": "1",
    "text-anchor": "start",
    "fill-opacity": "1",
    "stroke-opacity": "1",
}
#: Inherited text properties written on every text: the commonest value moves to the root.
_HOISTED = ("font-family", "font-size")
_LINE_ENDS = re.compile(r'\s(?:x1|y1|x2|y2)="0"')


def _round(match: re.Match) -> str:
    text = f"{float(match.group()):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


#: The static SVGs follow the reader's colour scheme as the live charts do (see site.css).
DARK_STYLE = (
    "<style>@media (prefers-color-scheme: dark){text{fill:#e8e8e8}"
    '[stroke="#888"],[stroke="black"],[stroke="#000"],[stroke="#000000"]{stroke:#d0d0d0}'
    ".role-axis-grid line,.role-axis-grid path{stroke:#3a3a3a}"
    '[fill="black"],[fill="#000000"]{fill:#e8e8e8}}</style>'
)


def without_defaults(svg: str) -> str:
    """The SVG without what draws nothing and without attributes that set what is so anyway.

    Elements that draw nothing go; so do ``opacity="1"``, ``translate(0,0)``, a line's zero
    ends, and the initial value of an inherited property (``stroke-width="1"``...) wherever
    no group sets that property. The commonest ``font-family`` and ``font-size`` of the
    texts are set once on the root instead (inherited by every text that sets no other).

    Examples
    --------
    >>> without_defaults('<svg><g><line x2="0" y2="-9" stroke-width="1" opacity="1"/>'
    ...                  '<text font-size="12px">A</text><text font-size="12px"/></g></svg>')
    '<svg font-size="12px"><g><line y2="-9"/><text>A</text></g></svg>'
    """
    svg = _DRAWS_NOTHING.sub("", svg)
    groups = " ".join(_GROUP_OPEN.findall(svg))
    unset = [name for name in (*_INITIAL, *_HOISTED) if f' {name}="' not in groups]
    initial = [f'{name}="{_INITIAL[name]}"' for name in _INITIAL if name in unset]
    hoisted = {}
    for name in _HOISTED:
        values = re.findall(rf'\s{name}="([^"]*)"', svg)
        if name in unset and values:
            hoisted[name] = max(set(values), key=values.count)
            initial.append(f'{name}="{hoisted[name]}"')
    dropped = re.compile(r"\s(?:" + "|".join(map(re.escape, initial)) + ")") if initial else None

    def tag(match: re.Match) -> str:
        text = _NO_EFFECT.sub("", match.group())
        if dropped:
            text = dropped.sub("", text)
        if re.match(r"<line[\s/>]", text):
            text = _LINE_ENDS.sub("", text)
        return text

    svg = _START_TAG.sub(tag, svg)
    if hoisted:
        root = "".join(f' {name}="{value}"' for name, value in hoisted.items())
        svg = _SVG_OPEN.sub(lambda m: re.sub(r"/?>$", root + r"\g<0>", m.group()), svg, count=1)
    return svg


def compact_svg(svg: str, description: str = "") -> str:
    """A smaller static SVG that draws the same: for the ``<img>`` fallback and downloads.

    Per-mark ARIA attributes and event hints are dropped and coordinates rounded to 0.01 px;
    text is untouched; what draws nothing or repeats a default goes (:func:`without_defaults`).
    A style sheet lightens text and rules in a dark colour scheme. The chart's description
    becomes the SVG's ``<title>``, so the file keeps its alt text when opened on its own.

    Examples
    --------
    >>> svg = ('<svg class="marks"><path role="graphics-symbol" aria-label="x: 1" '
    ...        'd="M0.123456,2L3,4.5"/><text x="1.23456">1.23456</text></svg>')
    >>> compact_svg(svg, "Bars")  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    '<svg class="marks"><title>Bars</title><path d="M0.12,2L3,4.5"/><text
    x="1.23">1.23456</text><style>@media (prefers-color-scheme: dark)...</style></svg>'
    """
    svg = _UNSEEN_ATTRIBUTE.sub("", svg)
    svg = svg.replace("</svg>", DARK_STYLE + "</svg>") if "</svg>" in svg else svg
    svg = _GEOMETRY.sub(lambda m: m.group(1) + _LONG_DECIMAL.sub(_round, m.group(2)) + '"', svg)
    svg = without_defaults(svg)
    if description:
        title = str(HTML("<title>{}</title>").format(description))
        svg = _SVG_OPEN.sub(lambda m: m.group() + title, svg, count=1)
    return svg


@dataclass
class Variant:
    """A chart laid out for one width.

    Attributes
    ----------
    width : int
        The layout width (CSS px).
    vega : dict
        The compiled Vega spec.
    svg : str
        Path of its static SVG, relative to the site root.
    size : tuple of float
        Width and height of that SVG.
    only : bool
        True for a chart's one layout, shown at every screen width.
    """

    width: int
    vega: dict
    svg: str
    size: tuple[float, float]
    only: bool = False

    @property
    def media(self) -> str:
        """The media query under which pages show this layout ("" for the narrowest)."""
        if self.only or self.width == min(LAYOUT_WIDTHS):
            return ""
        return f"(min-width: {self.width + PAGE_MARGINS}px)"


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
    variants : list of Variant
        The chart at each layout width, narrowest first; ``vega`` and ``svg`` are the
        widest's (the text column's).
    needs : dict
        What its layouts ask of the Vega runtime, by kind
        (:func:`~chatdata.site.runtime_support.needs`, over every variant).
    """

    name: str
    vega: dict
    description: str = ""
    source_line: str = ""
    svg: str = ""
    csvs: list[str] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    needs: dict[str, set[str]] = field(default_factory=dict)

    def page_spec(self) -> dict:
        """What the page embeds: the widest layout's Vega spec, the others as patches of it.

        Returns ``{"data": {name: rows}, "variants": [{"width", "media", "spec" or
        "patch"}]}``, narrowest first: the widest holds its ``spec``, each other layout the
        edits that turn that spec into its own (:mod:`chatdata.site.spec_patch`); a dataset
        entry whose rows are under ``data`` holds no ``values`` in the specs.
        """
        shared: dict[str, list] = {}
        specs = []
        for variant in self.variants:
            spec = json.loads(json.dumps(variant.vega))
            for entry in spec.get("data", []):
                rows = entry.get("values")
                name = entry.get("name")
                if not isinstance(rows, list) or not name or shared.get(name, rows) != rows:
                    continue
                shared[name] = entry.pop("values")
            specs.append(spec)
        widest = specs[-1]
        variants: list[dict] = [
            {"width": variant.width, "media": variant.media}
            | ({"spec": spec} if spec is widest else {"patch": spec_patch(widest, spec)})
            for variant, spec in zip(self.variants, specs, strict=True)
        ]
        return {"data": shared, "variants": variants}


def inline_datasets(vega: dict) -> dict[str, list]:
    """The named datasets of a Vega spec that hold their rows inline (or an inlined file's)."""
    found = {}
    for entry in vega.get("data", []):
        rows = dataset_rows(entry)
        if rows:
            found[entry["name"]] = rows
    return found


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


def title_text(spec: dict) -> str:
    """A spec's title as plain text ("" if it has none).

    Examples
    --------
    >>> title_text({"title": {"text": ["Cars", "by origin"]}})
    'Cars by origin'
    """
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(str(line) for line in title)
    return str(title or "")


def publish_chart(
    source: ChartSource | dict,
    name: str,
    site_root: Path,
    folder: str,
    data_folder: Path | None = None,
) -> PublishedChart:
    """Compile one chart and write its SVG and CSV files under ``site_root / folder``.

    Parameters
    ----------
    source : ChartSource or dict
        The chart from a notebook output; a dict is a placeholder's Vega-Lite spec.
    name : str
        The chart's name within its page (file names start with it).
    site_root : Path
        The site being written.
    folder : str
        The page's folder for its files, relative to ``site_root``.
    data_folder : Path, optional
        Where relative data URLs are read from (the notebook's folder); without it a chart
        that reads a file is left to the browser, which cannot read it from a page on disk.

    Raises
    ------
    chatdata.site.chart_data.ChartDataError
        When the chart's data is off the machine, missing or too big.
    chatdata.site.runtime_support.UnsupportedChartError
        When it needs what the site's Vega runtime leaves out (a transform, a scale type...).
    """
    if isinstance(source, dict):
        source = ChartSource(source)
    spec = source.spec
    meta = (spec.get("usermeta") or {}).get("chatdata") or {}
    description = str(spec.get("description") or title_text(spec) or "A chart")
    target = site_root / folder
    target.mkdir(parents=True, exist_ok=True)
    if source.mode == "vega-lite" and meta:
        layouts = [fit_measured(spec, width)[1:] for width in sorted(LAYOUT_WIDTHS)]
        widths: list[int | None] = list(sorted(LAYOUT_WIDTHS))
    else:  # not ours: drawn as its author laid it out, at any screen width
        vega = compile_to_vega(spec, source.mode)
        if data_folder is not None:
            inline_local_data(vega, data_folder)
        layouts = [(vega, vl_convert.vega_to_svg(vega))]
        widths = [None]
    variants = []
    asked = []
    runtime = vega_record()
    for width, (vega, svg) in zip(widths, layouts, strict=True):
        vega.pop("usermeta", None)  # the page shows it as text; the browser does not need it
        asked.append(check_supported(vega, runtime, f"{name} ({description[:60]!r})"))
        is_widest = width is None or width == max(LAYOUT_WIDTHS)
        svg_name = f"{name}.svg" if is_widest else f"{name}-{width}.svg"
        svg = compact_svg(svg, description)
        (target / svg_name).write_text(svg, encoding="utf-8")
        size = svg_size(svg)
        variants.append(
            Variant(width or round(size[0]), vega, f"{folder}/{svg_name}", size, width is None)
        )
    widest = variants[-1]
    chart = PublishedChart(
        name=name,
        vega=widest.vega,
        description=description,
        source_line=str(meta.get("source_line") or ""),
        svg=widest.svg,
        variants=variants,
        needs=merged(asked),
    )
    datasets = inline_datasets(widest.vega)
    for number, rows in enumerate(datasets.values(), start=1):
        csv_name = f"{name}.csv" if len(datasets) == 1 else f"{name}-data-{number}.csv"
        write_csv(rows, target / csv_name)
        chart.csvs.append(f"{folder}/{csv_name}")
    return chart
