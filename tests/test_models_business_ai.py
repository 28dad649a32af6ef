"""Tests for chatdata.models.business and ai."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatdata.models import (
    Estimate,
    chatbot_reach,
    compute_agent_hours,
    compute_agents_on_shift,
    compute_paid_revenue,
    create_business,
    reference_run_rates,
    spam_outcomes,
    spam_outcomes_from_rates,
    translation_reach,
)

share = st.floats(min_value=0, max_value=1)


def test_agent_hours_and_shift():
    b = create_business(chats_per_day=600e6, automated_share=0.3, chats_per_agent_hour=6)
    assert compute_agent_hours(b).central == pytest.approx(600e6 * 0.7 / 6)
    assert compute_agents_on_shift(b, shift_hours=8).central == pytest.approx(70e6 / 8)


def test_agent_hours_decrease_with_automation_range():
    b = create_business(automated_share=Estimate(0.1, 0.3, 0.5), chats_per_agent_hour=(4, 6, 10))
    h = compute_agent_hours(b)
    assert h.high == pytest.approx(600e6 * 0.9 / 4)
    assert h.low == pytest.approx(600e6 * 0.5 / 10)


def test_paid_revenue():
    r = compute_paid_revenue(create_business())
    assert set(r) == {"paid_conversations_per_day", "usd_per_day", "usd_per_year"}
    assert r["usd_per_day"].central == pytest.approx(600e6 * 0.1 * 0.03)
    assert r["usd_per_day"].low == pytest.approx(600e6 * 0.1 * 0.005)
    assert r["usd_per_year"].high == pytest.approx(600e6 * 0.1 * 0.15 * 365)


@given(a=share, b=share)
def test_agent_hours_monotone_in_automated_share(a, b):
    lo, hi = sorted((a, b))
    assert compute_agent_hours(create_business(automated_share=hi)).central <= (
        compute_agent_hours(create_business(automated_share=lo)).central
    )


def test_zero_chats_per_agent_hour_raises():
    with pytest.raises(ValueError, match="chats_per_agent_hour must be greater than 0"):
        create_business(chats_per_agent_hour=0)


def test_paid_share_above_one_raises():
    with pytest.raises(ValueError, match="paid_share must be at most 1"):
        create_business(paid_share=1.1)


def test_negative_price_raises():
    with pytest.raises(ValueError, match=r"price_per_conversation_usd \(low\) must be at least 0"):
        create_business(price_per_conversation_usd=Estimate(-0.01, 0.03, 0.15))


def test_bad_shift_hours_raises():
    with pytest.raises(ValueError, match="shift_hours must be at most 24"):
        compute_agents_on_shift(create_business(), shift_hours=25)


def test_reference_run_rates():
    f = pd.DataFrame(
        {
            "id": ["click-to-message-run-rate-2023", "whatsapp-paid-messaging-run-rate-2025"],
            "metric": ["Click-to-message ads revenue run-rate", "WhatsApp paid messaging"],
            "platform": ["Meta", "WhatsApp"],
            "value_low": [10e9, 2e9],
            "value_high": [10e9, math.nan],
            "unit": ["USD annual run-rate"] * 2,
            "as_of": ["2023-02", "2025-Q4"],
            "as_of_date": pd.to_datetime(["2023-02-01", "2025-12-31"]),
            "source_title": ["a", "b"],
            "source_url": ["https://a", "https://b"],
            "kind": ["press-report"] * 2,
        }
    )
    t = reference_run_rates(f)
    assert list(t.columns) == [
        "fact_id", "label", "platform", "as_of", "usd_per_year", "usd_per_day", "kind",
        "source_url",
    ]  # fmt: skip
    assert t["usd_per_year"].tolist() == [10e9, 2e9]
    assert t["usd_per_day"].iloc[1] == pytest.approx(2e9 / 365)


# --- ai --------------------------------------------------------------------------------


def test_spam_worked_example():
    out = spam_outcomes(600e6, prevalence=0.01, precision=0.95, recall=0.9)
    assert out["spam_chats"].central == pytest.approx(6e6)
    assert out["true_positives"].central == pytest.approx(5.4e6)
    assert out["flagged"].central == pytest.approx(5.4e6 / 0.95)
    assert out["false_positives"].central == pytest.approx(5.4e6 * 0.05 / 0.95)  # ~284,211
    assert out["false_negatives"].central == pytest.approx(0.6e6)
    assert out["flagged"].central == pytest.approx(
        out["true_positives"].central + out["false_positives"].central
    )


def test_spam_false_positives_fall_as_precision_rises():
    out = spam_outcomes(600e6, 0.01, precision=Estimate(0.9, 0.95, 0.99), recall=0.9)
    fp = out["false_positives"]
    assert fp.high == pytest.approx(5.4e6 * 0.1 / 0.9)  # at the low precision corner
    assert fp.low == pytest.approx(5.4e6 * 0.01 / 0.99)


@given(p=st.floats(0, 0.3), q=st.floats(0.5, 1), r=share, bump=st.floats(0, 0.5))
def test_spam_monotone_in_recall(p, q, r, bump):
    r2 = min(1.0, r + bump)
    a = spam_outcomes(1e6, p, q, r)
    b = spam_outcomes(1e6, p, q, r2)
    assert b["true_positives"].central >= a["true_positives"].central
    assert b["false_negatives"].central <= a["false_negatives"].central + 1e-6


def test_spam_zero_precision_raises():
    with pytest.raises(ValueError, match="precision must be greater than 0"):
        spam_outcomes(600e6, 0.01, precision=0, recall=0.9)


def test_spam_prevalence_above_one_raises():
    with pytest.raises(ValueError, match="prevalence must be at most 1"):
        spam_outcomes(600e6, 1.5, precision=0.9, recall=0.9)


def test_spam_impossible_precision_raises():
    with pytest.raises(ValueError, match="precision is too low"):
        spam_outcomes(100, prevalence=0.5, precision=0.1, recall=1.0)


def test_spam_from_rates():
    out = spam_outcomes_from_rates(600e6, 0.01, sensitivity=0.9, specificity=0.99)
    assert out["false_positives"].central == pytest.approx(594e6 * 0.01)
    assert out["true_positives"].central == pytest.approx(5.4e6)
    assert out["precision"].central == pytest.approx(0.009 / (0.009 + 0.0099))
    ranged = spam_outcomes_from_rates(600e6, 0.01, 0.9, specificity=Estimate(0.98, 0.99, 0.999))
    assert ranged["precision"].low < ranged["precision"].central < ranged["precision"].high


def test_reach():
    assert translation_reach(600e6, 0.05).central == pytest.approx(30e6)
    assert chatbot_reach(Estimate(500e6, 600e6, 700e6), (0.1, 0.3, 0.5)) == Estimate(
        50e6, 180e6, 350e6
    )


def test_translation_negative_chats_raises():
    with pytest.raises(ValueError, match="chats_per_day must be at least 0"):
        translation_reach(-1, 0.05)
