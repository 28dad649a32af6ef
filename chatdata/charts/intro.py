"""Chapter 0 chart: what Meta said against what the article added.

:func:`claims_chart` draws every chats-per-day figure in the article on one axis, coloured by
who stands behind it: Meta's own total, or the article's estimate.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from chatdata.charts import layout
from chatdata.charts.common import evidence_label, evidence_scale, fact_evidence, finish
from chatdata.datasets import load
from chatdata.models.verdicts import judge_claims

__all__ = ["CHATS_UNIT", "claims_chart", "claims_frame"]

#: The only unit this chart draws (users and messages never share its axis).
CHATS_UNIT = "chats/day"

#: The claim that repeats Meta's own figure; every other chats claim is the article's.
META_CLAIM = "meta-total-chats"


def claims_frame() -> pd.DataFrame:
    """The article's chats-per-day claims with who stands behind each.

    Returns
    -------
    DataFrame
        Columns ``claim_id, row, basis, verdict, reason, low, end, form`` with ``low`` and
        ``end`` in millions of chats a day; ``form`` is ``"more than"`` for a floor and
        ``"range"`` for a span.

    Examples
    --------
    >>> frame = claims_frame()
    >>> frame.loc[frame["claim_id"] == "meta-total-chats", "low"].item()
    600.0
    """
    facts = load("facts")
    claims = judge_claims(load("article_claims"), facts)
    claims = claims[claims["unit"] == CHATS_UNIT]
    basis = []
    for claim_id, fact_ids in zip(claims["id"], claims["fact_ids"], strict=True):
        if claim_id == META_CLAIM:
            first_fact = str(fact_ids).split(";")[0]
            basis.append(fact_evidence(first_fact))
        else:
            basis.append(evidence_label("article"))
    low = claims["value_low"].to_numpy() / layout.MILLION
    high = claims["value_high"].to_numpy() / layout.MILLION
    return pd.DataFrame(
        {
            "claim_id": claims["id"].to_numpy(),
            "row": claims["platform"].to_numpy(),
            "basis": basis,
            "verdict": claims["verdict"].to_numpy(),
            "reason": claims["reason"].to_numpy(),
            "low": low,
            "end": pd.Series(high).fillna(pd.Series(low)).to_numpy(),
            "form": ["range" if pd.notna(h) else "more than" for h in high],
        }
    )


def claims_chart() -> alt.LayerChart | alt.FacetChart:
    """Every chats-a-day figure in the article, by who stands behind it.

    No sliders: this chart shows sourced claims only. Hover a row to read the verdict's
    reason.
    """
    frame = claims_frame()
    frame["label"] = [
        f"{'more than ' if form == 'more than' else ''}{low:,.0f}"
        f"{'' if form == 'more than' else f'-{end:,.0f}'} million: {verdict}"
        for form, low, end, verdict in zip(
            frame["form"], frame["low"], frame["end"], frame["verdict"], strict=True
        )
    ]
    frame.loc[frame["claim_id"] == META_CLAIM, "label"] += ", for business chats only"
    colour = (
        alt.Color("basis:N")
        .scale(evidence_scale())
        .title("Who says so")
        .legend(orient="bottom", columns=3)
    )
    base = alt.Chart(frame).encode(
        alt.Y("row:N").sort(list(frame["row"])).title(None).axis(labelLimit=layout.LABEL_LIMIT),
        tooltip=[
            alt.Tooltip("row:N", title="Platform"),
            alt.Tooltip("basis:N", title="Who says so"),
            alt.Tooltip("verdict:N", title="Verdict"),
            alt.Tooltip("reason:N", title="Why"),
        ],
    )
    spans = base.mark_rule(strokeWidth=4).encode(
        alt.X("low:Q").title("Chats per day (millions)"), alt.X2("end:Q"), colour
    )
    floors = (
        base.transform_filter("datum.form === 'more than'")
        .mark_point(shape="triangle-right", filled=True, size=layout.LARGE_POINT_SIZE, opacity=1)
        .encode(alt.X("low:Q"), colour)
    )
    ranges = base.transform_filter("datum.form === 'range'")
    range_ends = alt.layer(
        ranges.mark_tick(thickness=3, size=layout.TICK_SIZE).encode(alt.X("low:Q"), colour),
        ranges.mark_tick(thickness=3, size=layout.TICK_SIZE).encode(alt.X("end:Q"), colour),
    )
    labels = base.mark_text(align="left", dx=12, color="black").encode(
        alt.X("end:Q"), alt.Text("label:N")
    )
    chart = alt.layer(spans, floors, range_ends, labels).properties(
        width=layout.PLOT_WIDTH, height=220
    )
    return finish(
        chart,
        title="Only the 600 million total comes from Meta; every per-app figure is the article's",
        description=(
            "Chats per day in millions for each claim in the article. Meta's total of more "
            "than 600 million, which counts chats between people and businesses, is coloured "
            "as the press report it reaches us through; the per-app figures for WhatsApp, "
            "Messenger, Instagram Direct, iMessage and Telegram are coloured as the "
            "article's own estimates. Triangles mark 'more than' figures; lines with end "
            "ticks mark ranges. Each label gives the claim's verdict."
        ),
        datasets=["article_claims", "facts"],
        fact_ids=_evidence_ids(),
    )


def _evidence_ids() -> list[str]:
    """Ids of the facts cited as evidence for the chats-per-day claims, first seen first."""
    claims = load("article_claims")
    claims = claims[claims["unit"] == CHATS_UNIT]
    ids = [i for cited in claims["fact_ids"].dropna() for i in str(cited).split(";")]
    return list(dict.fromkeys(ids))
