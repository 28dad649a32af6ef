"""Verdicts are computed from the facts: a newer fact re-judges a claim and moves the charts."""

import pandas as pd
import pytest

from chatdata.charts import sources
from chatdata.datasets import load
from chatdata.models.facts import BUSINESS_CHATS_FACT, fact
from chatdata.models.verdicts import VERDICTS, judge_claim, judge_claims, newest_id

from chart_checks import svg_text


def _with_newer_chats_fact(value: float = 900e6) -> pd.DataFrame:
    """A copy of the facts with a newer business-chats figure that updates the 2023 one."""
    facts = load("facts")
    old = fact(BUSINESS_CHATS_FACT, facts)
    row = old.to_dict() | {
        "id": "meta-business-chats-2027",
        "value_text": f">{value / 1e6:.0f} million",
        "value_low": value,
        "value_high": float("nan"),
        "as_of": "2027-01",
        "as_of_date": pd.Timestamp("2027-01-01"),
        "source_url": "https://example.com/newer",
        "source_title": "A newer figure (test)",
        "supersedes": "meta-business-chats-2023",
    }
    return pd.concat([facts, pd.DataFrame([row])], ignore_index=True)


def test_a_newer_fact_makes_the_claim_outdated_and_says_why():
    claims = load("article_claims")
    before = judge_claims(claims).set_index("id").loc["meta-total-chats"]
    after = judge_claims(claims, _with_newer_chats_fact()).set_index("id").loc["meta-total-chats"]
    assert before["verdict"] == "supported"
    assert after["verdict"] == "outdated"
    assert after["reason"].startswith("Right for October 2023")
    assert "by January 2027 the figure was >900 million chats/day" in after["reason"]


def test_a_newer_fact_that_agrees_keeps_the_claim_supported_for_its_own_date():
    facts = _with_newer_chats_fact(value=620e6)
    row = judge_claims(load("article_claims"), facts).set_index("id").loc["meta-total-chats"]
    assert row["verdict"] == "supported"
    assert row["reason"].startswith("Right for January 2027")


def test_the_chart_and_ledger_change_with_the_newer_fact():
    claims = load("article_claims")
    facts = _with_newer_chats_fact()
    plain = sources.claims_chart(claims).to_dict()
    moved = sources.claims_chart(claims, facts).to_dict()
    assert _verdicts_drawn(plain)["supported"] == 1
    assert "supported" not in _verdicts_drawn(moved)
    assert _verdicts_drawn(moved)["outdated"] == 2
    assert "2 claims" in svg_text(moved)
    ledger = sources.claims_ledger_html(claims, facts)
    assert "A newer figure (test)" in ledger
    assert 'class="fact-outdated"' in ledger
    assert "2027-01" in ledger


def _verdicts_drawn(spec) -> dict[str, int]:
    """Claims per verdict in the chart's data (the bars' labels)."""
    counts: dict[str, int] = {}
    for values in spec["datasets"].values():
        for v in values:
            if "label" in v:
                counts[v["verdict"]] = v["claims"]
    return counts


def test_the_sources_chart_marks_the_updated_figure_outdated():
    facts = _with_newer_chats_fact()
    spec = sources.sources_chart(facts).to_dict()
    values = next(iter(spec["datasets"].values()))
    status = {v["figure"].split(":")[0] + v["as_of"]: v["status"] for v in values}
    assert status["Daily chats between people and businesses2023-10-25"] == "outdated"
    assert status["Daily chats between people and businesses2027-01"] == "newest"


def test_newest_id_follows_the_chain():
    facts = _with_newer_chats_fact()
    assert newest_id("meta-business-chats-2023", facts) == "meta-business-chats-2027"
    assert newest_id("meta-dap-2023-09", load("facts")) == "meta-dap-2023-09"
    assert newest_id("meta-dap-2025-12", load("facts")) == "meta-dap-2026-03"


def _claim(**cells):
    base = {"platform": "Telegram", "value_low": 50e6, "value_high": 100e6, "unit": "chats/day"}
    return base | cells


@pytest.mark.parametrize(
    ("cells", "verdict"),
    [
        ({"fact_ids": "telegram-mau-2025"}, "different unit"),
        ({"fact_ids": "telegram-mau-2025", "unit": "MAU", "value_low": 1e9}, "supported"),
        ({"fact_ids": "telegram-mau-2025", "unit": "MAU", "value_low": 5e8}, "contradicted"),
        ({"fact_ids": "telegram-engagement-2025"}, "unsupported"),  # no number to check
        ({"fact_ids": ""}, "unsupported"),
    ],
)
def test_rules(cells, verdict):
    got, reason = judge_claim(_claim(**cells), load("facts"))
    assert got == verdict
    assert got in VERDICTS
    assert reason


def test_an_unknown_fact_is_refused():
    with pytest.raises(ValueError, match="no-such-fact"):
        judge_claim(_claim(fact_ids="no-such-fact"), load("facts"))


def test_circular_supersession_is_refused():
    facts = pd.DataFrame({"id": ["a", "b"], "supersedes": ["b", "a"]})
    with pytest.raises(ValueError, match="circle"):
        newest_id("a", facts)
