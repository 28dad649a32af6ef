"""The site's Vega runtime is built from the npm packages pinned in ``js/package-lock.json``.

``make js`` (part of ``make install``) runs ``npm ci`` and ``js/build-vega.mjs``, which writes
two bundles (the full runtime and the smaller core one) and a record of what went into each.
These tests read each record and its bundle's banner and hold them against the lockfile, so a
bundle built from other versions (a stale build, a hand-edited lockfile, a package installed
outside ``npm ci``) is caught; and they check that the minified ``site.js`` and ``site.css``
written beside them are made from the sources in the tree, and what each record says its
runtime leaves out.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from chatdata.site.assets import (
    RUNTIMES,
    STATIC,
    js_build,
    published_static,
    vega_bundle,
    vega_record,
)

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = json.loads((ROOT / "js" / "package.json").read_text(encoding="utf-8"))
LOCK = json.loads((ROOT / "js" / "package-lock.json").read_text(encoding="utf-8"))
BANNER = re.compile(r"^/\*! chatdata's Vega runtime: (?P<packages>[^;]+);")


def locked(path: str) -> str:
    """The version the lockfile pins at ``path`` (e.g. ``node_modules/vega``)."""
    entry = LOCK["packages"].get(path)
    assert entry is not None, f"{path} is not in js/package-lock.json"
    return entry["version"]


def banner_versions(text: str) -> dict[str, str]:
    """Package -> version from a bundle's first line.

    Examples
    --------
    >>> banner_versions("/*! chatdata's Vega runtime: vega@6.4.0 vega-interpreter@2.3.2; x */")
    {'vega': '6.4.0', 'vega-interpreter': '2.3.2'}
    """
    match = BANNER.match(text)
    if match is None:
        raise ValueError(f"not a chatdata Vega bundle banner: {text[:80]!r}")
    return dict(entry.rsplit("@", 1) for entry in match["packages"].split())


def test_dependencies_are_pinned_exactly_and_locked():
    for group in ("dependencies", "devDependencies"):
        for name, version in PACKAGE[group].items():
            assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version} is not exact"
            assert locked(f"node_modules/{name}") == version, name
    root = LOCK["packages"][""]
    assert root["dependencies"] == PACKAGE["dependencies"]
    assert root["devDependencies"] == PACKAGE["devDependencies"]


@pytest.mark.parametrize("runtime", sorted(RUNTIMES))
def test_the_bundle_records_the_locked_versions(runtime):
    text = vega_bundle(runtime=runtime).read_text(encoding="utf-8")
    record = vega_record(runtime=runtime)
    assert record["bundle"] == RUNTIMES[runtime][0]
    direct = banner_versions(text)
    assert direct == record["direct"]
    assert set(direct) == set(PACKAGE["dependencies"])
    for name, version in direct.items():
        assert version == locked(f"node_modules/{name}") == PACKAGE["dependencies"][name]
    assert len(record["packages"]) > 10
    for path, version in record["packages"].items():
        assert version == locked(path), f"the bundle holds {path} {version}"
    assert record["bytes"] == len(text.encode("utf-8"))


def test_a_version_drift_is_caught():
    text = vega_bundle().read_text(encoding="utf-8")
    drifted = text.replace(f"vega@{locked('node_modules/vega')}", "vega@0.0.1", 1)
    with pytest.raises(AssertionError):
        assert banner_versions(drifted)["vega"] == locked("node_modules/vega")


def test_the_bundle_holds_the_interpreter_and_leaves_out_unused_transforms():
    """Whether pages ever compile code is checked in the browser (the policy reports it)."""
    assert "expressionInterpreter" in vega_bundle().read_text(encoding="utf-8")
    registered = set(vega_record()["transforms"])
    assert {"formula", "filter", "aggregate", "stack", "collect", "mark", "pie"} <= registered
    assert not {"geopath", "force", "wordcloud", "voronoi", "kde", "linkpath", "load"} & registered


def test_the_record_lists_what_the_runtime_leaves_out():
    """The publisher refuses charts by these lists (``chatdata/site/runtime_support.py``)."""
    left_out = vega_record()["left_out"]
    assert {"sequential", "diverging-linear"} <= set(left_out["scales"])
    assert not {"linear", "log", "pow", "sqrt", "symlog", "time", "utc", "ordinal", "band",
                "point", "quantile", "quantize", "threshold", "bin-ordinal"} & set(
        left_out["scales"])  # fmt: skip
    assert {"sampleNormal", "easeLinear", "geoArea", "lassoAppend", "intersect"} <= set(
        left_out["functions"]
    )
    assert not {"format", "scale", "invert", "vlSelectionTest", "timeFormat"} & set(
        left_out["functions"]
    )
    assert left_out["formats"] == ["topojson"]
    for kind in ("marks", "interpolate", "schemes", "syntax", "transforms"):
        assert left_out[kind] == [], f"the full runtime leaves out {kind}"


def test_the_core_runtime_is_smaller_and_records_what_else_it_leaves_out():
    """What chatdata's own charts use is kept; the publisher picks the core by this record."""
    full, core = vega_record(), vega_record(runtime="core")
    assert core["bytes"] < full["bytes"] - 40_000
    assert set(core["packages"]) < set(full["packages"])
    assert "node_modules/d3-shape" not in core["packages"]
    assert core["direct"] == full["direct"]
    left_out = core["left_out"]
    assert set(full["left_out"]["functions"]) < set(left_out["functions"])
    assert {"vlSelectionTest", "vlSelectionResolve"} <= set(left_out["functions"])
    assert set(left_out["marks"]) == {"arc", "area", "image", "path", "shape", "trail"}
    assert {"monotone", "step", "basis", "cardinal"} <= set(left_out["interpolate"])
    assert "linear" not in left_out["interpolate"]
    assert {"blues", "viridis", "yellowgreenblue"} <= set(left_out["schemes"])
    assert not {"tableau10", "category10", "set1"} & set(left_out["schemes"])
    assert core["range_schemes"] == full["range_schemes"]
    assert core["range_schemes"]["ramp"] == "blues"
    assert set(left_out["formats"]) == {"topojson", "csv", "tsv", "dsv"}
    assert left_out["syntax"] == ["event selector strings"]
    assert set(left_out["transforms"]) == set(full["transforms"]) - set(core["transforms"])
    assert {"bin", "timeunit", "fold", "pie"} <= set(left_out["transforms"])
    kept = {"aggregate", "filter", "formula", "sequence", "stack", "window", "mark", "facet"}
    assert kept <= set(core["transforms"])


@pytest.mark.parametrize("name", ["site.js", "site.css"])
def test_the_minified_script_and_style_sheet_are_made_from_the_sources(name):
    source = STATIC / name
    made_from = vega_record()["minified"][name]
    assert made_from["source"] == hashlib.sha256(source.read_bytes()).hexdigest(), (
        f"build/js/{name} is stale: run `make js`"
    )
    small = js_build() / name
    assert published_static(source) == small
    assert made_from["bytes"] == small.stat().st_size < source.stat().st_size * 0.8


def test_an_edited_source_is_published_readable_until_rebuilt(tmp_path):
    edited = tmp_path / "site.css"
    edited.write_text((STATIC / "site.css").read_text(encoding="utf-8") + "\np { margin: 0 }\n")
    assert published_static(edited) == edited
    assert published_static(STATIC / "favicon.svg") == STATIC / "favicon.svg"
