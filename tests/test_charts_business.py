"""Chapter 4 charts: the numbers they draw are the business model's numbers."""

import pandas as pd
import pytest

from chatdata.charts import business
from chatdata.charts.assumptions import assumption
from chatdata.datasets import load
from chatdata.models import (
    compute_agent_hours,
    compute_agents_on_shift,
    compute_message_revenue,
    compute_paid_revenue,
    create_business,
    fact,
    reference_run_rates,
)

from chart_checks import (
    check_chart_contract,
    check_every_slider_moves_a_mark,
    chosen,
    mark_geometry,
    svg_text,
    with_param,
)


def case_labels(v):
    b = create_business(
        chats_per_day=v["business_chats_per_day"],
        automated_share=v["automated_share"],
        chats_per_agent_hour=v["chats_per_agent_hour"],
    )
    people = compute_agent_hours(b).central * v["chats_per_agent_hour"]
    agents = compute_agents_on_shift(b, shift_hours=business.SHIFT_HOURS).central
    return [f"{people / 1e6:,.0f} million", f"{agents / 1e6:,.2f} million people"]


def revenue_label(v):
    usd = compute_message_revenue(
        v["business_chats_per_day"],
        v["paid_messages_per_chat"],
        v["marketing_share"],
        v["price_marketing_usd"],
        v["price_utility_usd"],
    )["usd_per_year"].central
    return f"${usd / 1e9:,.2f} billion a year (fees)"


@pytest.mark.parametrize(
    ("builder", "ids"),
    [
        (business.business_case_chart, business.BUSINESS_CASE_IDS),
        (business.revenue_chart, business.REVENUE_IDS),
        (business.use_case_chart, ()),
    ],
)
def test_chart_keeps_the_chart_contract(builder, ids):
    check_chart_contract(builder(), ids)


@pytest.mark.parametrize("builder", [business.business_case_chart, business.revenue_chart])
def test_every_slider_moves_a_mark(builder):
    check_every_slider_moves_a_mark(builder().to_dict())


def test_business_case_draws_the_model_values_at_defaults():
    text = svg_text(business.business_case_chart().to_dict())
    for label in case_labels(chosen(business.BUSINESS_CASE_IDS)):
        assert label in text


def test_business_case_follows_a_moved_slider_and_a_preset():
    spec = business.business_case_chart().to_dict()
    moved = svg_text(with_param(spec, "chats_per_agent_hour", 12))
    for label in case_labels(chosen(business.BUSINESS_CASE_IDS, chats_per_agent_hour=12)):
        assert label in moved
    preset = svg_text(with_param(spec, "scenario", "conservative"))
    for label in case_labels(chosen(business.BUSINESS_CASE_IDS, "conservative")):
        assert label in preset


def test_revenue_draws_the_model_value_at_defaults_and_presets():
    spec = business.revenue_chart().to_dict()
    assert revenue_label(chosen(business.REVENUE_IDS)) in svg_text(spec)
    article = svg_text(with_param(spec, "scenario", "evidence"))
    assert revenue_label(chosen(business.REVENUE_IDS, "evidence")) in article
    moved = svg_text(with_param(spec, "paid_messages_per_chat", 1.5))
    assert revenue_label(chosen(business.REVENUE_IDS, paid_messages_per_chat=1.5)) in moved
    dear = svg_text(with_param(spec, "price_marketing_usd", 0.15))
    assert revenue_label(chosen(business.REVENUE_IDS, price_marketing_usd=0.15)) in dear


def test_revenue_range_spans_todays_price_list():
    marketing = fact(business.MARKETING_PRICE_FACT)
    utility = fact(business.UTILITY_PRICE_FACT)
    frame = business.derive_revenue(None).set_index("figure")["value"]
    v = chosen(business.REVENUE_IDS)
    paid_per_year = v["business_chats_per_day"] * v["paid_messages_per_chat"] * 365
    share = v["marketing_share"]
    for name, end in ((business.CHEAPEST, "value_low"), (business.DEAREST, "value_high")):
        price = share * marketing[end] + (1 - share) * utility[end]
        assert frame[name] == pytest.approx(paid_per_year * price)


def test_slider_ranges_come_from_the_price_list():
    for fact_id, slider in (
        (business.MARKETING_PRICE_FACT, "price_marketing_usd"),
        (business.UTILITY_PRICE_FACT, "price_utility_usd"),
    ):
        price = fact(fact_id)
        row = assumption(slider)
        assert row["source"] == fact_id
        assert row["min"] <= price["value_low"]
        assert row["max"] >= price["value_high"]
        assert row["max"] <= 1.1 * price["value_high"]


def test_history_row_keeps_the_2023_per_conversation_model():
    rows = business.revenue_rows().set_index("row")
    history = rows.loc["History: the 2023 per-conversation model"]
    b = create_business(
        assumption("business_chats_per_day")["default"],
        paid_share=assumption("paid_share")["default"],
        price_per_conversation_usd=assumption("price_per_conversation_usd")["default"],
    )
    assert history["usd_bn"] == pytest.approx(
        compute_paid_revenue(b)["usd_per_year"].central / 1e9
    )
    assert "paid_share" not in business.REVENUE_IDS


def test_revenue_chart_shows_both_reported_run_rates_as_reported():
    rows = business.revenue_rows()
    reported = reference_run_rates()
    assert len(rows) == 2 + len(reported)
    run_rates = rows[rows["row"].str.startswith("Reported: ")]
    assert run_rates["usd_bn"].tolist() == pytest.approx((reported["usd_per_year"] / 1e9).tolist())
    assert set(rows["quantity"]) == {"Ads revenue", "Messaging fees"}
    text = svg_text(business.revenue_chart().to_dict())
    assert "ads, not fees" in text


def test_revenue_title_follows_the_facts():
    facts = load("facts")
    facts.loc[facts["id"] == "click-to-message-run-rate-2023", "value_text"] = "$12 billion"
    title = business.revenue_chart(facts).to_dict()["title"]["text"]
    assert "$12 billion run-rate is ads" in title


def test_derived_tables_match_the_models_at_other_values():
    v = chosen(business.BUSINESS_CASE_IDS, automated_share=0.6, chats_per_agent_hour=10)
    table = business.derive_business_case(v).set_index("figure")["value"]
    b = create_business(600e6, automated_share=0.6, chats_per_agent_hour=10)
    assert table["Agent-hours needed"] == pytest.approx(compute_agent_hours(b).central)
    assert table["Chats answered by chatbots"] == pytest.approx(360e6)
    revenue = business.derive_revenue({"paid_messages_per_chat": 2.0}).set_index("figure")
    v = chosen(business.REVENUE_IDS, paid_messages_per_chat=2.0)
    expected = compute_message_revenue(
        600e6, 2.0, v["marketing_share"], v["price_marketing_usd"], v["price_utility_usd"]
    )
    assert revenue.loc["Fees at the chosen prices, a year", "value"] == pytest.approx(
        expected["usd_per_year"].central
    )


def test_use_case_chart_draws_one_square_per_use_and_states_the_top_function():
    uses = load("industry_use_cases")
    spec = business.use_case_chart().to_dict()
    assert len(mark_geometry(spec)) == len(uses)
    top = uses["business_function"].value_counts()
    assert f"{top.iloc[0]} of the article's {len(uses)}" in spec["title"]["text"]
    sales_only = uses.assign(business_function="sales")
    title = business.use_case_chart(sales_only).to_dict()["title"]["text"]
    assert title.endswith("are sales")


def test_business_functions_list_escapes_text():
    frame = pd.DataFrame(
        {"name": ["<script>x</script>"], "kind": ["challenge"], "summary": ['"quoted" & more']}
    )
    out = business.business_functions_html(frame, kind="challenge")
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert "&amp; more" in out
    with pytest.raises(ValueError, match="no business_functions rows"):
        business.business_functions_html(frame, kind="function")
