"""Input checks shared by the models.  Each raises ``ValueError`` naming the parameter.

Every check accepts a float or an :class:`~chatdata.models.uncertainty.Estimate`
(each of low, central and high is checked) and returns the value unchanged
(a tuple ``(low, central, high)`` comes back as an Estimate), so checks can be
chained: ``x = check_count("chats_per_day", x)``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from typing import cast

from chatdata.models.uncertainty import Estimate, as_estimate

__all__ = [
    "PLATFORMS",
    "check_count",
    "check_platform",
    "check_positive",
    "check_range",
    "check_share",
    "check_shares_sum",
    "check_tolerance",
]

#: Platforms the models know, in display order.
PLATFORMS = ("WhatsApp", "Messenger", "Instagram Direct", "iMessage", "Telegram")


def _parts(name: str, value) -> tuple[float | Estimate, list[tuple[str, float]]]:
    """(value to return, [(label, number), ...]) for a float or Estimate."""
    if isinstance(value, Estimate | tuple | list):
        try:
            est = as_estimate(value if isinstance(value, Estimate) else tuple(value))
        except ValueError as err:
            raise ValueError(f"{name}: {err}") from None
        return est, [(f"{name} ({k})", v) for k, v in est.to_dict().items()]
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number or an Estimate, got {value!r}")
    return cast(float, value), [(name, float(value))]


def _check_each(name: str, value, problem: Callable[[float], str | None]):
    """Check every number in ``value`` is finite and passes ``problem``.

    ``problem(v)`` says what ``v`` must be when it is not (``"at least 0"``), else None.
    """
    out, parts = _parts(name, value)
    for label, v in parts:
        if not math.isfinite(v):
            raise ValueError(f"{label} must be a finite number, got {v!r}")
        wrong = problem(v)
        if wrong:
            raise ValueError(f"{label} must be {wrong}, got {v!r}")
    return out


def check_range(
    name: str, value, minimum: float = -math.inf, maximum: float = math.inf, what: str = ""
):
    """Check ``value`` is finite and within ``[minimum, maximum]``.

    Examples
    --------
    >>> check_range("peak_to_average", 2.0, minimum=1)
    2.0
    >>> check_range("peak_to_average", 0.5, minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: peak_to_average must be at least 1, got 0.5
    """

    def outside(v: float) -> str | None:
        if v < minimum:
            return f"at least {minimum:g}{what}"
        return f"at most {maximum:g}{what}" if v > maximum else None

    return _check_each(name, value, outside)


def check_count(name: str, value):
    """Check a count or rate: finite and >= 0.

    Examples
    --------
    >>> check_count("chats_per_day", 600e6)
    600000000.0
    >>> check_count("chats_per_day", -1)
    Traceback (most recent call last):
    ...
    ValueError: chats_per_day must be at least 0 (a count cannot be negative), got -1.0
    """
    return check_range(name, value, minimum=0.0, what=" (a count cannot be negative)")


def check_share(name: str, value):
    """Check a share (fraction): finite and within [0, 1].

    Examples
    --------
    >>> check_share("paid_share", Estimate(0.05, 0.1, 0.2))
    Estimate(low=0.05, central=0.1, high=0.2)
    >>> check_share("paid_share", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: paid_share must be at most 1 (a share runs from 0 to 1), got 1.5
    """
    return check_range(name, value, 0.0, 1.0, what=" (a share runs from 0 to 1)")


def check_positive(name: str, value):
    """Check a quantity is finite and strictly greater than 0.

    Examples
    --------
    >>> check_positive("chats_per_agent_hour", 0)
    Traceback (most recent call last):
    ...
    ValueError: chats_per_agent_hour must be greater than 0, got 0.0
    """
    return _check_each(name, value, lambda v: None if v > 0 else "greater than 0")


def check_shares_sum(shares: Mapping[str, float | Estimate], tol: float = 1e-6, name="shares"):
    """Check each value is a share and the shares sum to 1 within ``tol``.

    For Estimates the *central* values must sum to 1 (lows and highs need not).
    Returns the mapping as a ``dict``.

    Examples
    --------
    >>> check_shares_sum({"a": 0.25, "b": 0.75})
    {'a': 0.25, 'b': 0.75}
    >>> check_shares_sum({"a": 0.5, "b": 0.6})
    Traceback (most recent call last):
    ...
    ValueError: shares must sum to 1 within 1e-06, but they sum to 1.1 (a=0.5, b=0.6)
    """
    if not isinstance(shares, Mapping) or not shares:
        raise ValueError(f"{name} must be a non-empty mapping of name -> share, got {shares!r}")
    check_tolerance(tol)
    out = {k: check_share(f"{name}[{k!r}]", v) for k, v in shares.items()}
    total = math.fsum(as_estimate(v).central for v in out.values())
    if abs(total - 1.0) > tol:
        listed = ", ".join(f"{k}={as_estimate(v).central:g}" for k, v in out.items())
        raise ValueError(
            f"{name} must sum to 1 within {tol:g}, but they sum to {total:.10g} ({listed})"
        )
    return out


def check_tolerance(tol, name: str = "tol") -> float:
    """Check a tolerance: a finite number >= 0 (a NaN tolerance would accept anything).

    Examples
    --------
    >>> check_tolerance(1e-6)
    1e-06
    >>> check_tolerance(float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: tol must be a finite number, got nan
    """
    return check_range(name, tol, minimum=0.0)


def check_platform(name: str) -> str:
    """Return the canonical spelling of a known platform name (case-insensitive).

    Examples
    --------
    >>> check_platform("whatsapp")
    'WhatsApp'
    >>> check_platform("Signal")
    Traceback (most recent call last):
    ...
    ValueError: platform 'Signal' is not known; known platforms: WhatsApp, Messenger, Instagram Direct, iMessage, Telegram
    """  # noqa: E501
    if isinstance(name, str):
        for known in PLATFORMS:
            if name.strip().casefold() == known.casefold():
                return known
    raise ValueError(f"platform {name!r} is not known; known platforms: {', '.join(PLATFORMS)}")
