"""Read share 1 of the chapters in JupyterLab, as a reader does (see ``lab_fixtures``).

For each notebook, all cells run, and then the test fails if any cell shows an error, if a
chart does not draw, if moving a chart's own slider or an ipywidgets slider leaves the chart
unchanged, if an explorer's chart shows Vega's inputs beside its Python panel, if after fast
drags an explorer's chart, Python sliders and derived table disagree, if the browser console
shows an error, or if the page tries to reach anything but the server. Each notebook is read
in a 1000 px window with the file browser open, then in a 1400 px one: at both, with the
sliders as they are and at their ends, every chart must fit its output area, with no chart
text outside the chart or cut short where its full text would fit.
"""

from __future__ import annotations

import pytest
from lab_fixtures import NOTEBOOK_DIR, chapter_share, lab_server, read

pytestmark = pytest.mark.browser

__all__ = ["lab_server", "read"]  # fixtures


@pytest.mark.parametrize("name", chapter_share(1))
def test_notebook_reads_cleanly(read, name):
    assert name is not None, f"no notebooks for this file to read in {NOTEBOOK_DIR}"
    report = read(name)
    assert report.ok, report.describe()
