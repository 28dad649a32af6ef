"""Run a notebook top to bottom in a fresh kernel, as the site build does.

The kernel is ``python3`` started with the interpreter running the build, with
``CHATDATA_SITE=1`` so that ``setup()`` switches charts to site placeholders. A failure is
reported as a :class:`NotebookError` that names the notebook, the cell and the error.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from chatdata import _deferred
from chatdata.charts.render import SITE_ENV
from chatdata.site.altair_outputs import standard_mimetypes
from chatdata.site.ansi import strip_ansi
from chatdata.site.limits import first_oversized_cell


class NotebookError(RuntimeError):
    """A notebook failed to execute.

    Attributes
    ----------
    notebook : str
        Path of the notebook.
    cell_index : int or None
        Zero-based index of the failing cell in the notebook (None if it failed before any cell).
    first_line : str
        First line of that cell's source.
    error : str
        The error, e.g. ``"NameError: name 'x' is not defined"``.
    """

    def __init__(self, notebook: str, cell_index: int | None, first_line: str, error: str):
        self.notebook, self.cell_index, self.first_line, self.error = (
            notebook,
            cell_index,
            first_line,
            error,
        )
        where = "before the first cell" if cell_index is None else f"cell {cell_index}"
        line = f" ({first_line!r})" if first_line else ""
        super().__init__(f"{notebook}: {where}{line} failed: {error}")


class _Client(NotebookClient):
    """nbclient, taking Altair 6's ``...v6.json`` chart outputs (which it would refuse)."""

    def output(self, outs, msg, display_id, cell_index):
        standard_mimetypes(msg.get("content", {}).get("data"))
        return super().output(outs, msg, display_id, cell_index)


#: How the build's kernels start: as ``python -m ipykernel_launcher`` does, after
#: :func:`chatdata._deferred.defer_iri_syntax`, so that a notebook importing Altair without
#: chatdata does not build the IRI grammar either (about 2 s of CPU per kernel). The module
#: is loaded from its file: importing the ``chatdata`` package would load pandas. The command
#: line still names ``ipykernel_launcher``, by which the tests find the build's kernels.
_KERNEL_START = (
    "import importlib.util, runpy, sys\n"
    "spec = importlib.util.spec_from_file_location('_chatdata_deferred', {file!r})\n"
    "deferred = sys.modules[spec.name] = importlib.util.module_from_spec(spec)\n"
    "spec.loader.exec_module(deferred)\n"
    "deferred.defer_iri_syntax()\n"
    "del importlib, spec, deferred\n"
    "runpy.run_module('ipykernel_launcher', run_name='__main__', alter_sys=True)\n"
)


def _kernel_manager() -> AsyncKernelManager:
    """A ``python3`` kernel that runs on this interpreter whatever kernelspecs are installed.

    It is nbclient's default kind, the asynchronous one: with a blocking manager, nbclient
    waits for a cell's output in a call that holds its event loop, so that a kernel dying in
    a cell held the build for minutes instead of failing it within a second or two.
    """
    manager = AsyncKernelManager(kernel_name="python3")
    spec = manager.kernel_spec
    if spec is None:
        raise RuntimeError("no python3 kernelspec: install ipykernel in this environment")
    spec.argv[0] = sys.executable
    if spec.argv[1:3] == ["-m", "ipykernel_launcher"]:
        start = _KERNEL_START.format(file=str(Path(_deferred.__file__)))
        spec.argv[1:3] = ["-c", start]
    return manager


def _error_text(cell) -> str:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return strip_ansi(f"{output.get('ename', 'Error')}: {output.get('evalue', '')}")
    return ""


#: Kernels started for one notebook before the build gives up on it. Now and then a kernel
#: exits before it answers its first request (seen when kernels start two at a time), which
#: says nothing about the notebook: its cells have not run yet, so it is started again.
KERNEL_STARTS = 3


class _KernelDidNotStart(Exception):
    """The kernel died or did not answer before the notebook's first cell ran."""


def execute_notebook(path: Path, timeout: float = 120.0) -> nbformat.NotebookNode:
    """Execute ``path`` and return the notebook with its outputs.

    A kernel that dies before the first cell runs is started again, up to
    :data:`KERNEL_STARTS` times in all.

    Parameters
    ----------
    path : Path
        The notebook; it runs with its own folder as working directory.
    timeout : float
        Seconds a single cell may take.

    Raises
    ------
    NotebookError
        When a cell raises, times out or the kernel dies, or no kernel starts.
    """
    path = Path(path)
    for attempt in range(1, KERNEL_STARTS + 1):
        try:
            return _execute_once(path, timeout)
        except _KernelDidNotStart as exc:
            if attempt == KERNEL_STARTS:
                error = f"no kernel started in {KERNEL_STARTS} tries ({exc})"
                raise NotebookError(str(path), None, "", error) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _execute_once(path: Path, timeout: float) -> nbformat.NotebookNode:
    """One execution of ``path`` in a new kernel (see :func:`execute_notebook`)."""
    nb = nbformat.read(path, as_version=4)
    current: dict[str, int | None] = {"index": None}

    def on_cell_start(cell, cell_index, **_):
        current["index"] = cell_index

    manager = _kernel_manager()
    client = _Client(
        nb,
        timeout=timeout,
        kernel_name="python3",
        km=manager,
        # A graceful shutdown waits most of a second for the kernel's exit hooks, which have
        # nothing to save here: stop it at once.
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(path.parent.resolve())}},
        on_cell_start=on_cell_start,
    )
    try:
        # The kernel's own log (transport warnings, shutdown notices) would only clutter the
        # build's progress; errors reach us through the cells' outputs. A client given its
        # kernel manager leaves the kernel running unless told to clean up: ``cleanup_kc``.
        client.execute(
            env={**os.environ, SITE_ENV: "1"}, stderr=subprocess.DEVNULL, cleanup_kc=True
        )
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        index = current["index"]
        if index is None and isinstance(exc, DeadKernelError):
            raise _KernelDidNotStart(str(exc)) from None
        cell = nb.cells[index] if index is not None else {}
        source = cell.get("source", "") if cell else ""
        first_line = source.strip().splitlines()[0] if source.strip() else ""
        if isinstance(exc, CellTimeoutError):
            error = f"timed out after {timeout:g} s"
        elif isinstance(exc, DeadKernelError):
            error = "the kernel died"
        else:
            error = _error_text(cell) or strip_ansi(str(exc)).strip().splitlines()[-1]
        raise NotebookError(str(path), index, first_line, error) from None
    except RuntimeError as exc:
        # jupyter_client's "Kernel died before replying to kernel_info" or "Kernel didn't
        # respond in 60 seconds", raised while the client waits for the new kernel
        if current["index"] is not None:
            raise
        raise _KernelDidNotStart(str(exc)) from None
    finally:
        # nbclient registers its own clean-up to run at exit and, when the kernel fails to
        # start, leaves it registered: at exit it would fail on the manager it has dropped
        atexit.unregister(client._cleanup_kernel)
        _shut_down(manager)
    return publishable(nb, path)


def publishable(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """An executed notebook made ready to publish: charts under standard mimetypes.

    The build applies this to what it executes (whose outputs :class:`_Client` already
    renamed); a notebook executed elsewhere in site mode (by nbval in the test run, say) gets
    the same treatment before it is cached.

    Raises
    ------
    NotebookError
        When a cell's output is too big to publish.
    """
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            standard_mimetypes(output.get("data"))
    oversized = first_oversized_cell(nb)
    if oversized is not None:
        index, reason = oversized
        source = nb.cells[index].get("source", "").strip()
        first_line = source.splitlines()[0] if source else ""
        raise NotebookError(str(path), index, first_line, f"too big to publish: {reason}")
    return nb


def _shut_down(manager: AsyncKernelManager) -> None:
    """Stop the kernel if it still runs (e.g. its start failed half-way)."""
    if manager.has_kernel:
        run_sync(manager.shutdown_kernel)(now=True)
