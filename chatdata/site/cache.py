"""A cache of executed notebooks, so an unchanged notebook is not run again.

The key hashes the notebook file, every Python module of the package and every file of
its data folder: a change to any of them re-executes the notebook.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def _package_files(root: Path = PACKAGE_ROOT) -> list[Path]:
    code = [p for p in root.rglob("*.py") if "__pycache__" not in p.parts]
    data = [p for p in (root / "data").glob("*") if p.is_file()]
    return sorted(code + data)


def package_digest(root: Path = PACKAGE_ROOT) -> str:
    """Hash of the package's code (``**/*.py``) and data (``data/*``), paths included."""
    digest = hashlib.sha256()
    for path in _package_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def cache_key(notebook: Path, package: str) -> str:
    """Key for one notebook: its bytes combined with :func:`package_digest`."""
    digest = hashlib.sha256(package.encode())
    digest.update(Path(notebook).read_bytes())
    return digest.hexdigest()[:24]


class NotebookCache:
    """Executed notebooks stored as ``<folder>/<stem>.<key>.ipynb``.

    Parameters
    ----------
    folder : Path
        Where entries live (created on first store), e.g. ``.cache/site``.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _entry(self, stem: str, key: str) -> Path:
        return self.folder / f"{stem}.{key}.ipynb"

    def load(self, stem: str, key: str) -> nbformat.NotebookNode | None:
        """The executed notebook stored under ``key``, or None."""
        entry = self._entry(stem, key)
        if not entry.is_file():
            return None
        try:
            return nbformat.read(entry, as_version=4)
        except Exception:  # a truncated or corrupt entry is a miss, not an error
            return None

    def store(self, stem: str, key: str, nb: nbformat.NotebookNode) -> None:
        """Save ``nb`` under ``key`` and drop older entries for the same notebook."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob(f"{stem}.*.ipynb"):
            if old.name.count(".") == 2:
                old.unlink()
        entry = self._entry(stem, key)
        partial = entry.with_suffix(".partial")
        nbformat.write(nb, partial)
        partial.replace(entry)
