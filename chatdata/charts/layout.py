"""One home for chart layout: widths, label limits, mark sizes, type sizes and unit divisors.

Chart builders draw at :data:`PLOT_WIDTH` with the sizes named here. :func:`fit` lays a
finished Vega-Lite spec out again for the width it will be shown at, so a chart reflows
instead of shrinking: at narrow widths legends go below the plot, side-by-side panels stack,
small multiples wrap, long row labels are shortened (their full text stays in the tooltip),
the x axis keeps fewer ticks, titles wrap, and no text is smaller than :data:`MIN_FONT`.
:func:`fit_measured` renders the result and tightens it until the drawing fits the width.

Examples
--------
>>> spec = {"mark": "bar", "width": 520, "title": {"text": "A finding"}}
>>> laid = fit(spec, 358, plot=250)
>>> laid["width"], laid["config"]["legend"]["orient"], laid["config"]["axis"]["labelFontSize"]
(250, 'bottom', 12)
"""

from __future__ import annotations

import copy
import re
import textwrap
from collections.abc import Iterator
from typing import Any

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
#: Below this width a chart is "narrow": legends below, panels stacked.
NARROW_BELOW = 560
#: A chart for JupyterLab's output area (a 1000 px window with the file browser open).
LAB_WIDTH = 600

# --- labels ------------------------------------------------------------------------------

#: Pixels allowed for a row label before it is cut short, at the text column.
LABEL_LIMIT = 320
#: At any width, row labels take at most this share of the chart's width.
LABEL_SHARE = 0.36
#: At narrow widths a mark's label takes at most this share of the width (then "…").
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


def wrap_label(label: str, limit: int, font: float = MIN_FONT) -> list[str]:
    """A row label as at most :data:`LABEL_LINES` lines of ``limit`` px, cut with an ellipsis.

    >>> wrap_label("Business chats x messages per chat (ours)", 128)
    ['Business chats x', 'messages per ch…']
    """
    chars = max(6, int(limit / (font * BOLD_GLYPH_WIDTH)))
    lines = textwrap.wrap(label, width=chars, break_on_hyphens=False) or [label]
    if len(lines) > LABEL_LINES:
        last = " ".join(lines[LABEL_LINES - 1 :])
        lines = [*lines[: LABEL_LINES - 1], last[: chars - 1].rstrip() + "…"]
    return lines


def label_expr(labels: list[str], limit: int) -> str | None:
    """A Vega ``labelExpr`` drawing each long label wrapped (None if none needs it).

    >>> label_expr(["short"], 128) is None
    True
    """
    import json

    wrapped = {label: wrap_label(label, limit) for label in labels}
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
            if narrow:
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


def set_plot_width(spec: dict, plot: float) -> None:
    """Give the spec's plots (the view, or each concatenated or faceted panel) a width."""
    plot = max(MIN_PLOT_WIDTH, int(plot))
    if _is_single(spec):
        spec["width"] = plot
        for child in spec.get("layer", []):
            child.pop("width", None)
        return
    for node in _walk(spec):
        if node is not spec and isinstance(node.get("width"), int | float):
            node["width"] = plot


def stack_legends(vega: dict) -> dict:
    """A compiled Vega spec whose legends below the plot stack instead of standing in a row.

    >>> stack_legends({})["config"]["legend"]["layout"]["bottom"]["direction"]
    'vertical'
    """
    legend = vega.setdefault("config", {}).setdefault("legend", {})
    legend["layout"] = {"bottom": {"anchor": "start", "direction": "vertical", "margin": 8}}
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


def fit_measured(spec: dict, width: int, attempts: int = 5) -> tuple[dict, dict, str]:
    """:func:`fit`, drawn with vl-convert and corrected until the drawing is ``width`` wide.

    Vega pads the plot with whatever its axes, legends, titles and labels need, so the
    drawing's width less the plot's is what the plot must leave room for; each attempt sets
    the plots to what remains. When even the narrowest plots leave the drawing too wide,
    the labels and lines are made shorter.

    Returns the Vega-Lite spec, its compiled Vega spec and the SVG drawn from it.
    """
    import vl_convert

    squeeze, plot = 1.0, None
    best, previous = None, None
    for _ in range(attempts):
        laid = fit(spec, width, squeeze, plot)
        vega = stack_legends(vl_convert.vegalite_to_vega(laid))
        svg = vl_convert.vega_to_svg(vega)
        drawn, _height = svg_size(svg)
        if drawn <= width and (best is None or drawn > best[0]):
            best = (drawn, laid, vega, svg)
        if width - 2 <= drawn <= width:
            break
        current = _plot_width(laid)
        columns = _columns(laid)
        wanted = current + (width - drawn) / columns
        # too wide whatever the plots' width (a title, legend or label sets it): shorten text
        stuck = previous is not None and previous[0] != current and abs(previous[1] - drawn) < 1
        previous = (current, drawn)
        if drawn > width and (stuck or wanted < MIN_PLOT_WIDTH):
            squeeze *= max(0.6, width / drawn) * 0.95
            plot = None
        else:
            plot = wanted
    if best is None:
        return laid, vega, svg
    return best[1], best[2], best[3]


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

    JupyterLab's output area is about :data:`LAB_WIDTH` wide in a 1000 px window with the
    file browser open; the site publishes each chart at every :data:`LAYOUT_WIDTHS`. The
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
