"""How a chart becomes HTML: which Altair renderer draws it, and the site's placeholder.

:func:`setup` (the first call of every notebook, as ``chatdata.setup()``) chooses the
renderer. In site mode (environment variable ``CHATDATA_SITE=1``) every displayed chart is
emitted as a placeholder that carries its Vega-Lite spec (:func:`chart_html`); the site
builder finds them again with :func:`split_placeholders` and turns each into an embedded
chart, a static SVG and a CSV download. Elsewhere the ``chatdata-lab`` renderer draws in
JupyterLab with Altair's offline ``JupyterChart``, laid out to fit the output area, and adds
the chart as a standard Vega-Lite bundle and a static SVG (:func:`static_bundle`), so a saved
notebook shows it where no kernel runs. Nothing here needs a network.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path

import altair as alt
import vl_convert

from chatdata import user_cache
from chatdata.charts.layout import LAB_WIDTH, LEGEND_PATCH, fit_measured, reflows, stack_legends
from chatdata.templating import HTML

SITE_ENV = "CHATDATA_SITE"
SITE_RENDERER = "chatdata-site"
LAB_RENDERER = "chatdata-lab"
SPEC_MIME = "application/vnd.chatdata.vegalite+json"
CHART_CLASS = "chatdata-chart"

_PLACEHOLDER = re.compile(
    rf'<div class="{CHART_CLASS}"><script type="{re.escape(SPEC_MIME)}">(.*?)</script></div>',
    re.DOTALL,
)


def site_mode() -> bool:
    """True when notebooks run for the static site build."""
    return os.environ.get(SITE_ENV) == "1"


def spec_json(spec: dict) -> str:
    """Serialise a spec so it is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become JSON unicode escapes, so no string in the data can close
    the element or open another.
    """
    text = json.dumps(spec, separators=(",", ":"), ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def chart_html(spec: dict) -> HTML:
    """The placeholder markup the site builder looks for.

    Examples
    --------
    >>> html = chart_html({"mark": "bar"})
    >>> html.startswith('<div class="chatdata-chart"><script type="application/vnd.chatdata')
    True
    >>> html.endswith('{"mark":"bar"}</script></div>')
    True
    """
    return HTML('<div class="{}"><script type="{}">{}</script></div>').format(
        CHART_CLASS, SPEC_MIME, HTML(spec_json(spec))
    )


def split_placeholders(html: str) -> list[str | dict]:
    """Split output HTML into plain HTML strings and Vega-Lite specs (dicts), in order.

    The one parser of what :func:`chart_html` writes.

    Examples
    --------
    >>> split_placeholders(HTML("<p>a</p>") + chart_html({"mark": "bar"}))
    ['<p>a</p>', {'mark': 'bar'}]
    """
    parts: list[str | dict] = []
    position = 0
    for match in _PLACEHOLDER.finditer(html):
        if match.start() > position:
            parts.append(str(html[position : match.start()]))
        parts.append(json.loads(match.group(1)))
        position = match.end()
    if position < len(html):
        parts.append(str(html[position:]))
    return [p for p in parts if not (isinstance(p, str) and not p.strip())]


def site_renderer(spec: dict, **kwargs) -> dict:
    """Altair renderer: a mimebundle holding the placeholder as ``text/html``."""
    return {"text/html": chart_html(spec), "text/plain": "<chatdata chart>"}


#: The standard Vega-Lite mimetype for Altair's Vega-Lite version, e.g. ``...vegalite.v6+json``.
VEGALITE_MIME = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.lstrip('v').split('.')[0]}+json"
SVG_MIME = "image/svg+xml"


def static_bundle(spec: dict) -> dict[str, object]:
    """A chart as a Vega-Lite bundle and a static SVG, for readers with no kernel.

    Viewers that cannot run widgets (GitHub, nbconvert, Jupyter Book) fall back to these. A
    spec Vega cannot draw gets none: the live chart beside it shows the error. A chatdata
    chart's legends below its plot stack, as they do live.
    """
    try:
        vega = vl_convert.vegalite_to_vega(spec)
        svg = vl_convert.vega_to_svg(stack_legends(vega) if reflows(spec) else vega)
    except ValueError:
        return {}
    return {VEGALITE_MIME: spec, SVG_MIME: svg}


def lab_renderer(spec: dict, **metadata) -> dict:
    """Altair renderer: a live ``alt.JupyterChart`` plus the chart's :func:`static_bundle`.

    A chatdata chart is laid out for :data:`~chatdata.charts.layout.LAB_WIDTH` first, so that
    it fits JupyterLab's output area with the file browser open (an explorer's chart follows
    its output area's width instead: see :mod:`chatdata.widgets.panel_chart`).
    """
    options = metadata.get("embed_options")
    static = None
    if reflows(spec):
        options = {"patch": LEGEND_PATCH, **(options or {})}
        with contextlib.suppress(ValueError):  # Vega cannot draw it: the live chart says so
            spec, _vega, svg = fit_measured(spec, LAB_WIDTH)
            static = {VEGALITE_MIME: spec, SVG_MIME: svg}  # the static bundle, drawn already
    live = alt.JupyterChart(alt.Chart.from_dict(spec), embed_options=options)._repr_mimebundle_()
    data = dict((live[0] if isinstance(live, tuple) else live) or {})
    data.update(static if static is not None else static_bundle(spec))
    return data


alt.renderers.register(SITE_RENDERER, site_renderer)
alt.renderers.register(LAB_RENDERER, lab_renderer)


def bundle_cache_path() -> Path:
    """Where the offline JupyterChart JavaScript is kept between kernels.

    Keyed on the Altair and vl-convert versions, which together decide its content; the
    folder is :func:`chatdata.user_cache.folder`.
    """
    name = f"jupyterchart-altair{alt.__version__}-vlconvert{vl_convert.__version__}.js"  # type: ignore[attr-defined]
    return user_cache.folder() / name


def enable_offline_charts() -> None:
    """Make every ``alt.JupyterChart`` load its JavaScript from vl-convert, not a CDN.

    Bundling that JavaScript takes seconds, so the bundle is cached on disk and reused by
    later kernels; a missing or unwritable cache only costs the time.
    """
    path = bundle_cache_path()
    if not alt.JupyterChart._is_offline and path.is_file():
        alt.JupyterChart._esm = path.read_text(encoding="utf-8")
        alt.JupyterChart._is_offline = True
        return
    alt.JupyterChart.enable_offline(offline=True)
    user_cache.write_text(path.name, alt.JupyterChart._esm)


def setup() -> None:
    """Pick the Altair renderer for the context (read it back as ``alt.renderers.active``).

    The site build sets ``CHATDATA_SITE=1``: charts then become placeholders the
    publisher turns into pages that load Vega once. Everywhere else the ``chatdata-lab``
    renderer is used: Altair's offline JupyterChart, which draws in JupyterLab with no network
    and keeps the chart's sliders live, plus a Vega-Lite bundle and a static SVG that a saved
    notebook shows where no kernel runs.
    """
    if site_mode():
        alt.renderers.enable(SITE_RENDERER)
        return
    # explorer() builds JupyterCharts itself, before the renderer has drawn a chart, so
    # switch them offline here too: otherwise they would fetch vega-embed from a CDN.
    enable_offline_charts()
    alt.renderers.enable(LAB_RENDERER)
