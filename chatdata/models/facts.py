"""The sourced facts: named ids, :func:`fact` and :func:`select_facts`.

This is the only place the models read data.

The facts the explainer leans on most have a name here, so a chart, a notebook and a test
all mean the same row:

>>> float(fact(BUSINESS_CHATS_FACT)["value_low"])
600000000.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd

__all__ = [
    "AI_CONVERSATIONS_FACT",
    "BUSINESS_CHATS_FACT",
    "FACT_COLUMNS",
    "MESSAGES_FACT",
    "PRICE_FACT",
    "age_text",
    "fact",
    "fact_value",
    "select_facts",
]

#: Meta's 600 million chats a day between people and businesses (Q3 2023 call).
BUSINESS_CHATS_FACT = "meta-business-chats-2023"
#: Messages a day across Meta's apps (the messages-per-day slider's default).
MESSAGES_FACT = "meta-messages-2023"
#: Weekly conversations between people and businesses' AI agents.
AI_CONVERSATIONS_FACT = "meta-business-ai-conversations-2025"
#: WhatsApp's price of a business-initiated conversation.
PRICE_FACT = "whatsapp-price-per-conversation-2023"

#: Columns the models need from the ``facts`` dataset.
FACT_COLUMNS = ("id", "metric", "platform", "value_low", "value_high", "unit", "as_of", "kind")


def select_facts(ids: Sequence[str], facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of the facts table with the given ids, in the order of ``ids``.

    Parameters
    ----------
    ids : sequence of str
        Fact ids; every one must be present.
    facts : DataFrame, optional
        The facts table (columns ``id, metric, platform, value_low, value_high,
        unit, as_of, ..., source_url, kind``).  When None it is loaded with
        ``chatdata.datasets.load("facts")``.

    Raises
    ------
    ValueError
        If ``ids`` is a bare string (pass ``["id"]``), or a column or an id is missing.

    Examples
    --------
    >>> f = pd.DataFrame({"id": ["a", "b"], "metric": ["A", "B"], "platform": ["x", "y"],
    ...     "value_low": [1.0, 2.0], "value_high": [1.0, None], "unit": ["u", "u"],
    ...     "as_of": ["2020", "2021"], "source_url": ["s", "t"], "kind": ["k", "k"]})
    >>> select_facts(["b", "a"], f)["id"].tolist()
    ['b', 'a']
    """
    if isinstance(ids, str | bytes) or not isinstance(ids, Iterable):
        raise ValueError(f"ids must be a list of fact ids, got {ids!r}; for one id use [{ids!r}]")
    ids = list(ids)
    if facts is None:
        from chatdata import datasets  # lazy: keeps the models importable without the data layer

        facts = datasets.load("facts")
    missing_cols = [c for c in (*FACT_COLUMNS, "source_url") if c not in facts.columns]
    if missing_cols:
        raise ValueError(f"facts table lacks columns {missing_cols}")
    indexed = facts.drop_duplicates("id").set_index("id", drop=False)
    missing = [i for i in ids if i not in indexed.index]
    if missing:
        raise ValueError(f"facts table lacks ids {missing}")
    return indexed.loc[list(ids)].reset_index(drop=True)


def fact(fact_id: str, facts: pd.DataFrame | None = None) -> pd.Series:
    """One row of the facts table, indexed by column name.

    Parameters
    ----------
    fact_id : str
        The fact's id, e.g. :data:`BUSINESS_CHATS_FACT`.
    facts : DataFrame, optional
        The facts table, as for :func:`select_facts`.

    Raises
    ------
    ValueError
        If there is no such fact.

    Examples
    --------
    >>> fact(MESSAGES_FACT)["unit"]
    'messages/day'
    """
    return select_facts([fact_id], facts).iloc[0]


def fact_value(row) -> float:
    """The single figure for a fact: the midpoint of ``value_low``/``value_high``.

    When ``value_high`` is missing or infinite (a "more than X" fact) this is
    ``value_low``, i.e. the stated figure, which is then a lower bound.

    Examples
    --------
    >>> fact_value({"value_low": 2e9, "value_high": float("nan")})
    2000000000.0
    >>> fact_value({"value_low": 1.0, "value_high": 3.0})
    2.0
    """
    low = float(row["value_low"])
    high = row["value_high"]
    high = math.nan if high is None or pd.isna(high) else float(high)
    if math.isnan(high) or math.isinf(high):
        return low
    return (low + high) / 2


def age_text(as_of_date, checked) -> str:
    """How old a figure was on the day the facts were checked, in words.

    Parameters
    ----------
    as_of_date : date-like
        When the figure applies.
    checked : date-like
        The day the facts were checked (``chatdata.datasets.checked()``).

    Examples
    --------
    >>> age_text("2023-10-25", "2026-12-01")
    '3.1 years old'
    >>> age_text("2026-10-01", "2026-12-01")
    '2 months old'
    """
    days = (pd.Timestamp(checked) - pd.Timestamp(as_of_date)).days
    if days < 0:
        return "dated after the check"
    if days < 365:
        months = round(days / 30.44)
        return f"{months} month{'s' if months != 1 else ''} old"
    return f"{days / 365.25:.1f} years old"
