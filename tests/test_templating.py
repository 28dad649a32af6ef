"""One templating path: Jinja2 with autoescape for pages and tables; HTML that notebooks show."""

import ast
from pathlib import Path

import pandas as pd
import pytest

from chatdata.charts import ai, business, sources
from chatdata.site.markup import clean_html
from chatdata.templating import HTML, environment, render
from chatdata.widgets.explorer import derived_table_html

PACKAGE = Path(__file__).resolve().parents[1] / "chatdata"

TABLES = {
    "features": lambda: ai.features_html(),
    "business functions": lambda: business.business_functions_html(),
    "claims ledger": lambda: sources.claims_ledger_html(),
    "sources": lambda: sources.sources_html(),
    "derived figures": lambda: derived_table_html(
        pd.DataFrame({"figure": ["<b>x</b>"], "value": [1.0], "unit": ["a & b"]})
    ),
}


@pytest.mark.parametrize("build", TABLES.values(), ids=TABLES.keys())
def test_tables_display_in_notebooks_without_a_wrapper(build):
    out = build()
    assert isinstance(out, HTML)
    assert out._repr_html_() == str(out)
    assert out.startswith(("<table", "<ul"))


def test_derived_table_escapes_its_text():
    out = TABLES["derived figures"]()
    assert "&lt;b&gt;x&lt;/b&gt;" in out
    assert "a &amp; b" in out
    assert "<b>" not in out


def test_autoescape_is_on_and_undefined_names_are_refused():
    assert environment().autoescape
    assert render("site/output.html", kind="stdout", text="<script>") == (
        '<pre class="output stdout">&lt;script&gt;</pre>'
    )
    with pytest.raises(Exception, match="undefined"):
        render("site/output.html", kind="stdout")


def test_html_is_not_escaped_again_but_plain_text_is():
    assert HTML("<i>{}</i>").format("<b>") == "<i>&lt;b&gt;</i>"
    assert render("site/cell.html", source=None, outputs=[HTML("<p>kept</p>")]) == (
        '<div class="cell"><p>kept</p></div>'
    )


def test_clean_html_drops_scripts_and_unknown_tags_with_nh3():
    out = clean_html('<p onclick="x()">a<script>alert(1)</script><img src=x onerror=y></p>')
    assert out == "<p>a</p>"


def test_no_module_builds_html_by_escaping_by_hand():
    """Every escape goes through the templates (or HTML.format), never html.escape."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and ast.unparse(node) == "html.escape":
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
