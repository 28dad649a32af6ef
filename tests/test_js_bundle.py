"""The site's Vega runtime is built from the npm packages pinned in ``js/package-lock.json``.

``make js`` (part of ``make install``) runs ``npm ci`` and ``js/build-vega.mjs``, which writes
the bundle and a record of what went into it. These tests read that record and the bundle's
banner and hold them against the lockfile, so a bundle built from other versions (a stale
build, a hand-edited lockfile, a package installed outside ``npm ci``) is caught.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chatdata.site.assets import vega_bundle, vega_record

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


def test_the_bundle_records_the_locked_versions():
    text = vega_bundle().read_text(encoding="utf-8")
    record = vega_record()
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
    assert {"formula", "filter", "aggregate", "stack", "collect", "mark"} <= registered
    assert not {"geopath", "force", "wordcloud", "voronoi", "kde"} & registered
