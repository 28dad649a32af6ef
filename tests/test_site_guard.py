"""The publisher never destroys: a guarded ``--out``, one build at a time, no stray folders.

Each refusal is checked through the command line: exit status 2, one line on stderr naming
what is wrong and where, and not a byte changed anywhere under the test's folder.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from chatdata.__main__ import main
from chatdata.site.build import build_site
from chatdata.site.output_dir import MARKER, STAGING_MARKER, is_marked_png

ROOT = Path(__file__).resolve().parents[1]
#: A PNG's signature, header chunk and end chunk (no pixels: the checks read only chunks).
TINY_PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(17) + b"\0\0\0\0IEND\xaeB`\x82"


def write_notebook(folder: Path, name: str, cells: list) -> Path:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


def tiny_notebook(folder: Path, name: str = "01_tiny.ipynb") -> Path:
    """A chapter with a heading, a summary and one cheap code cell."""
    return write_notebook(
        folder, name, [new_markdown_cell("# Tiny\n\nA one-line summary."), new_code_cell("1 + 1")]
    )


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """A tiny chapter built once: its site, and a cache that makes rebuilds copy pages only."""
    root = tmp_path_factory.mktemp("guard")
    notebooks = root / "notebooks"
    tiny_notebook(notebooks)
    log = io.StringIO()
    report = build_site(out=root / "site", notebooks=notebooks, cache_folder=root / "cache",
                        jobs=1, timeout=60, readme_image=None, stream=log)  # fmt: skip
    assert report.ok, log.getvalue()
    return {"root": root, "notebooks": notebooks, "cache": root / "cache", "site": root / "site"}


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder``: file bytes, or None for a folder."""
    entries = {}
    for path in sorted(Path(folder).rglob("*")):
        name = path.relative_to(folder).as_posix()
        entries[name] = None if path.is_dir() else path.read_bytes()
    return entries


def project_with(tmp: Path, warm: dict) -> dict:
    """A user's project: notebooks and their cache copied from the warm build, and a file."""
    shutil.copytree(warm["notebooks"], tmp / "proj" / "notebooks")
    shutil.copytree(warm["cache"], tmp / "proj" / "cache")
    (tmp / "proj" / "notes.txt").write_text("my own notes\n", encoding="utf-8")
    return {"proj": tmp / "proj", "notebooks": tmp / "proj" / "notebooks",
            "cache": tmp / "proj" / "cache"}  # fmt: skip


def build_args(out, notebooks, cache, readme=None) -> list[str]:
    args = ["build", "--out", str(out), "--notebooks", str(notebooks), "--cache", str(cache),
            "--timeout", "60", "--jobs", "1"]  # fmt: skip
    return args + (["--readme-image", str(readme)] if readme else ["--no-readme-image"])


def refused(capsys, args: list[str], tmp: Path, *named: str) -> str:
    """Run the command, check it refused with one line naming ``named``, touching nothing."""
    before = snapshot(tmp)
    status = main(args)
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert status == 2, captured.out + captured.err
    assert len(lines) == 1, captured.err
    for text in named:
        assert text in lines[0], lines[0]
    assert "Traceback" not in captured.err
    assert snapshot(tmp) == before, "a refused build changed files"
    return lines[0]


# --- --out -------------------------------------------------------------------------------


def test_folder_with_user_files_is_refused(tmp_path, warm, capsys):
    p = project_with(tmp_path, warm)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("two years of work\n", encoding="utf-8")
    line = refused(capsys, build_args(out, p["notebooks"], p["cache"]), tmp_path, str(out))
    assert MARKER in line


def test_previous_site_with_an_added_file_is_refused(tmp_path, warm, capsys):
    p = project_with(tmp_path, warm)
    out = tmp_path / "site"
    shutil.copytree(warm["site"], out)
    (out / "CNAME").write_text("example.org\n", encoding="utf-8")
    refused(capsys, build_args(out, p["notebooks"], p["cache"]), tmp_path, str(out / "CNAME"))


def test_previous_site_with_an_edited_file_is_refused(tmp_path, warm, capsys):
    p = project_with(tmp_path, warm)
    out = tmp_path / "site"
    shutil.copytree(warm["site"], out)
    (out / "index.html").write_text("edited by hand\n", encoding="utf-8")
    line = refused(capsys, build_args(out, p["notebooks"], p["cache"]), tmp_path, "index.html")
    assert "changed" in line


def test_out_dot_in_a_clone_is_refused(tmp_path, warm, capsys, monkeypatch):
    p = project_with(tmp_path, warm)
    (p["proj"] / ".git").mkdir()
    (p["proj"] / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    monkeypatch.chdir(p["proj"])
    line = refused(capsys, build_args(".", "notebooks", "cache"), tmp_path, ".git")
    assert str(p["proj"]) in line


@pytest.mark.parametrize(
    ("where", "named"),
    [
        ("proj", "the notebooks"),  # the project root: the folder holding the notebooks
        ("proj/notebooks", "the notebooks"),
        (".", "the notebooks"),  # a parent of the project
        ("proj/cache", "the build cache"),
        ("proj/cache/site", "inside the build cache"),
        ("proj/.git/site", ".git"),
        ("proj/notes.txt", "is a file"),
        ("proj/notes.txt/site", "is a file"),
    ],
)
def test_places_that_hold_the_project_are_refused(tmp_path, warm, capsys, where, named):
    p = project_with(tmp_path, warm)
    if ".git" in where:
        (p["proj"] / ".git").mkdir()
    out = (tmp_path / where).resolve()
    refused(capsys, build_args(out, p["notebooks"], p["cache"]), tmp_path, named)


def test_folder_holding_a_git_checkout_is_refused(tmp_path, warm, capsys):
    p = project_with(tmp_path, warm)
    out = tmp_path / "site"
    shutil.copytree(warm["site"], out)
    (out / ".git").write_text("gitdir: /elsewhere/.git/worktrees/site\n", encoding="utf-8")
    refused(capsys, build_args(out, p["notebooks"], p["cache"]), tmp_path, ".git")


def test_empty_or_absent_folder_and_previous_site_are_written(tmp_path, warm, capsys):
    p = project_with(tmp_path, warm)
    empty, absent, previous = tmp_path / "empty", tmp_path / "a" / "b" / "site", tmp_path / "old"
    empty.mkdir()
    shutil.copytree(warm["site"], previous)
    for out in (empty, absent, previous):
        assert main(build_args(out, p["notebooks"], p["cache"])) == 0, capsys.readouterr()
        assert (out / "01_tiny.html").is_file()
        assert (out / MARKER).is_file()
    assert snapshot(previous) == snapshot(warm["site"])
    leftovers = [f.name for f in tmp_path.rglob(".*")
                 if f.name.startswith(".site-") or f.name.endswith(".chatdata-lock")]  # fmt: skip
    assert leftovers == []


# --- --readme-image ----------------------------------------------------------------------


def test_readme_image_over_a_text_file_is_refused(tmp_path, warm, capsys):
    p = project_with(tmp_path, warm)
    notes = tmp_path / "notes.md"
    notes.write_text("# my notes\n", encoding="utf-8")
    args = build_args(tmp_path / "site", p["notebooks"], p["cache"], readme=notes)
    refused(capsys, args, tmp_path, "--readme-image", str(notes))


def test_readme_image_over_someone_elses_png_is_refused(tmp_path, warm, capsys):
    p = project_with(tmp_path, warm)
    photo = tmp_path / "photo.png"
    photo.write_bytes(TINY_PNG)
    args = build_args(tmp_path / "site", p["notebooks"], p["cache"], readme=photo)
    refused(capsys, args, tmp_path, str(photo), "not a PNG a chatdata build wrote")


@pytest.mark.parametrize("where", ["site/chart.png", "folder"])
def test_readme_image_inside_the_site_or_on_a_folder_is_refused(tmp_path, warm, capsys, where):
    p = project_with(tmp_path, warm)
    (tmp_path / "folder").mkdir()
    args = build_args(tmp_path / "site", p["notebooks"], p["cache"], readme=tmp_path / where)
    refused(capsys, args, tmp_path, "--readme-image")


def test_readme_image_the_build_wrote_is_replaced(tmp_path):
    from chatdata.site.output_dir import mark_png, write_png

    target = tmp_path / "chart.png"
    assert write_png(target, TINY_PNG)  # written where nothing was
    assert is_marked_png(target.read_bytes())
    assert not is_marked_png(TINY_PNG)
    written = target.stat().st_mtime_ns
    assert not write_png(target, TINY_PNG)  # the same image: left alone
    assert target.stat().st_mtime_ns == written
    assert write_png(target, TINY_PNG + b"\0")  # another image the build wrote: replaced
    assert is_marked_png(mark_png(TINY_PNG))
    assert not is_marked_png(b"GIF89a")


def test_committed_readme_image_carries_the_mark():
    assert is_marked_png((ROOT / "docs" / "images" / "chart.png").read_bytes())


# --- the lock, and what killed builds leave --------------------------------------------


HOLD_LOCK = """
import sys, time
from chatdata.site.build_lock import BuildLock
lock = BuildLock(sys.argv[1]).acquire()
print("locked", flush=True)
time.sleep(60)
"""


def test_second_build_on_one_out_is_refused(tmp_path, warm, capsys):
    p = project_with(tmp_path, warm)
    out = tmp_path / "site"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(out)],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        refused(capsys, build_args(out, p["notebooks"], p["cache"]), tmp_path,
                f"pid {holder.pid}", str(out))  # fmt: skip
    finally:
        holder.kill()
        holder.wait()


def dead_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_lock_left_by_a_killed_build_is_cleared(tmp_path, warm, capsys):
    p = project_with(tmp_path, warm)
    out = tmp_path / "site"
    pid = dead_pid()
    (tmp_path / ".site.chatdata-lock").write_text(f"{pid}\n", encoding="utf-8")
    assert main(build_args(out, p["notebooks"], p["cache"])) == 0
    assert f"pid {pid}" in capsys.readouterr().out
    assert not (tmp_path / ".site.chatdata-lock").exists()


def test_staging_folders_of_killed_builds_are_removed_and_no_others(tmp_path, warm, capsys):
    p = project_with(tmp_path, warm)
    gone = {"pid": dead_pid(), "started": time.time() - 60}
    running = {"pid": os.getpid(), "started": None}
    for name, owner in [(".site-build-a1", gone), (".site-old-b2", gone),
                        (".site-build-c3", running), (".site-build-mine", None)]:  # fmt: skip
        folder = tmp_path / name
        (folder / "site").mkdir(parents=True)
        (folder / "site" / "page.html").write_text("half a site", encoding="utf-8")
        if owner is not None:
            (folder / STAGING_MARKER).write_text(json.dumps(owner), encoding="utf-8")
    assert main(build_args(tmp_path / "site", p["notebooks"], p["cache"])) == 0
    assert ".site-build-a1" in capsys.readouterr().out
    left = sorted(f.name for f in tmp_path.glob(".site-*"))
    assert left == [".site-build-c3", ".site-build-mine"]


# --- SIGINT, SIGTERM and SIGKILL --------------------------------------------------------


def sleeping_notebooks(folder: Path, count: int = 2) -> list[Path]:
    """Chapters whose code cell runs for two minutes: a build of them is stopped mid-way."""
    return [
        write_notebook(folder, f"0{n}_slow.ipynb", [new_markdown_cell(f"# Slow {n}"),
                                                    new_code_cell("import time\ntime.sleep(120)")])
        for n in range(1, count + 1)
    ]  # fmt: skip


def descendants(process: psutil.Process) -> list[psutil.Process]:
    try:
        return process.children(recursive=True)
    except psutil.Error:
        return []


def command(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:  # ended, or a zombie
        return ""


def running(pids) -> list[int]:
    """Those of ``pids`` still running (zombies waiting for a parent count as ended)."""
    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.Error:
            pass
    return alive


def wait_for(condition, what: str, seconds: float = 300.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def start_build(tmp: Path, warm: dict, notebooks: Path) -> tuple[subprocess.Popen, Path]:
    """``python -m chatdata build`` of ``notebooks`` over a copy of the warm site."""
    out = tmp / "site"
    shutil.copytree(warm["site"], out)
    shutil.copytree(warm["cache"], tmp / "cache")  # its Vega bundle saves a second or two
    args = build_args(out, notebooks, tmp / "cache")
    args[args.index("--jobs") + 1] = "2"  # a worker, and a kernel, per chapter
    command = [sys.executable, "-m", "chatdata", *args]
    build = subprocess.Popen(command, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)  # fmt: skip
    return build, out


def kernels_of(build: subprocess.Popen, count: int):
    """Wait until ``count`` kernels of the build run; returns every process of its tree."""

    def ready():
        if build.poll() is not None:
            raise AssertionError(f"the build ended early: {build.communicate()}")
        tree = descendants(psutil.Process(build.pid))
        kernels = [p for p in tree if "ipykernel" in command(p)]
        return tree if len(kernels) >= count else None

    return wait_for(ready, f"{count} kernels")


MOMENTS = {
    "staging": lambda tmp, build: wait_for(lambda: list(tmp.glob(".site-build-*")), "staging"),
    "workers": lambda tmp, build: wait_for(lambda: descendants(psutil.Process(build.pid)), "pool"),
    "kernels": lambda tmp, build: kernels_of(build, 2),
}


@pytest.mark.parametrize(
    ("signum", "moment"),
    [
        (signal.SIGTERM, "kernels"),
        (signal.SIGINT, "kernels"),
        (signal.SIGTERM, "staging"),
        (signal.SIGINT, "workers"),
    ],
)
def test_a_stopped_build_ends_every_process_and_keeps_the_site(tmp_path, warm, signum, moment):
    notebooks = tmp_path / "notebooks"
    sleeping_notebooks(notebooks)
    build, out = start_build(tmp_path, warm, notebooks)
    before = snapshot(out)
    seen: set[int] = set()
    try:
        MOMENTS[moment](tmp_path, build)
        seen = {p.pid for p in descendants(psutil.Process(build.pid))}
        build.send_signal(signum)
        _stdout, stderr = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
        with contextlib.suppress(AssertionError):  # multiprocessing's helper takes a moment
            wait_for(lambda: not running(seen), "the build's processes to end", 10)
        leftover = [(pid, command(psutil.Process(pid))) for pid in running(seen)]
        for pid in running(seen):
            psutil.Process(pid).kill()
    assert build.returncode == 128 + signum, stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert "Traceback" not in stderr, stderr
    assert signal.Signals(signum).name in stderr
    assert str(out) in stderr
    assert leftover == [], "processes outlived the build"
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "notebooks", "site"]


def test_a_killed_build_leaves_no_process_and_its_folders_go_with_the_next(tmp_path, warm):
    notebooks = tmp_path / "notebooks"
    sleeping_notebooks(notebooks, count=1)
    build, out = start_build(tmp_path, warm, notebooks)
    before = snapshot(out)
    tree = kernels_of(build, 1)
    build.kill()
    build.wait()
    try:
        wait_for(lambda: not running(p.pid for p in tree), "the workers and kernels to end", 15)
    finally:
        for pid in running(p.pid for p in tree):
            psutil.Process(pid).kill()
    assert list(tmp_path.glob(".site-build-*")), "the killed build left no staging folder"
    assert snapshot(out) == before
    status = main(build_args(out, warm["notebooks"], warm["cache"]))
    assert status == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "notebooks", "site"]


def test_a_second_build_while_one_runs_is_refused(tmp_path, warm, capsys):
    notebooks = tmp_path / "notebooks"
    sleeping_notebooks(notebooks, count=1)
    build, out = start_build(tmp_path, warm, notebooks)
    tree: list[psutil.Process] = []
    try:
        tree = kernels_of(build, 1)
        line = refused(capsys, build_args(out, warm["notebooks"], warm["cache"]), out,
                       f"pid {build.pid}")  # fmt: skip
        assert str(out) in line
    finally:
        build.kill()
        build.wait()
        for pid in running(p.pid for p in tree):
            psutil.Process(pid).kill()


def test_a_later_builds_forked_workers_get_its_environment_and_are_ended(monkeypatch):
    """Workers forked by the server an earlier build of this process started (see build)."""
    from concurrent.futures import ProcessPoolExecutor

    from chatdata.site.build import worker_context
    from chatdata.site.interrupts import child_pids, end_processes, worker_setup

    def pool():
        return ProcessPoolExecutor(1, mp_context=worker_context(), initializer=worker_setup,
                                   initargs=(None, dict(os.environ), os.getpid()))  # fmt: skip

    with pool() as first:  # the server, if no build of this process started it yet
        first.submit(os.getpid).result()
    monkeypatch.setenv("CHATDATA_GUARD_PROBE", "this build's")
    before = child_pids()
    later = pool()
    try:
        assert later.submit(os.getenv, "CHATDATA_GUARD_PROBE").result() == "this build's"
        worker = later.submit(os.getpid).result()
        server = psutil.Process(worker).ppid()
        assert server != os.getpid(), "the worker was not forked by a server"
        killed = end_processes(before)
        assert worker in killed
        assert not running([worker]), "a worker outlived end_processes"
        assert running([server]) == [server], "the server earlier builds share was killed"
    finally:
        later.shutdown(wait=True, cancel_futures=True)


# --- notebook names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("index.ipynb", "index.html"),
        ("data.ipynb", "data"),
        ("Assets.ipynb", "assets"),
        ("my chapter.ipynb", "not safe in a web address"),
        ("caf\u00e9.ipynb", "not safe in a web address"),
        ("what?.ipynb", "not safe in a web address"),
    ],
)
def test_notebook_names_that_collide_or_are_unsafe_are_refused(tmp_path, warm, capsys, name,
                                                                named):  # fmt: skip
    p = project_with(tmp_path, warm)
    tiny_notebook(p["notebooks"], name)
    out = tmp_path / "site"
    shutil.copytree(warm["site"], out)
    refused(capsys, build_args(out, p["notebooks"], p["cache"]), tmp_path, name, named)


def test_two_notebooks_whose_names_differ_only_in_case_are_refused(tmp_path, warm, capsys):
    p = project_with(tmp_path, warm)
    tiny_notebook(p["notebooks"], "01_TINY.ipynb")
    refused(capsys, build_args(tmp_path / "site", p["notebooks"], p["cache"]), tmp_path,
            "01_TINY.ipynb", "01_tiny")  # fmt: skip
