"""Chapter 2 charts: the article's split of the 600 million by app, and users over time.

* :func:`split_chart` -- WhatsApp, Messenger and Instagram Direct shares on sliders,
  renormalised to Meta's total, beside the article's own figures (and its iMessage and
  Telegram ranges, which are not part of Meta's total);
* :func:`users_chart` -- sourced user counts over time, each point coloured by the kind of
  evidence behind it.

:func:`derive_split` gives the table of derived figures for :func:`chatdata.widgets.explorer`.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from chatdata.charts import layout
from chatdata.charts.assumptions import (
    PRESETS,
    assumption_params,
    assumption_values,
    preset_values,
)
from chatdata.charts.common import evidence_label, evidence_scale, fact_evidence, finish
from chatdata.charts.derived import Figure, computed_in_browser, figure_table, only_when
from chatdata.datasets import load
from chatdata.models.facts import BUSINESS_CHATS_FACT, fact, select_facts
from chatdata.models.platforms import normalise_shares, split_by_shares

__all__ = [
    "SHARE_IDS",
    "USER_FACTS",
    "derive_split",
    "split_chart",
    "users_chart",
]

#: Share slider of each Meta app (the keys are the platforms dataset's names).
SHARE_IDS = {
    "WhatsApp": "share_whatsapp",
    "Messenger": "share_messenger",
    "Instagram Direct": "share_instagram",
}

#: User-count facts drawn by :func:`users_chart`, with the panel each belongs to.
USER_FACTS = {
    "whatsapp-users-2020": "WhatsApp",
    "whatsapp-dau-2022": "WhatsApp",
    "whatsapp-mau-2025": "WhatsApp",
    "whatsapp-facebook-dau-2025": "WhatsApp",
    "messenger-mau-2016": "Messenger",
    "messenger-mau-2017": "Messenger",
    "instagram-mau-2022": "Instagram (all of it)",
    "instagram-mau-2025": "Instagram (all of it)",
    "instagram-dau-2025": "Instagram (all of it)",
    "telegram-mau-2024": "Telegram",
    "telegram-users-2024-07": "Telegram",
    "telegram-mau-2025": "Telegram",
    "meta-map-2023": "All Meta apps",
    "meta-dap-2023-09": "All Meta apps",
    "meta-dap-2024-03": "All Meta apps",
    "meta-dap-2025-03": "All Meta apps",
    "meta-dap-2025-09": "All Meta apps",
    "meta-dap-2025-12": "All Meta apps",
    "meta-dap-2026-03": "All Meta apps",
}

#: How often a user must show up to be counted, by the unit the source used.
USER_PERIODS = {
    "MAU": "Monthly",
    "MAP": "Monthly",
    "DAU": "Daily",
    "DAP": "Daily",
    "users": "Period not stated",
    "active users": "Period not stated",
}

#: What a figure says about the true value, by the facts dataset's ``bound`` column.
BOUND_WORDS = {
    "lower": "More than this",
    "upper": "Less than this",
    "exact": "About or exactly this",
    "approx": "About or exactly this",
}

OURS = evidence_label("assumption")
ARTICLE = evidence_label("article")


def _meta_total() -> tuple[float, str]:
    """Meta's business-chat total (chats/day) and the evidence label of its source."""
    return float(fact(BUSINESS_CHATS_FACT)["value_low"]), fact_evidence(BUSINESS_CHATS_FACT)


def _shares(values: Mapping[str, float] | None) -> dict[str, float]:
    """Each Meta app's share of the total, renormalised (defaults fill missing sliders)."""
    chosen = assumption_values(values, SHARE_IDS.values())
    return normalise_shares({app: chosen[key] for app, key in SHARE_IDS.items()})


def _browser_split() -> list[Figure]:
    """:func:`derive_split` in Vega expressions (no figure when every share is 0)."""
    total, _ = _meta_total()
    shares = " + ".join(f"{{{key}}}" for key in SHARE_IDS.values())
    share = {
        app: f"({{{key}}} > 0 ? {{{key}}} / ({shares}) : 0)" for app, key in SHARE_IDS.items()
    }
    figures = [
        Figure(f"{app} business chats", "chats/day", f"{total!r} * {share[app]}")
        for app in SHARE_IDS
    ]
    figures += [
        Figure(f"{app} share after renormalising", "share", share[app]) for app in SHARE_IDS
    ]
    return only_when(f"({shares}) > 0", figures)


@computed_in_browser(_browser_split)
def derive_split(values: Mapping[str, float]) -> pd.DataFrame:
    """Chats a day per Meta app for given share sliders, from :mod:`chatdata.models.platforms`.

    Parameters
    ----------
    values : mapping of assumption id to value
        Any of the :data:`SHARE_IDS` sliders; missing ones take their default. The shares
        are renormalised so they add up to Meta's total.

    Returns
    -------
    DataFrame
        A :func:`~chatdata.charts.derived.figure_table`: chats a day per app, then each
        app's share after renormalising.

    Examples
    --------
    >>> table = derive_split({"share_whatsapp": 2, "share_messenger": 1, "share_instagram": 1})
    >>> float(table["value"].iloc[0])
    300000000.0
    """
    total, _ = _meta_total()
    shares = _shares(values)
    split = split_by_shares(total, shares).set_index("platform")["central"]
    rows = [(f"{app} business chats", split[app], "chats/day") for app in SHARE_IDS]
    rows += [(f"{app} share after renormalising", shares[app], "share") for app in SHARE_IDS]
    return figure_table(rows)


def _scenario_split(total: float) -> dict[str, tuple[float, float]]:
    """Lowest and highest chats a day per app over the default and the three presets."""
    splits = []
    for preset in ("default", *PRESETS):
        shares = _shares(preset_values(preset, SHARE_IDS.values()))
        splits.append({app: share * total for app, share in shares.items()})
    return {app: (min(s[app] for s in splits), max(s[app] for s in splits)) for app in SHARE_IDS}


def _row_label(platform: str, owner: str) -> str:
    if owner == "Meta":
        return platform
    if owner == platform:
        return f"{platform} (not in Meta's total)"
    return f"{platform} ({owner}, not in Meta's total)"


def _split_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(bars: Meta's total and the three apps' split, article: the article's figures)."""
    total, total_basis = _meta_total()
    ranges = _scenario_split(total)
    bars = [
        {
            "row": "All Meta apps (Meta's figure)",
            "platform": None,
            "basis": total_basis,
            "millions": total / layout.MILLION,
            "low": None,
            "high": None,
        }
    ]
    bars += [
        {
            "row": app,
            "platform": app,
            "basis": OURS,
            "millions": None,
            "low": ranges[app][0] / layout.MILLION,
            "high": ranges[app][1] / layout.MILLION,
        }
        for app in SHARE_IDS
    ]
    platforms = load("platforms")
    article = pd.DataFrame(
        {
            "row": [
                _row_label(p, o)
                for p, o in zip(platforms["platform"], platforms["owner"], strict=True)
            ],
            "basis": ARTICLE,
            "low": platforms["article_chats_low"].to_numpy() / layout.MILLION,
            "high": platforms["article_chats_high"].to_numpy() / layout.MILLION,
        }
    )
    article["says"] = [
        f"article: {low:,.0f}-{high:,.0f} million"
        if pd.notna(high)
        else f"article: more than {low:,.0f} million"
        for low, high in zip(article["low"], article["high"], strict=True)
    ]
    article["end"] = article["high"].fillna(article["low"])
    return pd.DataFrame(bars), article


def _share_expr() -> str:
    """Vega expression: this row's app share, renormalised so the three add up to 1."""
    pick = "0"
    for app, key in reversed(SHARE_IDS.items()):
        pick = f"(datum.platform === '{app}' ? v_{key} : {pick})"
    total = " + ".join(f"v_{key}" for key in SHARE_IDS.values())
    return f"{pick} / max({total}, 1e-9)"


def split_chart() -> alt.LayerChart | alt.FacetChart:
    """The article's split against the evidence, with the three app shares on sliders.

    Sliders: ``share_whatsapp``, ``share_messenger``, ``share_instagram`` (renormalised to
    Meta's total). Bars: Meta's stated total and our split of it; black rules: the split's
    range across scenarios; orange rules and marks: the article's own figures.
    """
    bars, article = _split_frames()
    total = float(bars["millions"].iloc[0])
    order = [*bars["row"], *[r for r in article["row"] if r not in set(bars["row"])]]
    y = alt.Y("row:N").sort(order).title(None).axis(labelLimit=layout.LABEL_LIMIT)
    x_title = "Business chats per day (millions)"
    colour = (
        alt.Color("basis:N")
        .scale(evidence_scale())
        .title("Evidence")
        .legend(orient="bottom", columns=3)
    )
    split = (
        alt.Chart(bars)
        .transform_calculate(
            millions=f"isValid(datum.platform) ? {total} * {_share_expr()} : datum.millions"
        )
        .transform_calculate(
            label="format(datum.millions, ',.0f') + ' million'",
            label_at="max(datum.millions, isValid(datum.high) ? datum.high : 0)",
        )
    )
    split_bars = split.mark_bar(height=22).encode(
        alt.X("millions:Q").title(x_title),
        y,
        colour,
        tooltip=[
            alt.Tooltip("row:N", title="App"),
            alt.Tooltip("millions:Q", title="Million chats/day", format=",.0f"),
            alt.Tooltip("basis:N", title="Evidence"),
        ],
    )
    split_ranges = split.mark_rule(color="black", strokeWidth=2).encode(
        alt.X("low:Q"), alt.X2("high:Q"), y
    )
    split_labels = split.mark_text(align="left", dx=4).encode(
        alt.X("label_at:Q"), y, alt.Text("label:N")
    )
    claims = alt.Chart(article)
    claim_rules = claims.mark_rule(strokeWidth=3, yOffset=14).encode(
        alt.X("low:Q"), alt.X2("end:Q"), y, colour
    )
    claim_points = claims.mark_point(
        shape="triangle-right", filled=True, size=layout.SMALL_POINT_SIZE, yOffset=14
    ).encode(
        alt.X("low:Q"),
        y,
        colour,
        tooltip=[alt.Tooltip("row:N", title="App"), alt.Tooltip("says:N", title="Claim")],
    )
    claim_labels = claims.mark_text(
        align="left", dx=8, yOffset=14, fontSize=layout.MIN_FONT
    ).encode(alt.X("end:Q"), y, alt.Text("says:N"))
    chart = (
        alt.layer(split_bars, split_ranges, split_labels, claim_rules, claim_points, claim_labels)
        .add_params(*assumption_params(SHARE_IDS.values()))
        .properties(width=layout.PLOT_WIDTH, height=300)
    )
    return finish(
        chart,
        title="Meta gave one total; the split by app is the article's estimate, and so is ours",
        description=(
            "Horizontal bars of business chats per day in millions. The first bar is Meta's "
            "stated total of 600 million; the next three split it between WhatsApp, "
            "Messenger and Instagram Direct using the share sliders, renormalised to add up "
            "to the total, with black rules for the range across scenarios. Orange rules and "
            "triangles show the article's own figures, including iMessage and Telegram, "
            "which are not part of Meta's total."
        ),
        datasets=["facts", "platforms", "assumptions"],
        fact_ids=[BUSINESS_CHATS_FACT],
    )


def _user_frame() -> pd.DataFrame:
    facts = select_facts(list(USER_FACTS))
    value = facts["value_low"].fillna(facts["value_high"])
    return pd.DataFrame(
        {
            "fact_id": facts["id"].to_numpy(),
            "app": [USER_FACTS[i] for i in facts["id"]],
            "date": facts["as_of_date"].dt.strftime("%Y-%m-%d").to_numpy(),
            "billions": value.to_numpy() / layout.BILLION,
            "figure": facts["value_text"].to_numpy(),
            "period": [USER_PERIODS[u] for u in facts["unit"]],
            "says": [BOUND_WORDS[b] for b in facts["bound"]],
            "basis": [evidence_label(k) for k in facts["kind"]],
            "source": facts["source_title"].to_numpy(),
        }
    )


def users_chart() -> alt.FacetChart:
    """People using each app over time, from the facts dataset (no assumptions).

    One panel per app; colour says what kind of evidence each figure is, shape whether it
    is a floor ("more than"), a ceiling or a plain figure, and the line style whether it
    counts monthly or daily users.
    """
    frame = _user_frame()
    base = alt.Chart(frame).encode(
        alt.X("date:T").title("Date of the figure").axis(format="%Y", tickCount=4),
        alt.Y("billions:Q").title("People (billions)").scale(domainMin=0),
    )
    lines = base.mark_line(color="#999999").encode(
        alt.StrokeDash("period:N").title("Counts people active"),
        alt.Detail("period:N"),
    )
    points = base.mark_point(filled=True, size=layout.MEDIUM_POINT_SIZE, opacity=1).encode(
        alt.Color("basis:N").scale(evidence_scale()).title("Evidence"),
        alt.Shape("says:N")
        .scale(
            domain=list(dict.fromkeys(BOUND_WORDS.values())),
            range=["triangle-up", "triangle-down", "circle"],
        )
        .title("The figure says"),
        tooltip=[
            alt.Tooltip("figure:N", title="Figure"),
            alt.Tooltip("period:N", title="Counts people active"),
            alt.Tooltip("date:T", title="As of"),
            alt.Tooltip("basis:N", title="Evidence"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    chart = (
        alt.layer(lines, points)
        .properties(width=layout.PANEL_WIDTH, height=180)
        .facet(alt.Facet("app:N").title(None).sort(list(dict.fromkeys(USER_FACTS.values()))))
    )
    return finish(
        chart,
        title="Meta counts people in billions but publishes no chats per app",
        description=(
            "Five small panels, one per app (WhatsApp, Messenger, Instagram, Telegram and all "
            "of Meta's apps together), plotting people in billions against the date of each "
            "published figure. Points are coloured by the kind of evidence; upward triangles "
            "are 'more than' figures, downward ones 'just under'. Lines join figures that "
            "count the same period (monthly, daily, or not stated)."
        ),
        datasets=["facts"],
        fact_ids=list(USER_FACTS),
    )
