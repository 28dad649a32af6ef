"""Models refuse what they cannot compute: overflow, unchecked dataclasses, NaN tolerances."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap

import pytest

from chatdata.models import (
    Business,
    Estimate,
    Mix,
    Scale,
    compute_agent_hours,
    compute_rates,
    create_mix,
    create_scale,
    monte_carlo,
    normalise_shares,
    propagate,
    select_facts,
    split_by_shares,
)
from chatdata.models.platforms import MAX_WEIGHTS
from chatdata.models.validation import check_shares_sum

# --- overflow ----------------------------------------------------------------------------


def test_propagate_refuses_overflow_to_infinity():
    with pytest.raises(ValueError, match="overflowed to infinity"):
        propagate(lambda a: a * 10, a=1e308)


@pytest.mark.filterwarnings("ignore:overflow encountered")
def test_monte_carlo_refuses_overflow_to_infinity():
    with pytest.raises(ValueError, match="overflowed to infinity"):
        monte_carlo(lambda a: a * 10, n_draws=100, a=Estimate(1e307, 1e308, 1.5e308))


def test_finite_model_inputs_never_give_inf():
    scale = create_scale(chats_per_day=1e306, messages_per_chat=1e5)
    with pytest.raises(ValueError, match=r"overflowed.*too large"):
        compute_rates(scale)


def test_infinite_input_is_not_called_an_overflow():
    assert propagate(lambda a: a * 2, a=Estimate(1, 2, math.inf)).high == math.inf


# --- dataclasses validate on construction -------------------------------------------------


def _business(**change):
    values = dict(
        chats_per_day=600e6,
        automated_share=0.3,
        chats_per_agent_hour=6,
        paid_share=0.1,
        price_per_conversation_usd=0.03,
    )
    return Business(**{**values, **change})


def test_business_refuses_zero_chats_per_agent_hour():
    with pytest.raises(ValueError, match="chats_per_agent_hour must be greater than 0"):
        _business(chats_per_agent_hour=0)


@pytest.mark.parametrize(
    ("field", "value"),
    [("automated_share", 1.5), ("paid_share", -0.1), ("chats_per_day", math.nan),
     ("price_per_conversation_usd", -1), ("chats_per_day", "600e6")],
)  # fmt: skip
def test_business_fields_are_checked(field, value):
    with pytest.raises(ValueError, match=field):
        _business(**{field: value})


def test_business_built_directly_still_computes():
    business = _business(chats_per_agent_hour=(4, 6, 8))
    assert business.chats_per_agent_hour == Estimate(4, 6, 8)
    assert compute_agent_hours(business).central == pytest.approx(600e6 * 0.7 / 6)


@pytest.mark.parametrize(
    ("field", "value"),
    [("peak_to_average", 0.5), ("messages_per_chat", -1), ("kilobytes_per_message", math.inf)],
)
def test_scale_fields_are_checked(field, value):
    values = dict(
        chats_per_day=600e6, peak_to_average=2, messages_per_chat=8, kilobytes_per_message=2
    )
    with pytest.raises(ValueError, match=field):
        Scale(**{**values, field: value})


def test_mix_checks_its_shares():
    with pytest.raises(ValueError, match="mix must sum to 1"):
        Mix(personal=0.5, group=0.5, business=0.5, community=0.5)
    with pytest.raises(ValueError, match="community"):
        Mix(personal=0.5, group=0.5, business=0.1, community=-0.1)
    assert Mix(0.55, 0.3, 0.05, 0.1) == create_mix()
    assert create_mix(personal=0.6, tol=0.1).personal == 0.6


# --- normalise_shares ----------------------------------------------------------------------


def test_normalise_shares_huge_weights_give_value_not_overflow_error():
    assert normalise_shares({"a": 1e308, "b": 1e308}) == {"a": 0.5, "b": 0.5}
    shares = normalise_shares({"a": Estimate(1e307, 1e308, 1.7e308), "b": 1e308})
    assert shares["a"].central == pytest.approx(0.5)
    assert 0 < shares["a"].low < 0.5 < shares["a"].high < 1


def test_normalise_shares_bounds_are_the_exact_corners():
    weights = {"a": Estimate(1, 2, 4), "b": Estimate(1, 1, 3), "c": 2.0}
    shares = normalise_shares(weights)
    assert tuple(shares["a"]) == pytest.approx((1 / 6, 0.4, 4 / 7))
    assert shares["c"].low == pytest.approx(2 / 9)
    assert shares["c"].high == pytest.approx(0.5)


def test_normalise_shares_refuses_too_many_weights():
    with pytest.raises(ValueError, match="at most 1,000"):
        normalise_shares({f"w{i}": 1.0 for i in range(MAX_WEIGHTS + 1)})


def test_normalise_shares_work_grows_linearly():
    """Forty uncertain weights: 40 * 2**40 corner calls before; a subprocess so a hang fails."""
    code = textwrap.dedent(
        """
        from chatdata.models import Estimate, normalise_shares
        shares = normalise_shares({f"w{i}": Estimate(1, 2, 3) for i in range(40)})
        print(round(sum(s.central for s in shares.values()), 9))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1.0"


# --- tolerances and ids --------------------------------------------------------------------


@pytest.mark.parametrize("tol", [math.nan, -1e-6, math.inf])
def test_nan_or_negative_tolerance_is_refused(tol):
    with pytest.raises(ValueError, match="tol"):
        check_shares_sum({"a": 0.2, "b": 0.2}, tol=tol)
    with pytest.raises(ValueError, match="tol"):
        split_by_shares(600e6, {"WhatsApp": 0.1}, tol=tol)
    with pytest.raises(ValueError, match="tol"):
        create_mix(personal=0.9, tol=tol)


def test_select_facts_refuses_a_bare_string():
    with pytest.raises(ValueError, match=r"for one id use \['meta-messages-2023'\]"):
        select_facts("meta-messages-2023")
    assert select_facts(("meta-messages-2023",))["id"].tolist() == ["meta-messages-2023"]
