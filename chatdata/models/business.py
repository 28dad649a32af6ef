"""Chapter 4: the work and the money in business chats.

Work spreads evenly over the day. Money follows WhatsApp's price list: since 1 July 2025 the
WhatsApp Business Platform bills each delivered template message by category (marketing,
utility, authentication) and the recipient's market (:func:`compute_message_revenue`). The
2023 model, one billed 24-hour "conversation" per paid chat (:func:`compute_paid_revenue`), is
kept as history only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from chatdata.models.facts import fact_value, select_facts
from chatdata.models.uncertainty import Estimate, propagate
from chatdata.models.validation import check_count, check_positive, check_range, check_share

__all__ = [
    "DAYS_PER_YEAR",
    "REFERENCE_RUN_RATE_IDS",
    "Business",
    "compute_agent_hours",
    "compute_agents_on_shift",
    "compute_message_revenue",
    "compute_paid_revenue",
    "create_business",
    "reference_run_rates",
]

DAYS_PER_YEAR = 365  # days/year, for annual run-rates

#: Fact ids listed by :func:`reference_run_rates`.
REFERENCE_RUN_RATE_IDS = (
    "click-to-message-run-rate-2023",
    "whatsapp-paid-messaging-run-rate-2025",
)


@dataclass(frozen=True)
class Business:
    """Assumptions for the business-messaging chapter (see :func:`create_business`)."""

    chats_per_day: float | Estimate  # chats/day between people and businesses
    automated_share: float | Estimate  # share of chats handled end to end by chatbots
    chats_per_agent_hour: float | Estimate  # chats one human agent handles per hour
    paid_share: float | Estimate  # share of chats billed as paid conversations
    price_per_conversation_usd: float | Estimate  # USD per paid conversation

    def __post_init__(self) -> None:
        """Validate on construction, so ``Business(...)`` is as safe as :func:`create_business`."""
        checks = {
            "chats_per_day": check_count,
            "automated_share": check_share,
            "chats_per_agent_hour": check_positive,
            "paid_share": check_share,
            "price_per_conversation_usd": check_count,
        }
        for name, check in checks.items():
            object.__setattr__(self, name, check(name, getattr(self, name)))


def create_business(
    chats_per_day: float | Estimate = 600e6,  # chats/day; Meta, Q3 2023 call
    automated_share: float | Estimate = 0.3,  # share (0-1); a guess, not published
    chats_per_agent_hour: float | Estimate = 6,  # chats/agent-hour; a guess
    paid_share: float | Estimate = 0.1,  # share (0-1); a guess, not published
    price_per_conversation_usd: float | Estimate = Estimate(0.005, 0.03, 0.15),  # noqa: B008
    # USD/conversation; WhatsApp 2023 prices ran from half a cent to 15 cents
) -> Business:
    """Validated assumptions for the business-messaging functions.

    Examples
    --------
    >>> create_business().price_per_conversation_usd
    Estimate(low=0.005, central=0.03, high=0.15)
    """
    return Business(
        chats_per_day=check_count("chats_per_day", chats_per_day),
        automated_share=check_share("automated_share", automated_share),
        chats_per_agent_hour=check_positive("chats_per_agent_hour", chats_per_agent_hour),
        paid_share=check_share("paid_share", paid_share),
        price_per_conversation_usd=check_count(
            "price_per_conversation_usd", price_per_conversation_usd
        ),
    )


def compute_agent_hours(b: Business) -> Estimate:
    """Agent-hours per day to answer the chats bots do not handle.

    ``chats_per_day * (1 - automated_share) / chats_per_agent_hour``, in agent-hours/day.

    Examples
    --------
    >>> compute_agent_hours(create_business(chats_per_day=600e6)).central
    70000000.0
    """
    return propagate(
        lambda c, a, r: c * (1 - a) / r,
        c=b.chats_per_day,
        a=b.automated_share,
        r=b.chats_per_agent_hour,
    )


def compute_agents_on_shift(b: Business, shift_hours: float | Estimate = 8) -> Estimate:
    """Agents needed per day if each works one shift of ``shift_hours`` hours.

    Agent-hours/day divided by hours per shift; assumes the work spreads
    evenly, so peaks would need more.

    Examples
    --------
    >>> compute_agents_on_shift(create_business(), shift_hours=8).central
    8750000.0
    """
    shift_hours = check_range("shift_hours", shift_hours, minimum=1e-9, maximum=24)
    return propagate(lambda h, s: h / s, h=compute_agent_hours(b), s=shift_hours)


def compute_paid_revenue(b: Business) -> dict[str, Estimate]:
    """Revenue from paid conversations: the 2023 per-conversation model, kept as history.

    WhatsApp billed per 24-hour conversation until 30 June 2025; for today's prices use
    :func:`compute_message_revenue`.

    Returns
    -------
    dict of str to Estimate
        ``paid_conversations_per_day`` (conversations/day), ``usd_per_day``
        and ``usd_per_year`` (365 days).

    Examples
    --------
    >>> r = compute_paid_revenue(create_business())
    >>> r["paid_conversations_per_day"].central, round(r["usd_per_day"].central)
    (60000000.0, 1800000)
    >>> [round(v / 1e6) for v in r["usd_per_year"]]
    [110, 657, 3285]
    """
    paid = propagate(lambda c, s: c * s, c=b.chats_per_day, s=b.paid_share)
    per_day = propagate(lambda n, p: n * p, n=paid, p=b.price_per_conversation_usd)
    per_year = propagate(lambda d: d * DAYS_PER_YEAR, d=per_day)
    return {"paid_conversations_per_day": paid, "usd_per_day": per_day, "usd_per_year": per_year}


def compute_message_revenue(
    chats_per_day: float | Estimate,
    paid_messages_per_chat: float | Estimate,
    marketing_share: float | Estimate,
    price_marketing_usd: float | Estimate,
    price_utility_usd: float | Estimate,
) -> dict[str, Estimate]:
    """Fees at per-message prices (WhatsApp's model since 1 July 2025).

    ``chats_per_day x paid_messages_per_chat`` paid template messages a day, of which
    ``marketing_share`` are billed at the marketing price and the rest at the utility price
    (authentication messages cost about the same as utility ones in most markets). Replies
    inside an open 24-hour service window are free until October 2026, so they are not paid
    messages here.

    Parameters
    ----------
    chats_per_day : float or Estimate
        Chats between people and businesses a day.
    paid_messages_per_chat : float or Estimate
        Billed template messages per chat (messages/chat), at least 0.
    marketing_share : float or Estimate
        Share (0-1) of the billed messages that are marketing messages.
    price_marketing_usd, price_utility_usd : float or Estimate
        USD per delivered message of each category, for the market in question.

    Returns
    -------
    dict of str to Estimate
        ``paid_messages_per_day``, ``usd_per_message`` (the blended price), ``usd_per_day``
        and ``usd_per_year`` (365 days).

    Raises
    ------
    ValueError
        If a count or price is negative or a share lies outside 0-1.

    Examples
    --------
    >>> r = compute_message_revenue(600e6, 0.5, 0.5, 0.03, 0.005)
    >>> r["paid_messages_per_day"].central, round(r["usd_per_message"].central, 4)
    (300000000.0, 0.0175)
    >>> round(r["usd_per_year"].central / 1e9, 2)
    1.92
    """
    chats = check_count("chats_per_day", chats_per_day)
    per_chat = check_count("paid_messages_per_chat", paid_messages_per_chat)
    share = check_share("marketing_share", marketing_share)
    marketing = check_count("price_marketing_usd", price_marketing_usd)
    utility = check_count("price_utility_usd", price_utility_usd)
    paid = propagate(lambda c, n: c * n, c=chats, n=per_chat)
    blended = propagate(lambda s, m, u: s * m + (1 - s) * u, s=share, m=marketing, u=utility)
    per_day = propagate(lambda n, p: n * p, n=paid, p=blended)
    per_year = propagate(lambda d: d * DAYS_PER_YEAR, d=per_day)
    return {
        "paid_messages_per_day": paid,
        "usd_per_message": blended,
        "usd_per_day": per_day,
        "usd_per_year": per_year,
    }


def reference_run_rates(
    facts: pd.DataFrame | None = None, ids: Sequence[str] = REFERENCE_RUN_RATE_IDS
) -> pd.DataFrame:
    """Sourced annual revenue run-rates to set the modelled revenue against.

    Returns
    -------
    DataFrame
        Columns ``fact_id, label, platform, as_of, usd_per_year, usd_per_day,
        kind, source_url``; ``usd_per_day`` = run-rate / 365.  A "more than
        X" fact is reported as X.

    Examples
    --------
    >>> f = pd.DataFrame({"id": ["x"], "metric": ["Ads run-rate"], "platform": ["Meta"],
    ...     "value_low": [10e9], "value_high": [None], "unit": ["USD annual run-rate"],
    ...     "as_of": ["2023-02"], "source_url": ["https://a"], "kind": ["press-report"]})
    >>> reference_run_rates(f, ids=["x"])[["usd_per_year", "usd_per_day"]].round().values.tolist()
    [[10000000000.0, 27397260.0]]
    """
    rows = []
    for row in select_facts(ids, facts).to_dict("records"):
        unit = str(row["unit"]).lower()
        if "run-rate" not in unit and "year" not in unit:
            raise ValueError(f"fact {row['id']!r}: unit {row['unit']!r} is not an annual figure")
        value = fact_value(row)
        rows.append(
            {
                "fact_id": row["id"],
                "label": row["metric"],
                "platform": row["platform"],
                "as_of": row["as_of"],
                "usd_per_year": value,
                "usd_per_day": value / DAYS_PER_YEAR,
                "kind": row["kind"],
                "source_url": row["source_url"],
            }
        )
    return pd.DataFrame(rows)
