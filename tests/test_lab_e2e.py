"""The JupyterLab harness itself: it passes a working notebook and catches every defect.

:func:`lab_support.check_notebook` reads a notebook the way a reader does, in JupyterLab in
headless Chromium with no network (see :mod:`lab_support`); the chapters are read with it in
``test_lab_chapters_<n>.py``. Here two fixture notebooks check the harness: one that must
pass and one with a defect of every kind, each of which must be caught.
"""

from __future__ import annotations

import re

import pytest
from lab_fixtures import BROKEN_FIXTURE, BROKEN_PATIENCE, GOOD_FIXTURE

pytestmark = pytest.mark.browser


def test_harness_passes_a_working_notebook(read):
    report = read(GOOD_FIXTURE)
    assert report.ok, report.describe()
    assert (report.charts_expected, report.charts_drawn) == (2, 2), report.describe()
    # the plain chart's own slider; the explorer's chart has none, its Python slider drives it
    assert (report.vega_sliders, report.widget_sliders) == (1, 1), report.describe()
    assert report.explorers == 1, report.describe()
    # every chart was measured at each window width, with the sliders at their ends too
    assert set(report.chart_widths) == {
        "at 1000 px",
        "at 1000 px, sliders at their highest",
        "at 1000 px, sliders at their lowest",
        "at 1400 px",
        "at 1400 px, sliders at their highest",
    }, report.describe()
    assert all(len(charts) == 2 for charts in report.chart_widths.values()), report.chart_widths


def test_harness_catches_every_kind_of_defect(read):
    # every chart and slider here that can fail does: no need for the usual patience
    report = read(BROKEN_FIXTURE, patience=BROKEN_PATIENCE)
    problems = "\n".join(report.problems)
    expected = {
        "error output": r"cell 11 \('1 / 0'\) raised ZeroDivisionError",
        "cell skipped after the error": r"cell 12 .* did not run",
        "chart that cannot draw": r"cell 4 .* (shows an error|drew no marks)",
        "Vega slider that changes nothing": r"cell 5 .* slider 'idle' changed nothing",
        "ipywidgets slider that changes nothing": r"cell 6 .* slider 'lonely' changed no chart",
        "Python slider out of step": r"cell 6 .* 'lonely' is 1 on the chart but 3 in",
        "text typeset as maths": r"cell 13 .*typeset as maths",
        "explorer out of step after fast drags": (
            r"cell 8 .* after fast drags, 'knob' is 1 on the chart but [\d.]+ in the Python"
        ),
        "network request": r"tried to reach the network: GET https://example\.com/pixel\.png",
        "chart wider than its output area": (
            r"cell 9 .* at 1000 px: the chart is \d+ px wide in a \d+ px output area"
        ),
        "chart text outside the chart": r"cell 9 .* at 1400 px: \d+ chart text\(s\) reach up to",
        "widget text cut short": (
            r"cell 10 .* the widget text '600 million chats a day' is cut short"
        ),
        "label cut short though it would fit": (
            r"cell 9 .* cut short to 'a kind.*' though 'a kind with a long name' would fit"
        ),
    }
    missed = [kind for kind, pattern in expected.items() if not re.search(pattern, problems)]
    assert not missed, f"the harness missed: {missed}\n{report.describe()}"
    assert report.screenshot is not None
    assert report.screenshot.exists()
