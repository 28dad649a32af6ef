"""How a chart leaves a kernel with no widgets: the site's placeholder and static bundles.

In site mode (environment variable ``CHATDATA_SITE=1``) every displayed chart is emitted as
a placeholder that carries its Vega-Lite spec (:func:`chart_html`); the site builder finds
them again with :func:`split_placeholders` and turns each into an embedded chart, a static
SVG and a CSV download. :func:`static_bundle` gives a chart as a standard Vega-Lite bundle
and an SVG, which a saved notebook shows where no kernel runs. The JupyterLab renderer, and
the choice between the two (``chatdata.setup()``), are in :mod:`chatdata.widgets.lab_renderer`.
Nothing here needs a network.
"""

from __future__ import annotations

import json
import os
import re

import altair as alt
import vl_convert

from chatdata.charts.layout import reflows, stack_legends
from chatdata.templating import HTML

SITE_ENV = "CHATDATA_SITE"
SITE_RENDERER = "chatdata-site"
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


alt.renderers.register(SITE_RENDERER, site_renderer)
