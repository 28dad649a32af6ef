"""Caches that let an unchanged notebook skip execution, and an unchanged page skip rendering.

The notebook key hashes the notebook's code cells, every Python module of the package and every
file of its data folder: a change to any of them re-executes the notebook, while an edit to its
prose only renders the page again (:func:`with_prose_of` puts the new prose around the cached
outputs). The page key adds the whole notebook file and what else shapes a page (the HTML
templates, the vl-convert version that compiles and draws the charts, what the site's Vega
runtime can run, and the neighbouring chapters the page links to), so a warm build only copies
files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
#: Templates of the site's pages: they shape pages, not what notebooks compute.
SITE_TEMPLATES = PACKAGE_ROOT / "templates" / "site"


def _package_files(root: Path = PACKAGE_ROOT) -> list[Path]:
    code = [p for p in root.rglob("*.py") if "__pycache__" not in p.parts]
    data = [p for p in (root / "data").glob("*") if p.is_file()]
    tables = [p for p in (root / "templates" / "tables").glob("*") if p.is_file()]
    return sorted(code + data + tables)


def package_digest(root: Path = PACKAGE_ROOT) -> str:
    """Hash of the package's code (``**/*.py``), data (``data/*``) and table templates.

    The table templates (``templates/tables/*``) shape what notebook cells output, so they
    count as code; the page templates are in :func:`renderer_digest`.
    """
    digest = hashlib.sha256()
    for path in _package_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def execution_basis(folder: Path, skip: tuple[Path, ...] = ()) -> str:
    """What a notebook of ``folder`` computes from besides its code cells, as one digest.

    That is the package (:func:`package_digest`) and the files beside the notebooks
    (:func:`folder_digest`, less ``skip``); :func:`cache_key` combines it with the code cells.
    """
    return package_digest() + folder_digest(folder, skip)


def cache_key(notebook: Path, package: str) -> str:
    """Key for executing one notebook: its code cells combined with :func:`package_digest`.

    Markdown cells do not run, so they are not part of it; the page key covers them.
    """
    digest = hashlib.sha256(package.encode())
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            digest.update(text.encode() + b"\0")
    return digest.hexdigest()[:24]


def notebook_digest(notebook: Path) -> str:
    """Hash of the notebook file as written (prose included), for the page key."""
    return hashlib.sha256(Path(notebook).read_bytes()).hexdigest()[:24]


def with_prose_of(executed, notebook: Path):
    """The notebook as it is now, its code cells carrying ``executed``'s outputs.

    ``executed`` ran the same code cells (the notebook key says so), so only the prose
    between them can differ. Returns None when the code cells do not line up after all.
    """
    import nbformat

    current = nbformat.read(notebook, as_version=4)
    ran = [cell for cell in executed.cells if cell.cell_type == "code"]
    code = [cell for cell in current.cells if cell.cell_type == "code"]
    if [c.source for c in ran] != [c.source for c in code]:
        return None
    for cell, done in zip(code, ran, strict=True):
        cell.outputs, cell.execution_count = done.outputs, done.execution_count
    current.metadata = executed.metadata
    return current


def renderer_digest(templates: Path = SITE_TEMPLATES) -> str:
    """Hash of what turns an executed notebook into a page besides the package code.

    That is the page templates, the vl-convert version (it compiles the Vega specs and draws
    the static SVGs) and what each built Vega runtime can run (a chart the full one cannot is
    refused, and a site whose charts all fit the core one gets it:
    :mod:`chatdata.site.runtime_support`); the site's Python code is already part of
    :func:`package_digest`.
    """
    import vl_convert

    from chatdata.site.assets import RUNTIMES, vega_record

    digest = hashlib.sha256(f"vl-convert {vl_convert.__version__}\0".encode())  # type: ignore[attr-defined]  # not in the stub
    for runtime in RUNTIMES:
        try:
            record = vega_record(runtime=runtime)
        except FileNotFoundError:  # not built: the build stops before any page is rendered
            record = {}
        support = [record.get(key) for key in ("transforms", "left_out", "range_schemes")]
        digest.update(json.dumps([runtime, support], sort_keys=True).encode() + b"\0")
    for path in sorted(templates.glob("*.html")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def page_key(notebook_key: str, renderer: str, neighbours: list[str]) -> str:
    """Key for one rendered page.

    Parameters
    ----------
    notebook_key : str
        :func:`cache_key` of the notebook.
    renderer : str
        :func:`renderer_digest`.
    neighbours : list of str
        What the page shows of other chapters (their links and titles).
    """
    text = json.dumps([notebook_key, renderer, neighbours])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


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

    def load(self, stem: str, key: str):
        """The executed notebook (``nbformat.NotebookNode``) stored under ``key``, or None."""
        import nbformat  # imported here: a warm build that only copies pages never needs it

        entry = self._entry(stem, key)
        if not entry.is_file():
            return None
        try:
            return nbformat.read(entry, as_version=4)
        except Exception:  # a truncated or corrupt entry is a miss, not an error
            return None

    def store(self, stem: str, key: str, nb) -> None:
        """Save ``nb`` under ``key`` and drop older entries for the same notebook."""
        import nbformat

        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob(f"{stem}.*.ipynb"):
            if old.name.count(".") == 2:
                old.unlink()
        entry = self._entry(stem, key)
        partial = entry.with_suffix(".partial")
        nbformat.write(nb, partial)
        partial.replace(entry)


def store_executed(folder: Path, notebook: Path, nb) -> None:
    """Keep ``nb``, an execution of ``notebook`` made elsewhere in site mode, for builds.

    A build of the notebook's folder with cache ``folder`` then takes it as its own execution
    while the notebook's code cells, the package and the files beside the notebook stay as
    they are: the key is the one the build computes (with the site it writes outside that
    folder).
    """
    notebook = Path(notebook)
    basis = execution_basis(notebook.parent, skip=(Path(folder),))
    NotebookCache(folder).store(notebook.stem, cache_key(notebook, basis), nb)


class PageCache:
    """Rendered pages stored as folders ``<folder>/<slug>.<key>/``.

    An entry holds the page (``page.html``), its own files (``files/``: static SVGs and CSVs)
    and ``outcome.json`` (how many charts it has and the first one's Vega spec, for the
    README image).

    Parameters
    ----------
    folder : Path
        Where entries live (created on first store), e.g. ``.cache/site/pages``.
    """

    PAGE, FILES, OUTCOME = "page.html", "files", "outcome.json"

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _entry(self, slug: str, key: str) -> Path:
        return self.folder / f"{slug}.{key}"

    def restore(self, slug: str, key: str, site_root: Path) -> dict | None:
        """Copy the page stored under ``key`` into ``site_root``; its outcome, or None."""
        entry = self._entry(slug, key)
        try:
            outcome = json.loads((entry / self.OUTCOME).read_text(encoding="utf-8"))
            shutil.copyfile(entry / self.PAGE, site_root / f"{slug}.html")
            if (entry / self.FILES).is_dir():
                shutil.copytree(entry / self.FILES, site_root / slug, dirs_exist_ok=True)
        except (OSError, ValueError):  # missing or damaged: render the page again
            return None
        return outcome

    def store(self, slug: str, key: str, site_root: Path, outcome: dict) -> None:
        """Keep the page ``site_root/<slug>.html`` and its folder under ``key``.

        Older entries for the same page are dropped. The entry appears whole or not at all.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=f".{slug}-", dir=self.folder))
        shutil.copyfile(site_root / f"{slug}.html", partial / self.PAGE)
        if (site_root / slug).is_dir():
            shutil.copytree(site_root / slug, partial / self.FILES)
        (partial / self.OUTCOME).write_text(json.dumps(outcome), encoding="utf-8")
        for old in self.folder.glob(f"{slug}.*"):
            if old.is_dir() and old.name.count(".") == 1:
                shutil.rmtree(old, ignore_errors=True)
        entry = self._entry(slug, key)
        shutil.rmtree(entry, ignore_errors=True)
        partial.rename(entry)


def folder_digest(folder: Path, skip: tuple[Path, ...] = ()) -> str:
    """Hash of the files beside the notebooks (data they read or chart), "" if there are none.

    Everything under ``folder`` counts except notebooks, hidden and ``_``-prefixed entries
    and the folders in ``skip`` (the site being written, the cache), so a changed data file
    runs its notebooks again and re-inlines the charts that read it.
    """
    folder = Path(folder).resolve()
    skipped = {Path(path).resolve() for path in skip}
    digest, found = hashlib.sha256(), False
    for root, folders, files in os.walk(folder):
        here = Path(root)
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith((".", "_")) and (here / name).resolve() not in skipped
        )
        for name in sorted(files):
            if name.startswith((".", "_")) or name.endswith(".ipynb"):
                continue
            path = here / name
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
            found = True
    return digest.hexdigest() if found else ""
