"""The chart inside an explorer panel: an ``alt.JupyterChart`` driven only by the kernel.

:class:`PanelChart` keeps Altair's Python side (``.params`` traitlets, synced to the page as
``_params``) and replaces the page side with ``panel_chart.js``: the chart has no controls of
its own, applies param changes one Vega run at a time and never sends param values back, so
a fast drag of a Python slider cannot be overtaken by a stale echo. What the view computed
(every top-level param, derived ones included) comes back read-only in :attr:`view_params`.
The module is bundled with Vega by vl-convert, so it works with no network.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import altair as alt
import traitlets
import vl_convert

_SOURCE = Path(__file__).with_name("panel_chart.js")


def cache_folder() -> Path:
    """Where bundled widget JavaScript is kept between kernels.

    ``CHATDATA_CACHE`` overrides the folder (default: ``$XDG_CACHE_HOME/chatdata``).
    """
    root = os.environ.get("CHATDATA_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "chatdata"
    )
    return Path(root)


def _vega_lite_version() -> str:
    """The Vega-Lite version vl-convert should bundle, as Altair asks for it (``"6.4"``)."""
    from altair.utils._importers import vl_version_for_vl_convert

    return vl_version_for_vl_convert()


def bundle_path() -> Path:
    """The cached bundle of ``panel_chart.js``, keyed on its text and the library versions."""
    import hashlib

    digest = hashlib.sha256(_SOURCE.read_bytes()).hexdigest()[:12]
    name = f"panel-chart-{digest}-vl{_vega_lite_version()}-vlconvert{vl_convert.__version__}.js"  # type: ignore[attr-defined]
    return cache_folder() / name


def panel_chart_bundle() -> str:
    """``panel_chart.js`` bundled with Vega, Vega-Lite and vega-embed (cached on disk).

    Bundling takes seconds, so the result is kept and reused by later kernels; a missing or
    unwritable cache only costs the time.
    """
    path = bundle_path()
    if path.is_file():
        return path.read_text(encoding="utf-8")
    bundled = vl_convert.javascript_bundle(
        _SOURCE.read_text(encoding="utf-8"), vl_version=_vega_lite_version()
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as tmp:
            tmp.write(bundled)
        os.replace(tmp.name, path)
    except OSError:
        pass
    return bundled


class PanelChart(alt.JupyterChart):
    """A JupyterChart whose params only the kernel sets (see the module docstring).

    Give it a chart without bound inputs: the panel's Python sliders are its controls.
    """

    _view_params = traitlets.Dict().tag(sync=True)

    def __init__(self, chart, **kwargs):
        if not getattr(type(self), "_bundled", False):
            type(self)._esm = panel_chart_bundle()
            type(self)._bundled = True
        super().__init__(chart, **kwargs)

    @property
    def view_params(self) -> dict:
        """Every top-level param as the chart's view last computed it (empty until drawn)."""
        return dict(self._view_params)
