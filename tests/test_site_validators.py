"""Every page of the published site against two HTML checkers, besides axe.

- The W3C Nu Html Checker (``vnu.jar`` from the npm package ``vnu-jar``, run with Java) reads
  each page as written and, for chapters, as drawn: the document after Vega has added its
  charts and controls, saved from the browser.
- HTML_CodeSniffer (npm ``html_codesniffer``) runs in the page, WCAG 2 AA, after the charts
  are drawn.

Both come from ``js/`` (``make js``; Java from ``make checkers``); a missing one fails the
tests, it never skips them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from test_site_browser import CHAPTERS, OTHER_PAGES

from site_visits import Visit

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "js" / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTMLCS = NODE_MODULES / "html_codesniffer" / "build" / "HTMLCS.js"
PAGES = CHAPTERS + OTHER_PAGES
#: HTML_CodeSniffer's message type for an error (2 is a warning, 3 a notice).
HTMLCS_ERROR = 1


def needed(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make js` (npm ci in js/)")
    return path


def run_vnu(*folders: Path) -> dict[str, list[str]]:
    """Errors the Nu Html Checker finds in the ``*.html`` under ``folders``, per file.

    One Java process reads every folder (its start-up is most of a short run's time).
    """
    java = shutil.which("java")
    if java is None:
        pytest.fail("no Java runtime for the Nu Html Checker: run `make checkers`")
    result = subprocess.run(
        [java, "-jar", str(needed(VNU)), "--errors-only", "--skip-non-html", "--format", "json",
         *map(str, folders)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"the Nu Html Checker did not report: {result.stderr[-2000:]}")
    errors: dict[str, list[str]] = {}
    for message in messages:
        if message.get("type") in ("error", "non-document-error"):
            name = Path(unquote(urlparse(message.get("url", "")).path)).resolve()
            where = f"line {message.get('lastLine', '?')}: {message.get('message', '')}"
            errors.setdefault(str(name), []).append(where)
    return errors


SNIFF = """() => new Promise((done, fail) => {
  HTMLCS.process('WCAG2AA', document, () => done(HTMLCS.getMessages()
    .filter(m => m.type === HTMLCS_ERROR)
    .map(m => m.code + ': ' + m.msg + ' at ' + (m.element.outerHTML || '').slice(0, 120))),
    fail, 'en');
})""".replace("HTMLCS_ERROR", str(HTMLCS_ERROR))

MARKUP = "() => '<!doctype html>\\n' + document.documentElement.outerHTML"


def drawn_visit(chromium, path: Path) -> Visit:
    """``path`` opened in the browser with its charts drawn and HTML_CodeSniffer loaded.

    The checker comes in as an init script (the browser's own injection, which the page's
    policy does not govern; the policy itself is tested in test_site_browser). It only
    defines ``HTMLCS``: the page's markup is as a reader's browser would have it.
    """
    return Visit(chromium, path.as_uri(), init_script=needed(HTMLCS).read_text(encoding="utf-8"))


def sniff(page) -> list[str]:
    """HTML_CodeSniffer's WCAG 2 AA errors on a :func:`drawn_visit` page."""
    return page.evaluate(SNIFF)


@pytest.fixture(scope="module")
def drawn_pages(chromium, site, tmp_path_factory) -> tuple[Path, dict[str, list[str]]]:
    """The chapters as drawn (a folder of pages) and each page's HTML_CodeSniffer errors.

    Each page is opened and drawn once, for both checkers.
    """
    drawn = tmp_path_factory.mktemp("drawn-pages")
    sniffed = {}
    for name in PAGES:
        visit = drawn_visit(chromium, site / f"{name}.html")
        try:
            if name in CHAPTERS:
                markup = visit.page.evaluate(MARKUP)
                (drawn / f"{name}.html").write_text(markup, encoding="utf-8")
            sniffed[name] = sniff(visit.page)
        finally:
            visit.close()
    return drawn, sniffed


@pytest.fixture(scope="module")
def nu_errors(site, drawn_pages) -> dict[str, list[str]]:
    """Nu checker errors of each page as written and, for chapters, as drawn in the browser."""
    drawn = drawn_pages[0]
    errors = run_vnu(site, drawn)
    found = {}
    for name in PAGES:
        found[name] = errors.get(str((site / f"{name}.html").resolve()), [])
        if name in CHAPTERS:
            found[name] += [
                f"as drawn, {e}" for e in errors.get(str((drawn / f"{name}.html").resolve()), [])
            ]
    return found


@pytest.mark.parametrize("name", PAGES)
def test_the_nu_html_checker_finds_no_error(nu_errors, name):
    assert nu_errors[name] == [], "\n".join(nu_errors[name])


def test_the_nu_html_checker_reports_errors(tmp_path):
    """The checker run as above does report a broken page (so a clean run means clean)."""
    (tmp_path / "broken.html").write_text(
        "<!doctype html><html lang=en><title>x</title><figure><figcaption>a</figcaption>"
        "<p>b</p><figcaption>c</figcaption></figure>",
        encoding="utf-8",
    )
    errors = run_vnu(tmp_path)
    assert list(errors) == [str((tmp_path / "broken.html").resolve())]


@pytest.mark.parametrize("name", PAGES)
def test_html_codesniffer_wcag2aa_finds_no_error(drawn_pages, name):
    errors = drawn_pages[1][name]
    assert errors == [], "\n".join(errors)


def test_html_codesniffer_reports_errors(chromium, tmp_path):
    """A form with nothing to submit (what Vega's bindings were) is an error it reports."""
    (tmp_path / "form.html").write_text(
        "<!doctype html><html lang=en><title>x</title><form><label>a <input name=a></label>"
        "</form>",
        encoding="utf-8",
    )
    visit = drawn_visit(chromium, tmp_path / "form.html")
    try:
        errors = sniff(visit.page)
    finally:
        visit.close()
    assert any("H32.2" in error for error in errors), errors
