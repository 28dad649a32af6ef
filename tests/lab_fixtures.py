"""JupyterLab, serving the chapters and two harness notebooks, for the tests that read them.

Each chapter is read as a reader does (:func:`lab_support.check_notebook`): all cells run,
and then the test fails if any cell shows an error, if a chart does not draw, if moving a
chart's own slider or an ipywidgets slider leaves the chart unchanged, if an explorer's chart
shows Vega's inputs beside its Python panel, if after fast drags an explorer's chart, Python
sliders and derived table disagree, if the browser console shows an error, or if the page
tries to reach anything but the server. Each notebook is read in a 1000 px window with the
file browser open, then in a 1400 px one: at both, with the sliders as they are and at their
ends, every chart must fit its output area, with no chart or widget text outside it or cut
short where its full text would fit.

The chapters are spread over several test files (:func:`chapter_test`) so that the suite's
workers share them; each worker starts one server and one JupyterLab page for the files it
runs (the fixtures are ``tests/conftest.py``'s).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from lab_support import LabServer, LabWindow, check_notebook, copy_notebooks

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))

GOOD_FIXTURE = "fixture_good.ipynb"
BROKEN_FIXTURE = "fixture_broken.ipynb"

SETUP = "import chatdata\n\nchatdata.setup()"

BAR_DATA = """import altair as alt
import pandas as pd

data = pd.DataFrame({"kind": ["a", "b"], "value": [1.0, 2.0]})
bars = alt.Chart(data).mark_bar().encode(x="kind:N")"""


def _notebook(*sources: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_markdown_cell("# Harness fixture")]
    notebook.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    return notebook


def good_fixture() -> nbformat.NotebookNode:
    """A chart in the ``explorer`` panel, then a chart with its own slider.

    The explorer comes first, as offline mode must not wait for a plain chart.
    """
    return _notebook(
        SETUP,
        BAR_DATA,
        """from chatdata.charts.assumptions import assumption_params
from chatdata.widgets import explorer

peak = (
    bars.encode(y="peak:Q")
    .add_params(*assumption_params(["peak_to_average"]))
    .transform_calculate(peak="datum.value * v_peak_to_average")
)
explorer(peak)""",
        """scale = alt.param(name="scale", value=1, bind=alt.binding_range(min=0, max=10, step=1))
bars.encode(y="scaled:Q").add_params(scale).transform_calculate(scaled="datum.value * scale")""",
    )


def broken_fixture() -> nbformat.NotebookNode:
    """One defect per cell; the cell that raises comes last but one, so run-all stops there.

    A last Markdown cell holds two prices, which JupyterLab typesets as maths.
    """
    notebook = _notebook(
        SETUP,
        BAR_DATA,
        # a Vega expression naming a param that does not exist: the chart cannot draw
        'bars.encode(y="y:Q").transform_calculate(y="datum.value * no_such_param")',
        # a bound param that nothing reads: its slider moves but the chart stays the same
        """idle = alt.param(name="idle", value=1, bind=alt.binding_range(min=0, max=10, step=1))
bars.encode(y="value:Q").add_params(idle)""",
        # a Python slider that looks like the chart's own but is linked to nothing
        """import ipywidgets as widgets

lonely = alt.param(name="lonely", value=1, bind=alt.binding_range(min=0, max=10, step=1))
chart = bars.encode(y="y:Q").add_params(lonely).transform_calculate(y="datum.value * lonely")
widgets.VBox([alt.JupyterChart(chart), widgets.FloatSlider(3, max=10, description="lonely")])""",
        # a request to the internet
        """from IPython.display import HTML

HTML('<img src="https://example.com/pixel.png" alt="remote pixel">')""",
        # an explorer-style panel whose Python slider is linked to nothing: out of step
        """from chatdata.widgets.panel_chart import PanelChart

knob = alt.param(name="knob", value=1)
chart = bars.encode(y="y:Q").add_params(knob).transform_calculate(y="datum.value * knob")
slider = widgets.FloatSlider(3, max=10, description="knob")
slider.add_class("chatdata-param-knob")
widgets.VBox([PanelChart(chart), slider])""",
        # a chart wider than the output area, its legend below it (outside, as it is not
        # padded) and cut short where the chart has room for its labels
        """kinds = ["a kind with a long name", "another kind"]
long = pd.DataFrame({"kind": kinds, "value": [1, 2]})
legend = alt.Legend(orient="bottom", labelLimit=40)
colour = alt.Color("kind:N", legend=legend)
wide = alt.Chart(long).mark_bar().encode(x="value:Q", color=colour)
wide.properties(width=900, autosize="none")""",
        # a readout too narrow for its text
        """widgets.Label("600 million chats a day", layout=widgets.Layout(width="60px"))""",
        "1 / 0",
        "print('never reached')",
    )
    notebook.cells.append(nbformat.v4.new_markdown_cell("From \\$0.005 to \\$0.15 a chat."))
    return notebook


#: Share of the usual waits for the broken fixture (30 s for charts -> 10.5 s, 10 s -> 3.5 s).
BROKEN_PATIENCE = 0.35


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """JupyterLab serving copies of the notebooks and the two fixtures."""
    root = tmp_path_factory.mktemp("lab-root")
    copy_notebooks(NOTEBOOKS, root)
    nbformat.write(good_fixture(), root / GOOD_FIXTURE)
    nbformat.write(broken_fixture(), root / BROKEN_FIXTURE)
    with LabServer(root, tmp_path_factory.mktemp("lab-state")) as server:
        yield server


@pytest.fixture(scope="session")
def lab_window(lab_server, chromium):
    """One JupyterLab page for every notebook this test process reads (see ``LabWindow``)."""
    window = LabWindow(chromium, lab_server)
    yield window
    window.close()


@pytest.fixture
def read(lab_window, tmp_path):
    """Check one notebook in the running server; the report's screenshot goes to tmp_path."""

    def read_notebook(name: str, patience: float = 1.0):
        return check_notebook(
            lab_window, name, screenshot=tmp_path / f"{name}.png", patience=patience
        )

    return read_notebook


#: How many test files the chapters are spread over (``test_lab_chapters_<n>.py``).
CHAPTER_FILES = 3


def chapter_share(part: int) -> list:
    """The chapter names test file ``part`` (1-based) of :data:`CHAPTER_FILES` reads.

    Every other chapter in turn, so each file gets short and long ones; with no chapters at
    all, a param that makes the test fail.
    """
    names = [path.name for path in NOTEBOOKS][part - 1 :: CHAPTER_FILES]
    return names or [pytest.param(None, id="no-notebooks")]


def chapter_test(part: int):
    """The test that reads share ``part`` of the chapters, for ``test_lab_chapters_<part>.py``."""

    @pytest.mark.browser
    @pytest.mark.parametrize("name", chapter_share(part))
    def test_notebook_reads_cleanly(read, name):
        assert name is not None, f"no notebooks for this file to read in {NOTEBOOK_DIR}"
        report = read(name)
        assert report.ok, report.describe()

    return test_notebook_reads_cleanly
