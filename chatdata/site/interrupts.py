"""Stopping a build cleanly on SIGINT (Ctrl-C) or SIGTERM, whenever it arrives.

The command line turns either signal into :class:`Interrupted`, raised once in the main
process; the build then ends its workers and their kernels (:func:`end_processes`), removes
its staging folder and leaves the published site as it was. Steps that must not be cut in
half (creating or removing a staging folder, swapping the new site in) run with the signals
held back (:func:`signals_deferred`). Workers ignore SIGINT, which a terminal sends to the
whole process group, so only the main process reacts, and on Linux they die with the main
process even when it is killed outright.

This module is imported before the rest of the package has loaded: it needs only the
standard library until :func:`end_processes` runs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time

SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: Seconds to wait for the killed processes to be gone.
END_TIMEOUT = 10.0


class Interrupted(KeyboardInterrupt):
    """The build received SIGINT or SIGTERM.

    Attributes
    ----------
    signum : int
        The signal.
    published : bool
        True if the new site was already in place when the signal arrived.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.published = False

    @property
    def name(self) -> str:
        """The signal's name, e.g. ``"SIGTERM"``."""
        return signal.Signals(self.signum).name

    @property
    def status(self) -> int:
        """The exit status a shell gives a process ended by this signal (130, 143)."""
        return 128 + self.signum


def quit_on_signals() -> None:
    """Until :func:`signals_raise` takes over: exit at once, with one line, on either signal.

    For the moments the command line spends loading the package, before it has written
    anything.
    """

    def leave(signum, frame):
        name = signal.Signals(signum).name
        os.write(2, f"chatdata: stopped by {name} before the build began\n".encode())
        os._exit(128 + signum)

    for number in SIGNALS:
        signal.signal(number, leave)


@contextlib.contextmanager
def signals_raise():
    """Within the block the first SIGINT or SIGTERM raises :class:`Interrupted`.

    Later signals are ignored, so the clean-up the first one starts is not cut short.
    Outside the main thread this does nothing (signals reach only the main thread).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in SIGNALS}

    def interrupt(signum, frame):
        for number in SIGNALS:
            signal.signal(number, signal.SIG_IGN)
        raise Interrupted(signum)

    for number in SIGNALS:
        signal.signal(number, interrupt)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def signals_deferred():
    """Hold SIGINT and SIGTERM back until the block ends (then they take effect)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def worker_setup(
    runtime_dir: str | None = None,
    environ: dict[str, str] | None = None,
    main_pid: int | None = None,
) -> None:
    """Run first in every worker: ignore SIGINT, die with the main process (Linux).

    Parameters
    ----------
    runtime_dir : str, optional
        Folder for the worker's temporary files, the kernels' connection files among them, so
        that those of kernels killed with the build go with its staging folder.
    environ : dict, optional
        The main process's environment as the build began: a forked worker has the fork
        server's, from when that started.
    main_pid : int, optional
        The main process. A worker forked by a fork server is that server's child, and the
        server lives as long as any worker does, so such a worker watches the main process
        itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if environ is not None:
        os.environ.clear()
        os.environ.update(environ)
    if runtime_dir is not None:
        import tempfile

        tempfile.tempdir = runtime_dir
        os.environ["JUPYTER_RUNTIME_DIR"] = runtime_dir
    if sys.platform == "linux":
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        if main_pid is not None and os.getppid() != main_pid:
            threading.Thread(target=_end_with, args=(main_pid,), daemon=True).start()


def _end_with(pid: int) -> None:
    """Kill this process once process ``pid`` has ended (Linux: waits on a pidfd)."""
    import select

    with contextlib.suppress(ProcessLookupError):
        select.select([os.pidfd_open(pid)], [], [])
    os.kill(os.getpid(), signal.SIGKILL)


def _children() -> list:
    """The children of this process, and those of a fork server among them (its workers)."""
    import psutil

    found = []
    for child in psutil.Process().children():
        found.append(child)
        if _names(child, "multiprocessing.forkserver"):
            with contextlib.suppress(psutil.Error):
                found += child.children()
    return found


def child_pids() -> set[int]:
    """Ids of this process's children now, a fork server's workers among them."""
    return {child.pid for child in _children()}


def _names(process, text: str) -> bool:
    """True if ``process``'s command line holds ``text``."""
    try:
        return text in " ".join(process.cmdline())
    except Exception:  # gone, or not ours to inspect
        return False


def _is_resource_tracker(process) -> bool:
    """Multiprocessing's helper: it must outlive the pool (it cleans up after it)."""
    return _names(process, "resource_tracker")


def end_processes(before: set[int]) -> list[int]:
    """Kill the children started since ``before`` (see :func:`child_pids`) and all of theirs.

    A fork server's workers count as children: a server an earlier build started stays,
    the workers it forked since ``before`` go. Each process is stopped (SIGSTOP) as soon as
    it is found, so none can start another that escapes; then all are killed together.
    Returns the ids killed.
    """
    import psutil

    found: dict[int, psutil.Process] = {}
    frontier = [c for c in _children() if c.pid not in before and not _is_resource_tracker(c)]
    while frontier:
        grandchildren = []
        for process in frontier:
            if process.pid in found:
                continue
            found[process.pid] = process
            with contextlib.suppress(psutil.Error):
                process.suspend()
            with contextlib.suppress(psutil.Error):
                grandchildren += process.children()
        frontier = grandchildren
    for process in found.values():
        with contextlib.suppress(psutil.Error):
            process.kill()
    # Wait by looking, not with waitpid: reaping the workers here would leave the pool
    # unable to tell that they ended, and its shutdown would wait for them forever.
    deadline = time.monotonic() + END_TIMEOUT
    while any(map(_running, found.values())) and time.monotonic() < deadline:
        time.sleep(0.02)
    return sorted(found)


def _running(process) -> bool:
    """True unless ``process`` has ended (a zombie waiting for its parent has ended)."""
    import psutil

    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
