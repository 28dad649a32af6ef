"""Files shared by every page: the Vega runtime, the site's CSS and JS, and the datasets."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from chatdata.site.spreadsheet import copy_safe_csv
from chatdata.site.templates import fill

STATIC = Path(__file__).with_name("static")
DATA = Path(__file__).resolve().parents[1] / "data"
#: Where ``make js`` builds the Vega runtime from the npm packages pinned in
#: ``js/package-lock.json`` (``npm ci`` + esbuild, see ``js/build-vega.mjs``); never committed.
JS_BUILD = Path(__file__).resolve().parents[2] / "build" / "js"
#: The runtime's name in every site (pages load ``assets/vega-bundle.js``), and the full
#: runtime's in ``build/js``.
VEGA_BUNDLE = "vega-bundle.js"
#: Beside the bundle: the package versions it was built from, what it can run and leaves out,
#: and the sources of the minified ``site.js`` and ``site.css`` it wrote next to it.
VEGA_RECORD = "vega-bundle.json"
#: The runtimes ``make js`` builds, as (bundle, record) in ``build/js``: the full one draws any
#: published chart; the core one, smaller, what chatdata's own charts need
#: (:func:`chatdata.site.runtime_support.site_runtime` picks a site's).
RUNTIMES = {"full": (VEGA_BUNDLE, VEGA_RECORD), "core": ("vega-core.js", "vega-core.json")}
DATA_DESCRIPTION = (
    "Every dataset behind chatdata's charts, as CSV, with a Frictionless data package "
    "describing each column."
)


def js_build() -> Path:
    """The folder holding the built Vega runtime (``$CHATDATA_JS_BUILD`` overrides it)."""
    return Path(os.environ.get("CHATDATA_JS_BUILD") or JS_BUILD)


def vega_bundle(folder: Path | None = None, runtime: str = "full") -> Path:
    """A built Vega runtime (:data:`RUNTIMES`): one script defining ``window.vega``.

    Raises
    ------
    FileNotFoundError
        If it has not been built (``make js``, part of ``make install``).
    """
    path = (folder or js_build()) / RUNTIMES[runtime][0]
    if not path.is_file():
        raise FileNotFoundError(
            f"the site's Vega runtime {path} is not built: run `make js` "
            "(npm ci and esbuild, once; building the site then needs no network)"
        )
    return path


def vega_record(folder: Path | None = None, runtime: str = "full") -> dict:
    """What a built runtime holds, as ``make js`` recorded it.

    That is ``packages`` (name -> version), ``transforms`` (the types it registers),
    ``range_schemes`` (the colour scheme of each named scale range), ``left_out`` (by kind:
    :data:`~chatdata.site.runtime_support.KINDS_LEFT_OUT`, and the ``transforms`` of the full
    runtime it does not register) and ``minified`` (the sources of the minified site files).
    """
    path = vega_bundle(folder, runtime).with_name(RUNTIMES[runtime][1])
    return json.loads(path.read_text(encoding="utf-8"))


def published_static(path: Path, folder: Path | None = None) -> Path:
    """The file published for the static asset ``path``.

    ``make js`` writes minified copies of ``site.js`` and ``site.css`` beside the runtime and
    records the SHA-256 of the source each was made from; the copy is published while that
    source is the one in the tree, and the readable source otherwise (an edit not yet rebuilt
    still shows, only larger).
    """
    folder = folder or js_build()
    small = folder / path.name
    try:
        made_from = vega_record(folder).get("minified", {}).get(path.name)
    except FileNotFoundError:
        return path
    if (
        made_from
        and small.is_file()
        and made_from["source"] == hashlib.sha256(path.read_bytes()).hexdigest()
        and made_from["bytes"] == small.stat().st_size
    ):
        return small
    return path


#: The first line of the published runtime: V8's compile hint (Chromium 136 and later; to
#: other engines a comment), which compiles every function of the script on a background
#: thread while it streams in, instead of each one on the main thread the first time the
#: first chart calls it (with the CPU slowed four times, that chart's vega.parse took
#: 160-190 ms and its first run 150-190 ms; 70-110 and 45-90 ms with the hint).
COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"


def published_runtime(runtime: str = "full") -> bytes:
    """A Vega runtime as a site ships it: :data:`COMPILE_HINT`, then the built bundle."""
    return COMPILE_HINT + vega_bundle(runtime=runtime).read_bytes()


def write_runtime(site_root: Path, runtime: str = "full") -> Path:
    """Write a Vega runtime (built once by ``make js``) to ``assets/vega-bundle.js``.

    The file is :func:`published_runtime`.
    """
    folder = site_root / "assets"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / VEGA_BUNDLE
    path.write_bytes(published_runtime(runtime))
    return path


def write_assets(site_root: Path) -> list[Path]:
    """Write ``assets/``'s static files; the Vega runtime is :func:`write_runtime`'s.

    ``site.js`` and ``site.css`` are the minified copies (:func:`published_static`). Returns
    the files written.
    """
    folder = site_root / "assets"
    folder.mkdir(parents=True, exist_ok=True)
    return [
        Path(shutil.copy2(published_static(path), folder / path.name))
        for path in sorted(STATIC.iterdir())
        if path.is_file()
    ]


def write_data(site_root: Path, data: Path = DATA) -> list[Path]:
    """Copy every dataset (CSV) and ``datapackage.json`` to ``data/``, with a list page."""
    folder = site_root / "data"
    folder.mkdir(parents=True, exist_ok=True)
    # Formula-like text cells are neutralised for spreadsheets (the packaged files have none,
    # so the copies stay byte-identical to them).
    written = [copy_safe_csv(path, folder / path.name) for path in sorted(data.glob("*.csv"))]
    package_file = data / "datapackage.json"
    descriptions = {}
    if package_file.is_file():
        written.append(Path(shutil.copy2(package_file, folder / package_file.name)))
        package = json.loads(package_file.read_text(encoding="utf-8"))
        for resource in package.get("resources", []):
            text = resource.get("title") or resource.get("description") or ""
            descriptions[Path(str(resource.get("path", ""))).name] = text
    items = [
        {"name": p.name, "description": descriptions.get(p.name, "")}
        for p in written
        if p.suffix == ".csv"
    ]
    (folder / "index.html").write_text(
        fill("data", description=DATA_DESCRIPTION, datasets=items), encoding="utf-8"
    )
    return written
