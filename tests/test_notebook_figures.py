"""Figures quoted in the prose of notebooks 00-03 are the models' and the datasets' figures.

Each check formats a value computed from :mod:`chatdata.models` or read from a dataset and
asserts that exact text appears in the notebook's markdown. If a model, a default or a fact
changes, the prose that quotes it fails here until it is rewritten.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from chatdata.charts import conversations, platforms
from chatdata.charts.assumptions import assumption
from chatdata.datasets import load
from chatdata.models import facts
from chatdata.models.facts import BUSINESS_CHATS_FACT, MESSAGES_FACT
from chatdata.models.facts import fact as fact_row
from chatdata.models.scale import SECONDS_PER_DAY, compute_rates, create_scale

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def prose(name: str) -> str:
    """All markdown of a notebook on one line (line breaks become spaces)."""
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    text = " ".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    return re.sub(r"\s+", " ", text)


def stated(fact_id: str) -> float:
    """A fact's stated figure (its lower value, or its only one)."""
    return float(facts.fact(fact_id)["value_low"])


def article_low(platform: str) -> float:
    return float(load("platforms").set_index("platform").loc[platform, "article_chats_low"])


def article_high(platform: str) -> float:
    return float(load("platforms").set_index("platform").loc[platform, "article_chats_high"])


def default(assumption_id: str, preset: str = "default") -> float:
    return float(assumption(assumption_id)[preset])


def percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def billions(value: float, digits: int = 0) -> str:
    return f"{value / 1e9:,.{digits}f} billion"


def millions(value: float) -> str:
    return f"{value / 1e6:,.0f} million"


RATES = compute_rates(
    create_scale(
        chats_per_day=default("business_chats_per_day"),
        peak_to_average=default("peak_to_average"),
        messages_per_chat=default("messages_per_chat"),
        kilobytes_per_message=default("kilobytes_per_message"),
    )
)
BUSINESS_MESSAGES = RATES["messages_per_day"].central
META_MESSAGES = stated(MESSAGES_FACT)
WHATSAPP_RECORD = stated("whatsapp-peak-messages-per-second-2022")
DELIVERIES = conversations.derive_deliveries({}).set_index("figure")["value"]
SPLIT = platforms.derive_split({}).set_index("figure")["value"]
EVIDENCE_SPLIT = platforms.derive_split(
    {key: default(key, "evidence") for key in platforms.SHARE_IDS.values()}
).set_index("figure")["value"]


def delivered(kinds) -> float:
    return sum(DELIVERIES[f"Deliveries, {k}"] for k in kinds) / DELIVERIES["Deliveries, all kinds"]


def sent(kinds) -> float:
    return sum(DELIVERIES[f"Messages sent, {k}"] for k in kinds) / default("messages_per_day_all")


CHECKS = {
    "00_introduction": [
        # The article's own words, exactly as in its claim row.
        '"' + load("article_claims").set_index("id").loc["meta-total-chats", "quote"] + '"',
        millions(stated(BUSINESS_CHATS_FACT)),
        f"more than {billions(stated('meta-business-threads-2026'))} active message threads",
        billions(META_MESSAGES),
        billions(stated("whatsapp-messages-2020")),
        f"WhatsApp more than {millions(article_low('WhatsApp'))}",
        f"Telegram at {article_low('Telegram') / 1e6:.0f} to {millions(article_high('Telegram'))}",
    ],
    "01_scale": [
        f"{default('business_chats_per_day'):,.0f} / {SECONDS_PER_DAY:,}",
        f"≈ **{RATES['chats_per_second_mean'].central:,.0f} new chats every second**",
        f"about {RATES['chats_per_minute_mean'].central:,.0f} a minute",
        f"about {RATES['chats_per_second_peak'].central:,.0f} chats a second",
        f"{default('messages_per_chat'):.0f} messages a chat",
        f"carry {BUSINESS_MESSAGES / 1e9:.1f} billion messages a day",
        f"{RATES['terabytes_per_day'].central:.1f} TB of payload a day",
        f"about {100 * BUSINESS_MESSAGES / META_MESSAGES:.1f}% of Meta's messages",
        f"about {billions(stated('whatsapp-messages-2020'))} messages a day in 2020",
        f"about {billions(stated('sms-global-2016'))} a day in 2016",
        f"WhatsApp's {billions(stated('whatsapp-messages-2016'))} that year",
        f"about {RATES['messages_per_second_mean'].central:,.0f} messages a second on average",
        f"{RATES['messages_per_second_peak'].central:,.0f} in the busiest hour",
        f"{WHATSAPP_RECORD / 1e6:.0f} million messages a second",
        f"about {WHATSAPP_RECORD / RATES['messages_per_second_peak'].central:.0f} times",
        f"{stated('imessage-peak-messages-per-second-2016'):,.0f} iMessages a second",
    ],
    "02_platforms": [
        "about {}, {} and {}".format(
            *(percent(default(key)) for key in platforms.SHARE_IDS.values())
        ),
        "giving {}, {} and {} million".format(
            *(f"{SPLIT[f'{app} business chats'] / 1e6:.0f}" for app in platforms.SHARE_IDS)
        ),
        "({}, {}, {}: {}, {} and {} million)".format(
            *(percent(default(key, "evidence")) for key in platforms.SHARE_IDS.values()),
            *(f"{EVIDENCE_SPLIT[f'{a} business chats'] / 1e6:.0f}" for a in platforms.SHARE_IDS),
        ),
        f"more than {percent(stated('whatsapp-india-business-share-2023'))} of WhatsApp users",
        f"more than {stated('whatsapp-mau-2025') / 1e9:.0f} billion people used WhatsApp",
        f"{stated('messenger-mau-2017') / 1e9:.1f} billion monthly users, from 2017",
        f"{stated('meta-dap-2026-03') / 1e9:.2f} billion daily active people in March 2026",
        f"({stated('meta-dap-2025-12') / 1e9:.2f} billion in December 2025)",
        f"more than {stated('telegram-mau-2025') / 1e9:.0f} billion monthly users",
        f"{stated('imessage-peak-messages-per-second-2016'):,.0f} a second (2016)",
    ],
    "03_conversation_types": [
        f"{billions(META_MESSAGES)} messages a day across its apps",
        "{}% personal, {}% group, {}% business, {}% community".format(
            *(f"{100 * default(f'share_{k}'):.0f}" for k in conversations.SHARE_IDS)
        ),
        f"group of {default('group_size_people'):.0f} people reaches the "
        f"{default('group_size_people') - 1:.0f} others",
        f"group of {default('community_size_people'):.0f} it reaches "
        f"{default('community_size_people') - 1:.0f}",
        f"about {DELIVERIES['Deliveries, all kinds'] / 1e12:.2f} trillion deliveries a day",
        f"{DELIVERIES['Deliveries per message sent']:.1f} per message sent",
        f"send {percent(sent(['group', 'community']))} of the messages but make "
        f"{percent(delivered(['group', 'community']))} of the deliveries",
        f"{BUSINESS_MESSAGES / 1e9:.1f} billion messages, about "
        f"{100 * BUSINESS_MESSAGES / META_MESSAGES:.1f}% of {billions(META_MESSAGES)}",
        f"{percent(sent(['community']))} of messages, makes about "
        f"{percent(delivered(['community']))} of all deliveries",
        f"{percent(sent(['personal']))} of messages, make about "
        f"{percent(delivered(['personal']))}",
    ],
}


@pytest.mark.parametrize(
    ("name", "figure"),
    [(name, figure) for name, figures in CHECKS.items() for figure in figures],
)
def test_notebook_quotes_the_figure(name, figure):
    assert figure in prose(name)


def test_scale_chapter_says_what_each_volume_counts():
    """Sent and delivered counts are named as such; the SMS floor is our arithmetic."""
    text = prose("01_scale")
    assert f"{billions(META_MESSAGES)} messages **sent** a day" in text
    assert f"**delivered** about {billions(stated('whatsapp-messages-2020'))}" in text
    assert fact_row("sms-global-2016")["kind"] == "our-calculation"
    assert "our own arithmetic" in text
