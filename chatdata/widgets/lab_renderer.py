"""How charts display outside the site build: the ``chatdata-lab`` renderer, and the choice.

:func:`setup` (the first call of every notebook, as ``chatdata.setup()``) picks the Altair
renderer. In site mode (``CHATDATA_SITE=1``) it is :mod:`chatdata.charts.render`'s, which
emits placeholders for the publisher. Everywhere else it is :func:`lab_renderer`: a chatdata
chart becomes a :class:`~chatdata.widgets.panel_chart.PanelChart`, which follows the width
of its output area as an explorer's chart does; any other chart an offline
``alt.JupyterChart``, as its author laid it out. Either way the output also carries the
chart as a standard Vega-Lite bundle and a static SVG, so a saved notebook shows it where no
kernel runs. Nothing here needs a network.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import altair as alt
import vl_convert

from chatdata import user_cache
from chatdata.charts.layout import LAB_WIDTH, fit_measured, reflows
from chatdata.charts.render import (
    SITE_RENDERER,
    SVG_MIME,
    VEGALITE_MIME,
    site_mode,
    static_bundle,
)
from chatdata.widgets.panel_chart import PanelChart

LAB_RENDERER = "chatdata-lab"


def live_chart(spec: dict, embed_options: dict | None = None) -> alt.JupyterChart:
    """The live view of a chart: a :class:`PanelChart` for a chatdata chart, else Altair's.

    Either way with the renderer's ``embed_options`` (a chatdata chart's legend patch kept).
    """
    if reflows(spec):
        return PanelChart(alt.Chart.from_dict(spec), embed_options=embed_options)
    return alt.JupyterChart(alt.Chart.from_dict(spec), embed_options=embed_options)


def lab_renderer(spec: dict, **metadata) -> dict:
    """Altair renderer: a :func:`live_chart` plus its static bundle (see the module docstring).

    A chatdata chart's static bundle is its layout for
    :data:`~chatdata.charts.layout.LAB_WIDTH` (an output area in a 1000 px window with the
    file browser open), which its live view starts from before it learns its output area.
    """
    live = live_chart(spec, metadata.get("embed_options"))._repr_mimebundle_()
    data = dict((live[0] if isinstance(live, tuple) else live) or {})
    static = None
    if reflows(spec):
        with contextlib.suppress(ValueError):  # Vega cannot draw it: the live chart says so
            laid, _vega, svg = fit_measured(spec, LAB_WIDTH)  # as the PanelChart laid it out
            static = {VEGALITE_MIME: laid, SVG_MIME: svg}
    data.update(static if static is not None else static_bundle(spec))
    return data


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

    The site build sets ``CHATDATA_SITE=1``: charts then become placeholders the publisher
    turns into pages that load Vega once. Everywhere else :func:`lab_renderer` draws them.
    """
    if site_mode():
        alt.renderers.enable(SITE_RENDERER)
        return
    # explorer() builds JupyterCharts itself, before the renderer has drawn a chart, so
    # switch them offline here too: otherwise they would fetch vega-embed from a CDN.
    enable_offline_charts()
    alt.renderers.enable(LAB_RENDERER)
