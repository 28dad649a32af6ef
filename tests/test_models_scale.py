"""Tests for chatdata.models.scale."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatdata.models import (
    REFERENCE_VOLUME_IDS,
    Estimate,
    compute_rates,
    create_scale,
    reference_volumes,
)

KEYS = {
    "chats_per_second_mean",
    "chats_per_second_peak",
    "chats_per_minute_mean",
    "messages_per_day",
    "messages_per_second_mean",
    "messages_per_second_peak",
    "terabytes_per_day",
}


def test_rates_exact_values():
    r = compute_rates(create_scale())
    assert set(r) == KEYS
    assert r["chats_per_second_mean"].central == pytest.approx(6944.444, abs=1e-3)
    assert r["chats_per_second_peak"].central == pytest.approx(2 * 600e6 / 86_400)
    assert r["chats_per_minute_mean"].central == pytest.approx(600e6 / 1440)
    assert r["messages_per_day"].central == 600e6 * 8
    assert r["messages_per_second_mean"].central == pytest.approx(4.8e9 / 86_400)
    # 4.8e9 messages x 2 KB x 1e3 bytes/KB / 1e12 bytes/TB
    assert r["terabytes_per_day"].central == pytest.approx(9.6)


@given(
    chats=st.floats(min_value=0, max_value=1e12),
    k=st.floats(min_value=0, max_value=100),
)
def test_rates_linear_in_chats_per_day(chats, k):
    base = compute_rates(create_scale(chats_per_day=chats))
    scaled = compute_rates(create_scale(chats_per_day=k * chats))
    for key in KEYS:
        assert scaled[key].central == pytest.approx(k * base[key].central, rel=1e-9, abs=1e-9)


@given(
    low=st.floats(min_value=1e6, max_value=1e9),
    spread=st.floats(min_value=1, max_value=3),
)
def test_rates_carry_ranges(low, spread):
    chats = Estimate(low, low * spread, low * spread**2)
    r = compute_rates(create_scale(chats_per_day=chats, peak_to_average=Estimate(1.5, 2, 3)))
    for key in KEYS:
        assert r[key].low <= r[key].central <= r[key].high
    assert r["chats_per_second_peak"].high == pytest.approx(chats.high / 86_400 * 3)


def test_create_scale_negative_chats_raises():
    with pytest.raises(ValueError, match="chats_per_day"):
        create_scale(chats_per_day=-1)


def test_create_scale_nan_messages_raises():
    with pytest.raises(ValueError, match="messages_per_chat must be a finite number"):
        create_scale(messages_per_chat=math.nan)


def test_create_scale_peak_below_mean_raises():
    with pytest.raises(ValueError, match="peak_to_average must be at least 1"):
        create_scale(peak_to_average=0.5)


def _facts():
    rows = [
        (
            "whatsapp-messages-2016",
            "WhatsApp messages per day (2016)",
            "WhatsApp",
            42e9,
            42e9,
            "messages/day",
            "2016-02",
        ),
        (
            "whatsapp-messages-2018",
            "WhatsApp messages per day (2018)",
            "WhatsApp",
            65e9,
            65e9,
            "messages/day",
            "2018-05-01",
        ),
        (
            "whatsapp-messages-2020",
            "WhatsApp messages per day",
            "WhatsApp",
            100e9,
            100e9,
            "messages/day",
            "2020-10-29",
        ),
        (
            "meta-messages-2023",
            "Messages across all Meta apps",
            "Meta (all apps)",
            140e9,
            140e9,
            "messages/day",
            "2023-03",
        ),
        (
            "sms-global-2016",
            "Global SMS per day",
            "SMS (global)",
            20e9,
            20e9,
            "SMS/day",
            "2016-04-12",
        ),
        (
            "imessage-messages-2013",
            "iMessage messages per day (2013)",
            "iMessage",
            2e9,
            2e9,
            "messages/day",
            "2013-01",
        ),
        (
            "whatsapp-peak-messages-per-second-2022",
            "WhatsApp peak message rate",
            "WhatsApp",
            25e6,
            25e6,
            "messages/second",
            "2022-12-18",
        ),
        (
            "imessage-peak-messages-per-second-2016",
            "iMessage peak rate",
            "iMessage",
            200e3,
            None,
            "messages/second (peak)",
            "2016-02-12",
        ),
        ("unrelated", "Something else", "Meta", 1.0, 1.0, "users", "2020"),
    ]
    cols = ["id", "metric", "platform", "value_low", "value_high", "unit", "as_of"]
    f = pd.DataFrame(rows, columns=cols)
    f["as_of_date"] = pd.to_datetime("2020-01-01")
    f["source_title"] = "title"
    f["source_url"] = "https://example.org/" + f["id"]
    f["kind"] = "press-report"
    return f


def test_reference_volumes_columns_and_conversion():
    t = reference_volumes(_facts())
    assert list(t.columns) == [
        "fact_id", "label", "platform", "as_of", "messages_per_day", "messages_per_second",
        "basis", "kind", "source_url",
    ]  # fmt: skip
    assert list(t["fact_id"]) == list(REFERENCE_VOLUME_IDS)
    meta = t.set_index("fact_id").loc["meta-messages-2023"]
    assert meta["messages_per_day"] == 140e9
    assert meta["messages_per_second"] == pytest.approx(140e9 / 86_400)
    assert meta["basis"] == "daily total"


def test_reference_volumes_peak_rates_have_no_daily_volume():
    t = reference_volumes(_facts()).set_index("fact_id")
    peak = t.loc["whatsapp-peak-messages-per-second-2022"]
    assert math.isnan(peak["messages_per_day"])
    assert peak["messages_per_second"] == 25e6
    assert peak["basis"] == "peak rate"
    assert t.loc["imessage-peak-messages-per-second-2016", "messages_per_second"] == 200e3


def test_reference_volumes_missing_id_raises():
    with pytest.raises(ValueError, match=r"lacks ids.*meta-messages-2023"):
        reference_volumes(_facts().query("id != 'meta-messages-2023'"))
