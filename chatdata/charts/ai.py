"""Charts for chapter 05: what AI features would touch at Meta's business-chat scale.

* :func:`features_html` — the four features the article names, what each does and what is
  known about it (an escaped HTML table).
* :func:`spam_chart` — a spam filter's daily outcomes from prevalence, precision and recall:
  spam caught, legitimate chats wrongly flagged, spam missed.
* :func:`reach_chart` — chats a day that chatbots would answer and that cross languages, beside
  the business-AI conversations Meta has reported.

Each chart has a ``derive_*`` function for :func:`chatdata.widgets.explorer`.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from chatdata.charts import layout
from chatdata.charts.assumptions import assumption, assumption_params, assumption_values
from chatdata.charts.common import OKABE_ITO, evidence_label, evidence_scale, finish
from chatdata.charts.derived import Figure, computed_in_browser, figure_table, only_when
from chatdata.datasets import load
from chatdata.models import (
    chatbot_reach,
    fact_value,
    spam_outcomes,
    translation_reach,
)
from chatdata.models.facts import AI_CONVERSATIONS_FACT, BUSINESS_CHATS_FACT
from chatdata.models.verdicts import newest_fact
from chatdata.templating import HTML, render

__all__ = [
    "REACH_IDS",
    "SPAM_IDS",
    "SPAM_OUTCOMES",
    "derive_reach",
    "derive_spam",
    "features_html",
    "reach_chart",
    "reach_rows",
    "spam_chart",
]

#: Sliders of :func:`spam_chart`.
SPAM_IDS = ("business_chats_per_day", "spam_prevalence", "filter_precision", "filter_recall")
#: Sliders of :func:`reach_chart`.
REACH_IDS = ("business_chats_per_day", "automated_share", "cross_language_share")
DAYS_PER_WEEK = 7

#: The spam chart's bars: label, model key, colour.
SPAM_OUTCOMES = (
    ("Spam caught", "true_positives", OKABE_ITO[2]),
    ("Legitimate chats wrongly flagged", "false_positives", OKABE_ITO[5]),
    ("Spam missed", "false_negatives", OKABE_ITO[3]),
)


def features_html(features: pd.DataFrame | None = None) -> HTML:
    """The article's four AI features as an HTML table (all text escaped).

    Parameters
    ----------
    features : DataFrame, optional
        Columns ``feature, what_it_does, evidence, model_parameters``; defaults to the
        ``ai_features`` dataset.

    Examples
    --------
    >>> f = pd.DataFrame({"feature": ["<b>"], "what_it_does": ["x"], "evidence": ["y"],
    ...     "model_parameters": [None]})
    >>> "&lt;b&gt;" in features_html(f) and "<b>" not in features_html(f)
    True
    """
    frame = load("ai_features") if features is None else features
    rows = []
    for r in frame.itertuples():
        params = "" if pd.isna(r.model_parameters) else str(r.model_parameters)
        explored = "yes: " + ", ".join(params.split(";")) if params else "no"
        rows.append([str(c) for c in (r.feature, r.what_it_does, r.evidence, explored)])
    return render("tables/features.html", rows=rows)


# --- spam filtering ------------------------------------------------------------------------


def spam_chart() -> alt.LayerChart:
    """A spam filter's outcomes per day, computed from four sliders in Vega-Lite.

    With ``n = v_business_chats_per_day`` and ``p = v_spam_prevalence``: spam caught
    ``n p r``, spam missed ``n p (1 - r)`` and legitimate chats wrongly flagged
    ``n p r (1 - q) / q`` for recall ``r`` and precision ``q`` (the same formulas as
    :func:`chatdata.models.spam_outcomes`).
    """
    labels = [label for label, _, _ in SPAM_OUTCOMES]
    frame = pd.DataFrame({"outcome": labels, "key": [key for _, key, _ in SPAM_OUTCOMES]})
    base = (
        alt.Chart(frame)
        .transform_calculate(
            caught="v_business_chats_per_day * v_spam_prevalence * v_filter_recall",
            chats="datum.key === 'true_positives' ? datum.caught"
            " : datum.key === 'false_positives'"
            " ? datum.caught * (1 - v_filter_precision) / v_filter_precision"
            " : v_business_chats_per_day * v_spam_prevalence * (1 - v_filter_recall)",
            label="format(datum.chats, ',.0f') + ' a day'",
        )
        .encode(y=alt.Y("outcome:N").sort(labels).title(None).axis(labelLimit=layout.LABEL_LIMIT))
    )
    bars = base.mark_bar().encode(
        x=alt.X("chats:Q").title("Business chats per day (chats/day)"),
        color=alt.Color("outcome:N")
        .scale(domain=labels, range=[colour for _, _, colour in SPAM_OUTCOMES])
        .legend(None),
        tooltip=[
            alt.Tooltip("outcome:N", title="Outcome"),
            alt.Tooltip("chats:Q", title="Chats/day", format=",.0f"),
        ],
    )
    text = base.mark_text(align="left", dx=4).encode(x="chats:Q", text="label:N")
    chart = (
        (bars + text)
        .add_params(*assumption_params(SPAM_IDS))
        .properties(width=layout.PLOT_WIDTH, height=130)
    )
    precision = assumption("filter_precision")["default"]
    wrong = derive_spam(None).set_index("figure")["value"]["Legitimate chats wrongly flagged"]
    return finish(
        chart,
        title=(
            f"A filter whose flags are right {precision:.0%} of the time still flags about "
            f"{wrong:,.0f} legitimate business chats a day at our defaults"
        ),
        description=(
            "Bar chart of chats per day: spam the filter catches, legitimate chats it wrongly "
            "flags as spam and spam it misses, computed from the chats per day and the spam "
            "prevalence, filter precision and recall sliders. All three values are placeholders: "
            "no platform publishes spam rates for chats."
        ),
        datasets=["assumptions", "facts"],
        fact_ids=[BUSINESS_CHATS_FACT],
    )


def _browser_spam() -> list[Figure]:
    """:func:`derive_spam` in Vega expressions.

    No figure where the model refuses the mix: a precision of 0, or more false positives
    than legitimate chats.
    """
    c, p = "{business_chats_per_day}", "{spam_prevalence}"
    q, r = "{filter_precision}", "{filter_recall}"
    legit = f"{c} * (1 - {p})"
    wrong = f"{c} * {p} * {r} * (1 - {q}) / {q}"
    ok = f"{q} > 0 && {wrong} <= {legit} * (1 + 1e-12)"
    values = {
        "true_positives": f"{c} * {p} * {r}",
        "false_positives": wrong,
        "false_negatives": f"{c} * {p} * (1 - {r})",
    }
    figures = [Figure(label, "chats/day", values[key]) for label, key, _ in SPAM_OUTCOMES]
    figures.append(Figure("Legitimate chats let through", "chats/day", f"{legit} - {wrong}"))
    rate = f"({legit} > 0 ? ({wrong}) / ({legit}) : 0) * 10000"
    figures.append(Figure("Legitimate chats flagged, per 10,000", "chats", rate))
    return only_when(ok, figures)


@computed_in_browser(_browser_spam)
def derive_spam(values: Mapping[str, float] | None) -> pd.DataFrame:
    """Figures behind :func:`spam_chart`, from :func:`chatdata.models.spam_outcomes`.

    Besides the three bars it reports the legitimate chats let through and the share of
    legitimate chats the filter flags (its false-positive rate), which the precision slider
    implies.

    Returns
    -------
    DataFrame
        A :func:`~chatdata.charts.derived.figure_table`: the three bars, the legitimate
        chats let through and those flagged per 10,000.
    """
    v = assumption_values(values, SPAM_IDS)
    out = spam_outcomes(
        v["business_chats_per_day"],
        prevalence=v["spam_prevalence"],
        precision=v["filter_precision"],
        recall=v["filter_recall"],
    )
    rows = [(label, out[key].central, "chats/day") for label, key, _ in SPAM_OUTCOMES]
    legit, wrong = out["legitimate_chats"].central, out["false_positives"].central
    rows.append(("Legitimate chats let through", legit - wrong, "chats/day"))
    rate = wrong / legit if legit else 0.0
    rows.append(("Legitimate chats flagged, per 10,000", rate * 10_000, "chats"))
    return figure_table(rows)


# --- chatbots and translation --------------------------------------------------------------


def reach_rows(facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of :func:`reach_chart`: two modelled (computed in the chart) and one reported.

    The reported row turns Meta's weekly business-AI conversations into a daily figure
    (divided by 7) and counts one conversation as one chat.
    """
    reported = newest_fact(AI_CONVERSATIONS_FACT, facts)
    ours = evidence_label("assumption")
    return pd.DataFrame(
        [
            {"row": "Answered by chatbots (our share)", "evidence": ours, "reported": None},
            {"row": "Across two languages (our share)", "evidence": ours, "reported": None},
            {
                "row": f"Reported: business-AI conversations ({reported['as_of']}), a week / 7",
                "evidence": evidence_label(reported["kind"]),
                "reported": fact_value(reported) / DAYS_PER_WEEK,
            },
        ]
    )


def reach_chart(facts: pd.DataFrame | None = None) -> alt.LayerChart:
    """Chats a day chatbots would answer and that cross languages, on a log scale.

    ``v_business_chats_per_day x v_automated_share`` and ``x v_cross_language_share``, beside
    Meta's reported business-AI conversations per week divided by 7 (a lower bound). A share
    of zero drops its dot, since a log scale has no zero.
    """
    frame = reach_rows(facts)
    order = list(frame["row"])
    base = (
        alt.Chart(frame)
        .transform_calculate(
            chats="isValid(datum.reported) ? datum.reported"
            " : v_business_chats_per_day * (indexof(datum.row, 'chatbots') >= 0"
            " ? v_automated_share : v_cross_language_share)",
            label="(isValid(datum.reported) ? 'at least ' : '')"
            " + format(datum.chats, ',.0f') + ' a day'",
        )
        .transform_filter("datum.chats > 0")
        .encode(
            y=alt.Y("row:N").sort(order).title(None).axis(labelLimit=layout.LABEL_LIMIT),
            x=alt.X("chats:Q")
            .scale(type="log")
            .title("Business chats per day (chats/day, log scale)"),
        )
    )
    points = base.mark_point(filled=True, size=layout.POINT_SIZE).encode(
        color=alt.Color("evidence:N")
        .scale(evidence_scale())
        .title("Evidence")
        .legend(orient="bottom", columns=3),
        tooltip=[
            alt.Tooltip("row:N", title="Figure"),
            alt.Tooltip("chats:Q", title="Chats/day", format=",.0f"),
        ],
    )
    stems = base.mark_rule(strokeDash=[2, 2], color="#999999").encode(x2=alt.value(0))
    text = base.mark_text(align="left", dx=10, dy=-10).encode(text="label:N")
    chart = (
        (stems + points + text)
        .add_params(*assumption_params(REACH_IDS))
        .properties(width=layout.PLOT_WIDTH, height=130)
    )
    derived = derive_reach(None).set_index("figure")["value"]
    bots = derived["Chats answered by chatbots"]
    ratio = bots / derived["Business-AI conversations reported"]
    return finish(
        chart,
        title=(
            f"At our default share, bots would answer {bots / layout.MILLION:,.0f} million "
            f"business chats a day: up to {ratio:,.0f} times the business-AI conversations Meta "
            "has reported"
        ),
        description=(
            "Dot plot on a log scale of business chats per day: chats chatbots would answer and "
            "chats between people writing in different languages, from the chats per day, "
            "share automated and share across languages sliders; beside Meta's reported weekly "
            "business-AI conversations divided by seven."
        ),
        datasets=["assumptions", "facts"],
        fact_ids=[BUSINESS_CHATS_FACT, str(newest_fact(AI_CONVERSATIONS_FACT, facts)["id"])],
    )


def _browser_reach() -> list[Figure]:
    """:func:`derive_reach` in Vega expressions."""
    fact = newest_fact(AI_CONVERSATIONS_FACT)
    return [
        Figure(
            "Chats answered by chatbots",
            "chats/day",
            "{business_chats_per_day} * {automated_share}",
        ),
        Figure(
            "Chats across two languages",
            "chats/day",
            "{business_chats_per_day} * {cross_language_share}",
        ),
        Figure(
            "Business-AI conversations reported",
            "conversations/day (at least)",
            repr(fact_value(fact) / DAYS_PER_WEEK),
        ),
    ]


@computed_in_browser(_browser_reach)
def derive_reach(values: Mapping[str, float] | None) -> pd.DataFrame:
    """Figures behind :func:`reach_chart`.

    Computed by :func:`chatdata.models.chatbot_reach` and
    :func:`chatdata.models.translation_reach`.

    Returns
    -------
    DataFrame
        A :func:`~chatdata.charts.derived.figure_table`: chats answered by chatbots, chats
        across two languages and the business-AI conversations reported a day.
    """
    v = assumption_values(values, REACH_IDS)
    reported = newest_fact(AI_CONVERSATIONS_FACT)
    rows = [
        (
            "Chats answered by chatbots",
            chatbot_reach(v["business_chats_per_day"], v["automated_share"]).central,
            "chats/day",
        ),
        (
            "Chats across two languages",
            translation_reach(v["business_chats_per_day"], v["cross_language_share"]).central,
            "chats/day",
        ),
        (
            "Business-AI conversations reported",
            fact_value(reported) / DAYS_PER_WEEK,
            "conversations/day (at least)",
        ),
    ]
    return figure_table(rows)
