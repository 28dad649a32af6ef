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

import html
from pathlib import Path

import pandas as pd

from chatdata.charts.common import evidence_label
from chatdata.charts.sources import link
from chatdata.datasets import checked, load
from chatdata.models.verdicts import judge_claims
from chatdata.site.templates import fill

__all__ = ["CHANGES_PAGE", "changes_body", "write_changes"]

#: File name of the page in the site root.
CHANGES_PAGE = "changes.html"


def _added(facts: pd.DataFrame, when: str) -> pd.DataFrame:
    if "added" not in facts.columns:
        return facts.iloc[:0]
    added = pd.to_datetime(facts["added"], errors="coerce")
    return facts[added == pd.Timestamp(when)]


def _figure(row) -> str:
    return (
        f"{html.escape(str(row['metric']))}: {html.escape(str(row['value_text']))} "
        f"({html.escape(str(row['as_of']))}; {html.escape(evidence_label(row['kind']))})"
    )


def changes_body(
    facts: pd.DataFrame | None = None,
    claims: pd.DataFrame | None = None,
    when: str | None = None,
) -> str:
    """The page's HTML body (every dataset string escaped).

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
    parts = [
        "<h1>What changed</h1>",
        f'<p>The facts were last checked against their sources on <time datetime="'
        f'{html.escape(when, quote=True)}">{html.escape(when)}</time>. This page lists what that '
        "check changed; it is generated from the data package.</p>",
        f"<h2>Facts added ({len(added)})</h2>",
    ]
    items = []
    for _, row in added.sort_values("as_of_date").iterrows():
        updates = row.get("supersedes")
        note = ""
        if isinstance(updates, str) and updates in by_id.index:
            note = f" &mdash; updates {_figure(by_id.loc[updates])}"
        items.append(
            f"<li>{_figure(row)}{note} &mdash; {link(row['source_url'], row['source_title'])}</li>"
        )
    parts.append(f"<ul>{''.join(items)}</ul>" if items else "<p>None.</p>")
    superseded = facts[facts["supersedes"].notna()] if "supersedes" in facts else facts.iloc[:0]
    parts.append(f"<h2>Figures superseded ({len(superseded)})</h2>")
    rows = "".join(
        f"<tr><td>{_figure(by_id.loc[r['supersedes']])}</td><td>{_figure(r)}</td></tr>"
        for _, r in superseded.iterrows()
    )
    parts.append(
        '<table class="chatdata-changes"><thead><tr><th>Older figure (outdated)</th>'
        f"<th>Newer figure</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    kept = facts[~facts["id"].isin(added["id"])]
    known = set(kept["id"])
    earlier = claims.assign(
        fact_ids=[
            ";".join(i for i in str(ids).split(";") if i.strip() in known)
            for ids in claims["fact_ids"]
        ]
    )
    before = judge_claims(earlier, kept).set_index("id")
    after = judge_claims(claims, facts).set_index("id")
    moved = [i for i in after.index if before.loc[i, "verdict"] != after.loc[i, "verdict"]]
    parts.append(f"<h2>Verdicts changed ({len(moved)})</h2>")
    parts.append(
        "<p>The verdict rules run on the facts without and with the ones added at the check.</p>"
    )
    items = [
        f"<li>{html.escape(str(after.loc[i, 'claim']))}: {html.escape(before.loc[i, 'verdict'])}"
        f" &rarr; <strong>{html.escape(after.loc[i, 'verdict'])}</strong>. "
        f"{html.escape(after.loc[i, 'reason'])}</li>"
        for i in moved
    ]
    reasons = [
        f"<li>{html.escape(str(after.loc[i, 'claim']))}: {html.escape(after.loc[i, 'reason'])}</li>"
        for i in after.index
        if i not in moved and before.loc[i, "reason"] != after.loc[i, "reason"]
    ]
    parts.append(f"<ul>{''.join(items)}</ul>" if items else "<p>No verdict changed.</p>")
    if reasons:
        parts.append(f"<p>Reasons that changed with the same verdict:</p><ul>{''.join(reasons)}</ul>")
    return "\n".join(parts)


def write_changes(site: Path) -> Path:
    """Write ``changes.html`` into the site root; returns its path."""
    page = fill("page", title="What changed", body=changes_body(), pager="")
    path = Path(site) / CHANGES_PAGE
    path.write_text(page, encoding="utf-8")
    return path
