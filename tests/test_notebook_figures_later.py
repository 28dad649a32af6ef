"""Figures written in the prose of chapters 04-06 match the models and datasets.

Each test rebuilds the sentences' numbers from :mod:`chatdata.models` (or the datasets) and
checks that the notebook's Markdown quotes them, so a changed default or fact makes the prose
fail here instead of going stale.
"""

import json
from pathlib import Path

import pytest

from chatdata.charts import business
from chatdata.charts.assumptions import assumption
from chatdata.datasets import load
from chatdata.models import (
    DAYS_PER_YEAR,
    chatbot_reach,
    compute_agent_hours,
    compute_agents_on_shift,
    compute_message_revenue,
    compute_paid_revenue,
    create_business,
    fact,
    fact_value,
    judge_claims,
    spam_outcomes,
    spam_outcomes_from_rates,
    translation_reach,
)
from chatdata.models.facts import AI_CONVERSATIONS_FACT
from chatdata.models.verdicts import newest_fact

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def markdown(name: str) -> str:
    """All Markdown of a notebook as one line of text."""
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return " ".join(text.split())


def default(assumption_id: str) -> float:
    return assumption(assumption_id)["default"]


def million(x: float, digits: int = 0) -> str:
    return f"{x / 1e6:,.{digits}f} million"


def assert_quoted(name: str, phrases: list[str]) -> None:
    text = markdown(name)
    missing = [p for p in phrases if p not in text]
    assert not missing, f"{name} does not quote {missing}"


def test_business_chapter_quotes_the_model():
    chats = default("business_chats_per_day")
    b = create_business(
        chats_per_day=chats,
        automated_share=default("automated_share"),
        chats_per_agent_hour=default("chats_per_agent_hour"),
        paid_share=default("paid_share"),
        price_per_conversation_usd=default("price_per_conversation_usd"),
    )
    bots = chatbot_reach(chats, default("automated_share")).central
    hours = compute_agent_hours(b).central
    agents = compute_agents_on_shift(b, shift_hours=business.SHIFT_HOURS).central
    history = compute_paid_revenue(b)["usd_per_year"].central
    per_chat, share = default("paid_messages_per_chat"), default("marketing_share")
    prices = {k: default(f"price_{k}_usd") for k in ("marketing", "utility")}
    revenue = compute_message_revenue(chats, per_chat, share, *prices.values())
    marketing = fact("whatsapp-marketing-price-2026")
    utility = fact("whatsapp-utility-price-2026")
    india = fact("whatsapp-india-utility-price-2025")
    at_ends = [
        compute_message_revenue(chats, per_chat, share, marketing[end], utility[end])[
            "usd_per_year"
        ].central
        for end in ("value_low", "value_high")
    ]
    fees = fact("whatsapp-paid-messaging-run-rate-2025")
    ads = fact("click-to-message-run-rate-2023")
    needed = fact_value(fees) / (chats * revenue["usd_per_message"].central * DAYS_PER_YEAR)
    uses = load("industry_use_cases")["business_function"].value_counts()
    assert_quoted(
        "04_business_messaging.ipynb",
        [
            f"{chats / 1e6:,.0f} million chats a day",
            f"{uses.iloc[0]} of the {uses.sum()} uses are {uses.index[0]}",
            f"our defaults are {default('automated_share'):.0%} and "
            f"{default('chats_per_agent_hour'):g} chats an hour",
            f"bots answer {million(bots)} chats a day",
            f"people answer the other {million(chats - bots)}",
            f"{million(hours)} agent-hours a day",
            f"{million(agents, 2)} people each working one eight-hour shift",
            f"take {million(chatbot_reach(chats, 0.1).central)} chats a day off",
            f"we assume {per_chat:g}, half of them marketing",
            f"{million(revenue['paid_messages_per_day'].central)} paid messages a day",
            f"USD {prices['marketing']:g} per marketing message and USD {prices['utility']:g}",
            f"(USD {revenue['usd_per_message'].central:g} on average)",
            f"USD {million(revenue['usd_per_day'].central, 2)} a day",
            f"USD {revenue['usd_per_year'].central / 1e9:.2f} billion a year",
            f"between USD {million(at_ends[0])} and USD {at_ends[1] / 1e9:.2f} billion a year",
            f"from about USD {marketing['value_low']:.3f} to USD {marketing['value_high']:.2f}",
            f"from USD {utility['value_low']:g} to USD {utility['value_high']:g} for a utility",
            f"costs about USD {india['value_low']:g}",
            f"at USD {default('price_per_conversation_usd'):g} each, "
            f"USD {million(history)} a year",
            f"running at {ads['value_text'].replace('$', 'USD ')} a year",
            f"passed a USD {fact_value(fees) / 1e9:g} billion annual run-rate",
            f"about {needed:.2f} paid messages per chat",
            f"{default('paid_share'):.0%} of chats billed as conversations",
        ],
    )


def test_ai_chapter_quotes_the_model():
    chats = default("business_chats_per_day")
    prevalence, precision, recall = (
        default("spam_prevalence"),
        default("filter_precision"),
        default("filter_recall"),
    )
    out = spam_outcomes(chats, prevalence, precision, recall)
    legit = out["legitimate_chats"].central
    false_alarm_rate = out["false_positives"].central / legit
    rarer = spam_outcomes_from_rates(chats, prevalence / 10, recall, 1 - false_alarm_rate)
    bots = chatbot_reach(chats, default("automated_share")).central
    languages = translation_reach(chats, default("cross_language_share")).central
    reported = fact_value(newest_fact(AI_CONVERSATIONS_FACT)) / 7
    assert_quoted(
        "05_ai_features.ipynb",
        [
            f"Suppose {prevalence:.0%} of business chats are spam",
            f"{out['spam_chats'].central:,.0f} spam chats",
            f"{recall:.0%} recall catches {out['true_positives'].central:,.0f}",
            f"misses {out['false_negatives'].central:,.0f}",
            f"Its precision is {precision:.0%}",
            f"{out['false_positives'].central:,.0f} legitimate business chats wrongly flagged",
            f"about {false_alarm_rate * 1e4:.1f} in every 10,000",
            f"from {prevalence:.0%} to {prevalence / 10:.1%}",
            f"catches {rarer['true_positives'].central:,.0f} spam chats",
            f"still flags {rarer['false_positives'].central:,.0f} legitimate ones",
            f"precision drops to about {rarer['precision'].central:.0%}",
            f"answer {default('automated_share'):.0%} of business chats",
            f"that is {million(bots)} chats a day",
            f"{million(languages)} chats a day could use it",
            f"about {reported:,.0f} a day",
            f"about {bots / reported:,.0f} times",
            f"bots would answer {million(chatbot_reach(chats, 0.01).central)} chats a day",
        ],
    )


def test_sources_chapter_quotes_the_datasets():
    facts = load("facts")
    claims = judge_claims(load("article_claims"), facts)
    verdicts = claims["verdict"].value_counts()
    kinds = facts["kind"].value_counts()
    years = facts["as_of_date"].dt.year
    threads = fact("meta-business-threads-2026", facts)
    assert threads["unit"] == "threads/day"
    threads_month = threads["as_of_date"].strftime("%B %Y")
    assert_quoted(
        "06_sources_and_claims.ipynb",
        [
            f"We checked {len(claims)} figures from the article",
            f"Only {verdicts['supported']} claim is supported",
            f"{verdicts['unsupported']} of the {len(claims)} are unsupported",
            f"{verdicts['outdated']} is outdated",
            f"{verdicts['different unit']} are in a different unit",
            f"Seven claims, {WORDS[verdicts.size]} verdicts",
            f"{len(facts)} figures from {facts['source_url'].nunique()} sources",
            f"dated from {years.min()} to {years.max()}",
            f"{kinds['press-report']} of the {len(facts)} figures rest on press reports, "
            f"{kinds['company-statement']} on company statements, "
            f"{kinds['analyst-estimate']} on analyst estimates and {kinds['filing']} on filings, "
            f"and {kinds['our-calculation']} is our calculation",
            # The newer business figure is in another unit: the summary must say so.
            f"{threads_month} Meta gave a newer one in another unit, more than "
            f"{fact_value(threads) / 1e9:.0f} billion active message threads a day",
        ],
    )


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_markdown_has_no_dollar_signs(path):
    r"""JupyterLab typesets text between two dollar signs as maths, even escaped ones.

    ``\$``, ``&#36;`` and ``US$`` were all seen garbled in JupyterLab 4.6, so prices say USD.
    """
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            assert "$" not in "".join(cell["source"]), "a dollar sign would render as maths"
