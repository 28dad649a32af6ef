"""Chapter 6: the claims ledger, the sources list and their charts."""

import re

import pytest
from markupsafe import escape

from chatdata.charts import sources
from chatdata.charts.common import evidence_label
from chatdata.datasets import load
from chatdata.models.facts import fact
from chatdata.models.verdicts import judge_claims

from chart_checks import check_chart_contract, mark_geometry, svg_text


@pytest.mark.parametrize("builder", [sources.claims_chart, sources.sources_chart])
def test_chart_keeps_the_contract(builder):
    check_chart_contract(builder(), ())


def test_claims_chart_counts_the_claims_by_verdict():
    claims = judge_claims(load("article_claims"))
    spec = sources.claims_chart().to_dict()
    text = svg_text(spec)
    for verdict, n in claims["verdict"].value_counts().items():
        assert verdict in text
        assert f"{n} claim{'s' if n != 1 else ''}" in text
    top = claims["verdict"].value_counts()
    assert spec["title"]["text"] == (
        f"{top.iloc[0]} of the article's {len(claims)} claims are {top.index[0]}"
    )


def test_claim_evidence_takes_the_strongest_kind():
    claims = load("article_claims")
    facts = load("facts")
    first = claims.iloc[0]["fact_ids"].split(";")
    facts.loc[facts["id"].isin(first), "kind"] = "analyst-estimate"
    facts.loc[facts["id"] == first[-1], "kind"] = "filing"
    per_claim = sources.claim_evidence(claims, facts)
    assert per_claim.iloc[0]["evidence"] == evidence_label("filing")


def test_claim_naming_an_unknown_fact_is_refused():
    claims = load("article_claims")
    claims.loc[0, "fact_ids"] = "no-such-fact"
    with pytest.raises(ValueError, match="no-such-fact"):
        sources.claim_evidence(claims)


def test_sources_chart_has_one_linked_dot_per_fact():
    facts = load("facts")
    spec = sources.sources_chart().to_dict()
    assert len(mark_geometry(spec)) == len(facts)
    assert spec["encoding"]["href"]["field"] == "url"
    assert f"{facts['source_url'].nunique()} sources" in spec["title"]["text"]


def test_ledger_has_every_claim_verdict_and_source_link():
    claims = judge_claims(load("article_claims"))
    out = sources.claims_ledger_html()
    assert out.count("<tr>") == len(claims) + 1
    for c in claims.itertuples():
        assert f"verdict-{c.verdict.replace(' ', '-')}" in out
        for fact_id in c.fact_ids.split(";"):
            assert fact(fact_id)["source_url"].replace("&", "&amp;") in out


def test_ledger_escapes_every_text_and_refuses_script_links():
    claims = judge_claims(load("article_claims")).head(1).copy()
    facts = load("facts")
    claims.loc[claims.index[0], "claim"] = "<script>alert(1)</script>"
    claims.loc[claims.index[0], "reason"] = 'a "quote" & <b>'
    fact_id = claims.iloc[0]["fact_ids"].split(";")[0]
    facts.loc[facts["id"] == fact_id, "source_url"] = "javascript:alert(1)"
    facts.loc[facts["id"] == fact_id, "source_title"] = "<i>title</i>"
    out = sources.claims_ledger_html(claims, facts)
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert "<b>" not in out
    assert "&amp; &lt;b&gt;" in out
    assert "javascript:" not in out
    assert "&lt;i&gt;title&lt;/i&gt;" in out


def test_sources_table_lists_every_source_once_with_its_url():
    facts = load("facts")
    out = sources.sources_html()
    assert out.count("<tr>") == facts["source_url"].nunique() + 1
    for url in facts["source_url"].unique():
        assert f'href="{url.replace("&", "&amp;")}"' in out


def test_sources_table_lists_each_source_once_with_its_title():
    facts = load("facts")
    out = sources.sources_html(facts)
    for url, rows in facts.groupby("source_url"):
        anchors = re.findall(f'href="{re.escape(escape(url))}">([^<]*)</a>', out)
        assert anchors == [escape(rows["source_title"].iloc[0])]


def test_no_source_title_defers_to_another_row():
    assert not load("facts")["source_title"].str.contains("as above").any()


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (600e6, None, "more than 600,000,000 chats/day"),
        (50e6, 100e6, "50,000,000 to 100,000,000 chats/day"),
        (0, 100e6, "up to 100,000,000 chats/day"),
        (2e9, 2e9, "2,000,000,000 chats/day"),
    ],
)
def test_claim_figures_read_as_words(low, high, expected):
    assert sources.format_claim_figure(low, high, "chats/day") == expected


def test_tables_with_prices_are_kept_out_of_jupyterlabs_maths():
    """JupyterLab's MathJax would typeset "$10 billion ... $2 billion" as maths."""
    for table in (sources.sources_html(), sources.claims_ledger_html()):
        if "$" in table:
            assert table.startswith('<table class="')
            assert "mathjax_ignore" in table.split(">")[0]
