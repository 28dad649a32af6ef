"""Charts and tables for chapter 06: every claim of the article, its verdict and its sources.

* :func:`claims_ledger_html` — one row per claim: the article's figure, our verdict, why, and
  the sourced facts behind the verdict, each linked to its source.
* :func:`sources_html` — every source, with its URL, kind of evidence and the figures taken
  from it.
* :func:`claims_chart` — claims by verdict, coloured by the strongest evidence checked.
* :func:`sources_chart` — every sourced figure by kind of evidence and date.

The tables come from ``templates/tables/`` with autoescape on, so all text from the datasets
is HTML-escaped; only ``http``/``https`` links are made.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from chatdata.charts import layout
from chatdata.charts.common import EVIDENCE_KINDS, evidence_label, evidence_scale, finish
from chatdata.datasets import checked, load
from chatdata.models.facts import age_text
from chatdata.models.verdicts import VERDICTS, judge_claims, successors
from chatdata.templating import HTML, environment, render

__all__ = [
    "VERDICTS",
    "claim_evidence",
    "claims_chart",
    "claims_ledger_html",
    "format_claim_figure",
    "link",
    "sources_chart",
    "sources_html",
]


def _frames(claims: pd.DataFrame | None, facts: pd.DataFrame | None):
    """Claims with computed verdicts (unless given), and facts indexed by id."""
    facts = load("facts") if facts is None else facts
    claims = load("article_claims") if claims is None else claims
    if "verdict" not in claims.columns:
        claims = judge_claims(claims, facts)
    return claims, facts.set_index("id", drop=False)


def _status(fact_id: str, facts: pd.DataFrame) -> str:
    """``"newest"`` or ``"outdated: updated by <id>"``, from the ``supersedes`` links."""
    newer = successors(facts.reset_index(drop=True)).get(fact_id)
    return "newest" if newer is None else f"outdated: updated by {newer}"


def _fact_item(f, facts: pd.DataFrame, when: str) -> dict:
    """What the ledger shows of one fact: figure, date, age, kind, its update and its source."""
    status = _status(str(f["id"]), facts)
    newer = None if status == "newest" else facts.loc[status.rsplit(" ", 1)[-1]]
    return {
        "metric": str(f["metric"]),
        "value_text": str(f["value_text"]),
        "as_of": str(f["as_of"]),
        "age": age_text(f["as_of_date"], when),
        "evidence": evidence_label(f["kind"]),
        "newer": None if newer is None else {k: str(newer[k]) for k in ("value_text", "as_of")},
        "url": _url(f["source_url"]),
        "title": str(f["source_title"]),
    }


def _fact_ids(text) -> list[str]:
    if text is None or pd.isna(text):
        return []
    return [part.strip() for part in str(text).split(";") if part.strip()]


def _with_successors(ids: list[str], after: dict[str, str]) -> list[str]:
    """The ids followed, each, by the facts that update it (newest last)."""
    out: list[str] = []
    for fact_id in ids:
        while fact_id not in out:
            out.append(fact_id)
            fact_id = after.get(fact_id, fact_id)
    return out


def _url(url) -> str:
    return "" if url is None or pd.isna(url) else str(url)


def link(url, text) -> HTML:
    """An ``<a>`` element, or just the text when the URL is not http(s); all escaped.

    Examples
    --------
    >>> link("https://example.com/?a=1&b=2", "A & B")
    HTML('<a href="https://example.com/?a=1&amp;b=2">A &amp; B</a>')
    >>> link("javascript:alert(1)", "x")
    HTML('x')
    """
    parts: Any = environment().get_template("tables/parts.html").module
    return HTML(parts.link(_url(url), str(text)))


def format_claim_figure(low, high, unit) -> str:
    """The article's figure for a claim in words: "more than X", "up to X" or "X to Y".

    Examples
    --------
    >>> format_claim_figure(600e6, float("nan"), "chats/day")
    'more than 600,000,000 chats/day'
    >>> format_claim_figure(50e6, 100e6, "chats/day")
    '50,000,000 to 100,000,000 chats/day'
    >>> format_claim_figure(0, 100e6, "chats/day")
    'up to 100,000,000 chats/day'
    """
    has_low = low is not None and not pd.isna(low) and low > 0
    has_high = high is not None and not pd.isna(high)
    if has_low and has_high:
        text = f"{low:,.0f} to {high:,.0f}" if low != high else f"{low:,.0f}"
    elif has_low:
        text = f"more than {low:,.0f}"
    elif has_high:
        text = f"up to {high:,.0f}"
    else:
        text = "no figure"
    return f"{text} {unit}"


def claim_evidence(claims: pd.DataFrame | None = None, facts: pd.DataFrame | None = None):
    """One row per claim with its strongest kind of evidence checked.

    "Strongest" follows the order of :data:`chatdata.charts.common.EVIDENCE_KINDS` (company
    statement first). A claim with no facts is marked as resting on the article alone.

    Returns
    -------
    DataFrame
        Columns ``id, claim, platform, verdict, evidence, facts``.

    Raises
    ------
    ValueError
        If a claim names a fact id that is not in the facts table.
    """
    claims, facts = _frames(claims, facts)
    rank = {kind: i for i, kind in enumerate(EVIDENCE_KINDS)}
    rows = []
    for c in claims.itertuples():
        ids = _fact_ids(c.fact_ids)
        missing = [i for i in ids if i not in facts.index]
        if missing:
            raise ValueError(f"claim {c.id!r} names unknown facts {missing}")
        kinds = sorted({facts.loc[i, "kind"] for i in ids}, key=rank.__getitem__)
        rows.append(
            {
                "id": c.id,
                "claim": c.claim,
                "platform": c.platform,
                "verdict": c.verdict,
                "evidence": evidence_label(kinds[0] if kinds else "article"),
                "facts": len(ids),
            }
        )
    return pd.DataFrame(rows)


def claims_ledger_html(
    claims: pd.DataFrame | None = None, facts: pd.DataFrame | None = None
) -> HTML:
    """The claims ledger as an HTML table: claim, figure, verdict, reason and linked evidence.

    Parameters
    ----------
    claims : DataFrame, optional
        Columns ``id, claim, platform, value_low, value_high, unit, verdict, reason,
        fact_ids``; defaults to the ``article_claims`` dataset.
    facts : DataFrame, optional
        The ``facts`` dataset (default) or a table with its columns.

    Returns
    -------
    HTML
        A ``<table class="chatdata-ledger">`` (``templates/tables/claims_ledger.html``);
        every dataset string is escaped.
    """
    claims, facts = _frames(claims, facts)
    when = checked()
    after = successors(facts.reset_index(drop=True))
    rows = [
        {
            "claim": str(c.claim),
            "figure": format_claim_figure(c.value_low, c.value_high, c.unit),
            "verdict": str(c.verdict),
            "reason": str(c.reason),
            "evidence": [
                _fact_item(facts.loc[fact_id], facts, when)
                for fact_id in _with_successors(_fact_ids(c.fact_ids), after)
            ],
        }
        for c in claims.itertuples()
    ]
    return render("tables/claims_ledger.html", claims=rows, when=when)


def sources_html(facts: pd.DataFrame | None = None) -> HTML:
    """Every source once, with its link, kind of evidence and the figures taken from it.

    Sources are grouped by URL, newest figure first (``templates/tables/sources.html``).
    """
    facts = load("facts") if facts is None else facts
    after = successors(facts)
    groups = facts.sort_values("as_of_date", ascending=False).groupby("source_url", sort=False)
    sources = [
        {
            "url": _url(url),
            "title": str(rows["source_title"].iloc[0]),
            "kinds": ", ".join(dict.fromkeys(evidence_label(k) for k in rows["kind"])),
            "figures": [
                {
                    "metric": str(r.metric),
                    "value_text": str(r.value_text),
                    "as_of": str(r.as_of),
                    "outdated": r.id in after,
                }
                for r in rows.itertuples()
            ],
        }
        for url, rows in groups
    ]
    return render("tables/sources.html", sources=sources)


def claims_chart(
    claims: pd.DataFrame | None = None, facts: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Claims by verdict as stacked bars, coloured by the strongest evidence checked."""
    per_claim = claim_evidence(claims, facts)
    counts = (
        per_claim.groupby(["verdict", "evidence"], as_index=False)
        .agg(claims=("id", "size"), which=("platform", lambda s: ", ".join(map(str, s))))
        .astype({"claims": int})
    )
    totals = per_claim.groupby("verdict", as_index=False).agg(claims=("id", "size"))
    totals["label"] = totals["claims"].map(lambda n: f"{n} claim{'s' if n != 1 else ''}")
    order = [v for v in VERDICTS if v in set(per_claim["verdict"])]
    order += sorted(set(per_claim["verdict"]) - set(order))
    y = alt.Y("verdict:N").sort(order).title(None)
    bars = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("claims:Q").title("Claims in the article (count)").axis(tickMinStep=1),
            color=alt.Color("evidence:N").scale(evidence_scale()).title("Strongest evidence"),
            tooltip=[
                alt.Tooltip("verdict:N", title="Verdict"),
                alt.Tooltip("evidence:N", title="Strongest evidence"),
                alt.Tooltip("claims:Q", title="Claims"),
                alt.Tooltip("which:N", title="About"),
            ],
        )
    )
    text = (
        alt.Chart(totals).mark_text(align="left", dx=4).encode(y=y, x="claims:Q", text="label:N")
    )
    worst = totals.set_index("verdict")["claims"].reindex(order).fillna(0)
    top = worst.idxmax()
    chart = (bars + text).properties(width=layout.PLOT_WIDTH, height=120)
    return finish(
        chart,
        title=f"{int(worst[top])} of the article's {len(per_claim)} claims are {top}",
        description=(
            "Stacked bar chart counting the article's claims by our verdict ("
            + ", ".join(f"{int(worst[v])} {v}" for v in order)
            + "), each coloured by the strongest kind of evidence we checked it against."
        ),
        datasets=["article_claims", "facts"],
    )


def sources_chart(facts: pd.DataFrame | None = None) -> alt.Chart:
    """Every sourced figure as a dot: when it dates from and what kind of evidence it is.

    Clicking a dot opens its source (``href``); the tooltip names the figure and source.
    """
    facts = load("facts") if facts is None else facts
    frame = pd.DataFrame(
        {
            "figure": facts["metric"].astype(str) + ": " + facts["value_text"].astype(str),
            "as_of": facts["as_of"].astype(str),
            "date": pd.to_datetime(facts["as_of_date"]).dt.strftime("%Y-%m-%d"),
            "evidence": facts["kind"].map(evidence_label),
            "source": facts["source_title"].astype(str),
            "url": facts["source_url"].astype(str),
            "status": ["outdated" if i in successors(facts) else "newest" for i in facts["id"]],
        }
    ).dropna(subset=["date"])
    kinds = frame["evidence"].value_counts()
    labels = [label for label, _ in EVIDENCE_KINDS.values() if label in set(frame["evidence"])]
    chart = (
        alt.Chart(frame)
        .mark_point(size=layout.SMALL_POINT_SIZE, filled=True)
        .encode(
            shape=alt.Shape("status:N")
            .scale(domain=["newest", "outdated"], range=["circle", "cross"])
            .title("Figure"),
            opacity=alt.Opacity("status:N")
            .scale(domain=["newest", "outdated"], range=[0.8, 0.45])
            .legend(None),
            x=alt.X("date:T").title("Date of the figure (year)"),
            y=alt.Y("evidence:N").sort(labels).title(None),
            color=alt.Color("evidence:N").scale(evidence_scale()).legend(None),
            href="url:N",
            tooltip=[
                alt.Tooltip("figure:N", title="Figure"),
                alt.Tooltip("as_of:N", title="As of"),
                alt.Tooltip("status:N", title="Newest or outdated"),
                alt.Tooltip("evidence:N", title="Evidence"),
                alt.Tooltip("source:N", title="Source"),
                alt.Tooltip("url:N", title="URL"),
            ],
        )
        .properties(width=layout.PLOT_WIDTH, height=40 * len(labels))
    )
    top = kinds.index[0]
    return finish(
        chart,
        title=(
            f"{kinds.iloc[0]} of our {len(frame)} sourced figures rest on a "
            f"{top.lower()}; {frame['url'].nunique()} sources in all"
        ),
        description=(
            "Dot plot of every sourced figure in the facts dataset, placed by the date it "
            "refers to and in rows by kind of evidence: "
            + ", ".join(f"{n} {k.lower()}" for k, n in kinds.items())
            + f". Crosses mark the {int((frame['status'] == 'outdated').sum())} figures a newer "
            "one has updated. Each dot links to its source."
        ),
        datasets=["facts"],
    )
