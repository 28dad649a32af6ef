"""How a chart becomes HTML: the ``chatdata-site`` Altair renderer used by the site build.

In site mode (environment variable ``CHATDATA_SITE=1``) every displayed chart is emitted as a
placeholder that carries its Vega-Lite spec; the site builder later turns each placeholder into
an embedded chart, a static SVG and a CSV download. Nothing here needs a kernel or a network.
"""

from __future__ import annotations

import json
import os

import altair as alt

SITE_ENV = "CHATDATA_SITE"
SITE_RENDERER = "chatdata-site"
SPEC_MIME = "application/vnd.chatdata.vegalite+json"
CHART_CLASS = "chatdata-chart"


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


def chart_html(spec: dict) -> str:
    """The placeholder markup the site builder looks for.

    Examples
    --------
    >>> html = chart_html({"mark": "bar"})
    >>> html.startswith('<div class="chatdata-chart"><script type="application/vnd.chatdata')
    True
    >>> html.endswith('{"mark":"bar"}</script></div>')
    True
    """
    script = f'<script type="{SPEC_MIME}">{spec_json(spec)}</script>'
    return f'<div class="{CHART_CLASS}">{script}</div>'


def site_renderer(spec: dict, **kwargs) -> dict:
    """Altair renderer: a mimebundle holding the placeholder as ``text/html``."""
    return {"text/html": chart_html(spec), "text/plain": "<chatdata chart>"}


alt.renderers.register(SITE_RENDERER, site_renderer)
