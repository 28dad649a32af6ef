"""Chapter 4 charts: the numbers they draw are the business model's numbers."""

import pandas as pd
import pytest

from chatdata.charts import business
from chatdata.charts.assumptions import assumption
from chatdata.datasets import load
from chatdata.models import (
    compute_agent_hours,
    compute_agents_on_shift,
    compute_paid_revenue,
    create_business,
    fact,
    reference_run_rates,
)
from chatdata.models.facts import PRICE_FACT

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
    b = create_business(
        chats_per_day=v["business_chats_per_day"],
        paid_share=v["paid_share"],
        price_per_conversation_usd=v["price_per_conversation_usd"],
    )
    usd = compute_paid_revenue(b)["usd_per_year"].central
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
    moved = svg_text(with_param(spec, "paid_share", 0.5))
    assert revenue_label(chosen(business.REVENUE_IDS, paid_share=0.5)) in moved


def test_revenue_range_spans_the_sourced_price_range():
    price = fact(PRICE_FACT)
    frame = business.derive_revenue(None).set_index("figure")["value"]
    v = chosen(business.REVENUE_IDS)
    paid_per_year = v["business_chats_per_day"] * v["paid_share"] * 365
    assert frame["Fees at the lowest 2023 price"] == pytest.approx(
        paid_per_year * price["value_low"]
    )
    assert frame["Fees at the highest 2023 price"] == pytest.approx(
        paid_per_year * price["value_high"]
    )


def test_revenue_chart_shows_both_reported_run_rates_as_reported():
    rows = business.revenue_rows()
    reported = reference_run_rates()
    assert len(rows) == 1 + len(reported)
    assert rows["usd_bn"].dropna().tolist() == pytest.approx(
        (reported["usd_per_year"] / 1e9).tolist()
    )
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
    revenue = business.derive_revenue({"paid_share": 0.2}).set_index(["figure", "unit"])
    price = assumption("price_per_conversation_usd")["default"]
    expected = compute_paid_revenue(
        create_business(paid_share=0.2, price_per_conversation_usd=price)
    )
    assert revenue.loc[("Fees at the chosen price", "USD/year"), "value"] == pytest.approx(
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
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp; more" in out
    with pytest.raises(ValueError):
        business.business_functions_html(frame, kind="function")
