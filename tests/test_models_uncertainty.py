"""Tests for chatdata.models.uncertainty and validation."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatdata.models import Estimate, as_estimate, estimates_to_frame, monte_carlo, propagate
from chatdata.models.validation import (
    check_count,
    check_platform,
    check_positive,
    check_share,
    check_shares_sum,
)

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
positive = st.floats(min_value=0.1, max_value=1e6, allow_nan=False)


@st.composite
def estimates(draw, elements=finite):
    low, central, high = sorted(draw(st.lists(elements, min_size=3, max_size=3)))
    return Estimate(low, central, high)


def test_estimate_point_and_unpacking():
    e = Estimate.point(2)
    assert tuple(e) == (2.0, 2.0, 2.0)
    assert e.is_point
    assert as_estimate((1, 2, 3)) == Estimate(1, 2, 3)
    assert as_estimate(e) is e


def test_estimate_is_frozen():
    e = Estimate(1, 2, 3)
    with pytest.raises(AttributeError):
        e.low = 0


def test_estimate_low_above_high_raises():
    with pytest.raises(ValueError, match="low <= central <= high"):
        Estimate(3, 2, 1)


def test_estimate_nan_raises():
    with pytest.raises(ValueError, match="central must not be NaN"):
        Estimate(0, math.nan, 1)


def test_as_estimate_rejects_wrong_length_tuple():
    with pytest.raises(ValueError, match="low, central, high"):
        as_estimate((1, 2))


def test_estimates_to_frame_columns():
    t = estimates_to_frame({"a": Estimate(1, 2, 3)})
    assert list(t.columns) == ["quantity", "low", "central", "high"]


@given(a=estimates(), b=estimates(positive))
def test_propagate_bounds_contain_central(a, b):
    r = propagate(lambda a, b: a * b - a / b, a=a, b=b)
    assert r.low <= r.central <= r.high


@given(a=estimates(), b=estimates())
def test_propagate_exact_for_monotone(a, b):
    r = propagate(lambda a, b: a - b, a=a, b=b)
    assert r.low == pytest.approx(a.low - b.high)
    assert r.high == pytest.approx(a.high - b.low)
    assert r.central == pytest.approx(a.central - b.central)


def test_propagate_handles_decreasing_argument():
    r = propagate(lambda q: (1 - q) / q, q=Estimate(0.5, 0.9, 0.99))
    assert r.low == pytest.approx(0.01 / 0.99)
    assert r.high == pytest.approx(1.0)


def test_propagate_plain_floats_give_point():
    assert propagate(lambda x, y: x + y, x=1, y=2) == Estimate.point(3)


@given(seed=st.integers(0, 2**32 - 1))
def test_monte_carlo_deterministic_for_seed(seed):
    kw = {"a": Estimate(0, 1, 4), "b": Estimate(1, 2, 3)}
    r1 = monte_carlo(lambda a, b: a * b, n_draws=500, seed=seed, **kw)
    r2 = monte_carlo(lambda a, b: a * b, n_draws=500, seed=seed, **kw)
    assert r1 == r2
    assert r1.low <= r1.central <= r1.high


def test_monte_carlo_differs_between_seeds():
    kw = {"a": Estimate(0, 1, 4)}
    r1 = monte_carlo(lambda a: a, n_draws=500, seed=1, **kw)
    r2 = monte_carlo(lambda a: a, n_draws=500, seed=2, **kw)
    assert r1 != r2


def test_monte_carlo_percentiles_of_uniform():
    r = monte_carlo(lambda a: a, n_draws=200_000, seed=0, a=Estimate(0, 50, 100))
    assert r.low == pytest.approx(5, abs=0.3)
    assert r.central == pytest.approx(50, abs=0.5)
    assert r.high == pytest.approx(95, abs=0.3)


def test_monte_carlo_triangular_and_non_vectorised():
    def f(a):  # not vectorisable: `if` on an array fails, so it runs per draw
        return a if a > 1 else 1.0

    r = monte_carlo(f, n_draws=300, seed=3, distribution="triangular", a=Estimate(0, 1, 3))
    assert 1.0 <= r.low <= r.central <= r.high <= 3.0


def test_monte_carlo_unknown_distribution_raises():
    with pytest.raises(ValueError, match="distribution"):
        monte_carlo(lambda a: a, a=1.0, distribution="normal")


# --- validation: one test per bad-input case -------------------------------------------


def test_check_count_negative_raises():
    with pytest.raises(ValueError, match=r"chats_per_day.*at least 0.*-5"):
        check_count("chats_per_day", -5)


def test_check_count_nan_raises():
    with pytest.raises(ValueError, match="chats_per_day must be a finite number, got nan"):
        check_count("chats_per_day", math.nan)


def test_check_count_inf_raises():
    with pytest.raises(ValueError, match="chats_per_day must be a finite number, got inf"):
        check_count("chats_per_day", math.inf)


def test_check_count_checks_each_part_of_estimate():
    with pytest.raises(ValueError, match=r"chats_per_day \(low\)"):
        check_count("chats_per_day", Estimate(-1, 2, 3))


def test_check_count_non_number_raises():
    with pytest.raises(ValueError, match="chats_per_day must be a number"):
        check_count("chats_per_day", "600m")


def test_check_share_above_one_raises():
    with pytest.raises(ValueError, match=r"paid_share must be at most 1.*1.2"):
        check_share("paid_share", 1.2)


def test_check_share_below_zero_raises():
    with pytest.raises(ValueError, match=r"paid_share must be at least 0.*-0.1"):
        check_share("paid_share", -0.1)


def test_check_positive_zero_raises():
    with pytest.raises(ValueError, match="rate must be greater than 0"):
        check_positive("rate", 0.0)


def test_check_shares_sum_states_sum_and_tolerance():
    with pytest.raises(ValueError, match=r"within 1e-06, but they sum to 0\.9"):
        check_shares_sum({"a": 0.5, "b": 0.4})


def test_check_shares_sum_accepts_within_tolerance():
    assert check_shares_sum({"a": 0.5, "b": 0.5 + 1e-9}) == {"a": 0.5, "b": 0.5 + 1e-9}


def test_check_platform_unknown_raises():
    with pytest.raises(ValueError, match="platform 'Signal' is not known"):
        check_platform("Signal")


def test_check_platform_canonicalises():
    assert check_platform(" instagram direct ") == "Instagram Direct"


def test_validators_return_value_unchanged():
    e = Estimate(0.1, 0.2, 0.3)
    assert check_share("s", e) is e
    assert check_count("c", 5) == 5
