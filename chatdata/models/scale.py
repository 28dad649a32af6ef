"""Chapter 1: what 600 million chats a day means per second, in messages and in bytes.

Units: 1 KB = 1e3 bytes and 1 TB = 1e12 bytes (decimal, as storage vendors use).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from chatdata.models.facts import fact_value, select_facts
from chatdata.models.uncertainty import Estimate, propagate
from chatdata.models.validation import check_count, check_range

__all__ = [
    "BYTES_PER_KB",
    "BYTES_PER_TB",
    "REFERENCE_VOLUME_IDS",
    "SECONDS_PER_DAY",
    "Scale",
    "compute_rates",
    "create_scale",
    "reference_volumes",
]

SECONDS_PER_DAY = 86_400  # s/day
BYTES_PER_KB = 1e3  # decimal kilobyte
BYTES_PER_TB = 1e12  # decimal terabyte

#: Fact ids listed by :func:`reference_volumes`, oldest first within each kind.
REFERENCE_VOLUME_IDS = (
    "imessage-messages-2013",
    "whatsapp-messages-2016",
    "sms-global-2016",
    "whatsapp-messages-2018",
    "whatsapp-messages-2020",
    "meta-messages-2023",
    "imessage-peak-messages-per-second-2016",
    "whatsapp-peak-messages-per-second-2022",
)


@dataclass(frozen=True)
class Scale:
    """Assumptions for the scale chapter (see :func:`create_scale`)."""

    chats_per_day: float | Estimate  # chats/day between people and businesses
    peak_to_average: float | Estimate  # ratio: busiest-hour rate / mean rate
    messages_per_chat: float | Estimate  # messages/chat
    kilobytes_per_message: float | Estimate  # KB/message (1 KB = 1e3 bytes)

    def __post_init__(self) -> None:
        """Validate on construction, so ``Scale(...)`` is as safe as :func:`create_scale`."""
        checks = {
            "chats_per_day": check_count,
            "peak_to_average": lambda n, v: check_range(n, v, minimum=1.0, what=" (peak >= mean)"),
            "messages_per_chat": check_count,
            "kilobytes_per_message": check_count,
        }
        for name, check in checks.items():
            object.__setattr__(self, name, check(name, getattr(self, name)))


def create_scale(
    chats_per_day: float | Estimate = 600e6,  # chats/day; Meta, Q3 2023 call ("more than")
    peak_to_average: float | Estimate = 2.0,  # busiest-hour rate / mean rate; a guess
    messages_per_chat: float | Estimate = 8.0,  # messages/chat; a guess
    kilobytes_per_message: float | Estimate = 2.0,  # KB/message; text plus metadata
) -> Scale:
    """Validated assumptions for :func:`compute_rates`.

    Raises
    ------
    ValueError
        For negative, NaN or infinite counts, or ``peak_to_average < 1``.

    Examples
    --------
    >>> create_scale(chats_per_day=Estimate(600e6, 700e6, 900e6)).messages_per_chat
    8.0
    """
    return Scale(
        chats_per_day=check_count("chats_per_day", chats_per_day),
        peak_to_average=check_range(
            "peak_to_average", peak_to_average, minimum=1.0, what=" (peak >= mean)"
        ),
        messages_per_chat=check_count("messages_per_chat", messages_per_chat),
        kilobytes_per_message=check_count("kilobytes_per_message", kilobytes_per_message),
    )


def compute_rates(scale: Scale) -> dict[str, Estimate]:
    """Per-second, per-minute, message and byte rates implied by ``scale``.

    Returns
    -------
    dict of str to Estimate
        ``chats_per_second_mean``, ``chats_per_second_peak`` (chats/s),
        ``chats_per_minute_mean`` (chats/min), ``messages_per_day``,
        ``messages_per_second_mean``, ``messages_per_second_peak`` and
        ``terabytes_per_day`` (TB/day of message payload, 1 TB = 1e12 bytes,
        1 KB = 1e3 bytes; no replication, media or backups).

    Examples
    --------
    >>> r = compute_rates(create_scale())
    >>> round(r["chats_per_second_mean"].central, 2), r["messages_per_day"].central
    (6944.44, 4800000000.0)
    >>> r["terabytes_per_day"].central
    9.6
    """
    c, p = scale.chats_per_day, scale.peak_to_average
    m, kb = scale.messages_per_chat, scale.kilobytes_per_message
    return {
        "chats_per_second_mean": propagate(lambda c: c / SECONDS_PER_DAY, c=c),
        "chats_per_second_peak": propagate(lambda c, p: c / SECONDS_PER_DAY * p, c=c, p=p),
        "chats_per_minute_mean": propagate(lambda c: c / 1440, c=c),
        "messages_per_day": propagate(lambda c, m: c * m, c=c, m=m),
        "messages_per_second_mean": propagate(lambda c, m: c * m / SECONDS_PER_DAY, c=c, m=m),
        "messages_per_second_peak": propagate(
            lambda c, m, p: c * m / SECONDS_PER_DAY * p, c=c, m=m, p=p
        ),
        "terabytes_per_day": propagate(
            lambda c, m, kb: c * m * kb * BYTES_PER_KB / BYTES_PER_TB, c=c, m=m, kb=kb
        ),
    }


def reference_volumes(
    facts: pd.DataFrame | None = None, ids: Sequence[str] = REFERENCE_VOLUME_IDS
) -> pd.DataFrame:
    """Sourced message volumes to set 600 million chats a day against.

    Daily totals get ``messages_per_second`` = total / 86 400 (a *mean* rate).
    Peak-rate facts (unit per second) keep ``messages_per_second`` only and
    have ``messages_per_day`` = NaN: a record second times 86 400 is not a
    daily volume.  The ``basis`` column says which (``"daily total"`` or
    ``"peak rate"``).  A "more than X" fact is reported as X.

    Parameters
    ----------
    facts : DataFrame, optional
        The ``facts`` dataset; loaded via ``chatdata.datasets.load("facts")`` when None.
    ids : sequence of str, optional
        Fact ids to list (default :data:`REFERENCE_VOLUME_IDS`); each must be
        per day or per second.

    Returns
    -------
    DataFrame
        Columns ``fact_id, label, platform, as_of, messages_per_day,
        messages_per_second, basis, kind, source_url``, one row per id in
        ``ids``.

    Examples
    --------
    >>> f = pd.DataFrame({"id": ["meta-messages-2023", "whatsapp-peak"],
    ...     "metric": ["Messages", "Peak"], "platform": ["Meta", "WhatsApp"],
    ...     "value_low": [140e9, 25e6], "value_high": [140e9, 25e6],
    ...     "unit": ["messages/day", "messages/second"], "as_of": ["2023-03", "2022-12-18"],
    ...     "source_url": ["https://a", "https://b"], "kind": ["press-report"] * 2})
    >>> t = reference_volumes(f, ids=["meta-messages-2023", "whatsapp-peak"])
    >>> t[["fact_id", "messages_per_second", "basis"]].round(0).values.tolist()
    [['meta-messages-2023', 1620370.0, 'daily total'], ['whatsapp-peak', 25000000.0, 'peak rate']]
    """
    return _volumes(select_facts(ids, facts))


def _volumes(rows: pd.DataFrame) -> pd.DataFrame:
    out = []
    for row in rows.to_dict("records"):
        unit = str(row["unit"]).lower()
        value = fact_value(row)
        if "second" in unit:
            per_day, per_sec, basis = math.nan, value, "peak rate"
        elif "day" in unit:
            per_day, per_sec, basis = value, value / SECONDS_PER_DAY, "daily total"
        else:
            raise ValueError(f"fact {row['id']!r}: unit {row['unit']!r} is not per day or second")
        out.append(
            {
                "fact_id": row["id"],
                "label": row["metric"],
                "platform": row["platform"],
                "as_of": row["as_of"],
                "messages_per_day": per_day,
                "messages_per_second": per_sec,
                "basis": basis,
                "kind": row["kind"],
                "source_url": row["source_url"],
            }
        )
    return pd.DataFrame(out)
