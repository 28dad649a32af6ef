"""Fixtures shared by several test modules."""

from __future__ import annotations

import pytest
from hypothesis import settings
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
