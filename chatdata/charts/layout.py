"""One home for chart layout: widths, label limits, mark sizes, type sizes and unit divisors.

Chart builders draw at :data:`PLOT_WIDTH` with the sizes named here. :func:`fit` lays a
finished Vega-Lite spec out again for the width it will be shown at, so a chart reflows
instead of shrinking: at narrow widths legends go below the plot, side-by-side panels stack,
small multiples wrap, long row labels are shortened (their full text stays in the tooltip),
the x axis keeps fewer ticks, titles wrap, and no text is smaller than :data:`MIN_FONT`.
:func:`fit_measured` renders the result and tightens it until the drawing fits the width.
In JupyterLab a chart is laid out for the width of its output area (:func:`lab_width`,
:func:`fit_lab`).

Examples
--------
>>> spec = {"mark": "bar", "width": 520, "title": {"text": "A finding"}}
>>> laid = fit(spec, 358, plot=250)
>>> laid["width"], laid["config"]["legend"]["orient"], laid["config"]["axis"]["labelFontSize"]
(250, 'bottom', 12)
"""

from __future__ import annotations

import copy
import functools
import math
import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from chatdata import user_cache

# --- units -------------------------------------------------------------------------------

#: Divisors for axes that count in millions or billions.
MILLION = 1e6
BILLION = 1e9

# --- widths (CSS px) ---------------------------------------------------------------------

#: Width a builder gives a single plot; :func:`fit` replaces it with the shown width.
PLOT_WIDTH = 520
#: Width of each of two panels side by side (before :func:`fit` stacks or resizes them).
HALF_WIDTH = 280
#: Width of one panel of small multiples (before :func:`fit` wraps and resizes them).
PANEL_WIDTH = 150
#: The site's text column (46rem at 16 px to the rem; narrower screens keep 1rem margins).
TEXT_COLUMN = 736
#: The widths each chart is laid out, rendered and published at; a page shows the widest
#: that fits its column (320, 390 and 768+ px screens show 288, 358 and 736).
LAYOUT_WIDTHS = (288, 358, TEXT_COLUMN)
#: Below this width a chart is "narrow": legends below, panels stacked, row labels wrapped.
#: (The site's widths fall either side of it; JupyterLab's output areas are often between.)
NARROW_BELOW = 720
#: A chart for JupyterLab's output area when its width is not known: in a 1000 px window with
#: the file browser open that area is 568 px wide.
LAB_WIDTH = 560
#: In JupyterLab a chart is laid out for its output area's width rounded down to a multiple
#: of this, so that a few pixels more or less do not lay it out again ...
LAB_STEP = 40
#: ... and kept within these widths.
LAB_MIN_WIDTH = 280
LAB_MAX_WIDTH = 1200

# --- labels ------------------------------------------------------------------------------

#: Pixels allowed for a row label before it is cut short, at the text column.
LABEL_LIMIT = 320
#: At any width, row labels take at most this share of the chart's width.
LABEL_SHARE = 0.36
#: Below this width a mark's label takes at most :data:`TEXT_SHARE` of the width (then "…").
SHORT_TEXT_BELOW = 560
TEXT_SHARE = 0.5
#: Legend entries per row below the plot: one per this many pixels.
LEGEND_ENTRY_WIDTH = 160
#: Narrowest panel of wrapped small multiples.
MIN_PANEL_WIDTH = 100
#: Narrowest plot :func:`fit` draws.
MIN_PLOT_WIDTH = 60

# --- marks -------------------------------------------------------------------------------

#: Areas (px²) of point marks, from the smallest to the largest, and of a use-case square.
SMALL_POINT_SIZE = 90
MEDIUM_POINT_SIZE = 120
POINT_SIZE = 140
LARGE_POINT_SIZE = 160
SQUARE_SIZE = 180
#: Length (px) of a tick marking the end of a range.
TICK_SIZE = 16

# --- type (CSS px) -------------------------------------------------------------------------

#: No chart text is drawn smaller than this.
MIN_FONT = 12
TITLE_FONT = 15
#: Average glyph width as a share of the type size (regular, bold): for wrapping titles.
GLYPH_WIDTH = 0.6
BOLD_GLYPH_WIDTH = 0.66


def _walk(node: Any) -> Iterator[dict]:
    """Every dict inside a spec, the spec itself first (``config`` and data excluded)."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in ("config", "datasets", "data", "values"):
                yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def label_limit(width: int, squeeze: float = 1.0) -> int:
    """Pixels a row label may take in a chart ``width`` pixels wide.

    >>> label_limit(704), label_limit(358)
    (253, 128)
    """
    return int(min(LABEL_LIMIT, LABEL_SHARE * width) * squeeze)


def wrap(text: str | list[str], width: int, font: float, glyph: float = GLYPH_WIDTH):
    """Text broken into lines that fit ``width`` pixels at ``font`` px (a str if one line).

    >>> wrap("Business chats carry a few billion messages a day", 200, 15)
    ['Business chats carry a', 'few billion messages a', 'day']
    """
    joined = " ".join(text) if isinstance(text, list) else str(text)
    chars = max(12, int(width / (font * glyph)))
    lines = textwrap.wrap(joined, width=chars, break_on_hyphens=False)
    return lines if len(lines) > 1 else joined


def _legend_columns(width: int, squeeze: float) -> int:
    return max(1, int(width * squeeze) // LEGEND_ENTRY_WIDTH)


#: Lines a wrapped row label may take.
LABEL_LINES = 2
#: Height (px) of one row of a banded axis when its labels may wrap.
WRAPPED_ROW = 30


def _field_values(spec: dict, field: str) -> list[str]:
    """Distinct values of ``field`` in the spec's inline datasets, in first-seen order."""
    seen: dict[str, None] = {}
    for rows in (spec.get("datasets") or {}).values():
        for row in rows if isinstance(rows, list) else ():
            if isinstance(row, dict) and isinstance(row.get(field), str):
                seen.setdefault(row[field], None)
    return list(seen)


def shown_within(texts: Sequence[str], limit: float, font: float = MIN_FONT) -> list[str]:
    """Each one-line text as Vega draws it within ``limit`` px at ``font`` px.

    Vega (here vl-convert's) cuts a text longer than its mark's ``limit`` short with an
    ellipsis; a text that comes back whole fits.

    >>> shown_within(["WhatsApp", "WhatsApp messages per day (2020)"], 100)
    ['WhatsApp', 'WhatsApp mess…']
    """
    import html

    import vl_convert

    if not texts:
        return []
    vega = {
        "width": 10,
        "height": 10,
        "padding": 0,
        "data": [{"name": "texts", "values": [{"text": text} for text in texts]}],
        "marks": [
            {
                "type": "text",
                "from": {"data": "texts"},
                "encode": {
                    "enter": {
                        "text": {"field": "text"},
                        "limit": {"value": limit},
                        "fontSize": {"value": font},
                        "font": {"value": "sans-serif"},
                    }
                },
            }
        ],
    }
    svg = vl_convert.vega_to_svg(vega)
    shown = [html.unescape(t) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]
    if len(shown) != len(texts):
        raise ValueError("vl-convert drew a different number of texts than it was given")
    return shown


def fitting(texts: Sequence[str], limit: float, font: float = MIN_FONT) -> list[bool]:
    """Whether each one-line text fits in ``limit`` px at ``font`` px (see :func:`shown_within`).

    >>> fitting(["WhatsApp", "WhatsApp messages per day (2020)"], 100)
    [True, False]
    """
    return [s == t for s, t in zip(shown_within(texts, limit, font), texts, strict=True)]


@functools.lru_cache(maxsize=512)
def _wrapped(labels: tuple[str, ...], limit: int, font: float) -> tuple[tuple[str, ...], ...]:
    """Row labels broken at spaces into lines that fit ``limit`` px (see :func:`wrap_labels`)."""
    lines: list[list[str]] = [[] for _ in labels]
    rest = [" ".join(label.split()) for label in labels]
    for line in range(LABEL_LINES):
        todo = [i for i, text in enumerate(rest) if text]
        for i, shown in zip(todo, shown_within([rest[i] for i in todo], limit, font), strict=True):
            text = rest[i]
            if shown == text:  # what is left fits on this line
                lines[i].append(text)
                rest[i] = ""
                continue
            # the longest start that fits ends at the last space before the cut
            space = text.rfind(" ", 0, len(shown.rstrip("…")) + 1)
            if line == LABEL_LINES - 1 or space <= 0:  # no more lines, or a word too long
                lines[i].append(shown)
                rest[i] = ""
            else:
                lines[i].append(text[:space])
                rest[i] = text[space + 1 :]
    return tuple(tuple(found) or (label,) for found, label in zip(lines, labels, strict=True))


def wrap_labels(labels: Sequence[str], limit: int, font: float = MIN_FONT) -> list[list[str]]:
    """Row labels as at most :data:`LABEL_LINES` lines of ``limit`` px, cut with an ellipsis.

    Lines break at spaces and are measured as Vega measures them (:func:`fitting`).

    >>> wrap_labels(["Business chats x messages per chat (ours)", "WhatsApp"], 128)
    [['Business chats x', 'messages per chat (o…'], ['WhatsApp']]
    """
    return [list(found) for found in _wrapped(tuple(labels), int(limit), float(font))]


def label_expr(labels: list[str], limit: int) -> str | None:
    """A Vega ``labelExpr`` drawing each long label wrapped (None if none needs it).

    >>> label_expr(["short"], 128) is None
    True
    """
    import json

    wrapped = dict(zip(labels, wrap_labels(labels, limit), strict=True))
    wrapped = {k: v for k, v in wrapped.items() if len(v) > 1 or v[0] != k}
    if not wrapped:
        return None
    table = "{" + ",".join(f"{json.dumps(k)}:{json.dumps(v)}" for k, v in wrapped.items()) + "}"
    return f"{table}[datum.label] || datum.label"


def _wrap_row_labels(spec: dict, node: dict, limit: int) -> None:
    """Wrap the labels of a nominal y axis (or row header) whose values are long."""
    for channel, key in (("y", "axis"), ("row", "header")):
        encoding = node.get(channel)
        if not isinstance(encoding, dict) or encoding.get("type") != "nominal":
            continue
        if encoding.get(key, {}) is None or "field" not in encoding:
            continue
        expr = label_expr(_field_values(spec, encoding["field"]), limit)
        if expr:
            target = encoding.setdefault(key, {})
            target.update(labelExpr=expr, labelLimit=limit, labelLineHeight=MIN_FONT + 2)


def _config(width: int, narrow: bool, squeeze: float) -> dict:
    limit = label_limit(width, squeeze)
    legend: dict[str, object] = {
        "labelFontSize": MIN_FONT,
        "titleFontSize": MIN_FONT,
        "labelLimit": width - 40,
    }
    if narrow:
        legend.update(
            orient="bottom", direction="horizontal", columns=_legend_columns(width, squeeze)
        )
    return {
        "background": "transparent",
        "font": "sans-serif",
        "title": {"fontSize": TITLE_FONT, "subtitleFontSize": MIN_FONT, "anchor": "start"},
        "axis": {"labelFontSize": MIN_FONT, "titleFontSize": MIN_FONT},
        "axisY": {"labelLimit": limit},
        # Vega-Lite already asks for about one tick per 40 px of plot, so narrower plots get
        # fewer; overlapping labels are dropped. (A tickCount here made a chart's ticks depend
        # on the order its sliders were moved in.)
        "axisX": {"labelOverlap": True, "labelFlush": True, "labelSeparation": 6},
        "legend": legend,
        "header": {"labelFontSize": MIN_FONT, "titleFontSize": MIN_FONT, "labelLimit": limit},
        "text": {"fontSize": MIN_FONT},
        "view": {"stroke": None, **({"discreteHeight": {"step": WRAPPED_ROW}} if narrow else {})},
    }


def _merge(base: dict, extra: dict) -> dict:
    """``base`` updated by ``extra``, nested dicts merged (``extra`` wins)."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _retitle(spec: dict, width: int, squeeze: float) -> None:
    title = spec.get("title")
    if title is None:
        return
    if not isinstance(title, dict):
        title = {"text": title}
    title = dict(title)
    title["text"] = wrap(title.get("text", ""), int(width * squeeze), TITLE_FONT, BOLD_GLYPH_WIDTH)
    if title.get("subtitle"):
        title["subtitle"] = wrap(title["subtitle"], int(width * squeeze), MIN_FONT)
    title["fontSize"] = TITLE_FONT
    title["subtitleFontSize"] = MIN_FONT
    spec["title"] = title


def _columns(spec: dict) -> int:
    """How many plots sit side by side in a (re-laid) spec."""
    if "hconcat" in spec:
        return len(spec["hconcat"])
    if "facet" in spec and "spec" in spec and "columns" in spec:
        return int(spec["columns"])
    if "concat" in spec:
        return int(spec.get("columns") or len(spec["concat"]))
    return 1


def _facet_count(spec: dict) -> int:
    """Panels of a wrapped facet: the distinct values of its field in the inline data."""
    field = (spec.get("facet") or {}).get("field")
    rows = (spec.get("data") or {}).get("values")
    if rows is None and "datasets" in spec:
        name = (spec.get("data") or {}).get("name")
        rows = spec["datasets"].get(name)
    if not field or not isinstance(rows, list):
        return 1
    return max(1, len({str(r.get(field)) for r in rows if isinstance(r, dict)}))


def fit(spec: dict, width: int, squeeze: float = 1.0, plot: float | None = None) -> dict:
    """A Vega-Lite spec laid out again to be drawn ``width`` CSS pixels wide.

    Parameters
    ----------
    spec : dict
        A top-level Vega-Lite spec, as from ``chart.to_dict()``; it is not changed.
    width : int
        The width the whole drawing (axes, legends and titles included) should take.
    squeeze : float
        Below 1, lay out tighter still: shorter lines and labels, narrower panels
        (:func:`fit_measured` uses it when a first layout comes out too wide).
    plot : float, optional
        Width of each plot (or panel); by default a guess that leaves room for row labels.
        :func:`fit_measured` corrects it from a drawing.
    """
    if width < 120:
        raise ValueError(f"a chart needs at least 120 px, not {width}")
    spec = copy.deepcopy(spec)
    narrow = width < NARROW_BELOW
    spec["config"] = _merge(spec.get("config") or {}, _config(width, narrow, squeeze))
    _retitle(spec, width, squeeze)
    limit = label_limit(width, squeeze)
    columns = _legend_columns(width, squeeze)
    for node in _walk(spec):
        if narrow and "hconcat" in node:
            node["vconcat"] = node.pop("hconcat")
        for key in ("axis", "header"):
            if isinstance(node.get(key), dict) and "labelLimit" in node[key]:
                node[key]["labelLimit"] = min(node[key]["labelLimit"], limit)
        if isinstance(node.get("legend"), dict) and narrow:
            node["legend"].update(orient="bottom", columns=columns, labelLimit=width - 40)
        if narrow:
            _wrap_row_labels(spec, node.get("encoding") or {}, limit)
            if "facet" in node and isinstance(node["facet"], dict):
                _wrap_row_labels(spec, node["facet"], limit)
        if narrow and "field" in node and isinstance(node.get("title"), str):
            node["title"] = wrap(
                node["title"], int(0.9 * width * squeeze), MIN_FONT, BOLD_GLYPH_WIDTH
            )
        mark = node.get("mark")
        if isinstance(mark, dict) and mark.get("type") == "text":
            mark["fontSize"] = max(float(mark.get("fontSize", MIN_FONT)), MIN_FONT)
            if width < SHORT_TEXT_BELOW:
                mark["limit"] = int(max(80, TEXT_SHARE * width * squeeze))
    if "facet" in spec and "spec" in spec and "row" not in spec["facet"]:
        panels = _facet_count(spec)
        spec["columns"] = max(1, min(panels, int(width * squeeze - 60) // (MIN_PANEL_WIDTH + 20)))
    columns = _columns(spec)
    if plot is None:
        plot = (width * squeeze - limit - 40) / columns - 10 * (columns - 1)
    set_plot_width(spec, plot)
    return spec


def _is_single(spec: dict) -> bool:
    return "mark" in spec or "layer" in spec


def plot_pixels(plot: float) -> int:
    """The width :func:`set_plot_width` gives plots asked to be ``plot`` px wide.

    >>> plot_pixels(102.8), plot_pixels(12)
    (102, 60)
    """
    return max(MIN_PLOT_WIDTH, int(plot))


def set_plot_width(spec: dict, plot: float) -> None:
    """Give the spec's plots (the view, or each concatenated or faceted panel) a width."""
    plot = plot_pixels(plot)
    if _is_single(spec):
        spec["width"] = plot
        for child in spec.get("layer", []):
            child.pop("width", None)
        return
    for node in _walk(spec):
        if node is not spec and isinstance(node.get("width"), int | float):
            node["width"] = plot


#: Legends below the plot stack instead of standing in a row.
LEGEND_LAYOUT = {"bottom": {"anchor": "start", "direction": "vertical", "margin": 8}}
#: The same for vega-embed, as a JSON Patch of the compiled spec (its ``patch`` option); the
#: config of every spec :func:`fit` lays out has a legend part for it to go in.
LEGEND_PATCH = [{"op": "add", "path": "/config/legend/layout", "value": LEGEND_LAYOUT}]


def stack_legends(vega: dict) -> dict:
    """A compiled Vega spec whose legends below the plot stack instead of standing in a row.

    (Vega-Lite's schema has no place for it; a page drawing a Vega-Lite spec with vega-embed
    applies :data:`LEGEND_PATCH` instead.)

    >>> stack_legends({})["config"]["legend"]["layout"]["bottom"]["direction"]
    'vertical'
    """
    legend = vega.setdefault("config", {}).setdefault("legend", {})
    legend["layout"] = copy.deepcopy(LEGEND_LAYOUT)
    return vega


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height written on an SVG's root element.

    >>> svg_size('<svg class="marks" width="358" height="212.5" viewBox="0 0 358 212.5">')
    (358.0, 212.5)
    """
    match = _SVG_SIZE.search(svg)
    if not match:
        raise ValueError("an SVG without a width and height")
    return float(match.group(1)), float(match.group(2))


def with_values(spec: dict, values: Mapping[str, object]) -> dict:
    """A copy of a spec whose top-level params named in ``values`` start at those values.

    >>> with_values({"params": [{"name": "a", "value": 1}]}, {"a": 2})["params"]
    [{'name': 'a', 'value': 2}]
    """
    params = [
        {**param, "value": values[param["name"]]} if param.get("name") in values else param
        for param in spec.get("params", [])
    ]
    return {**spec, "params": params} if "params" in spec else dict(spec)


def _drawn_width(vega: dict, settings: Sequence[Mapping[str, object]]) -> float:
    """Width of a compiled spec's drawing: the widest at its own values and at ``settings``.

    A setting is given as the values of some top-level signals (the params of its spec).
    """
    import vl_convert

    widest = float(vl_convert.vega_to_scenegraph(vega)["width"])
    for values in settings:
        signals = [
            {**signal, "value": values[signal["name"]]}
            if signal.get("name") in values and "value" in signal
            else signal
            for signal in vega.get("signals", [])
        ]
        drawn = vl_convert.vega_to_scenegraph({**vega, "signals": signals})["width"]
        widest = max(widest, float(drawn))
    return widest


#: A plot must change by this many pixels before the drawing's response to it is trusted.
_MIN_STEP = 2
#: Below this many pixels of drawing per pixel of plot, the plot does not set the width.
_STUCK_SLOPE = 0.1
#: The least response a step of the plots counts on (so that no step is huge).
_LEAST_SLOPE = 0.3


def fit_measured(
    spec: dict,
    width: int,
    attempts: int = 10,
    settings: Sequence[Mapping[str, object]] = (),
) -> tuple[dict, dict, str]:
    """:func:`fit`, drawn with vl-convert and corrected until the drawing is ``width`` wide.

    Vega pads the plot with whatever its axes, legends, titles and labels need, so the
    drawing's width less the plot's is what the plot must leave room for; each attempt sets
    the plots to what remains, learning from the last two attempts how much the drawing
    follows the plots (labels placed along a plot move with it). When the plots do not set
    the width (a title, legend or label does), or even the narrowest plots leave the drawing
    too wide, the labels and lines are made shorter.

    Parameters
    ----------
    spec : dict
        A top-level Vega-Lite spec; it is not changed.
    width : int
        The width the drawing must fit in.
    attempts : int
        How many layouts to draw at most.
    settings : sequence of mappings
        Values of top-level params (slider corners, say) under which the drawing must fit
        too; the widest drawing counts.

    Returns
    -------
    tuple
        The Vega-Lite spec, its compiled Vega spec and the SVG drawn from it (at the spec's
        own values): the widest layout that fits, or the narrowest if none does.

    Notes
    -----
    Drawing takes a fraction of a second a time and a layout a few drawings (one more per
    setting each time), so each answer is kept in :mod:`chatdata.user_cache`, under a digest
    of the arguments, of this module's code and of vl-convert's version: a kernel or build
    asking again (the same chart at the same width) reads it instead.
    """
    import vl_convert

    version = vl_convert.__version__  # type: ignore[attr-defined]
    key = user_cache.digest(spec, width, attempts, settings, _code_digest(), version)
    name = f"layouts/{key}.json"
    kept = user_cache.read_json(name)
    if isinstance(kept, list) and len(kept) == 3:
        return kept[0], kept[1], kept[2]
    laid, vega, svg = _measure(spec, width, attempts, settings)
    user_cache.write_json(name, [laid, vega, svg])
    return laid, vega, svg


@functools.cache
def _code_digest() -> str:
    """A digest of this module's code, which decides every layout it makes."""
    return user_cache.digest(Path(__file__).read_text(encoding="utf-8"))


def _measure(
    spec: dict, width: int, attempts: int, settings: Sequence[Mapping[str, object]]
) -> tuple[dict, dict, str]:
    """:func:`fit_measured`'s work, without the cache."""
    import vl_convert

    squeeze, plot = 1.0, None
    tried: list[tuple[float, float, dict, dict]] = []
    previous: tuple[float, float] | None = None
    flat = False  # the last attempt fitted and its plots did not set the width
    seen: set[tuple[float, int | None]] = set()  # (squeeze, plots) drawn so far
    for _ in range(attempts):
        layout = (squeeze, None if plot is None else plot_pixels(plot))
        if layout in seen:
            # the search came back to a layout it has drawn (a drawing that moves by more
            # than the tolerance per pixel of plot, say): drawing it again changes nothing
            break
        seen.add(layout)
        laid = fit(spec, width, squeeze, plot)
        vega = stack_legends(vl_convert.vegalite_to_vega(laid))
        drawn = _drawn_width(vega, settings)
        current = _plot_width(laid)
        tried.append((drawn, current, laid, vega))
        if width - 2 <= drawn <= width:
            break
        columns = float(_columns(laid))
        slope = columns
        if previous is not None and abs(previous[0] - current) >= _MIN_STEP:
            slope = (drawn - previous[1]) / (current - previous[0])
        if flat and drawn > width:
            # past where the plots start to set the width, the drawing follows them again
            slope = columns
        stuck = slope < _STUCK_SLOPE
        flat = drawn < width and stuck and previous is not None
        previous = (current, drawn)
        wanted = current + (width - drawn) / min(max(slope, _LEAST_SLOPE), columns)
        if drawn > width and (stuck or wanted < MIN_PLOT_WIDTH):
            # shorter text leaves more room: start from the plots as they are
            squeeze *= max(0.6, width / drawn) * 0.95
            plot, previous = current, None
        elif flat:
            # something else sets the width: halfway to the widest the plots could be
            plot = max(wanted, (current + width / columns) / 2)
            if plot - current < _MIN_STEP:
                break
        else:
            # never the same plot twice: a pixel too wide is a pixel narrower
            plot = math.floor(wanted) if drawn > width else wanted
            if int(plot) == int(current):
                plot = current - 1 if drawn > width else current + 1
    # the widest drawing that fits and, of equals, the widest plots
    fitting = [attempt for attempt in tried if attempt[0] <= width]
    _drawn, _plot, laid, vega = (
        max(fitting, key=lambda a: a[:2]) if fitting else min(tried, key=lambda a: a[0])
    )
    return laid, vega, vl_convert.vega_to_svg(vega)


def _plot_width(spec: dict) -> float:
    if _is_single(spec):
        return float(spec["width"])
    widths = [
        n["width"]
        for n in _walk(spec)
        if n is not spec and isinstance(n.get("width"), int | float)
    ]
    return float(max(widths)) if widths else float(MIN_PLOT_WIDTH)


def for_width(chart, width: int = LAB_WIDTH):
    """An Altair chart laid out by :func:`fit_measured` for ``width`` pixels.

    The site publishes each chart at every :data:`LAYOUT_WIDTHS`; JupyterLab's output area
    is about :data:`LAB_WIDTH` wide in a 1000 px window with the file browser open. The
    params (and so the sliders and their links to widgets) are kept.
    """
    import altair as alt

    laid, _vega, _svg = fit_measured(chart.to_dict(), width)
    kinds: dict[str, type[alt.TopLevelMixin]] = {
        "layer": alt.LayerChart,
        "vconcat": alt.VConcatChart,
        "hconcat": alt.HConcatChart,
        "concat": alt.ConcatChart,
        "facet": alt.FacetChart,
    }
    kind = next((cls for key, cls in kinds.items() if key in laid), alt.Chart)
    return kind.from_dict(laid)  # type: ignore[attr-defined]


# --- JupyterLab ----------------------------------------------------------------------------


def lab_width(available: float) -> int:
    """The width to lay a chart out at in a JupyterLab output area ``available`` px wide.

    >>> lab_width(568), lab_width(968), lab_width(100), lab_width(5000)
    (560, 960, 280, 1200)
    """
    stepped = int(available) // LAB_STEP * LAB_STEP
    return max(LAB_MIN_WIDTH, min(LAB_MAX_WIDTH, stepped))


def reflows(spec: dict) -> bool:
    """Whether a spec is one of chatdata's charts, laid out again for the width it is shown at.

    Any other chart keeps the one layout its author gave it (on the site too).

    >>> reflows({"usermeta": {"chatdata": {"datasets": ["facts"]}}}), reflows({"mark": "bar"})
    (True, False)
    """
    return bool((spec.get("usermeta") or {}).get("chatdata"))


#: Vega's autosize that keeps a view's drawing as wide as its ``width``, at any params.
FIT_X = {"type": "fit-x", "contains": "padding", "resize": True}
#: Vega's autosize that grows and shrinks a drawing with what its params make it hold.
PAD_RESIZE = {"type": "pad", "resize": True}


def fit_lab(
    spec: dict, width: int, settings: Sequence[Mapping[str, object]] = ()
) -> tuple[dict, dict]:
    """A chart laid out for a JupyterLab output area ``width`` px wide.

    Returns two Vega-Lite specs, both laid out by :func:`fit_measured`:

    - a static one, which draws ``width`` wide at the spec's own values (for saved outputs);
    - a live one that stays within that width as its params move. A single (or layered) view gets
      Vega's :data:`FIT_X` autosize, which narrows the plot when a param lengthens a label
      along it and widens it back (the page re-runs it until it settles); Vega-Lite cannot fit
      concatenated or faceted views, so those are laid out to fit at ``settings`` too (the
      corners of their sliders, say), and their drawing follows what it holds (the static
      spec is the same, with Vega-Lite's own autosize).
    """
    if _is_single(spec):
        static = fit_measured(spec, width)[0]
        return static, {**static, "width": width, "autosize": dict(FIT_X)}
    laid = fit_measured(spec, width, settings=settings)[0]
    return laid, {**laid, "autosize": dict(PAD_RESIZE)}
