"""Every chapter notebook, read as a file (nothing is executed): layout and hygiene rules.

The rules, for every ``notebooks/*.ipynb``:

* it is named ``NN_name.ipynb`` (two digits, lower-case words joined by ``_``) and the
  numbers 00 to 06 are each used exactly once;
* it is committed clean: a valid nbformat 4 file with the ``python3`` kernelspec, no
  outputs and no execution counts;
* its first code cell imports ``chatdata`` and calls ``chatdata.setup()``;
* its code cells are short: the median has at most 8 non-blank lines and none has more
  than 20;
* it opens with a markdown cell headed by a level-1 title, and one of its last three cells
  is a markdown cell headed ``Summary``;
* every code cell that displays a chart is directly preceded by a markdown cell that says
  what to try: it contains the word "Try". A cell *displays a chart* when its last
  statement is an expression calling ``explorer(...)`` or a chart builder; chart builders
  are the functions in ``chatdata.charts`` whose names end in ``_chart``.
"""

from __future__ import annotations

import ast
import re
import statistics
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
NAME = re.compile(r"^(?P<number>\d\d)_[a-z0-9]+(?:_[a-z0-9]+)*\.ipynb$")
CHAPTERS = {f"{n:02d}" for n in range(7)}
MEDIAN_LINES = 8
MAX_LINES = 20
SUMMARY_WITHIN_LAST = 3


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def lines(cell) -> int:
    return sum(1 for line in cell.source.splitlines() if line.strip())


def heading(cell) -> str:
    """The first line of a markdown cell, without its leading ``#`` marks."""
    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return first.lstrip("#").strip()


def called_name(node: ast.expr) -> str | None:
    """``f`` for ``f(...)`` or ``module.f(...)``; None for anything else."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def displays_chart(cell) -> bool:
    """True when the cell's last statement is an ``explorer(...)`` or ``*_chart(...)`` call."""
    tree = ast.parse(cell.source)
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return False
    name = called_name(tree.body[-1].value)
    return name is not None and (name == "explorer" or name.endswith("_chart"))


def test_there_is_one_notebook_per_chapter():
    numbers = []
    for path in PATHS:
        match = NAME.match(path.name)
        assert match, f"{path.name} is not named NN_name.ipynb"
        numbers.append(match["number"])
    assert sorted(numbers) == sorted(set(numbers)), f"a chapter number is used twice: {numbers}"
    assert set(numbers) == CHAPTERS


@pytest.fixture(params=PATHS, ids=lambda p: p.name)
def notebook(request):
    return read(request.param)


def test_notebook_is_committed_clean(notebook):
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    for cell in code_cells(notebook):
        assert cell.outputs == [], f"outputs left in cell: {cell.source[:60]!r}"
        assert cell.execution_count is None


def test_first_code_cell_sets_up_chatdata(notebook):
    first = ast.parse(code_cells(notebook)[0].source)
    imported = {
        alias.name
        for node in ast.walk(first)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    calls = {ast.unparse(node.func) for node in ast.walk(first) if isinstance(node, ast.Call)}
    assert "chatdata" in imported
    assert "chatdata.setup" in calls
    # setup() returns None, so the cell shows nothing without a trailing semicolon.
    assert not code_cells(notebook)[0].source.rstrip().endswith(";")


def test_code_cells_are_short(notebook):
    counts = [lines(cell) for cell in code_cells(notebook)]
    assert statistics.median(counts) <= MEDIAN_LINES
    assert max(counts) <= MAX_LINES


def test_notebook_opens_with_a_title_and_ends_with_a_summary(notebook):
    first = notebook.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# ")
    last = notebook.cells[-SUMMARY_WITHIN_LAST:]
    assert any(c.cell_type == "markdown" and heading(c) == "Summary" for c in last)


def test_every_chart_is_introduced_by_something_to_try(notebook):
    cells = notebook.cells
    charts = [
        i for i, cell in enumerate(cells) if cell.cell_type == "code" and displays_chart(cell)
    ]
    assert charts, "the notebook shows no chart"
    for i in charts:
        before = cells[i - 1]
        assert before.cell_type == "markdown", f"no markdown before {cells[i].source[:60]!r}"
        assert re.search(r"\bTry\b", before.source), (
            f"no 'Try ...' sentence right before {cells[i].source.strip()!r}"
        )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("scale.chats_per_second_chart()", True),
        ("explorer(chart, derive=f)", True),
        ("chart = scale.split_chart()", False),
        ("chatdata.assumptions()", False),
        ("x = 1\nsources.sources_chart()", True),
    ],
)
def test_chart_cells_are_recognised(source, expected):
    assert displays_chart(nbformat.v4.new_code_cell(source)) is expected
