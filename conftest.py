"""nbval's execution of each notebook, kept for the site tests so they need not run it again.

nbval (``--nbval-lax``, see ``pyproject.toml``) executes every notebook under ``notebooks/``
and the test fixtures, which is what keeps them executable. Its kernel starts with
``CHATDATA_SITE=1``, as the site build starts its kernels, so the outputs are the ones a build
would get; when every code cell of a notebook has passed, the executed notebook goes into the
build cache of its folder (:func:`site_fixtures.executed_cache`), where the site tests' builds
find it under the same key a build computes (code cells, package code and data). A build that
runs before nbval reaches a notebook, or after an edit, simply executes it itself.

The suite runs in the order :func:`pytest_collection_modifyitems` gives, which ``make test``
keeps (``--no-loadscope-reorder``): nbval's notebooks first, as their executions save the site
builds theirs, then the files that take minutes, so that no worker starts a long file while
the other has nothing left to do.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import kernel_starts
from tests.site_fixtures import executed_cache

SITE_ENV = "CHATDATA_SITE"  # chatdata.charts.render.SITE_ENV, without importing Altair here

#: Per notebook file: the outputs of each code cell that passed, in order.
_passed: dict[Path, list] = {}


def pytest_configure(config):
    """Let nbval start a notebook's kernel again if it dies before answering."""
    kernel_starts.install()


def _run_order(item) -> int:
    """Where an item's file goes in the run: nbval, JupyterLab, browser, builds, the rest."""
    name = Path(str(item.fspath)).name
    if _is_nbval_cell(item) or name.endswith(".ipynb"):
        return 0
    if name.startswith("test_lab"):
        return 1
    if item.get_closest_marker("browser") is not None:
        return 2
    if name.startswith(("test_site", "test_types")):
        return 3
    return 4


def pytest_collection_modifyitems(config, items):
    """Order the files as the module docstring says (each file's items stay together)."""
    rank = {}
    for item in items:
        rank.setdefault(item.fspath, _run_order(item))
    items.sort(key=lambda item: rank[item.fspath])


def _is_nbval_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell" and hasattr(item.parent, "kernel")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """Start nbval's kernel (done in its first cell's setup) in site mode."""
    starts_kernel = _is_nbval_cell(item) and item.parent.kernel is None
    before = os.environ.get(SITE_ENV)
    if starts_kernel:
        os.environ[SITE_ENV] = "1"
        _passed[Path(str(item.parent.fspath))] = []
    try:
        yield
    finally:
        if starts_kernel:
            if before is None:
                os.environ.pop(SITE_ENV, None)
            else:
                os.environ[SITE_ENV] = before


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Record the outputs of each nbval cell that passed."""
    outcome = yield
    if call.when == "call" and _is_nbval_cell(item):
        cells = _passed.get(Path(str(item.parent.fspath)))
        if cells is not None:
            if outcome.get_result().passed:
                cells.append(item.test_outputs)
            else:
                _passed.pop(Path(str(item.parent.fspath)), None)


def pytest_runtest_teardown(item, nextitem):
    """After a notebook's last cell: store the executed notebook if every cell passed."""
    if not _is_nbval_cell(item) or (nextitem is not None and nextitem.parent is item.parent):
        return
    path = Path(str(item.parent.fspath))
    outputs = _passed.pop(path, None)
    if outputs is None:
        return
    import nbformat

    from chatdata.site.cache import store_executed
    from chatdata.site.execute import NotebookError, publishable

    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    if len(code) != len(outputs):  # a cell was skipped or not run: nothing to keep
        return
    for count, (cell, outs) in enumerate(zip(code, outputs, strict=True), start=1):
        cell.execution_count = count
        cell.outputs = [nbformat.from_dict(dict(out)) for out in outs or []]
        for out in cell.outputs:
            if out.output_type == "execute_result":
                out.execution_count = count
    try:
        nb = publishable(nb, path)
    except NotebookError:  # the build reports it when it executes the notebook itself
        return
    store_executed(executed_cache(path.parent), path, nb)
