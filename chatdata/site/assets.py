"""Files shared by every page: the Vega runtime, the site's CSS and JS, and the datasets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import vl_convert

from chatdata.site.spreadsheet import copy_safe_csv
from chatdata.site.templates import fill

STATIC = Path(__file__).with_name("static")
DATA = Path(__file__).resolve().parents[1] / "data"
VEGA_BUNDLE = "vega-bundle.js"

#: Pages receive specs already compiled to Vega, so they need only Vega itself: without the
#: Vega-Lite compiler and vega-embed the bundle is about a third smaller (0.59 MB, not 0.90 MB).
#: vl-convert 1.9 binds a snippet's ``vega`` to the module's (absent) default export, so the
#: snippet imports the namespace itself, from the module address vl-convert serves offline.
VEGA_ONLY_SNIPPET = """import * as vegaModule from "https://cdn.jsdelivr.net/npm/vega@{version}/+esm";
window.vega = vegaModule;
"""
#: Used if that address is not built in: the full bundle, where vega-embed carries Vega.
FULL_BUNDLE_SNIPPET = "window.vega = vegaEmbed.vega;\n"


def vega_bundle() -> str:
    """The Vega runtime as one self-contained script that defines ``window.vega``.

    Nothing is fetched: vl-convert carries the modules.
    """
    try:
        snippet = VEGA_ONLY_SNIPPET.format(version=vl_convert.get_vega_version())
        return vl_convert.javascript_bundle(snippet)
    except Exception:  # vl-convert reports bundling problems with several error types
        return vl_convert.javascript_bundle(FULL_BUNDLE_SNIPPET)


def cached_vega_bundle(cache_folder: Path | None) -> str:
    """:func:`vega_bundle`, kept in ``cache_folder`` per vl-convert and Vega version."""
    if cache_folder is None:
        return vega_bundle()
    versions = f"{vl_convert.__version__}-{vl_convert.get_vega_version()}"  # type: ignore[attr-defined]
    entry = Path(cache_folder) / f"vega-bundle-{versions}.js"
    if entry.is_file():
        return entry.read_text(encoding="utf-8")
    text = vega_bundle()
    entry.parent.mkdir(parents=True, exist_ok=True)
    partial = entry.with_suffix(".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(entry)
    return text


def write_assets(site_root: Path, cache_folder: Path | None = None) -> list[Path]:
    """Write ``assets/``: the Vega bundle and the static CSS/JS. Returns the files written."""
    folder = site_root / "assets"
    folder.mkdir(parents=True, exist_ok=True)
    bundle = folder / VEGA_BUNDLE
    bundle.write_text(cached_vega_bundle(cache_folder), encoding="utf-8")
    written = [bundle]
    for path in sorted(STATIC.iterdir()):
        if path.is_file():
            written.append(Path(shutil.copy2(path, folder / path.name)))
    return written


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
    (folder / "index.html").write_text(fill("data", datasets=items), encoding="utf-8")
    return written
