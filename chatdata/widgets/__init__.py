"""ipywidgets panels that drive the charts' Vega-Lite params from Python in JupyterLab."""

from chatdata.widgets.explorer import explorer

__all__ = ["explorer"]
