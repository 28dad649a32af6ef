"""environment.yml (conda) must list the same dependencies as pyproject.toml."""

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOT_PACKAGES = {"python", "pip", "-e ."}


def normalise(requirement: str) -> tuple[str, str]:
    """Split ``name>=1.0`` into a canonical name and its version specifier."""
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", requirement)
    if match is None:
        raise ValueError(f"cannot read requirement {requirement!r}")
    name, spec = match.groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return dict(normalise(r) for r in reqs)


def environment_requirements(text: str) -> dict[str, str]:
    entries = []
    for item in yaml.safe_load(text)["dependencies"]:
        entries += item["pip"] if isinstance(item, dict) else [item]
    return {
        name: spec
        for name, spec in map(normalise, (e for e in entries if e not in NOT_PACKAGES))
        if name not in NOT_PACKAGES
    }


def test_environment_matches_pyproject():
    env = environment_requirements((ROOT / "environment.yml").read_text())
    assert env == pyproject_requirements()


def test_drift_is_detected():
    text = (ROOT / "environment.yml").read_text().replace("pandas>=2.2", "pandas>=1.0")
    with pytest.raises(AssertionError):
        assert environment_requirements(text) == pyproject_requirements()


def test_python_version_matches():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    assert f"python{project['requires-python']}" in env
