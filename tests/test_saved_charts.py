"""A saved notebook shows its charts where no kernel runs (GitHub, nbconvert, Jupyter Book).

A chapter is executed as JupyterLab would run it (not in site mode), its widget state is
stripped as a viewer without widgets sees it, and every chart cell must still carry the chart
as a standard Vega-Lite bundle and a static SVG, which nbconvert's HTML export then shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from test_notebooks_static import displays_chart

from chatdata.charts.render import SITE_ENV, SVG_MIME, VEGALITE_MIME

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

#: Has an explorer panel and a plain chart.
CHAPTER = "02_platforms.ipynb"


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """The chapter executed outside site mode, with its widget state stripped."""
    notebook = nbformat.read(NOTEBOOKS / CHAPTER, as_version=4)
    mp = pytest.MonkeyPatch()
    mp.delenv(SITE_ENV, raising=False)
    mp.setenv("CHATDATA_CACHE", str(tmp_path_factory.mktemp("cache")))
    try:
        NotebookClient(
            notebook, timeout=300, resources={"metadata": {"path": NOTEBOOKS}}
        ).execute()
    finally:
        mp.undo()
    notebook.metadata.pop("widgets", None)
    return notebook


def chart_cells(notebook) -> list:
    return [c for c in notebook.cells if c.cell_type == "code" and displays_chart(c)]


def test_every_chart_is_saved_as_vegalite_and_svg(saved):
    cells = chart_cells(saved)
    assert len(cells) >= 2
    for cell in cells:
        outputs = [
            o for o in cell.outputs if o.get("output_type") in ("display_data", "execute_result")
        ]
        assert len(outputs) == 1, cell.source
        data = outputs[0]["data"]
        assert WIDGET_MIME in data, cell.source  # the live view in JupyterLab
        spec = data[VEGALITE_MIME]
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
        assert "<svg" in data[SVG_MIME]
        assert "</svg>" in data[SVG_MIME]


def test_nbconvert_without_widget_state_shows_every_chart(saved):
    html, _ = HTMLExporter().from_notebook_node(saved)
    svgs = re.findall(r'<div class="jp-RenderedSVG[^"]*"', html)
    assert len(svgs) == len(chart_cells(saved))
