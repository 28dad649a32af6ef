"""One build at a time per output folder.

The lock is a file beside the output folder, ``.<name>.chatdata-lock``, that holds the id of
the process building and an exclusive ``flock`` on it. The kernel drops the ``flock`` when that
process ends, however it ends, so a lock file left by a killed build is recognised (it is not
locked) and taken over; the process id in it is only there to name the build in messages.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from chatdata.site.output_dir import Refused


def lock_path(out: Path) -> Path:
    """The lock file of output folder ``out``."""
    out = Path(out)
    return out.parent / f".{out.name}.chatdata-lock"


class BuildLock:
    """Hold the lock of output folder ``out`` (a context manager).

    Attributes
    ----------
    path : Path
        The lock file.
    cleared : int or None
        Process id of a killed build whose lock this one took over.
    """

    def __init__(self, out: Path):
        self.out = Path(out)
        self.path = lock_path(out)
        self.cleared: int | None = None
        self._fd: int | None = None

    def acquire(self) -> BuildLock:
        """Take the lock.

        Raises
        ------
        Refused
            When another live build holds it.
        """
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _pid(os.read(fd, 64))
                os.close(fd)
                who = f"pid {holder}" if holder else "another process"
                raise Refused(
                    f"--out {self.out}: another build ({who}) is writing it; "
                    f"wait for it to finish (lock {self.path})"
                ) from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if not same:  # the holder removed the file as we opened it: try again
                os.close(fd)
                continue
            self.cleared = _pid(os.read(fd, 64))
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            self._fd = fd
            return self

    def release(self) -> None:
        """Remove the lock file and drop the lock."""
        if self._fd is None:
            return
        try:
            if os.fstat(self._fd).st_ino == os.stat(self.path).st_ino:
                self.path.unlink()
        except FileNotFoundError:
            pass
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> BuildLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _pid(text: bytes) -> int | None:
    try:
        return int(text.decode().strip())
    except ValueError:
        return None
