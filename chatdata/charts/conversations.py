"""Chapter 3 charts: personal, group, business and community conversations.

* :func:`mix_chart` -- messages sent per day by kind of conversation, and the deliveries they
  fan out to (a message in a group of n people reaches n - 1 of them);
* :func:`examples_chart` -- the article's four examples placed in the mix: each kind's share
  of messages sent against its share of deliveries.

The four shares are renormalised to add up to 1, as :func:`chatdata.models.conversations.
create_mix` requires. :func:`derive_deliveries` gives the table of derived figures for
:func:`chatdata.widgets.explorer`.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from chatdata.charts import layout
from chatdata.charts.assumptions import assumption_params, assumption_values
from chatdata.charts.common import OKABE_ITO, evidence_label, finish
from chatdata.charts.derived import Figure, computed_in_browser, figure_table, only_when
from chatdata.datasets import load
from chatdata.models.conversations import CONVERSATION_TYPES, compute_deliveries, create_mix
from chatdata.models.facts import MESSAGES_FACT
from chatdata.models.platforms import normalise_shares

__all__ = [
    "MIX_IDS",
    "SHARE_IDS",
    "derive_deliveries",
    "examples_chart",
    "mix_chart",
]

#: Share slider of each conversation type.
SHARE_IDS = {kind: f"share_{kind}" for kind in CONVERSATION_TYPES}

#: Group sizes: the slider giving the number of people in a conversation of this type.
SIZE_IDS = {"group": "group_size_people", "community": "community_size_people"}

#: Sliders of :func:`mix_chart` (:func:`examples_chart` has all but the first).
MIX_IDS = ("messages_per_day_all", *SHARE_IDS.values(), *SIZE_IDS.values())

#: One colour per conversation type.
TYPE_SCALE = alt.Scale(domain=list(CONVERSATION_TYPES), range=list(OKABE_ITO[:4]))


def _browser_deliveries() -> list[Figure]:
    """:func:`derive_deliveries` in Vega expressions (no figure when every share is 0)."""
    total = " + ".join(f"{{{key}}}" for key in SHARE_IDS.values())
    guard = f"({total}) > 0"
    messages = "{messages_per_day_all}"
    recipients = {kind: f"({{{key}}} - 1)" for kind, key in SIZE_IDS.items()}
    sent = {kind: f"{messages} * {{{key}}} / ({total})" for kind, key in SHARE_IDS.items()}
    delivered = {kind: f"{sent[kind]} * {recipients.get(kind, '1')}" for kind in SHARE_IDS}
    all_delivered = " + ".join(f"({d})" for d in delivered.values())
    fan_out = " + ".join(
        f"{{{key}}} * {recipients.get(kind, '1')}" for kind, key in SHARE_IDS.items()
    )
    figures = [Figure(f"Messages sent, {kind}", "messages/day", sent[kind]) for kind in SHARE_IDS]
    figures += [
        Figure(f"Deliveries, {kind}", "deliveries/day", delivered[kind]) for kind in SHARE_IDS
    ]
    figures += [
        Figure("Deliveries, all kinds", "deliveries/day", all_delivered),
        Figure("Deliveries per message sent", "deliveries/message", f"({fan_out}) / ({total})"),
    ]
    return only_when(guard, figures)


@computed_in_browser(_browser_deliveries)
def derive_deliveries(values: Mapping[str, float]) -> pd.DataFrame:
    """Messages sent and delivered per day by type, from :mod:`chatdata.models.conversations`.

    Parameters
    ----------
    values : mapping of assumption id to value
        Any of :data:`MIX_IDS`; missing ones take their default. The shares are
        renormalised to add up to 1.

    Returns
    -------
    DataFrame
        A :func:`~chatdata.charts.derived.figure_table`: messages sent and deliveries per
        kind, all deliveries, and deliveries per message sent.

    Examples
    --------
    >>> table = derive_deliveries({}).set_index("figure")
    >>> round(float(table.loc["Deliveries per message sent", "value"]), 2)
    12.6
    """
    v = assumption_values(values, MIX_IDS)
    shares = normalise_shares({kind: v[key] for kind, key in SHARE_IDS.items()})
    messages = v["messages_per_day_all"]
    deliveries = compute_deliveries(
        messages,
        create_mix(**shares),
        group_size_people=v[SIZE_IDS["group"]],
        community_size_people=v[SIZE_IDS["community"]],
    )
    rows = [(f"Messages sent, {kind}", messages * shares[kind], "messages/day") for kind in shares]
    rows += [
        (f"Deliveries, {kind}", deliveries[kind].central, "deliveries/day") for kind in shares
    ]
    rows += [
        ("Deliveries, all kinds", deliveries["total"].central, "deliveries/day"),
        ("Deliveries per message sent", deliveries["fan_out"].central, "deliveries/message"),
    ]
    return figure_table(rows)


def _pick(per_type: Mapping[str, str], otherwise: str) -> str:
    """Vega expression choosing ``per_type[datum.type]``, else ``otherwise``."""
    expr = otherwise
    for kind, value in reversed(list(per_type.items())):
        expr = f"(datum.type === '{kind}' ? {value} : {expr})"
    return expr


#: Vega expression: true when every share slider is at 0 (the charts then draw equal shares).
NO_SHARES = "(" + " + ".join(f"v_{key}" for key in SHARE_IDS.values()) + ") <= 0"
#: What the charts say when every share is at 0.
NO_SHARES_NOTE = "Every share is at 0, so the chart shows the four kinds as equal shares."


def _weight(key: str) -> str:
    """A share slider's weight: its value, or 1 for every kind when all are at 0 (a floor)."""
    return f"({NO_SHARES} ? 1 : v_{key})"


def _no_shares_note() -> alt.Chart:
    """A line of text over the plot, shown only when every share is at 0."""
    return (
        alt.Chart(pd.DataFrame({"note": [NO_SHARES_NOTE]}))
        .transform_filter(NO_SHARES)
        .mark_text(align="left", baseline="top", fontSize=12, fontStyle="italic")
        .encode(x=alt.value(4), y=alt.value(4), text="note:N")
    )


def _calculations() -> dict[str, str]:
    """Vega expressions shared by both charts, in the order they must be computed."""
    share_sum = " + ".join(_weight(key) for key in SHARE_IDS.values())
    recipients = {kind: f"(v_{key} - 1)" for kind, key in SIZE_IDS.items()}
    weighted = " + ".join(
        f"{_weight(SHARE_IDS[kind])} * {recipients.get(kind, '1')}" for kind in CONVERSATION_TYPES
    )
    return {
        "share": f"{_pick({k: _weight(v) for k, v in SHARE_IDS.items()}, '0')} / "
        f"max({share_sum}, 1e-9)",
        "recipients": _pick(recipients, "1"),
        "people": _pick({k: f"v_{v}" for k, v in SIZE_IDS.items()}, "2"),
        "delivery_share": (
            f"datum.share * datum.recipients * ({share_sum}) / max({weighted}, 1e-9)"
        ),
    }


def _types() -> pd.DataFrame:
    table = load("conversation_types")
    return pd.DataFrame(
        {
            "type": table["type"].to_numpy(),
            "example": table["article_example"].to_numpy(),
            "share_low": table["share_low"].to_numpy(),
            "share_high": table["share_high"].to_numpy(),
            "basis": [evidence_label(kind) for kind in table["evidence"]],
        }
    )


def _with_calculations(chart: alt.Chart) -> alt.Chart:
    for name, expr in _calculations().items():
        chart = chart.transform_calculate(**{name: expr})
    return chart


def mix_chart() -> alt.LayerChart | alt.FacetChart:
    """Messages sent and delivered per day by kind of conversation (a dumbbell per kind).

    Sliders: ``messages_per_day_all``, the four ``share_*`` and the two group sizes. The
    circle is messages sent, the triangle the deliveries they fan out to; thin rules under
    them show the range of each kind's share in the ``conversation_types`` dataset.
    """
    messages = "v_messages_per_day_all / 1e9"
    base = (
        _with_calculations(alt.Chart(_types()))
        .transform_calculate(
            sent=f"{messages} * datum.share",
            delivered=f"{messages} * datum.share * datum.recipients",
            sent_low=f"{messages} * datum.share_low",
            sent_high=f"{messages} * datum.share_high",
        )
        .transform_calculate(
            delivered_low="datum.sent_low * datum.recipients",
            delivered_high="datum.sent_high * datum.recipients",
            sent_label=(
                "format(datum.sent, ',.1f') + ' bn sent'"
                " + (datum.recipients === 1 ? ', each delivered once' : '')"
            ),
            delivered_label=(
                "datum.recipients === 1 ? '' : format(datum.delivered, ',.0f') + ' bn delivered'"
            ),
        )
        .encode(alt.Y("type:N").sort(list(CONVERSATION_TYPES)).title(None))
    )
    x_scale = alt.Scale(type="log")
    x_title = "Messages per day (billions, log scale): sent (circle) and delivered (triangle)"
    colour = alt.Color("type:N").scale(TYPE_SCALE).legend(None)
    tooltip = [
        alt.Tooltip("type:N", title="Conversation"),
        alt.Tooltip("sent:Q", title="Billion messages sent/day", format=",.1f"),
        alt.Tooltip("delivered:Q", title="Billion deliveries/day", format=",.1f"),
        alt.Tooltip("basis:N", title="Share is"),
    ]
    drawn = base.transform_filter(
        "datum.sent > 0"
    )  # a kind with no messages has no place on a log axis
    link = drawn.mark_rule(strokeWidth=3, opacity=0.5).encode(
        alt.X("sent:Q").scale(x_scale).title(x_title), alt.X2("delivered:Q"), colour
    )
    sent = drawn.mark_point(filled=True, size=layout.LARGE_POINT_SIZE, opacity=1).encode(
        alt.X("sent:Q"), colour, tooltip=tooltip
    )
    delivered = drawn.mark_point(
        filled=True, size=layout.LARGE_POINT_SIZE, opacity=1, shape="triangle-right"
    ).encode(alt.X("delivered:Q"), colour, tooltip=tooltip)
    sent_range = base.mark_rule(color="black", yOffset=12).encode(
        alt.X("sent_low:Q"), alt.X2("sent_high:Q")
    )
    delivered_range = base.mark_rule(color="black", yOffset=12).encode(
        alt.X("delivered_low:Q"), alt.X2("delivered_high:Q")
    )
    once = "datum.recipients === 1"
    sent_text = drawn.mark_text(
        align=alt.expr(f"{once} ? 'left' : 'right'"),
        dx=alt.expr(f"{once} ? 10 : -10"),
        dy=-12,
    ).encode(alt.X("sent:Q"), alt.Text("sent_label:N"))
    delivered_text = drawn.mark_text(align="left", dx=10, dy=-12).encode(
        alt.X("delivered:Q"), alt.Text("delivered_label:N")
    )
    chart = (
        alt.layer(
            link,
            sent_range,
            delivered_range,
            sent,
            delivered,
            sent_text,
            delivered_text,
            _no_shares_note(),
        )
        .add_params(*assumption_params(MIX_IDS))
        .properties(width=layout.PLOT_WIDTH, height=220)
    )
    return finish(
        chart,
        title="Groups send a minority of messages but account for most deliveries",
        description=(
            "A dumbbell for each kind of conversation (personal, group, business, "
            "community) on a log scale of messages per day in billions: a circle for "
            "messages sent (all messages across Meta's apps times the kind's share) and a "
            "triangle for the deliveries they make (times the people in the conversation "
            "minus the sender). Thin black rules show the range of each share."
        ),
        datasets=["conversation_types", "assumptions", "facts"],
        fact_ids=[MESSAGES_FACT],
    )


#: The examples chart's y axis.
DELIVERIES_TITLE = "Share of message deliveries (%)"
#: One label line on the examples chart's 0-100 y axis (360 px high): 16 px.
LABEL_LINE_PCT = 4.5


def examples_chart() -> alt.LayerChart | alt.FacetChart:
    """The article's four examples placed in the mix: share of messages vs share of deliveries.

    Sliders: the four ``share_*`` and the two group sizes. Points above the diagonal fan out
    to more deliveries than their share of messages; horizontal rules show the range of
    each share in the ``conversation_types`` dataset.
    """
    base = (
        _with_calculations(alt.Chart(_types()))
        .transform_calculate(
            sent_pct="100 * datum.share",
            delivered_pct="100 * datum.delivery_share",
            low_pct="100 * datum.share_low",
            high_pct="100 * datum.share_high",
            label=(
                "replace(datum.example, /[.]$/, '') + ' (' + format(datum.people, ',.0f') "
                "+ ' people)'"
            ),
        )
        .encode(
            alt.X("sent_pct:Q")
            .title("Share of messages sent (%)")
            .scale(domain=[0, 100], clamp=True),
            alt.Y("delivered_pct:Q").title(DELIVERIES_TITLE).scale(domain=[0, 100], clamp=True),
        )
    )
    diagonal = (
        alt.Chart(pd.DataFrame({"pct": [0, 100]}))
        .mark_line(color="#999999", strokeDash=[4, 4])
        .encode(alt.X("pct:Q"), alt.Y("pct:Q"))
    )
    ranges = base.mark_rule(color="black").encode(alt.X("low_pct:Q"), alt.X2("high_pct:Q"))
    points = base.mark_point(filled=True, opacity=1).encode(
        alt.Color("type:N").scale(TYPE_SCALE).title("Conversation"),
        alt.Size("people:Q").scale(type="log", range=[60, 900]).title("People in it"),
        tooltip=[
            alt.Tooltip("type:N", title="Conversation"),
            alt.Tooltip("example:N", title="The article's example"),
            alt.Tooltip("sent_pct:Q", title="% of messages sent", format=".1f"),
            alt.Tooltip("delivered_pct:Q", title="% of deliveries", format=".1f"),
            alt.Tooltip("people:Q", title="People in the conversation", format=",.0f"),
        ],
    )
    # Labels of examples at about the same height would print over one another (the two
    # 2-person kinds at equal shares coincide): from the lowest up, each label goes at least
    # a line above the one below it.
    below = [f"lower_{n}" for n in range(1, len(CONVERSATION_TYPES))]
    pushed = ", ".join(
        f"datum.{name} == null ? 0 : datum.{name} + {n * LABEL_LINE_PCT}"
        for n, name in enumerate(below, start=1)
    )
    labels = (
        base.transform_window(
            [
                alt.WindowFieldDef("lag", "delivered_pct", param=n, **{"as": name})
                for n, name in enumerate(below, start=1)
            ],
            sort=[alt.SortField("delivered_pct"), alt.SortField("type")],
            frame=[None, 0],
        )
        .transform_calculate(label_pct=f"max(datum.delivered_pct, {pushed})")
        .mark_text(align="left", dx=12, dy=-10, fontSize=layout.MIN_FONT)
        .encode(alt.Y("label_pct:Q").title(DELIVERIES_TITLE), alt.Text("label:N"))
    )
    chart = (
        alt.layer(diagonal, ranges, points, labels, _no_shares_note())
        .add_params(*assumption_params([*SHARE_IDS.values(), *SIZE_IDS.values()]))
        .properties(width=layout.PLOT_WIDTH, height=360)
    )
    return finish(
        chart,
        title="The food drive sends few messages but makes most of the deliveries",
        description=(
            "Scatter of the article's four examples (holiday pictures between relatives, "
            "friends arranging a game, a customer asking a shop, neighbours organising a "
            "food collection), one per kind of conversation. Horizontal position: the kind's "
            "share of messages sent; vertical: its share of deliveries; point size: people "
            "in the conversation. A dashed diagonal marks equal shares; black rules show the "
            "range of each share."
        ),
        datasets=["conversation_types", "assumptions"],
    )
