"""Chapter 2: splitting a daily total across apps.

Meta published no split of its 600 million business chats by app, so every
split here comes from assumed shares or from the article's own estimates.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from chatdata.models.uncertainty import Estimate, as_estimate, propagate
from chatdata.models.validation import (
    check_count,
    check_platform,
    check_shares_sum,
)

__all__ = ["normalise_shares", "split_by_shares", "split_from_estimates"]

_COLUMNS = ["platform", "low", "central", "high"]


def normalise_shares(weights: Mapping[str, float | Estimate], name: str = "weights") -> dict:
    """Scale non-negative weights so they sum to 1.

    ``name`` is used in error messages.  Plain numbers give a ``dict`` of floats.  If any weight is an Estimate,
    every share comes back as an Estimate: share_i = w_i / sum(w) rises with
    w_i and falls with the others, and the corners carry that through (only
    the central shares then sum to 1).  Keys are not checked against
    :data:`~chatdata.models.validation.PLATFORMS`.

    Raises
    ------
    ValueError
        If a weight is negative, NaN or infinite, or all weights are zero.

    Examples
    --------
    >>> normalise_shares({"WhatsApp": 400, "Messenger": 100, "Instagram Direct": 100})
    {'WhatsApp': 0.6666666666666666, 'Messenger': 0.16666666666666666, 'Instagram Direct': 0.16666666666666666}
    """  # noqa: E501
    if not isinstance(weights, Mapping) or not weights:
        raise ValueError(f"{name} must be a non-empty mapping of name -> weight, got {weights!r}")
    checked = {k: check_count(f"{name}[{k!r}]", w) for k, w in weights.items()}
    ests = {k: as_estimate(w) for k, w in checked.items()}
    if all(e.central == 0 for e in ests.values()):
        raise ValueError(f"{name} are all zero; at least one must be positive to form shares")
    if not any(isinstance(w, Estimate) for w in checked.values()):
        total = math.fsum(e.central for e in ests.values())
        return {k: e.central / total for k, e in ests.items()}
    return {k: _share_of(k, ests) for k in ests}


def _share_of(key: str, ests: Mapping[str, Estimate]) -> Estimate:
    names = {k: f"w{i}" for i, k in enumerate(ests)}

    def share(**w: float) -> float:
        total = math.fsum(w.values())
        return w[names[key]] / total if total > 0 else 0.0

    return propagate(share, **{names[k]: e for k, e in ests.items()})


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
