"""The chart inside an explorer panel: an ``alt.JupyterChart`` driven only by the kernel.

:class:`PanelChart` keeps Altair's Python side (``.params`` traitlets, synced to the page as
``_params``) and replaces the page side with ``panel_chart.js``: the chart has no controls of
its own, applies param changes one Vega run at a time and never sends param values back, so
a fast drag of a Python slider cannot be overtaken by a stale echo. What the view computed
(every top-level param, derived ones included) comes back read-only in :attr:`view_params`.
The module is bundled with Vega by vl-convert, so it works with no network.

The chart follows the width of its output area: the page reports it (``available_width``),
and a chatdata chart is laid out again for it with :func:`chatdata.charts.layout.fit_lab`
(once per width, rounded by :func:`~chatdata.charts.layout.lab_width`). Only ``spec`` is
replaced, never ``chart``: setting ``chart`` would make a new ``params`` object and cut the
links the panel's sliders have to the old one. The new spec starts at the current values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import altair as alt
import traitlets
import vl_convert

from chatdata import user_cache
from chatdata.charts.layout import (
    LAB_WIDTH,
    LEGEND_PATCH,
    fit_lab,
    lab_width,
    reflows,
    with_values,
)

_SOURCE = Path(__file__).with_name("panel_chart.js")


def _vega_lite_version() -> str:
    """The Vega-Lite version vl-convert should bundle, as Altair asks for it (``"6.4"``)."""
    from altair.utils._importers import vl_version_for_vl_convert

    return vl_version_for_vl_convert()


def bundle_name() -> str:
    """The cached bundle's name in :mod:`chatdata.user_cache`: from its text and versions."""
    key = user_cache.digest(_SOURCE.read_text(encoding="utf-8"))[:12]
    return f"panel-chart-{key}-vl{_vega_lite_version()}-vlconvert{vl_convert.__version__}.js"  # type: ignore[attr-defined]


def panel_chart_bundle() -> str:
    """``panel_chart.js`` bundled with Vega, Vega-Lite and vega-embed (cached on disk).

    Bundling takes seconds, so the result is kept and reused by later kernels; a missing or
    unwritable cache only costs the time.
    """
    kept = user_cache.read_text(bundle_name())
    if kept is not None:
        return kept
    bundled = vl_convert.javascript_bundle(
        _SOURCE.read_text(encoding="utf-8"), vl_version=_vega_lite_version()
    )
    user_cache.write_text(bundle_name(), bundled)
    return bundled


class PanelChart(alt.JupyterChart):
    """A JupyterChart whose params only the kernel sets (see the module docstring).

    Give it a chart without bound inputs: the panel's Python sliders are its controls.

    Parameters
    ----------
    chart : altair top-level chart
    settings : sequence of mappings, optional
        Param values (the corners of the sliders, say) at which the chart must fit its width
        too; see :func:`~chatdata.charts.layout.fit_lab`.
    width : int
        The width to lay the chart out at until the page says how wide its output area is.
    """

    _view_params = traitlets.Dict().tag(sync=True)
    #: Width (CSS px) of the space the page has for the chart; the page sets it.
    available_width = traitlets.Int(0).tag(sync=True)
    #: Width the drawn spec is laid out for (0 for a chart that keeps its own layout).
    layout_width = traitlets.Int(0).tag(sync=True)

    def __init__(
        self,
        chart,
        *,
        settings: Sequence[Mapping[str, object]] = (),
        width: int = LAB_WIDTH,
        **kwargs,
    ):
        if not getattr(type(self), "_bundled", False):
            type(self)._esm = panel_chart_bundle()
            type(self)._bundled = True
        self._source = chart.to_dict()
        self._settings = [dict(values) for values in settings]
        self._layouts: dict[int, tuple[dict, dict]] = {}
        if reflows(self._source):
            options = kwargs.get("embed_options") or {}
            kwargs["embed_options"] = {"patch": LEGEND_PATCH, **options}
        super().__init__(chart, **kwargs)
        if reflows(self._source):
            self._show(width)

    def layouts(self, width: int) -> tuple[dict, dict]:
        """The chart laid out for ``width`` px: its static and live specs (kept per width).

        A chart Vega cannot draw keeps its own layout (the page shows the error).
        """
        if width not in self._layouts:
            try:
                self._layouts[width] = fit_lab(self._source, width, self._settings)
            except ValueError:
                self._layouts[width] = (self._source, self._source)
        return self._layouts[width]

    def _show(self, width: int) -> None:
        """Draw the chart laid out for ``width``, at the params' current values."""
        plain = [
            param["name"]
            for param in self._source.get("params", [])
            if "expr" not in param and "select" not in param
        ]
        current = {name: getattr(self.params, name, None) for name in plain}
        values = {name: value for name, value in current.items() if value is not None}
        _static, live = self.layouts(width)
        with self.hold_sync():
            self.spec = with_values(live, values)
            self.layout_width = width

    @traitlets.observe("available_width")
    def _on_available_width(self, change) -> None:
        if not reflows(self._source) or change["new"] <= 0:
            return
        width = lab_width(change["new"])
        if width != self.layout_width:
            self._show(width)

    @property
    def view_params(self) -> dict:
        """Every top-level param as the chart's view last computed it (empty until drawn)."""
        return dict(self._view_params)
