"""Fixtures shared by several test modules."""

from __future__ import annotations

import pytest
from hypothesis import settings

# JupyterLab's server and page, shared by the JupyterLab test files a process runs
from lab_fixtures import lab_server, lab_window, read  # noqa: F401
from playwright.sync_api import sync_playwright

from chatdata.site.browser import launch

# Hypothesis' per-example deadline (200 ms) is a timed assertion: on a loaded 2-core machine
# the first example of a property test (imports, warm-up) overruns it at random. Speed is
# measured by the benchmarks instead.
settings.register_profile("chatdata", deadline=None)
settings.load_profile("chatdata")


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session (fails, never skips, when none can start).

    Shared on purpose: Playwright's sync API allows one running instance per thread, so
    two modules that each started their own would fail when run together.
    """
    with sync_playwright() as playwright:
        try:
            browser = launch(playwright)
        except RuntimeError as exc:
            pytest.fail(str(exc))
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def tabs(chromium):
    """Browser tabs the site's visits reuse (:class:`site_visits.Tabs`)."""
    from site_visits import Tabs

    return Tabs(chromium)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site, built once per test process from the chapters' shared cache.

    The cache (:func:`site_fixtures.executed_cache`, shared with ``make site``) holds nbval's
    executions of the chapters when nbval got there first (see
    :func:`site_fixtures.build_from_cache`).
    """
    from pathlib import Path

    from site_fixtures import build_from_cache

    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    return build_from_cache(notebooks, tmp_path_factory.mktemp("browser-site"))[0]


@pytest.fixture(scope="session")
def site_readings(chromium, site):
    """Each page of :func:`site` read once per width and colour scheme (site_visits.Reading)."""
    from site_visits import SiteReadings

    return SiteReadings(chromium, site)
