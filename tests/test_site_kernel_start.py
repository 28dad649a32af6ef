"""The build starts a notebook's kernel again when it dies before the first cell runs."""

from __future__ import annotations

import sys
import threading

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from chatdata.site import execute
from chatdata.site.execute import KERNEL_STARTS, NotebookError, execute_notebook

#: A kernel command that exits at once, as a kernel that dies before it answers does.
DIES = [sys.executable, "-c", "import sys; sys.exit(3)"]


def notebook(folder, *sources: str):
    path = folder / "nb.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(s) for s in sources]), path)
    return path


@pytest.fixture
def starts(monkeypatch):
    """Make the first ``starts.dying`` kernels die at start; count the kernels asked for."""
    real = execute._kernel_manager
    state = {"dying": 0, "calls": 0}

    def manager():
        state["calls"] += 1
        made = real()
        if state["calls"] <= state["dying"]:
            made.kernel_spec.argv[:] = DIES
        return made

    monkeypatch.setattr(execute, "_kernel_manager", manager)
    return state


def test_a_kernel_that_dies_at_start_is_started_again(tmp_path, starts):
    starts["dying"] = KERNEL_STARTS - 1
    nb = execute_notebook(notebook(tmp_path, "print(6 * 7)"), timeout=60)
    assert starts["calls"] == KERNEL_STARTS
    assert nb.cells[0].outputs[0]["text"].strip() == "42"


def test_no_kernel_starting_fails_the_notebook_before_its_first_cell(tmp_path, starts):
    starts["dying"] = KERNEL_STARTS
    with pytest.raises(NotebookError, match=f"no kernel started in {KERNEL_STARTS} tries") as e:
        execute_notebook(notebook(tmp_path, "print(1)"), timeout=60)
    assert e.value.cell_index is None
    assert "before the first cell" in str(e.value)
    assert starts["calls"] == KERNEL_STARTS


def test_a_kernel_that_dies_in_a_cell_fails_at_once_and_is_not_started_again(tmp_path, starts):
    """The death is reported, not waited out.

    With a blocking kernel manager nbclient held its event loop waiting for the dead kernel's
    output: some 6 minutes here.
    """
    path = notebook(tmp_path, "print(1)", "import os\nos._exit(1)")
    outcome: dict = {}

    def run():
        try:
            execute_notebook(path, timeout=20)
        except NotebookError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=90)  # a hang bound (the cell timeout, with room), not a speed target
    assert not worker.is_alive(), "the build still waits on a kernel that died in cell 1"
    error = outcome["error"]
    assert error.cell_index == 1
    assert error.error == "the kernel died"
    assert starts["calls"] == 1
