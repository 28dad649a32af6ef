"""One call at the top of every notebook: choose how charts are displayed."""

from __future__ import annotations

import altair as alt

from chatdata.charts.render import SITE_RENDERER, site_mode


def setup() -> str:
    """Pick the Altair renderer for the context and return its name.

    The site build sets ``CHATDATA_SITE=1``: charts then become placeholders the
    publisher turns into pages that load Vega once. Everywhere else the offline ``jupyter``
    renderer is used, which draws in JupyterLab with no network and keeps both the
    Vega-bound and the ipywidgets sliders live.
    """
    if site_mode():
        alt.renderers.enable(SITE_RENDERER)
        return SITE_RENDERER
    alt.renderers.enable("jupyter", offline=True)
    # The renderer switches JupyterChart offline only when it draws its first chart;
    # explorer() builds JupyterCharts itself, so without this a notebook whose first chart
    # is an explorer panel would fetch vega-embed from esm.sh and draw nothing offline.
    alt.JupyterChart.enable_offline(offline=True)
    return "jupyter"
