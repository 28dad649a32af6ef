"""Verdicts on the article's claims, computed from the facts by rules (never typed in).

Each claim names the facts it was checked against (``fact_ids``); a fact that updates one
of them (its ``supersedes`` column) joins the check automatically, so adding a newer figure to
the data re-judges the claims that rest on the older one. The rules, in order:

1. **Same measure** means the same platform and a compatible unit (:data:`SAME_MEASURE`).
   If the newest such fact agrees with the claim's figure, the claim is *supported*; if it
   disagrees but an older one agreed, it is *outdated* (right once, superseded now); if none
   ever agreed, it is *contradicted*.
2. With no fact of the same measure, a numeric fact about the same platform in another unit
   makes the verdict *different unit*: the figure cannot be checked one for one.
3. Otherwise the claim is *unsupported*.

A figure "agrees" when the fact's single value (:func:`chatdata.models.facts.fact_value`)
lies within the claim's range widened by :data:`TOLERANCE`. Reasons are written from the
facts (value as published, month, kind of evidence), followed by the claim's ``reading``
(what the article does with the figure) and by any newer figure in another unit.
"""

from __future__ import annotations

import pandas as pd

from chatdata.models.facts import fact, fact_value

__all__ = [
    "SAME_MEASURE",
    "TOLERANCE",
    "VERDICTS",
    "judge_claim",
    "judge_claims",
    "newest_fact",
    "newest_id",
    "successors",
]

#: Verdicts in display order, from best to worst supported.
VERDICTS = ("supported", "outdated", "contradicted", "different unit", "unsupported")

#: A claim's unit -> the fact units that count the same thing. Meta's "users" are monthly
#: active users, so a claim about users is checked against MAU figures too.
SAME_MEASURE = {"users": {"users", "MAU"}}

#: A fact agrees with a claim when it lies within the claim's range widened by this factor.
TOLERANCE = 1.25

#: Kinds of evidence as the reasons name them.
_KIND_WORDS = {
    "company-statement": "company statement",
    "filing": "filing",
    "press-report": "press report",
    "analyst-estimate": "analyst estimate",
    "our-calculation": "our calculation",
}


def _ids(text) -> list[str]:
    if text is None or pd.isna(text):
        return []
    return [part.strip() for part in str(text).split(";") if part.strip()]


def successors(facts: pd.DataFrame) -> dict[str, str]:
    """``{old id: id of the fact that supersedes it}`` from the ``supersedes`` column.

    Examples
    --------
    >>> f = pd.DataFrame({"id": ["a", "b"], "supersedes": [None, "a"]})
    >>> successors(f)
    {'a': 'b'}
    """
    if "supersedes" not in facts.columns:
        return {}
    pairs = facts[["id", "supersedes"]].dropna()
    return {str(old): str(new) for new, old in zip(pairs["id"], pairs["supersedes"], strict=True)}


def newest_id(fact_id: str, facts: pd.DataFrame) -> str:
    """Follow ``supersedes`` links from ``fact_id`` to the newest fact that updates it.

    Raises
    ------
    ValueError
        If the links run in a circle.

    Examples
    --------
    >>> f = pd.DataFrame({"id": ["a", "b", "c"], "supersedes": [None, "a", "b"]})
    >>> newest_id("a", f)
    'c'
    """
    after = successors(facts)
    seen = [fact_id]
    while seen[-1] in after:
        nxt = after[seen[-1]]
        if nxt in seen:
            raise ValueError(f"supersedes links run in a circle: {' -> '.join([*seen, nxt])}")
        seen.append(nxt)
    return seen[-1]


def newest_fact(fact_id: str, facts: pd.DataFrame | None = None) -> pd.Series:
    """The row of the newest fact that updates ``fact_id`` (the fact itself if none does).

    Charts call this so that adding a newer figure to the data moves them to it.

    Examples
    --------
    >>> newest_fact("meta-dap-2025-12")["id"]
    'meta-dap-2026-03'
    """
    if facts is None:
        from chatdata import datasets  # lazy: keeps the models importable without the data layer

        facts = datasets.load("facts")
    return fact(newest_id(fact_id, facts), facts)


def _chain(fact_id: str, after: dict[str, str]) -> list[str]:
    chain = [fact_id]
    while chain[-1] in after and after[chain[-1]] not in chain:
        chain.append(after[chain[-1]])
    return chain


def _month(date) -> str:
    return pd.Timestamp(date).strftime("%B %Y")


def _cite(fact, month: bool = True) -> str:
    kind = _KIND_WORDS.get(str(fact["kind"]), str(fact["kind"]))
    when = f"{_month(fact['as_of_date'])}, " if month else ""
    return f"{fact['value_text']} {fact['unit']} ({when}{kind})"


def _numeric(fact) -> bool:
    return pd.notna(fact["value_low"]) or pd.notna(fact["value_high"])


def _agrees(claim, fact) -> bool:
    """Whether the fact's single value lies in the claim's range, widened by TOLERANCE."""
    if not _numeric(fact):
        return False
    value = fact_value(fact) if pd.notna(fact["value_low"]) else float(fact["value_high"])
    low = claim["value_low"] if pd.notna(claim["value_low"]) else 0.0
    high = claim["value_high"] if pd.notna(claim["value_high"]) else low
    return low / TOLERANCE <= value <= max(high, low) * TOLERANCE


def judge_claim(claim, facts: pd.DataFrame) -> tuple[str, str]:
    """The verdict on one claim and its reason, from the rules in this module's docstring.

    Parameters
    ----------
    claim : mapping or Series
        ``platform, value_low, value_high, unit, fact_ids`` and optionally ``reading``.
    facts : DataFrame
        The facts table (``id, metric, platform, value_text, value_low, value_high, unit,
        as_of_date, kind`` and optionally ``supersedes``).

    Returns
    -------
    (str, str)
        One of :data:`VERDICTS` and a sentence or two saying why.

    Raises
    ------
    ValueError
        If the claim names a fact that is not in the table.
    """
    indexed = facts.set_index("id", drop=False)
    after = successors(facts)
    listed = _ids(claim["fact_ids"])
    missing = [i for i in listed if i not in indexed.index]
    if missing:
        raise ValueError(f"claim names unknown facts {missing}")
    checked = list(dict.fromkeys(i for fact_id in listed for i in _chain(fact_id, after)))
    rows = indexed.loc[checked] if checked else indexed.iloc[:0]
    rows = rows.sort_values("as_of_date", kind="stable")
    units = SAME_MEASURE.get(claim["unit"], {claim["unit"]})
    platform = rows["platform"] == claim["platform"]
    same = rows[platform & rows["unit"].isin(units) & rows.apply(_numeric, axis=1)]
    other = rows[platform & ~rows["unit"].isin(units) & rows.apply(_numeric, axis=1)]
    reading = claim.get("reading", "")
    reading = "" if reading is None or pd.isna(reading) else str(reading).strip()

    if len(same):
        newest = same.iloc[-1]
        agreeing = [f for _, f in same.iterrows() if _agrees(claim, f)]
        if _agrees(claim, newest):
            verdict = "supported"
            reason = (
                f"Right for {_month(newest['as_of_date'])}: the published figure is "
                f"{_cite(newest, month=False)}."
            )
        elif agreeing:
            verdict = "outdated"
            was = agreeing[-1]
            reason = (
                f"Right for {_month(was['as_of_date'])}: {_cite(was, month=False)}; by "
                f"{_month(newest['as_of_date'])} the figure was {_cite(newest, month=False)}."
            )
        else:
            verdict = "contradicted"
            reason = f"The published figure says otherwise: {_cite(newest)}."
        later = other[other["as_of_date"] > newest["as_of_date"]]
    elif len(other):
        verdict = "different unit"
        nearest = other.iloc[-1]
        reason = (
            f"No published figure counts {claim['unit']} for {claim['platform']}; the newest "
            f"is in another unit: {_cite(nearest)}."
        )
        later = other.iloc[:0]
    else:
        verdict = "unsupported"
        reason = f"No published figure gives {claim['unit']} for {claim['platform']}."
        later = other
    parts = [reason]
    if reading:
        parts.append(reading)
    for _, f in later.iterrows():
        parts.append(
            f"Followed in {_month(f['as_of_date'])} by a figure in another unit: "
            f"{f['metric'].lower()}, {f['value_text']} {f['unit']}."
        )
    return verdict, " ".join(parts)


def judge_claims(claims: pd.DataFrame, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claims table with ``verdict`` and ``reason`` computed from the facts.

    Parameters
    ----------
    claims : DataFrame
        The ``article_claims`` dataset or a table with its columns.
    facts : DataFrame, optional
        The ``facts`` dataset (loaded when None).

    Returns
    -------
    DataFrame
        A copy of ``claims`` with the two columns added (or replaced).
    """
    if facts is None:
        from chatdata import datasets  # lazy: keeps the models importable without the data layer

        facts = datasets.load("facts")
    judged = claims.copy()
    results = [judge_claim(row, facts) for _, row in claims.iterrows()]
    judged["verdict"] = [v for v, _ in results]
    judged["reason"] = [r for _, r in results]
    return judged
