"""Tests for chatdata.models.platforms and conversations."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from chatdata.models import (
    PLATFORMS,
    Estimate,
    compute_deliveries,
    create_mix,
    normalise_shares,
    split_by_shares,
    split_from_estimates,
)

weights = st.lists(st.floats(min_value=0, max_value=1e3), min_size=5, max_size=5)


@given(w=weights, total=st.floats(min_value=0, max_value=1e12))
def test_split_sums_to_total_for_any_share_vector(w, total):
    assume(sum(w) > 1e-3)
    shares = normalise_shares(dict(zip(PLATFORMS, w, strict=True)))
    t = split_by_shares(total, shares)
    assert list(t.columns) == ["platform", "low", "central", "high"]
    assert t["central"].sum() == pytest.approx(total, rel=1e-9, abs=1e-6)


@given(w=weights, i=st.integers(0, 4), bump=st.floats(min_value=0.01, max_value=10))
def test_normalised_share_monotone_in_own_weight(w, i, bump):
    assume(sum(w) > 1e-3)
    before = normalise_shares(dict(zip(PLATFORMS, w, strict=True)))
    w2 = list(w)
    w2[i] += bump
    after = normalise_shares(dict(zip(PLATFORMS, w2, strict=True)))
    for j, p in enumerate(PLATFORMS):
        if j == i:
            assert after[p] >= before[p] - 1e-12
        else:
            assert after[p] <= before[p] + 1e-12


@given(
    s=st.floats(min_value=0, max_value=0.9),
    bump=st.floats(min_value=0, max_value=0.1),
    total=st.floats(min_value=1, max_value=1e12),
)
def test_split_monotone_in_share(s, bump, total):
    def wa(share):
        t = split_by_shares(total, {"WhatsApp": share, "Messenger": 1 - share})
        return t.set_index("platform")["central"]

    assert wa(s + bump)["WhatsApp"] >= wa(s)["WhatsApp"]
    assert wa(s + bump)["Messenger"] <= wa(s)["Messenger"] * (1 + 1e-12)


def test_split_carries_total_range():
    t = split_by_shares(Estimate(500, 600, 800), {"whatsapp": 0.5, "Messenger": 0.5})
    assert t.iloc[0].to_dict() == {"platform": "WhatsApp", "low": 250, "central": 300, "high": 400}


def test_split_from_estimates_rescales_to_total():
    t = split_from_estimates(
        600e6,
        {
            "WhatsApp": Estimate(400e6, 420e6, 500e6),
            "Messenger": Estimate(100e6, 110e6, 150e6),
            "Instagram Direct": Estimate(20e6, 50e6, 100e6),
        },
    )
    assert t["central"].sum() == pytest.approx(600e6)
    assert (t["low"] <= t["central"]).all()
    assert (t["central"] <= t["high"]).all()
    wa = t.set_index("platform").loc["WhatsApp"]
    assert wa["low"] == pytest.approx(600e6 * 400 / (400 + 150 + 100))
    assert wa["high"] == pytest.approx(600e6 * 500 / (500 + 100 + 20))


def test_normalise_shares_with_estimates_returns_estimates():
    s = normalise_shares({"a": Estimate(1, 2, 3), "b": 2.0})
    assert s["a"] == Estimate(1 / 3, 0.5, 0.6)
    assert sum(v.central for v in s.values()) == pytest.approx(1)


def test_normalise_shares_all_zero_raises():
    with pytest.raises(ValueError, match="weights are all zero"):
        normalise_shares({"WhatsApp": 0, "Messenger": 0})


def test_normalise_shares_negative_weight_raises():
    with pytest.raises(ValueError, match=r"weights\['Messenger'\] must be at least 0"):
        normalise_shares({"WhatsApp": 1, "Messenger": -1})


def test_split_shares_not_summing_to_one_raises():
    with pytest.raises(
        ValueError, match=r"shares must sum to 1 within 1e-06, but they sum to 0\.9"
    ):
        split_by_shares(600e6, {"WhatsApp": 0.6, "Messenger": 0.3})


def test_split_share_above_one_raises():
    with pytest.raises(ValueError, match=r"shares\['WhatsApp'\] must be at most 1"):
        split_by_shares(600e6, {"WhatsApp": 1.5, "Messenger": -0.5})


def test_split_unknown_platform_raises():
    with pytest.raises(ValueError, match="platform 'Signal' is not known"):
        split_by_shares(600e6, {"WhatsApp": 0.5, "Signal": 0.5})


def test_split_negative_total_raises():
    with pytest.raises(ValueError, match="total_per_day must be at least 0"):
        split_by_shares(-1, {"WhatsApp": 1.0})


def test_split_nan_total_raises():
    with pytest.raises(ValueError, match="total_per_day must be a finite number"):
        split_by_shares(math.nan, {"WhatsApp": 1.0})


def test_split_duplicate_platform_raises():
    with pytest.raises(ValueError, match="twice"):
        split_by_shares(1, {"WhatsApp": 0.5, "whatsapp": 0.5})


# --- conversations ---------------------------------------------------------------------


def test_deliveries_fan_out_worked_example():
    d = compute_deliveries(140e9, create_mix())
    assert d["personal"].central == pytest.approx(0.55 * 140e9)
    assert d["business"].central == pytest.approx(0.05 * 140e9)
    assert d["group"].central == pytest.approx(0.30 * 140e9 * 7)
    assert d["community"].central == pytest.approx(0.10 * 140e9 * 99)
    assert d["fan_out"].central == pytest.approx(0.55 + 0.05 + 0.3 * 7 + 0.1 * 99)
    parts = sum(d[k].central for k in ("personal", "group", "business", "community"))
    assert d["total"].central == pytest.approx(parts)


@given(
    g=st.floats(min_value=2, max_value=256),
    bump=st.floats(min_value=0, max_value=100),
)
def test_deliveries_monotone_in_group_size(g, bump):
    mix = create_mix()
    a = compute_deliveries(1e9, mix, group_size_people=g)["total"].central
    b = compute_deliveries(1e9, mix, group_size_people=g + bump)["total"].central
    assert b >= a


@given(
    shift=st.floats(min_value=0, max_value=0.3),
    m=st.floats(min_value=0, max_value=1e11),
)
def test_deliveries_monotone_in_each_share(shift, m):
    """Moving share from personal to any type with fan-out >= 1 never lowers deliveries."""
    base = compute_deliveries(m, create_mix(personal=0.55, group=0.30, business=0.05,
                                            community=0.10))["total"].central  # fmt: skip
    for other in ("group", "business", "community"):
        shares = {"personal": 0.55, "group": 0.30, "business": 0.05, "community": 0.10}
        shares["personal"] -= shift
        shares[other] += shift
        moved = compute_deliveries(m, create_mix(**shares))["total"].central
        assert moved >= base * (1 - 1e-12) - 1e-6


def test_deliveries_ranges():
    m = Estimate(100e9, 140e9, 150e9)
    d = compute_deliveries(m, create_mix(), group_size_people=(5, 8, 20))
    assert d["total"].low < d["total"].central < d["total"].high
    assert d["group"].high == pytest.approx(150e9 * 0.3 * 19)


def test_mix_not_summing_to_one_raises():
    with pytest.raises(ValueError, match=r"mix must sum to 1 within 1e-06, but they sum to 1.05"):
        create_mix(personal=0.6)


def test_mix_share_below_zero_raises():
    with pytest.raises(ValueError, match=r"mix\['business'\] must be at least 0"):
        create_mix(personal=0.65, business=-0.05)


def test_group_of_one_raises():
    with pytest.raises(ValueError, match="group_size_people must be at least 2"):
        compute_deliveries(1e9, create_mix(), group_size_people=1)
