"""Chapter 2 charts: the split follows the platform model; every figure shows its evidence."""

import pytest

from chatdata.charts import platforms
from chatdata.charts.assumptions import preset_values
from chatdata.charts.common import EVIDENCE_KINDS, evidence_label
from chatdata.datasets import load
from chatdata.models.facts import BUSINESS_CHATS_FACT, fact, select_facts
from chatdata.models.platforms import normalise_shares, split_by_shares

from chart_checks import (
    check_chart_contract,
    check_every_slider_moves_a_mark,
    mark_items,
    sliders,
    svg_text,
    with_param,
)

META_TOTAL = fact(BUSINESS_CHATS_FACT)["value_low"]


def model_split(values=None, preset="default"):
    """Chats a day per Meta app from the platform model, keyed by app."""
    chosen = preset_values(preset, platforms.SHARE_IDS.values())
    chosen.update(values or {})
    shares = normalise_shares({app: chosen[key] for app, key in platforms.SHARE_IDS.items()})
    return split_by_shares(META_TOTAL, shares).set_index("platform")["central"].to_dict()


def split_labels(split):
    return [f"{chats / 1e6:,.0f} million" for chats in split.values()]


@pytest.fixture(scope="module")
def split_spec():
    return check_chart_contract(platforms.split_chart(), platforms.SHARE_IDS.values())


def test_split_chart_moves_with_every_slider(split_spec):
    check_every_slider_moves_a_mark(split_spec)


def test_split_labels_are_the_models_split_at_defaults(split_spec):
    text = svg_text(split_spec)
    for label in split_labels(model_split()):
        assert label in text
    assert f"{META_TOTAL / 1e6:,.0f} million" in text


@pytest.mark.parametrize("share", list(platforms.SHARE_IDS.values()))
def test_split_is_renormalised_when_a_slider_moves(split_spec, share):
    value = sliders(split_spec)[share]["bind"]["max"]
    text = svg_text(with_param(split_spec, share, value))
    for label in split_labels(model_split({share: value})):
        assert label in text


def test_split_follows_the_conservative_preset(split_spec):
    text = svg_text(with_param(split_spec, "scenario", "conservative"))
    for label in split_labels(model_split(preset="conservative")):
        assert label in text


def test_every_article_figure_is_drawn_in_the_articles_colour(split_spec):
    text = svg_text(split_spec)
    table = load("platforms")
    for low in table["article_chats_low"]:
        assert f"{low / 1e6:,.0f}" in text
    colours = {item.get("fill") for item in mark_items(split_spec, "symbol")}
    assert EVIDENCE_KINDS["article"][1] in colours


def test_derive_split_matches_the_model():
    values = {"share_whatsapp": 0.5, "share_messenger": 0.3, "share_instagram": 0.4}
    table = platforms.derive_split(values).set_index("figure")
    split = model_split(values)
    for app, chats in split.items():
        assert table.loc[f"{app} business chats", "value"] == chats
    shares = table[table["unit"] == "share"]["value"]
    assert shares.sum() == pytest.approx(1.0)


@pytest.fixture(scope="module")
def users_spec():
    return check_chart_contract(platforms.users_chart(), ())


def test_users_chart_draws_one_point_per_fact(users_spec):
    assert len(mark_items(users_spec, "symbol")) == len(platforms.USER_FACTS)
    assert set(users_spec["usermeta"]["chatdata"]["fact_ids"]) == set(platforms.USER_FACTS)


def test_users_chart_colours_each_point_by_its_evidence(users_spec):
    expected = sorted(evidence_label(fact(i)["kind"]) for i in platforms.USER_FACTS)
    drawn = sorted(
        item["description"].split("Evidence: ")[1].split(";")[0]
        for item in mark_items(users_spec, "symbol")
    )
    assert drawn == expected


def test_users_chart_shows_only_user_counts():
    facts = select_facts(list(platforms.USER_FACTS))
    assert set(facts["unit"]) <= set(platforms.USER_PERIODS)
