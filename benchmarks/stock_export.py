"""The comparison: the same notebooks exported by stock ``jupyter nbconvert --to html --execute``.

No ``CHATDATA_SITE`` in the environment, so ``setup()`` picks the notebook renderer, as it does
for anyone exporting a notebook by hand. Each notebook is exported on its own, so one failure
does not hide the others.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class StockExport:
    """Pages written by nbconvert.

    Attributes
    ----------
    pages : dict
        Notebook slug -> exported HTML file.
    seconds : dict
        Notebook slug -> wall time of its export (execution included).
    errors : dict
        Notebook slug -> last lines of nbconvert's output, for exports that failed.
    """

    pages: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def nbconvert_command(notebook: Path, out: Path, timeout: float) -> list[str]:
    """``jupyter nbconvert --to html --execute`` with a cell timeout and an output folder."""
    return [
        sys.executable,
        "-m",
        "jupyter",
        "nbconvert",
        "--to",
        "html",
        "--execute",
        f"--ExecutePreprocessor.timeout={timeout:g}",
        "--output-dir",
        str(out),
        str(notebook),
    ]


def export_stock(notebooks: list[Path], out: Path, timeout: float = 120.0) -> StockExport:
    """Export each notebook into ``out`` and note the time each took."""
    env = {key: value for key, value in os.environ.items() if key != "CHATDATA_SITE"}
    result = StockExport()
    for notebook in notebooks:
        started = time.perf_counter()
        done = subprocess.run(
            nbconvert_command(notebook, out, timeout),
            capture_output=True,
            text=True,
            env=env,
        )
        result.seconds[notebook.stem] = time.perf_counter() - started
        page = Path(out) / f"{notebook.stem}.html"
        if done.returncode == 0 and page.is_file():
            result.pages[notebook.stem] = page
        else:
            result.errors[notebook.stem] = "\n".join(done.stderr.strip().splitlines()[-3:])
    return result
