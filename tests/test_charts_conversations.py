"""Chapter 3 charts: sent and delivered messages follow the conversations model."""

import pytest

from chatdata.charts import conversations
from chatdata.charts.assumptions import assumption
from chatdata.datasets import load
from chatdata.models.conversations import CONVERSATION_TYPES, compute_deliveries, create_mix
from chatdata.models.platforms import normalise_shares

from chart_checks import (
    check_chart_contract,
    check_every_slider_moves_a_mark,
    mark_items,
    sliders,
    svg_text,
    with_param,
)

EXAMPLE_IDS = [*conversations.SHARE_IDS.values(), *conversations.SIZE_IDS.values()]


def model(values=None, preset="default"):
    """(messages sent by type, deliveries by type) from the conversations model."""
    chosen = {key: assumption(key)[preset] for key in conversations.MIX_IDS}
    chosen.update(values or {})
    shares = normalise_shares({t: chosen[f"share_{t}"] for t in CONVERSATION_TYPES})
    messages = chosen["messages_per_day_all"]
    deliveries = compute_deliveries(
        messages,
        create_mix(**shares),
        group_size_people=chosen["group_size_people"],
        community_size_people=chosen["community_size_people"],
    )
    sent = {t: messages * shares[t] for t in CONVERSATION_TYPES}
    return sent, {t: deliveries[t].central for t in CONVERSATION_TYPES}


def mix_labels(sent, delivered):
    labels = [f"{sent[t] / 1e9:,.1f} bn sent" for t in CONVERSATION_TYPES]
    labels += [f"{delivered[t] / 1e9:,.0f} bn delivered" for t in conversations.SIZE_IDS]
    return labels


@pytest.fixture(scope="module")
def mix_spec():
    return check_chart_contract(conversations.mix_chart(), conversations.MIX_IDS)


@pytest.fixture(scope="module")
def examples_spec():
    return check_chart_contract(conversations.examples_chart(), EXAMPLE_IDS)


def test_every_slider_moves_a_mark(mix_spec, examples_spec):
    check_every_slider_moves_a_mark(mix_spec)
    check_every_slider_moves_a_mark(examples_spec)


def test_mix_labels_are_the_models_figures_at_defaults(mix_spec):
    text = svg_text(mix_spec)
    for label in mix_labels(*model()):
        assert label in text


@pytest.mark.parametrize("slider", conversations.MIX_IDS)
def test_mix_labels_follow_each_slider(mix_spec, slider):
    bind = sliders(mix_spec)[slider]["bind"]
    value = bind["max"] - 2 * bind["step"]
    text = svg_text(with_param(mix_spec, slider, value))
    for label in mix_labels(*model({slider: value})):
        assert label in text, f"{label!r} missing after moving {slider} to {value}"


def positions(spec):
    """(share sent %, share delivered %) per type, read back from the drawn points."""
    width, height = spec["width"], spec["height"]
    points = mark_items(spec, "symbol")
    assert len(points) == len(CONVERSATION_TYPES)
    return {
        kind: (100 * p["x"] / width, 100 * (1 - p["y"] / height))
        for kind, p in zip(CONVERSATION_TYPES, points, strict=True)
    }


@pytest.mark.parametrize(
    "values", [{}, {"group_size_people": 40.0, "share_personal": 0.2}, {"share_business": 0.5}]
)
def test_examples_sit_where_the_model_puts_them(examples_spec, values):
    spec = examples_spec
    for key, value in values.items():
        spec = with_param(spec, key, value)
    sent, delivered = model(values)
    for kind, (x, y) in positions(spec).items():
        assert x == pytest.approx(100 * sent[kind] / sum(sent.values()), abs=0.01)
        assert y == pytest.approx(100 * delivered[kind] / sum(delivered.values()), abs=0.01)


def test_examples_are_the_articles_examples(examples_spec):
    text = svg_text(examples_spec)
    for example in load("conversation_types")["article_example"]:
        assert example.rstrip(".") in text


def test_derive_deliveries_matches_the_model():
    values = {"share_group": 0.6, "community_size_people": 500.0}
    table = conversations.derive_deliveries(values).set_index("figure")
    sent, delivered = model(values)
    for kind in CONVERSATION_TYPES:
        assert table.loc[f"Messages sent, {kind}", "value"] == pytest.approx(sent[kind])
        assert table.loc[f"Deliveries, {kind}", "value"] == pytest.approx(delivered[kind])
    assert table.loc["Deliveries, all kinds", "value"] == pytest.approx(sum(delivered.values()))
