"""Which Chromium the tests and the benchmarks launch (:mod:`chatdata.site.browser`)."""

from __future__ import annotations

import os
import stat

import pytest

from chatdata.site.browser import chromium_path


@pytest.fixture
def path_with(tmp_path, monkeypatch):
    """Make ``PATH`` hold only executables of the given names; return their folder."""

    def make(*names: str):
        for name in names:
            exe = tmp_path / name
            exe.write_text("#!/bin/sh\n", encoding="utf-8")
            exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setenv("PATH", str(tmp_path))
        monkeypatch.delenv("CHATDATA_CHROMIUM", raising=False)
        return tmp_path

    return make


def test_tests_take_the_headless_shell_and_benchmarks_the_browser(path_with):
    folder = path_with("chromium", "chromium-headless-shell")
    assert chromium_path() == os.path.join(folder, "chromium-headless-shell")
    assert chromium_path(shell=False) == os.path.join(folder, "chromium")


@pytest.mark.parametrize("only", ["chromium", "chromium-headless-shell"])
def test_either_falls_back_to_the_other(path_with, only):
    folder = path_with(only)
    assert chromium_path() == chromium_path(shell=False) == os.path.join(folder, only)


def test_none_on_path_leaves_it_to_playwright_and_the_variable_wins(path_with, monkeypatch):
    path_with()
    assert chromium_path() is None
    monkeypatch.setenv("CHATDATA_CHROMIUM", "/opt/my/chrome")
    assert chromium_path() == chromium_path(shell=False) == "/opt/my/chrome"
