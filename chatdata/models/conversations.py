"""Chapter 3: kinds of conversation and how far each message fans out.

A message sent in a one-to-one chat (personal or business) is delivered to 1
other person; in a group of n people it is delivered to the n - 1 others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chatdata.models.uncertainty import Estimate, propagate
from chatdata.models.validation import check_count, check_range, check_shares_sum

__all__ = ["CONVERSATION_TYPES", "Mix", "compute_deliveries", "create_mix"]

#: Conversation types, in display order (also the keys of :func:`compute_deliveries`).
CONVERSATION_TYPES = ("personal", "group", "business", "community")


@dataclass(frozen=True)
class Mix:
    """Shares of messages *sent*, by conversation type (see :func:`create_mix`)."""

    personal: float | Estimate  # share of messages in one-to-one chats between people
    group: float | Estimate  # share in small groups (family, friends)
    business: float | Estimate  # share in chats between a person and a business
    community: float | Estimate  # share in large groups and Communities
    tol: float = field(default=1e-6, repr=False, compare=False)  # on the sum of central shares

    def __post_init__(self) -> None:
        """Validate on construction: each share in [0, 1], central shares summing to 1."""
        checked = check_shares_sum(self.as_dict(), tol=self.tol, name="mix")
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    def as_dict(self) -> dict[str, float | Estimate]:
        """The shares keyed by :data:`CONVERSATION_TYPES`."""
        return {t: getattr(self, t) for t in CONVERSATION_TYPES}


def create_mix(
    personal: float | Estimate = 0.55,  # share of messages; a guess, no source splits by type
    group: float | Estimate = 0.30,  # share of messages; a guess
    business: float | Estimate = 0.05,  # share; ~600M chats x 8 msgs of 140B msgs/day is 3-5%
    community: float | Estimate = 0.10,  # share of messages; a guess
    tol: float = 1e-6,  # tolerance on the sum of the (central) shares
) -> Mix:
    """Validated message mix: each share in [0, 1], central shares summing to 1.

    Examples
    --------
    >>> create_mix().group
    0.3
    >>> create_mix(personal=0.6)
    Traceback (most recent call last):
    ...
    ValueError: mix must sum to 1 within 1e-06, but they sum to 1.05 (personal=0.6, group=0.3, business=0.05, community=0.1)
    """  # noqa: E501
    shares = {"personal": personal, "group": group, "business": business, "community": community}
    return Mix(**shares, tol=tol)


def compute_deliveries(
    messages_per_day: float | Estimate,
    mix: Mix,
    group_size_people: float | Estimate = 8,  # people/group, sender included
    community_size_people: float | Estimate = 100,  # people/community group, sender included
) -> dict[str, Estimate]:
    """Deliveries per day by conversation type, their total and the fan-out factor.

    Returns
    -------
    dict of str to Estimate
        ``personal``, ``group``, ``business``, ``community`` and ``total``:
        deliveries/day (one message reaching one recipient is one delivery);
        ``fan_out``: total deliveries per message sent (dimensionless).

    Raises
    ------
    ValueError
        For a bad count, or a group smaller than 2 people.

    Examples
    --------
    >>> d = compute_deliveries(100.0, create_mix(), group_size_people=8, community_size_people=100)
    >>> [round(d[k].central, 6) for k in ("group", "community", "total", "fan_out")]
    [210.0, 990.0, 1260.0, 12.6]
    """
    m = check_count("messages_per_day", messages_per_day)
    g = check_range("group_size_people", group_size_people, minimum=2, what=" (people)")
    n = check_range("community_size_people", community_size_people, minimum=2, what=" (people)")
    s = mix.as_dict()
    out = {
        "personal": propagate(lambda m, s: m * s, m=m, s=s["personal"]),
        "group": propagate(lambda m, s, g: m * s * (g - 1), m=m, s=s["group"], g=g),
        "business": propagate(lambda m, s: m * s, m=m, s=s["business"]),
        "community": propagate(lambda m, s, n: m * s * (n - 1), m=m, s=s["community"], n=n),
    }

    def fan_out(p, gs, b, cs, g, n):
        return p + gs * (g - 1) + b + cs * (n - 1)

    shares = {"p": s["personal"], "gs": s["group"], "b": s["business"], "cs": s["community"]}
    out["total"] = propagate(lambda m, **k: m * fan_out(**k), m=m, g=g, n=n, **shares)
    out["fan_out"] = propagate(fan_out, g=g, n=n, **shares)
    return out
