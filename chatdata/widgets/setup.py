"""One call at the top of every notebook: choose how charts are displayed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import altair as alt
import vl_convert

from chatdata.charts.render import SITE_RENDERER, site_mode


def bundle_cache_path() -> Path:
    """Where the offline JupyterChart JavaScript is kept between kernels.

    Keyed on the Altair and vl-convert versions, which together decide its content.
    ``CHATDATA_CACHE`` overrides the folder (default: ``$XDG_CACHE_HOME/chatdata``).
    """
    root = os.environ.get("CHATDATA_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "chatdata"
    )
    name = f"jupyterchart-altair{alt.__version__}-vlconvert{vl_convert.__version__}.js"
    return Path(root) / name


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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as tmp:
            tmp.write(alt.JupyterChart._esm)
        os.replace(tmp.name, path)
    except OSError:
        pass


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
    # explorer() builds JupyterCharts itself, before the renderer has drawn a chart, so
    # switch them offline here too: otherwise they would fetch vega-embed from a CDN.
    enable_offline_charts()
    alt.renderers.enable("jupyter", offline=True)
    return "jupyter"
