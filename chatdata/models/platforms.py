"""Chapter 2: splitting a daily total across apps.

Meta published no split of its 600 million business chats by app, so every
split here comes from assumed shares or from the article's own estimates.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping

import pandas as pd

from chatdata.models.uncertainty import Estimate, as_estimate, propagate
from chatdata.models.validation import (
    check_count,
    check_platform,
    check_shares_sum,
)

__all__ = ["MAX_WEIGHTS", "normalise_shares", "split_by_shares", "split_from_estimates"]

_COLUMNS = ["platform", "low", "central", "high"]


#: Most weights :func:`normalise_shares` accepts (the apps of one chart, with room to spare).
MAX_WEIGHTS = 1_000


def normalise_shares(weights: Mapping[str, float | Estimate], name: str = "weights") -> dict:
    """Scale non-negative weights so they sum to 1.

    ``name`` is used in error messages.  Plain numbers give a ``dict`` of floats.  If any
    weight is an Estimate, every share comes back as an Estimate: share_i = w_i / sum(w)
    rises with w_i and falls with the others, so its exact bounds are
    ``low_i / (low_i + sum of the others' highs)`` and ``high_i / (high_i + sum of the
    others' lows)`` (only the central shares then sum to 1).  The work is linear in the
    number of weights, and weights are scaled by the largest before summing, so huge
    finite weights cannot overflow.  Keys are not checked against
    :data:`~chatdata.models.validation.PLATFORMS`.

    Raises
    ------
    ValueError
        If a weight is negative, NaN or infinite, all weights are zero, or there are
        more than :data:`MAX_WEIGHTS` of them.

    Examples
    --------
    >>> normalise_shares({"WhatsApp": 400, "Messenger": 100, "Instagram Direct": 100})
    {'WhatsApp': 0.6666666666666666, 'Messenger': 0.16666666666666666, 'Instagram Direct': 0.16666666666666666}
    >>> normalise_shares({"a": 1e308, "b": 1e308})
    {'a': 0.5, 'b': 0.5}
    """  # noqa: E501
    if not isinstance(weights, Mapping) or not weights:
        raise ValueError(f"{name} must be a non-empty mapping of name -> weight, got {weights!r}")
    if len(weights) > MAX_WEIGHTS:
        raise ValueError(f"{name} has {len(weights):,} entries; at most {MAX_WEIGHTS:,} allowed")
    checked = {k: check_count(f"{name}[{k!r}]", w) for k, w in weights.items()}
    ests = {k: as_estimate(w) for k, w in checked.items()}
    if all(e.central == 0 for e in ests.values()):
        raise ValueError(f"{name} are all zero; at least one must be positive to form shares")
    largest = max(e.high for e in ests.values())
    scale = largest if largest * len(ests) > sys.float_info.max / 2 else 1.0  # exact when small
    scaled = {k: Estimate(*(v / scale for v in e)) for k, e in ests.items()}
    central_total = math.fsum(s.central for s in scaled.values())
    central = {k: s.central / central_total for k, s in scaled.items()}
    if not any(isinstance(w, Estimate) for w in checked.values()):
        return central
    lows = math.fsum(s.low for s in scaled.values())
    highs = math.fsum(s.high for s in scaled.values())
    return {
        k: _share_bounds(e, central[k], lows - e.low, highs - e.high) for k, e in scaled.items()
    }


def _share_bounds(own: Estimate, central: float, others_low: float, others_high: float):
    """Exact range of ``w / (w + others)`` over the weights' ranges (0 where both are 0)."""

    def ratio(w: float, rest: float) -> float:
        total = w + max(rest, 0.0)  # max: fsum differences can leave -0.0 or a tiny negative
        return w / total if total > 0 else 0.0

    low, high = ratio(own.low, others_high), ratio(own.high, others_low)
    return Estimate(min(low, central), central, max(high, central))


def _rows(values: Mapping[str, Estimate]) -> pd.DataFrame:
    rows = [{"platform": k, **e.to_dict()} for k, e in values.items()]
    return pd.DataFrame(rows, columns=_COLUMNS)


def split_by_shares(
    total_per_day: float | Estimate,
    shares: Mapping[str, float | Estimate],
    tol: float = 1e-6,
) -> pd.DataFrame:
    """Split a daily total across platforms by shares.

    Parameters
    ----------
    total_per_day : float or Estimate
        The total, e.g. chats/day.
    shares : mapping of platform name to share
        Keys must be known platform names (case-insensitive; returned in their
        canonical spelling); central shares must sum to 1 within ``tol``.
    tol : float
        Tolerance on the sum of the shares.

    Returns
    -------
    DataFrame
        Columns ``platform, low, central, high`` (same unit as the total), one
        row per platform in the order given.  ``central`` sums to the central
        total; with plain shares ``low`` and ``high`` sum to the total's low
        and high too.

    Examples
    --------
    >>> t = split_by_shares(600e6, {"WhatsApp": 0.75, "Messenger": 0.25})
    >>> t.to_dict("list")["central"]
    [450000000.0, 150000000.0]
    """
    total = check_count("total_per_day", total_per_day)
    shares = check_shares_sum(shares, tol=tol)
    platforms = [check_platform(k) for k in shares]
    if len(set(platforms)) != len(platforms):
        raise ValueError(f"shares name a platform twice: {list(shares)}")
    values = {
        p: propagate(lambda t, s: t * s, t=total, s=s)
        for p, s in zip(platforms, shares.values(), strict=True)
    }
    return _rows(values)


def split_from_estimates(
    total_per_day: float | Estimate, estimates: Mapping[str, float | Estimate]
) -> pd.DataFrame:
    """Rescale per-platform estimates so their central values add up to the total.

    Article-style estimates ("over 400 million on WhatsApp, over 100 million on
    Messenger") rarely add up to the headline total.  Each platform gets
    ``total * e_i / sum(e)``; the ranges of the total and of every estimate
    are carried by corners (a platform is lowest when its own estimate is low
    and the others are high).

    Returns
    -------
    DataFrame
        Columns ``platform, low, central, high`` as :func:`split_by_shares`.

    Examples
    --------
    >>> t = split_from_estimates(600e6, {"WhatsApp": Estimate(400e6, 450e6, 500e6),
    ...                                  "Messenger": Estimate(100e6, 150e6, 200e6)})
    >>> t.round(-6).values.tolist()
    [['WhatsApp', 400000000.0, 450000000.0, 500000000.0], ['Messenger', 100000000.0, 150000000.0, 200000000.0]]
    """  # noqa: E501
    total = check_count("total_per_day", total_per_day)
    if not isinstance(estimates, Mapping) or not estimates:
        raise ValueError(f"estimates must be a non-empty mapping, got {estimates!r}")
    platforms = [check_platform(k) for k in estimates]
    if len(set(platforms)) != len(platforms):
        raise ValueError(f"estimates name a platform twice: {list(estimates)}")
    shares = normalise_shares(
        dict(zip(platforms, estimates.values(), strict=True)),
        name="estimates",
    )
    values = {p: propagate(lambda t, s: t * s, t=total, s=s) for p, s in shares.items()}
    return _rows(values)
