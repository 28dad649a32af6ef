"""Time ``python -m chatdata build`` and sample the memory of its whole process tree.

The build runs as a child process exactly as ``make site`` runs it, with its own cache folder
so that a cold build starts from an empty cache and a warm one finds everything cached. Its
progress lines (``[1/7] 01_scale  ok  12.3 s  (executed)``) give the time per notebook.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

#: One progress line of ``chatdata.site.build``.
PROGRESS = re.compile(
    r"^\[\d+/\d+\]\s+(?P<slug>\S+)\s+(?P<status>ok|FAILED)\s+(?P<seconds>[\d.]+) s\s+"
    r"\((?P<source>\w+)\)"
)

#: Seconds between two memory samples.
SAMPLE_INTERVAL = 0.05


@dataclass
class NotebookTime:
    """One notebook's line in the build's progress output."""

    seconds: float
    source: str
    ok: bool


@dataclass
class BuildRun:
    """What one build took.

    Attributes
    ----------
    seconds : float
        Wall time of the whole command.
    returncode : int
        The command's exit status.
    peak_rss : int
        Largest sum of resident memory (bytes) over the build and all its descendants.
    peak_tree : str
        The processes at that moment, e.g. ``"build 0.20 GB, 2 kernels 0.30+0.40 GB"``.
    notebooks : dict
        Notebook slug -> :class:`NotebookTime`, in the order the lines appeared.
    output : str
        Everything the build printed (stdout and stderr).
    """

    seconds: float
    returncode: int
    peak_rss: int = 0
    peak_tree: str = ""
    notebooks: dict[str, NotebookTime] = field(default_factory=dict)
    output: str = ""


def parse_progress(output: str) -> dict[str, NotebookTime]:
    r"""Per-notebook times from the build's progress lines.

    Examples
    --------
    >>> parse_progress("[1/2] 01_scale   ok   12.5 s  (executed)\nother")
    {'01_scale': NotebookTime(seconds=12.5, source='executed', ok=True)}
    """
    times = {}
    for line in output.splitlines():
        match = PROGRESS.match(line.strip())
        if match:
            times[match["slug"]] = NotebookTime(
                float(match["seconds"]), match["source"], match["status"] == "ok"
            )
    return times


def role(process: psutil.Process, root_pid: int) -> str:
    """What a process in the build's tree is: ``build``, ``worker``, ``kernel`` or ``other``."""
    if process.pid == root_pid:
        return "build"
    command = " ".join(process.cmdline())
    if "ipykernel" in command:
        return "kernel"
    if "multiprocessing" in command:
        return "worker"
    return "other"


def tree_rss(root: psutil.Process) -> dict[int, tuple[str, int]]:
    """Resident memory (bytes) of ``root`` and each descendant: pid -> (role, rss)."""
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return {}
    sizes = {}
    for process in processes:
        try:
            sizes[process.pid] = (role(process, root.pid), process.memory_info().rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return sizes


def describe_tree(sizes: dict[int, tuple[str, int]]) -> str:
    """``"build 0.2 GB, 2 workers 0.3+0.3 GB, ..."`` for the processes at one moment.

    Examples
    --------
    >>> describe_tree({1: ("build", 2e8), 2: ("kernel", 3e8), 3: ("kernel", 4e8)})
    'build 0.20 GB, 2 kernels 0.30+0.40 GB'
    """
    groups: dict[str, list[int]] = {}
    for kind, rss in sizes.values():
        groups.setdefault(kind, []).append(rss)
    parts = []
    for kind, values in groups.items():
        amounts = "+".join(f"{value / 1e9:.2f}" for value in values)
        name = kind if len(values) == 1 else f"{len(values)} {kind}s"
        parts.append(f"{name} {amounts} GB")
    return ", ".join(parts)


class TreeMemorySampler(threading.Thread):
    """Samples :func:`tree_rss` of a process every :data:`SAMPLE_INTERVAL` seconds.

    ``peak_rss`` is the largest sum seen; ``peak_tree`` the processes at that moment.
    """

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak_rss = 0
        self.peak_tree: dict[int, tuple[str, int]] = {}
        self._finished = threading.Event()

    def run(self) -> None:
        """Sample the process tree's memory until :meth:`stop` is called."""
        while not self._finished.is_set():
            sizes = tree_rss(self.root)
            total = sum(rss for _, rss in sizes.values())
            if total > self.peak_rss:
                self.peak_rss, self.peak_tree = total, sizes
            self._finished.wait(SAMPLE_INTERVAL)

    def stop(self) -> None:
        """End sampling and wait for the thread."""
        self._finished.set()
        self.join()


def build_command(out: Path, notebooks: Path, cache: Path, jobs: int) -> list[str]:
    """The ``make site`` command, with the site, cache and README image kept out of the tree."""
    return [
        sys.executable,
        "-m",
        "chatdata",
        "build",
        "--out",
        str(out),
        "--notebooks",
        str(notebooks),
        "--cache",
        str(cache),
        "--jobs",
        str(jobs),
        "--readme-image",
        str(Path(out).parent / "readme-chart.png"),
    ]


def pin_to(cores: int):
    """A ``preexec_fn`` that keeps the child on its first ``cores`` usable CPUs (Linux)."""
    available = sorted(os.sched_getaffinity(0))

    def pin() -> None:
        os.sched_setaffinity(0, available[:cores])

    return pin


def run_build(out: Path, notebooks: Path, cache: Path, cores: int = 2) -> BuildRun:
    """Run one build on at most ``cores`` CPUs and measure it.

    Parameters
    ----------
    out : Path
        Site folder to write.
    notebooks : Path
        The chapters.
    cache : Path
        The build cache; an empty or missing folder makes the build cold.
    cores : int
        CPUs the build may use (and worker processes it starts), as on the 2-core target.
    """
    env = {key: value for key, value in os.environ.items() if key != "CHATDATA_SITE"}
    started = time.perf_counter()
    process = subprocess.Popen(
        build_command(out, notebooks, cache, cores),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        preexec_fn=pin_to(cores),
    )
    sampler = TreeMemorySampler(process.pid)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    return BuildRun(
        seconds=seconds,
        returncode=process.returncode,
        peak_rss=sampler.peak_rss,
        peak_tree=describe_tree(sampler.peak_tree),
        notebooks=parse_progress(output),
        output=output,
    )


def import_profile(statement: str, top: int = 2) -> str:
    """Time a fresh interpreter takes to run ``statement``, and its slowest imports.

    Uses ``python -X importtime``; the text reads e.g. ``"6.1 s, of which rfc3987_syntax 3.0 s"``
    (self time of each module, its own imports excluded).
    """
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement], capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    own: list[tuple[int, str]] = []
    for line in done.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) == 3 and fields[0].strip().isdigit():
            own.append((int(fields[0]), fields[2].strip()))
    slowest = sorted(own, reverse=True)[:top]
    details = ", ".join(f"{name} {micro / 1e6:.1f} s" for micro, name in slowest)
    return f"{seconds:.1f} s, of which {details}" if details else f"{seconds:.1f} s"


def baseline_seconds(work: Path) -> float:
    """Execution time, in the build's executor, of a notebook holding only the setup cell."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from chatdata.site.execute import execute_notebook

    path = Path(work) / "baseline.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("import chatdata\nchatdata.setup()")]), path)
    started = time.perf_counter()
    execute_notebook(path)
    return time.perf_counter() - started
