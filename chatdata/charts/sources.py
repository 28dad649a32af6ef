"""Charts and tables for chapter 06: every claim of the article, its verdict and its sources.

* :func:`claims_ledger_html` — one row per claim: the article's figure, our verdict, why, and
  the sourced facts behind the verdict, each linked to its source.
* :func:`sources_html` — every source, with its URL, kind of evidence and the figures taken
  from it.
* :func:`claims_chart` — claims by verdict, coloured by the strongest evidence checked.
* :func:`sources_chart` — every sourced figure by kind of evidence and date.

All text from the datasets is HTML-escaped, and only ``http``/``https`` links are made.
"""

from __future__ import annotations

import html

import altair as alt
import pandas as pd

from chatdata.charts.common import EVIDENCE_KINDS, evidence_label, evidence_scale, finish
from chatdata.datasets import checked, load
from chatdata.models.facts import age_text
from chatdata.models.verdicts import VERDICTS, judge_claims, successors

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
    """ "newest" or "outdated: updated by <id>" from the facts' ``supersedes`` links."""
    newer = successors(facts.reset_index(drop=True)).get(fact_id)
    return "newest" if newer is None else f"outdated: updated by {newer}"


def _fact_item(f, facts: pd.DataFrame, when: str) -> str:
    """One fact as a list item: figure, date, age, kind, outdated mark and source link."""
    status = _status(str(f["id"]), facts)
    mark = ""
    css = ""
    if status != "newest":
        newer = facts.loc[status.rsplit(" ", 1)[-1]]
        mark = (
            f' <strong class="fact-outdated">outdated</strong>: updated by '
            f"{html.escape(str(newer['value_text']))} ({html.escape(str(newer['as_of']))})"
        )
        css = ' class="fact-outdated"'
    return (
        f"<li{css}>{html.escape(str(f['metric']))}: {html.escape(str(f['value_text']))} "
        f"({html.escape(str(f['as_of']))}, {html.escape(age_text(f['as_of_date'], when))}; "
        f"{html.escape(evidence_label(f['kind']))}){mark} "
        f"&mdash; {link(f['source_url'], f['source_title'])}</li>"
    )


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


def link(url, text) -> str:
    """An escaped ``<a>`` element, or just the escaped text when the URL is not http(s).

    Examples
    --------
    >>> link("https://example.com/?a=1&b=2", "A & B")
    '<a href="https://example.com/?a=1&amp;b=2">A &amp; B</a>'
    >>> link("javascript:alert(1)", "x")
    'x'
    """
    label = html.escape(str(text))
    url = "" if url is None or pd.isna(url) else str(url).strip()
    if not url.lower().startswith(("http://", "https://")):
        return label
    return f'<a href="{html.escape(url, quote=True)}">{label}</a>'


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


def claims_ledger_html(claims: pd.DataFrame | None = None, facts: pd.DataFrame | None = None):
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
    str
        A ``<table class="chatdata-ledger">``; every dataset string is escaped.
    """
    claims, facts = _frames(claims, facts)
    when = checked()
    after = successors(facts.reset_index(drop=True))
    body = []
    for c in claims.itertuples():
        evidence = []
        for fact_id in _with_successors(_fact_ids(c.fact_ids), after):
            evidence.append(_fact_item(facts.loc[fact_id], facts, when))
        slug = html.escape(str(c.verdict).replace(" ", "-"), quote=True)
        cells = [
            html.escape(str(c.claim)),
            html.escape(format_claim_figure(c.value_low, c.value_high, c.unit)),
            f'<span class="verdict verdict-{slug}">{html.escape(str(c.verdict))}</span>',
            html.escape(str(c.reason)),
            f"<ul>{''.join(evidence)}</ul>" if evidence else "none",
        ]
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "".join(
        f"<th>{h}</th>"
        for h in ("The article says", "Its figure", "Verdict", "Why", "Evidence checked")
    )
    return (
        f'<table class="chatdata-ledger mathjax_ignore"><caption>Facts checked on '
        f"{html.escape(when)}; each figure gives its date and its age on that day, and an "
        f"outdated figure names the one that updates it.</caption><thead><tr>{head}</tr>"
        f"</thead><tbody>{''.join(body)}</tbody></table>"
    )


def sources_html(facts: pd.DataFrame | None = None) -> str:
    """Every source once, with its link, kind of evidence and the figures taken from it.

    Sources are grouped by URL, newest figure first.
    """
    facts = load("facts") if facts is None else facts
    after = successors(facts)
    body = []
    groups = facts.sort_values("as_of_date", ascending=False).groupby("source_url", sort=False)
    for url, rows in groups:
        title = str(rows["source_title"].iloc[0])
        kinds = ", ".join(dict.fromkeys(evidence_label(k) for k in rows["kind"]))
        figures = "".join(
            f"<li>{html.escape(str(r.metric))}: {html.escape(str(r.value_text))} "
            f"({html.escape(str(r.as_of))})"
            + (" &mdash; outdated" if r.id in after else "")
            + "</li>"
            for r in rows.itertuples()
        )
        cells = [
            link(url, title),
            html.escape(str(url)),
            html.escape(kinds),
            f"<ul>{figures}</ul>",
        ]
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Source", "URL", "Kind of evidence", "Figures"))
    return (
        f'<table class="chatdata-sources mathjax_ignore"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


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
    chart = (bars + text).properties(width=420, height=120)
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
        .mark_point(size=90, filled=True)
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
        .properties(width=520, height=40 * len(labels))
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
