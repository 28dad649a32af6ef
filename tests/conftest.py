"""Fixtures shared by several test modules."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from chatdata.site.browser import launch


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
