"""The site's "what changed" page, generated from the data at the latest check of the facts.

Three lists, all computed (nothing here is typed prose about particular facts):

* the facts added on the day of the latest check (the ``added`` column equals the package's
  ``chatdata:checked`` date), each with its date, kind and source;
* the facts a newer one has superseded (the ``supersedes`` column), old figure beside new;
* the claims whose verdict the new facts change: the verdict rules of
  :mod:`chatdata.models.verdicts` run once without the facts added at the check and once with
  them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chatdata.charts.common import evidence_label
from chatdata.datasets import checked, load
from chatdata.models.verdicts import judge_claims
from chatdata.site.templates import fill
from chatdata.templating import HTML, render

__all__ = ["CHANGES_PAGE", "changes_body", "write_changes"]

#: File name of the page in the site root.
CHANGES_PAGE = "changes.html"


def _added(facts: pd.DataFrame, when: str) -> pd.DataFrame:
    if "added" not in facts.columns:
        return facts.iloc[:0]
    added = pd.to_datetime(facts["added"], errors="coerce")
    return facts[added == pd.Timestamp(when)]


def _figure(row) -> dict:
    return {
        "metric": str(row["metric"]),
        "value_text": str(row["value_text"]),
        "as_of": str(row["as_of"]),
        "evidence": evidence_label(row["kind"]),
    }


def changes_body(
    facts: pd.DataFrame | None = None,
    claims: pd.DataFrame | None = None,
    when: str | None = None,
) -> HTML:
    """The page's HTML body (``templates/site/changes.html``; every dataset string escaped).

    Parameters
    ----------
    facts, claims : DataFrame, optional
        The ``facts`` and ``article_claims`` datasets (loaded when None).
    when : str, optional
        The check date (default: ``chatdata.datasets.checked()``).
    """
    facts = load("facts") if facts is None else facts
    claims = load("article_claims") if claims is None else claims
    when = checked() if when is None else when
    added = _added(facts, when)
    by_id = facts.set_index("id", drop=False)
    added_items = []
    for _, row in added.sort_values("as_of_date").iterrows():
        updates = row.get("supersedes")
        known = isinstance(updates, str) and updates in by_id.index
        added_items.append(
            _figure(row)
            | {
                "updates": _figure(by_id.loc[updates]) if known else None,
                "url": "" if pd.isna(row["source_url"]) else str(row["source_url"]),
                "title": str(row["source_title"]),
            }
        )
    superseded = facts[facts["supersedes"].notna()] if "supersedes" in facts else facts.iloc[:0]
    pairs = [(_figure(by_id.loc[r["supersedes"]]), _figure(r)) for _, r in superseded.iterrows()]
    kept = facts[~facts["id"].isin(added["id"])]
    known_ids = set(kept["id"])
    earlier = claims.assign(
        fact_ids=[
            ";".join(i for i in str(ids).split(";") if i.strip() in known_ids)
            for ids in claims["fact_ids"]
        ]
    )
    before = judge_claims(earlier, kept).set_index("id")
    after = judge_claims(claims, facts).set_index("id")
    moved = [i for i in after.index if before.loc[i, "verdict"] != after.loc[i, "verdict"]]
    moved_items = [
        {
            "claim": str(after.loc[i, "claim"]),
            "before": str(before.loc[i, "verdict"]),
            "after": str(after.loc[i, "verdict"]),
            "reason": str(after.loc[i, "reason"]),
        }
        for i in moved
    ]
    reasons = [
        {"claim": str(after.loc[i, "claim"]), "reason": str(after.loc[i, "reason"])}
        for i in after.index
        if i not in moved and before.loc[i, "reason"] != after.loc[i, "reason"]
    ]
    return render(
        "site/changes.html",
        when=when,
        added=added_items,
        superseded=pairs,
        moved=moved_items,
        reasons=reasons,
    )


def write_changes(site: Path) -> Path:
    """Write ``changes.html`` into the site root; returns its path."""
    page = fill("page", title="What changed", body=changes_body(), previous=None, following=None)
    path = Path(site) / CHANGES_PAGE
    path.write_text(page, encoding="utf-8")
    return path
