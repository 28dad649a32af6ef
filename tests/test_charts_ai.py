"""Chapter 5 charts: the numbers they draw are the AI models' numbers."""

import pandas as pd
import pytest

from chatdata.charts import ai
from chatdata.charts.assumptions import assumption
from chatdata.datasets import load
from chatdata.models import (
    chatbot_reach,
    fact_value,
    spam_outcomes,
    translation_reach,
)
from chatdata.models.facts import AI_CONVERSATIONS_FACT
from chatdata.models.verdicts import newest_fact

from chart_checks import (
    check_chart_contract,
    check_every_slider_moves_a_mark,
    chosen,
    mark_geometry,
    svg_text,
    with_param,
)


def spam_labels(v):
    out = spam_outcomes(
        v["business_chats_per_day"],
        prevalence=v["spam_prevalence"],
        precision=v["filter_precision"],
        recall=v["filter_recall"],
    )
    keys = ("true_positives", "false_positives", "false_negatives")
    return [f"{out[k].central:,.0f} a day" for k in keys]


def reach_labels(v):
    bots = chatbot_reach(v["business_chats_per_day"], v["automated_share"]).central
    languages = translation_reach(v["business_chats_per_day"], v["cross_language_share"]).central
    return [f"{bots:,.0f} a day", f"{languages:,.0f} a day"]


@pytest.mark.parametrize(
    ("builder", "ids"), [(ai.spam_chart, ai.SPAM_IDS), (ai.reach_chart, ai.REACH_IDS)]
)
def test_chart_keeps_the_contract_and_every_slider_moves_a_mark(builder, ids):
    spec = check_chart_contract(builder(), ids)
    check_every_slider_moves_a_mark(spec)


def test_spam_chart_draws_the_model_outcomes_at_defaults_and_presets():
    spec = ai.spam_chart().to_dict()
    text = svg_text(spec)
    for label in spam_labels(chosen(ai.SPAM_IDS)):
        assert label in text
    conservative = svg_text(with_param(spec, "scenario", "conservative"))
    for label in spam_labels(chosen(ai.SPAM_IDS, "conservative")):
        assert label in conservative


def test_spam_chart_follows_each_slider():
    spec = ai.spam_chart().to_dict()
    for name, value in [
        ("spam_prevalence", 0.05),
        ("filter_precision", 0.7),
        ("filter_recall", 0.6),
        ("business_chats_per_day", 1e9),
    ]:
        text = svg_text(with_param(spec, name, value))
        for label in spam_labels(chosen(ai.SPAM_IDS, **{name: value})):
            assert label in text, (name, label)


def test_spam_title_quotes_the_wrongly_flagged_chats():
    wrong = spam_labels(chosen(ai.SPAM_IDS))[1].removesuffix(" a day")
    assert wrong in ai.spam_chart().to_dict()["title"]["text"]


def test_derive_spam_matches_the_model():
    v = chosen(ai.SPAM_IDS, spam_prevalence=0.02, filter_precision=0.8)
    table = ai.derive_spam(v).set_index("figure")["value"]
    out = spam_outcomes(600e6, 0.02, 0.8, v["filter_recall"])
    assert table["Legitimate chats wrongly flagged"] == pytest.approx(
        out["false_positives"].central
    )
    assert table["Legitimate chats flagged, per 10,000"] == pytest.approx(
        out["false_positives"].central / out["legitimate_chats"].central * 1e4
    )


def test_reach_chart_draws_the_model_values_and_the_reported_figure():
    spec = ai.reach_chart().to_dict()
    text = svg_text(spec)
    for label in reach_labels(chosen(ai.REACH_IDS)):
        assert label in text
    reported = newest_fact(AI_CONVERSATIONS_FACT)
    assert f"at least {fact_value(reported) / 7:,.0f} a day" in text
    moved = svg_text(with_param(spec, "cross_language_share", 0.2))
    assert reach_labels(chosen(ai.REACH_IDS, cross_language_share=0.2))[1] in moved


def test_reach_chart_drops_a_zero_share_from_its_log_scale():
    spec = ai.reach_chart().to_dict()
    before = len(mark_geometry(spec))
    after = len(mark_geometry(with_param(spec, "automated_share", 0)))
    assert after < before


def test_derive_reach_matches_the_models():
    table = ai.derive_reach({"automated_share": 0.5}).set_index("figure")["value"]
    assert table["Chats answered by chatbots"] == pytest.approx(
        chatbot_reach(assumption("business_chats_per_day")["default"], 0.5).central
    )


def test_features_table_lists_every_feature_and_escapes_text():
    features = load("ai_features")
    out = ai.features_html()
    for name in features["feature"]:
        assert name in out
    evil = pd.DataFrame(
        {
            "feature": ["<img src=x onerror=alert(1)>"],
            "what_it_does": ["a & b"],
            "evidence": ["c"],
            "model_parameters": ["spam_prevalence"],
        }
    )
    html = ai.features_html(evil)
    assert "<img" not in html
    assert "&lt;img" in html
    assert "a &amp; b" in html
