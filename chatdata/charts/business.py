"""Charts for chapter 04: what businesses use chats for, the work they take and what they earn.

Three charts:

* :func:`use_case_chart` — the article's industry table: which business function each use
  serves, on which app.
* :func:`business_case_chart` — chats handled by chatbots and by people, and the agents the
  people's share needs (sliders: chats a day, share automated, chats per agent-hour).
* :func:`revenue_chart` — what paid messages might earn in a year at today's per-message
  prices, beside the 2023 per-conversation model (history) and the run-rates Meta has
  reported (sliders: chats a day, paid messages per chat, marketing share, two prices).

Each chart with sliders has a ``derive_*`` function for :func:`chatdata.widgets.explorer`,
which recomputes the same figures with :mod:`chatdata.models`.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from chatdata.charts import layout
from chatdata.charts.assumptions import assumption, assumption_params, assumption_values
from chatdata.charts.common import OKABE_ITO, evidence_label, evidence_scale, finish
from chatdata.charts.derived import Figure, computed_in_browser, figure_table
from chatdata.datasets import load
from chatdata.models import (
    DAYS_PER_YEAR,
    REFERENCE_RUN_RATE_IDS,
    chatbot_reach,
    compute_agent_hours,
    compute_agents_on_shift,
    compute_message_revenue,
    compute_paid_revenue,
    create_business,
    fact,
    reference_run_rates,
)
from chatdata.models.facts import BUSINESS_CHATS_FACT, PRICE_FACT
from chatdata.templating import HTML, render

__all__ = [
    "BUSINESS_CASE_IDS",
    "CHEAPEST",
    "DEAREST",
    "MARKETING_PRICE_FACT",
    "REVENUE_IDS",
    "SHIFT_HOURS",
    "UTILITY_PRICE_FACT",
    "business_case_chart",
    "business_functions_html",
    "derive_business_case",
    "derive_revenue",
    "revenue_chart",
    "revenue_rows",
    "use_case_chart",
]

#: Sliders of :func:`business_case_chart`.
BUSINESS_CASE_IDS = ("business_chats_per_day", "automated_share", "chats_per_agent_hour")
#: Sliders of :func:`revenue_chart`.
REVENUE_IDS = (
    "business_chats_per_day",
    "paid_messages_per_chat",
    "marketing_share",
    "price_marketing_usd",
    "price_utility_usd",
)
#: Today's price ranges per delivered message, across markets.
MARKETING_PRICE_FACT = "whatsapp-marketing-price-2026"
UTILITY_PRICE_FACT = "whatsapp-utility-price-2026"
#: Hours in one agent's shift: turns agent-hours into people needed each day.
SHIFT_HOURS = 8

FUNCTIONS = ("customer service", "marketing", "sales")
FUNCTION_COLOURS = (OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2])
HANDLERS = ("Chatbots", "People")


# --- the article's use cases ---------------------------------------------------------------


def use_case_chart(use_cases: pd.DataFrame | None = None) -> alt.FacetChart:
    """The article's industry examples: one square per use, placed under its business function.

    Parameters
    ----------
    use_cases : DataFrame, optional
        Columns ``industry, platform, use_case, business_function``; defaults to the
        ``industry_use_cases`` dataset.
    """
    frame = load("industry_use_cases") if use_cases is None else use_cases.copy()
    frame = frame.astype({c: str for c in frame.columns})
    frame["industry_app"] = frame["industry"] + " on " + frame["platform"]
    counts = frame["business_function"].value_counts()
    top = counts.index[0]
    base = alt.Chart(frame).encode(
        x=alt.X("business_function:N")
        .scale(domain=list(FUNCTIONS))
        .axis(orient="top", labelAngle=0)
        .title("Business function (uses in the article's table)"),
        y=alt.Y("use_case:N").title(None).axis(labelLimit=layout.LABEL_LIMIT),
        color=alt.Color("business_function:N")
        .scale(domain=list(FUNCTIONS), range=list(FUNCTION_COLOURS))
        .legend(None),
        tooltip=[
            alt.Tooltip("industry:N", title="Industry"),
            alt.Tooltip("platform:N", title="App"),
            alt.Tooltip("use_case:N", title="Use"),
            alt.Tooltip("business_function:N", title="Function"),
        ],
    )
    chart = (
        base.mark_square(size=layout.SQUARE_SIZE)
        .properties(width=layout.HALF_WIDTH)
        .facet(row=alt.Row("industry_app:N").title(None).header(labelAngle=0, labelAlign="left"))
        .resolve_scale(y="independent")
    )
    return finish(
        chart,
        title=f"{counts[top]} of the article's {len(frame)} example uses are {top}",
        description=(
            "One square per use of business chats in the article's examples, in rows by industry "
            "and app and in columns by business function: customer service, marketing or sales. "
            + "; ".join(f"{n} {name}" for name, n in counts.items())
            + "."
        ),
        datasets=["industry_use_cases"],
    )


def business_functions_html(functions: pd.DataFrame | None = None, kind: str = "function") -> HTML:
    """The ``business_functions`` dataset as a short HTML list (text escaped).

    Parameters
    ----------
    functions : DataFrame, optional
        Columns ``name, kind, summary``; defaults to the ``business_functions`` dataset.
    kind : {"function", "challenge"}
        Which rows to list.

    Examples
    --------
    >>> f = pd.DataFrame({"name": ["a<b"], "kind": ["function"], "summary": ["x & y"]})
    >>> business_functions_html(f)
    HTML('<ul class="chatdata-list"><li><strong>A&lt;b</strong>: x &amp; y</li></ul>')
    """
    frame = load("business_functions") if functions is None else functions
    rows = frame[frame["kind"] == kind]
    if rows.empty:
        raise ValueError(f"no business_functions rows of kind {kind!r}")
    items = [{"name": str(r.name).capitalize(), "summary": r.summary} for r in rows.itertuples()]
    return render("tables/business_functions.html", items=items)


# --- the business case ---------------------------------------------------------------------


def business_case_chart() -> alt.HConcatChart:
    """Chats a day handled by chatbots and by people, and the agents people's share needs.

    Left: business chats/day split by who answers them (``v_automated_share``). Right: the
    people needed each day, one :data:`SHIFT_HOURS`-hour shift each, at
    ``v_chats_per_agent_hour``. All arithmetic is in Vega-Lite, so the sliders work without
    a kernel.
    """
    frame = pd.DataFrame({"handler": list(HANDLERS)})
    chats = (
        alt.Chart(frame)
        .transform_calculate(
            share="datum.handler === 'Chatbots' ? v_automated_share : 1 - v_automated_share",
            chats_m="v_business_chats_per_day * datum.share / 1e6",
            label="format(datum.chats_m, ',.0f') + ' million'",
        )
        .encode(
            y=alt.Y("handler:N").sort(list(HANDLERS)).title(None),
            x=alt.X("chats_m:Q").title("Business chats per day (millions of chats/day)"),
        )
    )
    chat_bars = chats.mark_bar().encode(
        color=alt.Color("handler:N")
        .scale(domain=list(HANDLERS), range=[OKABE_ITO[4], OKABE_ITO[0]])
        .legend(None),
        tooltip=[
            alt.Tooltip("handler:N", title="Answered by"),
            alt.Tooltip("chats_m:Q", title="Million chats/day", format=",.1f"),
        ],
    )
    chat_text = chats.mark_text(align="left", dx=4).encode(text="label:N")
    people = (
        alt.Chart(pd.DataFrame({"what": [f"Agents, one {SHIFT_HOURS}-hour shift each"]}))
        .transform_calculate(
            people_chats="v_business_chats_per_day * (1 - v_automated_share)",
            agent_hours="datum.people_chats / v_chats_per_agent_hour",
            agents_m=f"datum.agent_hours / {SHIFT_HOURS} / 1e6",
            label="format(datum.agents_m, ',.2f') + ' million people'",
        )
        .encode(
            y=alt.Y("what:N").title(None),
            x=alt.X("agents_m:Q").title("People needed each day (millions of agents/day)"),
        )
    )
    people_bar = people.mark_bar(color=OKABE_ITO[5]).encode(
        tooltip=[
            alt.Tooltip("agents_m:Q", title="Million agents/day", format=",.2f"),
            alt.Tooltip("agent_hours:Q", title="Agent-hours/day", format=",.0f"),
        ]
    )
    people_text = people.mark_text(align="left", dx=4).encode(text="label:N")
    chart = (
        alt.hconcat(
            (chat_bars + chat_text).properties(width=layout.HALF_WIDTH, height=90),
            (people_bar + people_text).properties(width=layout.HALF_WIDTH, height=45),
            spacing=40,
        )
        .add_params(*assumption_params(BUSINESS_CASE_IDS))
        .resolve_scale(color="independent")
    )
    default = derive_business_case(None).set_index("figure")["value"]
    return finish(
        chart,
        title=(
            "At our defaults, the chats bots leave to people would take about "
            f"{default['Agents needed (one shift each)'] / layout.MILLION:.1f} million agent "
            "shifts a day"
        ),
        description=(
            "Two bar charts. Left: business chats per day answered by chatbots and by people, "
            "from the chats-per-day and share-automated sliders. Right: the number of agents "
            f"needed each day, each working one {SHIFT_HOURS}-hour shift, from the chats one "
            "agent handles per hour."
        ),
        datasets=["assumptions", "facts"],
        fact_ids=[BUSINESS_CHATS_FACT],
    )


_PEOPLE_CHATS = "{business_chats_per_day} * (1 - {automated_share})"


@computed_in_browser(
    Figure(
        "Chats answered by chatbots", "chats/day", "{business_chats_per_day} * {automated_share}"
    ),
    Figure(
        "Chats answered by people",
        "chats/day",
        "{business_chats_per_day} - {business_chats_per_day} * {automated_share}",
    ),
    Figure("Agent-hours needed", "agent-hours/day", f"{_PEOPLE_CHATS} / {{chats_per_agent_hour}}"),
    Figure(
        "Agents needed (one shift each)",
        "agents/day",
        f"{_PEOPLE_CHATS} / {{chats_per_agent_hour}} / {SHIFT_HOURS}",
    ),
)
def derive_business_case(values: Mapping[str, float] | None) -> pd.DataFrame:
    """Figures behind :func:`business_case_chart`, from :mod:`chatdata.models`.

    Parameters
    ----------
    values : mapping of assumption id to value, optional
        Missing ids take their defaults from the assumptions dataset.

    Returns
    -------
    DataFrame
        A :func:`~chatdata.charts.derived.figure_table`: chats answered by chatbots and by
        people, the agent-hours they need and the agents (one shift each).
    """
    v = assumption_values(values, BUSINESS_CASE_IDS)
    b = create_business(
        chats_per_day=v["business_chats_per_day"],
        automated_share=v["automated_share"],
        chats_per_agent_hour=v["chats_per_agent_hour"],
    )
    bots = chatbot_reach(v["business_chats_per_day"], v["automated_share"]).central
    rows = [
        ("Chats answered by chatbots", bots, "chats/day"),
        ("Chats answered by people", v["business_chats_per_day"] - bots, "chats/day"),
        ("Agent-hours needed", compute_agent_hours(b).central, "agent-hours/day"),
        (
            "Agents needed (one shift each)",
            compute_agents_on_shift(b, shift_hours=SHIFT_HOURS).central,
            "agents/day",
        ),
    ]
    return figure_table(rows)


# --- revenue potential ---------------------------------------------------------------------


def _price_range(fact_id: str, facts: pd.DataFrame | None) -> tuple[float, float]:
    price = fact(fact_id, facts)
    return float(price["value_low"]), float(price["value_high"])


def _history(facts: pd.DataFrame | None) -> dict[str, float]:
    """The 2023 per-conversation model at its default share and price, and across 2023 prices."""
    low, high = _price_range(PRICE_FACT, facts)
    chats, share = assumption("business_chats_per_day")["default"], assumption("paid_share")
    out = {}
    for name, price in (
        ("chosen", assumption("price_per_conversation_usd")["default"]),
        ("lowest", low),
        ("highest", high),
    ):
        b = create_business(chats, paid_share=share["default"], price_per_conversation_usd=price)
        out[name] = compute_paid_revenue(b)["usd_per_year"].central
    return out


def revenue_rows(facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows the revenue chart draws: our estimate, the 2023 model and reported run-rates.

    Returns
    -------
    DataFrame
        Columns ``row, quantity, evidence, as_of, usd_bn, low_bn, high_bn, label, value_text,
        marketing_low, marketing_high, utility_low, utility_high, source_url``. Our estimate's
        ``usd_bn`` is left empty: the chart computes it from the sliders, and its line from
        the cheapest and dearest markets' prices. The 2023 model is fixed history. A run-rate
        stated as "more than X" has ``usd_bn`` = X and no upper bound.
    """
    marketing = fact(MARKETING_PRICE_FACT, facts)
    m_low, m_high = _price_range(MARKETING_PRICE_FACT, facts)
    u_low, u_high = _price_range(UTILITY_PRICE_FACT, facts)
    history = _history(facts)
    history_price = fact(PRICE_FACT, facts)
    none = {"marketing_low": None, "marketing_high": None, "utility_low": None}
    rows = [
        {
            "row": f"Our estimate: paid messages x price ({marketing['as_of'][:7]} prices)",
            "quantity": "Messaging fees",
            "evidence": evidence_label("assumption"),
            "as_of": str(marketing["as_of"]),
            "usd_bn": None,
            "low_bn": None,
            "high_bn": None,
            "label": "",
            "value_text": "",
            "marketing_low": m_low,
            "marketing_high": m_high,
            "utility_low": u_low,
            "utility_high": u_high,
            "source_url": str(marketing["source_url"]),
        },
        {
            "row": "History: the 2023 per-conversation model",
            "quantity": "Messaging fees",
            "evidence": evidence_label("assumption"),
            "as_of": str(history_price["as_of"]),
            "usd_bn": history["chosen"] / layout.BILLION,
            "low_bn": history["lowest"] / layout.BILLION,
            "high_bn": history["highest"] / layout.BILLION,
            "label": f"${history['chosen'] / 1e9:,.2f} billion a year (2023 model, history)",
            "value_text": "",
            **none,
            "utility_high": None,
            "source_url": str(history_price["source_url"]),
        },
    ]
    for r in reference_run_rates(facts).itertuples():
        ads = "ads" in r.label.lower()
        text = str(fact(r.fact_id, facts)["value_text"])
        rows.append(
            {
                "row": f"{'Reported: ' + r.label} ({r.as_of})",
                "quantity": "Ads revenue" if ads else "Messaging fees",
                "evidence": evidence_label(r.kind),
                "as_of": str(r.as_of),
                "usd_bn": r.usd_per_year / layout.BILLION,
                "low_bn": None,
                "high_bn": None,
                "label": f"{text} a year ({'ads, not fees' if ads else 'fees'})",
                "value_text": text,
                **none,
                "utility_high": None,
                "source_url": r.source_url,
            }
        )
    return pd.DataFrame(rows)


def _fees(marketing: str, utility: str) -> str:
    """Vega expression: fees a year in USD billion at the given per-message prices."""
    return (
        f"datum.paid_per_year * (v_marketing_share * {marketing} + "
        f"(1 - v_marketing_share) * {utility}) / 1e9"
    )


def revenue_chart(facts: pd.DataFrame | None = None) -> alt.LayerChart:
    """What paid messages might earn in a year at today's prices, beside reported run-rates.

    Our estimate is ``v_business_chats_per_day x v_paid_messages_per_chat x (v_marketing_share
    x v_price_marketing_usd + (1 - v_marketing_share) x v_price_utility_usd) x 365``, with a
    rule from the cheapest market's prices to the dearest's. The 2023 per-conversation model
    is shown as fixed history. The run-rates are reported figures and are different
    quantities: the click-to-message figure is *ads* revenue, the WhatsApp one is *fees*.
    """
    frame = revenue_rows(facts)
    order = list(frame["row"])
    base = (
        alt.Chart(frame)
        .transform_calculate(
            paid_per_year=(
                f"v_business_chats_per_day * v_paid_messages_per_chat * {DAYS_PER_YEAR}"
            ),
            estimate="isValid(datum.usd_bn) ? datum.usd_bn : "
            + _fees("v_price_marketing_usd", "v_price_utility_usd"),
            low="isValid(datum.marketing_low) ? "
            + _fees("datum.marketing_low", "datum.utility_low")
            + " : (isValid(datum.low_bn) ? datum.low_bn : datum.estimate)",
            high="isValid(datum.marketing_high) ? "
            + _fees("datum.marketing_high", "datum.utility_high")
            + " : (isValid(datum.high_bn) ? datum.high_bn : datum.estimate)",
            text="isValid(datum.usd_bn) ? datum.label : "
            "'$' + format(datum.estimate, ',.2f') + ' billion a year (fees)'",
        )
        .encode(
            y=alt.Y("row:N").sort(order).title(None).axis(labelLimit=layout.LABEL_LIMIT),
        )
    )
    x = alt.X("estimate:Q").title("Revenue (USD billion per year)").scale(zero=True)
    colour = (
        alt.Color("evidence:N")
        .scale(evidence_scale())
        .title("Evidence")
        .legend(orient="bottom", columns=3)
    )
    tooltip = [
        alt.Tooltip("row:N", title="Figure"),
        alt.Tooltip("as_of:N", title="Prices or figure as of"),
        alt.Tooltip("quantity:N", title="What it measures"),
        alt.Tooltip("estimate:Q", title="USD billion/year", format=",.2f"),
        alt.Tooltip("low:Q", title="At the cheapest prices", format=",.2f"),
        alt.Tooltip("high:Q", title="At the dearest prices", format=",.2f"),
        alt.Tooltip("source_url:N", title="Source"),
    ]
    rule = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q").title("Revenue (USD billion per year)"), x2="high:Q", color=colour
    )
    points = base.mark_point(filled=True, size=layout.MEDIUM_POINT_SIZE).encode(
        x=x,
        color=colour,
        shape=alt.Shape("quantity:N").title("What it measures").legend(orient="bottom"),
        tooltip=tooltip,
    )
    text = base.mark_text(align="left", dx=10, dy=-10).encode(x=x, text="text:N")
    chart = (
        (rule + points + text)
        .add_params(*assumption_params(REVENUE_IDS))
        .properties(width=layout.PLOT_WIDTH, height=180)
    )
    fees = derive_revenue(None).set_index("figure")["value"]
    ads_text = frame.loc[frame["quantity"] == "Ads revenue", "value_text"].iloc[0]
    return finish(
        chart,
        title=(
            f"Paid messages may earn about ${fees['Fees at the chosen prices, a year'] / 1e9:.2f}"
            f" billion a year at 2026 prices (${fees[CHEAPEST] / 1e9:.2f}-"
            f"{fees[DEAREST] / 1e9:.2f} billion from the cheapest market to the dearest); "
            f"the {ads_text} run-rate is ads, not fees"
        ),
        description=(
            "Dot plot of revenue in US dollars per year. Our estimate (business chats per day "
            "times paid messages per chat times a price per message blended from the "
            "marketing and utility prices, times 365) is a dot with a line from the cheapest "
            "market's prices to the dearest's on WhatsApp's 2026 rate card. Below it, the "
            "2023 per-conversation model as history, then Meta's reported click-to-message "
            "ads run-rate and WhatsApp's paid-messaging run-rate, which measure ads revenue "
            "and messaging fees."
        ),
        datasets=["assumptions", "facts"],
        fact_ids=[
            BUSINESS_CHATS_FACT,
            MARKETING_PRICE_FACT,
            UTILITY_PRICE_FACT,
            PRICE_FACT,
            *REFERENCE_RUN_RATE_IDS,
        ],
    )


#: Figure names of :func:`derive_revenue` for the two ends of the price list.
CHEAPEST = "Fees at the cheapest market's prices, a year"
DEAREST = "Fees at the dearest market's prices, a year"


def _browser_revenue() -> list[Figure]:
    """:func:`derive_revenue` in Vega expressions."""
    paid = "{business_chats_per_day} * {paid_messages_per_chat}"
    share = "{marketing_share}"

    def blended(marketing: str, utility: str) -> str:
        return f"({share} * {marketing} + (1 - {share}) * {utility})"

    m_low, m_high = _price_range(MARKETING_PRICE_FACT, None)
    u_low, u_high = _price_range(UTILITY_PRICE_FACT, None)
    chosen = blended("{price_marketing_usd}", "{price_utility_usd}")
    year = f"* {DAYS_PER_YEAR}"
    return [
        Figure("Paid messages", "per day", paid),
        Figure("Blended price per paid message", "USD", chosen),
        Figure("Fees at the chosen prices, a day", "USD/day", f"{paid} * {chosen}"),
        Figure("Fees at the chosen prices, a year", "USD/year", f"{paid} * {chosen} {year}"),
        Figure(CHEAPEST, "USD/year", f"{paid} * {blended(repr(m_low), repr(u_low))} {year}"),
        Figure(DEAREST, "USD/year", f"{paid} * {blended(repr(m_high), repr(u_high))} {year}"),
        Figure(
            "2023 per-conversation model (history)", "USD/year", repr(_history(None)["chosen"])
        ),
    ]


@computed_in_browser(_browser_revenue)
def derive_revenue(values: Mapping[str, float] | None) -> pd.DataFrame:
    """Figures behind :func:`revenue_chart`, from :func:`chatdata.models.compute_message_revenue`.

    Returns
    -------
    DataFrame
        A :func:`~chatdata.charts.derived.figure_table`: paid messages a day, the blended
        price, fees a day and a year at the chosen prices, fees a year at the cheapest and
        dearest markets' prices, and the 2023 per-conversation model (history) at its
        defaults.
    """
    v = assumption_values(values, REVENUE_IDS)
    m_low, m_high = _price_range(MARKETING_PRICE_FACT, None)
    u_low, u_high = _price_range(UTILITY_PRICE_FACT, None)
    at = {
        name: compute_message_revenue(
            v["business_chats_per_day"],
            v["paid_messages_per_chat"],
            v["marketing_share"],
            marketing,
            utility,
        )
        for name, marketing, utility in (
            ("chosen", v["price_marketing_usd"], v["price_utility_usd"]),
            ("cheapest", m_low, u_low),
            ("dearest", m_high, u_high),
        )
    }
    rows = [
        ("Paid messages", at["chosen"]["paid_messages_per_day"].central, "per day"),
        ("Blended price per paid message", at["chosen"]["usd_per_message"].central, "USD"),
        ("Fees at the chosen prices, a day", at["chosen"]["usd_per_day"].central, "USD/day"),
        ("Fees at the chosen prices, a year", at["chosen"]["usd_per_year"].central, "USD/year"),
        (CHEAPEST, at["cheapest"]["usd_per_year"].central, "USD/year"),
        (DEAREST, at["dearest"]["usd_per_year"].central, "USD/year"),
        ("2023 per-conversation model (history)", _history(None)["chosen"], "USD/year"),
    ]
    return figure_table(rows)
