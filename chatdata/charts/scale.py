"""Chapter 1 charts: 600 million business chats a day, per second, in messages and in bytes.

Three charts, each with sliders from the ``assumptions`` dataset:

* :func:`chats_per_second_chart` -- the daily figure as an average second and a busy second;
* :func:`daily_messages_chart` -- messages a day set beside sourced daily volumes, plus the
  data those messages carry;
* :func:`peak_messages_chart` -- messages a second set beside sourced peak rates.

:func:`derive_scale` gives the matching table of derived figures for
:func:`chatdata.widgets.explorer`.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from chatdata.charts import layout
from chatdata.charts.assumptions import (
    assumption,
    assumption_params,
    assumption_values,
    scenario_estimate,
)
from chatdata.charts.common import evidence_label, evidence_scale, fact_evidence, finish
from chatdata.charts.derived import Figure, computed_in_browser, figure_table
from chatdata.models.facts import BUSINESS_CHATS_FACT
from chatdata.models.scale import (
    BYTES_PER_KB,
    BYTES_PER_TB,
    SECONDS_PER_DAY,
    compute_rates,
    create_scale,
    reference_volumes,
)

__all__ = [
    "chats_per_second_chart",
    "daily_messages_chart",
    "derive_scale",
    "peak_messages_chart",
]

#: Slider ids of each chart (also the arguments of :func:`create_scale`, in that order).
PER_SECOND_IDS = ("business_chats_per_day", "peak_to_average")
DAILY_IDS = ("business_chats_per_day", "messages_per_chat", "kilobytes_per_message")
PEAK_IDS = ("business_chats_per_day", "messages_per_chat", "peak_to_average")

_SCALE_ARGUMENTS = {
    "business_chats_per_day": "chats_per_day",
    "peak_to_average": "peak_to_average",
    "messages_per_chat": "messages_per_chat",
    "kilobytes_per_message": "kilobytes_per_message",
}

OURS = evidence_label("assumption")

# Vega expressions for the quantities the sliders drive (they read the v_<id> params).
_CHATS = "v_business_chats_per_day"
_MESSAGES_PER_DAY = f"({_CHATS} * v_messages_per_chat)"


def _scenario_rates() -> dict:
    """Model rates with every assumption spread over its presets (the drawn ranges)."""
    scale = create_scale(**{arg: scenario_estimate(key) for key, arg in _SCALE_ARGUMENTS.items()})
    return compute_rates(scale)


_C, _M, _P = "{business_chats_per_day}", "{messages_per_chat}", "{peak_to_average}"


@computed_in_browser(
    Figure("Chats per second, average", "chats/s", f"{_C} / {SECONDS_PER_DAY}"),
    Figure("Chats per second, busiest hour", "chats/s", f"{_C} / {SECONDS_PER_DAY} * {_P}"),
    Figure("Chats per minute, average", "chats/min", f"{_C} / 1440"),
    Figure("Messages per day", "messages/day", f"{_C} * {_M}"),
    Figure("Messages per second, average", "messages/s", f"{_C} * {_M} / {SECONDS_PER_DAY}"),
    Figure(
        "Messages per second, busiest hour",
        "messages/s",
        f"{_C} * {_M} / {SECONDS_PER_DAY} * {_P}",
    ),
    Figure(
        "Message payload per day",
        "TB/day",
        f"{_C} * {_M} * {{kilobytes_per_message}} * {BYTES_PER_KB} / {BYTES_PER_TB}",
    ),
)
def derive_scale(values: Mapping[str, float]) -> pd.DataFrame:
    """Derived figures for the chapter's explorers, computed by :mod:`chatdata.models.scale`.

    Parameters
    ----------
    values : mapping of assumption id to value
        Any of ``business_chats_per_day``, ``peak_to_average``, ``messages_per_chat`` and
        ``kilobytes_per_message``; missing ones take their default.

    Returns
    -------
    DataFrame
        A :func:`~chatdata.charts.derived.figure_table`: chats and messages per second (on
        average and in the busiest hour), per minute and per day, and the payload per day.

    Examples
    --------
    >>> table = derive_scale({"business_chats_per_day": 600e6})
    >>> round(table.set_index("figure").loc["Chats per second, average", "value"])
    6944
    """
    chosen = assumption_values(values, _SCALE_ARGUMENTS)
    rates = compute_rates(create_scale(**{_SCALE_ARGUMENTS[k]: v for k, v in chosen.items()}))
    rows = [
        ("Chats per second, average", rates["chats_per_second_mean"], "chats/s"),
        ("Chats per second, busiest hour", rates["chats_per_second_peak"], "chats/s"),
        ("Chats per minute, average", rates["chats_per_minute_mean"], "chats/min"),
        ("Messages per day", rates["messages_per_day"], "messages/day"),
        ("Messages per second, average", rates["messages_per_second_mean"], "messages/s"),
        ("Messages per second, busiest hour", rates["messages_per_second_peak"], "messages/s"),
        ("Message payload per day", rates["terabytes_per_day"], "TB/day"),
    ]
    return figure_table((figure, estimate.central, unit) for figure, estimate, unit in rows)


def chats_per_second_chart() -> alt.LayerChart | alt.FacetChart:
    """The daily business-chat figure as chats in an average second and a busy second.

    Sliders: ``business_chats_per_day``, ``peak_to_average``. The bars move with them; the
    black rules show the range across the three scenarios.
    """
    rates = _scenario_rates()
    mean, peak = rates["chats_per_second_mean"], rates["chats_per_second_peak"]
    frame = pd.DataFrame(
        {
            "moment": ["An average second", "A second in the busiest hour"],
            "is_peak": [False, True],
            "basis": [fact_evidence(BUSINESS_CHATS_FACT), OURS],
            "low": [mean.low, peak.low],
            "high": [mean.high, peak.high],
        }
    )
    rate = f"{_CHATS} / {SECONDS_PER_DAY} * (datum.is_peak ? v_peak_to_average : 1)"
    base = (
        alt.Chart(frame)
        .transform_calculate(chats_per_second=rate)
        .transform_calculate(label="format(datum.chats_per_second, ',.0f') + ' chats/s'")
        .encode(alt.Y("moment:N").sort(None).title(None))
    )
    bars = base.mark_bar(height=28).encode(
        alt.X("chats_per_second:Q").title("Business chats per second (chats/s)"),
        alt.Color("basis:N").scale(evidence_scale()).title("Evidence"),
        tooltip=[
            alt.Tooltip("moment:N", title="Moment"),
            alt.Tooltip("chats_per_second:Q", title="Chats per second", format=",.0f"),
            alt.Tooltip("basis:N", title="Evidence"),
        ],
    )
    ranges = base.mark_rule(strokeWidth=2, color="black").encode(alt.X("low:Q"), alt.X2("high:Q"))
    labels = base.mark_text(align="left", dx=6, dy=-20, fontSize=layout.MIN_FONT).encode(
        alt.X("chats_per_second:Q"), alt.Text("label:N")
    )
    chart = (
        alt.layer(bars, ranges, labels)
        .add_params(*assumption_params(PER_SECOND_IDS))
        .properties(width=layout.PLOT_WIDTH, height=150)
    )
    return finish(
        chart,
        title="600 million chats a day is about 7,000 new business chats every second",
        description=(
            "Horizontal bars: business chats per second in an average second (chats per day "
            "divided by 86,400) and in the busiest hour (times the peak-to-average ratio). "
            "Black rules show the range across the article, evidence and conservative "
            "scenarios."
        ),
        datasets=["facts", "assumptions"],
        fact_ids=[BUSINESS_CHATS_FACT],
    )


def _series_labels(table: pd.DataFrame) -> list[str]:
    """Row labels for reference volumes: the fact's label with its year, said once."""
    labels = table["label"].str.replace(r" \(\d{4}\)$", "", regex=True)
    return [f"{label} ({as_of[:4]})" for label, as_of in zip(labels, table["as_of"], strict=True)]


def _daily_references() -> pd.DataFrame:
    table = reference_volumes()
    table = table[table["basis"] == "daily total"]
    return pd.DataFrame(
        {
            "series": _series_labels(table),
            "ours": False,
            "basis": [evidence_label(kind) for kind in table["kind"]],
            "billions": table["messages_per_day"] / layout.BILLION,
            "low": table["messages_per_day"] / layout.BILLION,
            "high": table["messages_per_day"] / layout.BILLION,
        }
    )


def _beside_references(
    frame: pd.DataFrame,
    field: str,
    ours: str,
    *,
    number: str,
    unit: str,
    title: str,
    shape: alt.Shape,
    tooltip: tuple[str, str],
    height: int,
) -> alt.LayerChart | alt.FacetChart:
    """Our rows among sourced figures on a log scale: points, scenario ranges, our labels.

    ``frame`` has columns ``series, ours, basis, low, high`` and ``field``; on our rows
    ``field`` is the Vega expression ``ours``, so those points move with the sliders, and
    they alone are labelled (``number`` format and ``unit``). ``title`` is the x axis's;
    ``tooltip`` names the series and the value.
    """
    value = f"datum.{field}"
    base = (
        alt.Chart(frame)
        .transform_calculate(**{field: f"datum.ours ? {ours} : {value}"})
        .transform_calculate(label=f"datum.ours ? format({value}, '{number}') + ' {unit}' : ''")
        .encode(
            alt.Y("series:N")
            .sort(field=field, order="descending")
            .title(None)
            .axis(labelLimit=layout.LABEL_LIMIT)
        )
    )
    x = alt.X(f"{field}:Q").scale(type="log").title(title)
    series, figure = tooltip
    points = base.mark_point(filled=True, size=layout.POINT_SIZE).encode(
        x,
        alt.Color("basis:N").scale(evidence_scale()).title("Evidence"),
        shape,
        tooltip=[
            alt.Tooltip("series:N", title=series),
            alt.Tooltip(f"{field}:Q", title=figure, format=number),
            alt.Tooltip("basis:N", title="Evidence"),
        ],
    )
    ranges = base.mark_rule(strokeWidth=2, color="black").encode(alt.X("low:Q"), alt.X2("high:Q"))
    labels = base.mark_text(align="left", dx=8, dy=-12).encode(x, alt.Text("label:N"))
    return alt.layer(ranges, points, labels).properties(width=layout.PLOT_WIDTH, height=height)


def _messages_panel(references: pd.DataFrame, ours: dict) -> alt.LayerChart | alt.FacetChart:
    return _beside_references(
        pd.concat([pd.DataFrame([ours]), references], ignore_index=True),
        "billions",
        f"{_MESSAGES_PER_DAY} / 1e9",
        number=",.1f",
        unit="billion",
        title="Messages per day (billions, log scale)",
        shape=alt.Shape("ours:N")
        .scale(domain=[True, False], range=["diamond", "circle"])
        .legend(None),
        tooltip=("Volume", "Billion messages/day"),
        height=210,
    )


def _payload_panel() -> alt.LayerChart | alt.FacetChart:
    kb = assumption("kilobytes_per_message")
    frame = pd.DataFrame(
        {
            "case": [
                "At your kilobytes per message",
                f"If every message were {kb['min']:g} KB (short text)",
                f"If every message were {kb['max']:g} KB (a photo)",
            ],
            "kilobytes": [None, kb["min"], kb["max"]],
            "basis": OURS,
        }
    )
    terabytes = (
        f"{_MESSAGES_PER_DAY} * (isValid(datum.kilobytes) ? datum.kilobytes : "
        f"v_kilobytes_per_message) * {BYTES_PER_KB} / {BYTES_PER_TB}"
    )
    base = (
        alt.Chart(frame)
        .transform_calculate(terabytes=terabytes)
        .transform_calculate(label="format(datum.terabytes, ',.3~r') + ' TB/day'")
        .encode(alt.Y("case:N").sort(None).title(None).axis(labelLimit=layout.LABEL_LIMIT))
    )
    x = alt.X("terabytes:Q").scale(type="log").title("Message payload per day (TB/day, log scale)")
    points = base.mark_point(filled=True, size=layout.POINT_SIZE, shape="diamond").encode(
        x, alt.Color("basis:N").scale(evidence_scale()).title("Evidence")
    )
    labels = base.mark_text(align="left", dx=8, dy=-12).encode(x, alt.Text("label:N"))
    return alt.layer(points, labels).properties(width=layout.PLOT_WIDTH, height=90)


def daily_messages_chart() -> alt.VConcatChart:
    """Messages a day in business chats beside sourced daily volumes, and their payload.

    Sliders: ``business_chats_per_day``, ``messages_per_chat``, ``kilobytes_per_message``.
    The diamonds move with them; the rule on ours shows the range across scenarios.
    """
    rates = _scenario_rates()
    messages = rates["messages_per_day"]
    ours = {
        "series": "Business chats x messages per chat (ours)",
        "ours": True,
        "basis": OURS,
        "billions": messages.central / layout.BILLION,
        "low": messages.low / layout.BILLION,
        "high": messages.high / layout.BILLION,
    }
    references = _daily_references()
    chart = (
        alt.vconcat(_messages_panel(references, ours), _payload_panel())
        .add_params(*assumption_params(DAILY_IDS))
        .resolve_scale(color="shared")
    )
    fact_ids = [
        BUSINESS_CHATS_FACT,
        *reference_volumes().query("basis == 'daily total'")["fact_id"],
    ]
    return finish(
        chart,
        title=(
            "Business chats carry a few billion messages a day, a small part of Meta's 140 billion"
        ),
        description=(
            "Top: messages per day on a log scale. An orange diamond shows business chats per "
            "day "
            "times messages per chat; circles show sourced daily message volumes for "
            "WhatsApp, iMessage, global SMS and all of Meta's apps. Bottom: the payload of "
            "those messages in terabytes per day at the chosen size per message and at the "
            "smallest and largest sizes on the slider."
        ),
        datasets=["facts", "assumptions"],
        fact_ids=fact_ids,
    )


def peak_messages_chart() -> alt.LayerChart | alt.FacetChart:
    """Messages a second in business chats beside sourced per-second rates.

    Sliders: ``business_chats_per_day``, ``messages_per_chat``, ``peak_to_average``.
    """
    rates = _scenario_rates()
    table = reference_volumes()
    references = pd.DataFrame(
        {
            "series": _series_labels(table),
            "rate": [
                "Record peak" if basis == "peak rate" else "Daily average"
                for basis in table["basis"]
            ],
            "ours": False,
            "is_peak": table["basis"] == "peak rate",
            "basis": [evidence_label(kind) for kind in table["kind"]],
            "per_second": table["messages_per_second"],
            "low": table["messages_per_second"],
            "high": table["messages_per_second"],
        }
    )
    mean, peak = rates["messages_per_second_mean"], rates["messages_per_second_peak"]
    ours = pd.DataFrame(
        {
            "series": [
                "Business chats, average second (ours)",
                "Business chats, busiest hour (ours)",
            ],
            "rate": ["Daily average", "Busiest hour"],
            "ours": True,
            "is_peak": [False, True],
            "basis": OURS,
            "per_second": [mean.central, peak.central],
            "low": [mean.low, peak.low],
            "high": [mean.high, peak.high],
        }
    )
    rate = f"{_MESSAGES_PER_DAY} / {SECONDS_PER_DAY} * (datum.is_peak ? v_peak_to_average : 1)"
    chart = _beside_references(
        pd.concat([ours, references], ignore_index=True),
        "per_second",
        rate,
        number=",.0f",
        unit="messages/s",
        title="Messages per second (log scale)",
        shape=alt.Shape("rate:N")
        .scale(
            domain=["Daily average", "Busiest hour", "Record peak"],
            range=["circle", "triangle-up", "square"],
        )
        .title("Rate"),
        tooltip=("Rate", "Messages per second"),
        height=240,
    ).add_params(*assumption_params(PEAK_IDS))
    return finish(
        chart,
        title=(
            "Even in their busiest hour, business chats send a few hundred times fewer "
            "messages a second than WhatsApp's record"
        ),
        description=(
            "Points on a log scale of messages per second. Orange points for business chats "
            "(a circle for the average, a triangle for the busiest hour): chats per day "
            "times messages per chat, averaged over 86,400 seconds and "
            "multiplied by the peak-to-average ratio for the busiest hour. Sourced points: "
            "daily message volumes turned into average rates, and record peak rates (squares) for "
            "WhatsApp (2022 World Cup final) and iMessage (2016)."
        ),
        datasets=["facts", "assumptions"],
        fact_ids=[BUSINESS_CHATS_FACT, *table["fact_id"]],
    )
