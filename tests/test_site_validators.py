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

from site_visits import ALL_DRAWN, SCROLL_THROUGH, Visit

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


def run_vnu(folder: Path) -> dict[str, list[str]]:
    """Errors the Nu Html Checker finds in the ``*.html`` under ``folder``, per file."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("no Java runtime for the Nu Html Checker: run `make checkers`")
    result = subprocess.run(
        [java, "-jar", str(needed(VNU)), "--errors-only", "--skip-non-html", "--format", "json",
         str(folder)],
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


@pytest.fixture(scope="module")
def nu_errors(chromium, site, tmp_path_factory) -> dict[str, list[str]]:
    """Nu checker errors of each page as written and, for chapters, as drawn in the browser."""
    drawn = tmp_path_factory.mktemp("drawn-pages")
    for chapter in CHAPTERS:
        page = Visit(chromium, (site / f"{chapter}.html").as_uri())
        try:
            markup = page.page.evaluate(
                "() => '<!doctype html>\\n' + document.documentElement.outerHTML"
            )
        finally:
            page.close()
        (drawn / f"{chapter}.html").write_text(markup, encoding="utf-8")
    errors = run_vnu(site)
    errors.update({f"drawn {k}": v for k, v in run_vnu(drawn).items()})
    found = {}
    for name in PAGES:
        written = str((site / f"{name}.html").resolve())
        found[name] = errors.get(written, [])
        if name in CHAPTERS:
            found[name] += [
                f"as drawn, {e}"
                for e in errors.get(f"drawn {(drawn / f'{name}.html').resolve()}", [])
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


SNIFF = """() => new Promise((done, fail) => {
  HTMLCS.process('WCAG2AA', document, () => done(HTMLCS.getMessages()
    .filter(m => m.type === HTMLCS_ERROR)
    .map(m => m.code + ': ' + m.msg + ' at ' + (m.element.outerHTML || '').slice(0, 120))),
    fail, 'en');
})""".replace("HTMLCS_ERROR", str(HTMLCS_ERROR))


def sniff(chromium, path: Path) -> list[str]:
    """HTML_CodeSniffer's WCAG 2 AA errors on a page, once its charts are drawn."""
    # The checker is injected as an inline script, which the page's policy would block; the
    # policy itself is tested in test_site_browser.
    context = chromium.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        page.goto(path.as_uri())
        page.evaluate(SCROLL_THROUGH)  # charts are drawn as they come near the screen
        page.wait_for_function(ALL_DRAWN, timeout=30_000)
        page.add_script_tag(path=str(needed(HTMLCS)))
        return page.evaluate(SNIFF)
    finally:
        context.close()


@pytest.mark.parametrize("name", PAGES)
def test_html_codesniffer_wcag2aa_finds_no_error(chromium, site, name):
    errors = sniff(chromium, site / f"{name}.html")
    assert errors == [], "\n".join(errors)


def test_html_codesniffer_reports_errors(chromium, tmp_path):
    """A form with nothing to submit (what Vega's bindings were) is an error it reports."""
    (tmp_path / "form.html").write_text(
        "<!doctype html><html lang=en><title>x</title><form><label>a <input name=a></label>"
        "</form>",
        encoding="utf-8",
    )
    errors = sniff(chromium, tmp_path / "form.html")
    assert any("H32.2" in error for error in errors), errors
