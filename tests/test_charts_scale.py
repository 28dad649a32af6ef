"""Chapter 1 charts: the numbers they draw are the scale model's numbers."""

import pytest

from chatdata.charts import scale
from chatdata.charts.assumptions import assumption
from chatdata.models.facts import BUSINESS_CHATS_FACT
from chatdata.models.scale import compute_rates, create_scale, reference_volumes

from chart_checks import (
    check_chart_contract,
    check_every_slider_moves_a_mark,
    sliders,
    svg_text,
    with_param,
)

BUILDERS = {
    scale.chats_per_second_chart: scale.PER_SECOND_IDS,
    scale.daily_messages_chart: scale.DAILY_IDS,
    scale.peak_messages_chart: scale.PEAK_IDS,
}


def model_rates(values=None, preset=None):
    """The model's rates at the assumptions' defaults, a preset, or given values."""
    ids = ("business_chats_per_day", "peak_to_average", "messages_per_chat")
    ids += ("kilobytes_per_message",)
    chosen = {i: assumption(i)[preset or "default"] for i in ids}
    chosen.update(values or {})
    return compute_rates(
        create_scale(
            chats_per_day=chosen["business_chats_per_day"],
            peak_to_average=chosen["peak_to_average"],
            messages_per_chat=chosen["messages_per_chat"],
            kilobytes_per_message=chosen["kilobytes_per_message"],
        )
    )


def per_second_labels(rates):
    return [
        f"{rates['chats_per_second_mean'].central:,.0f} chats/s",
        f"{rates['chats_per_second_peak'].central:,.0f} chats/s",
    ]


def daily_labels(rates):
    return [
        f"{rates['messages_per_day'].central / 1e9:,.1f} billion",
        f"{rates['terabytes_per_day'].central:.3g} TB/day",
    ]


def peak_labels(rates):
    return [
        f"{rates['messages_per_second_mean'].central:,.0f} messages/s",
        f"{rates['messages_per_second_peak'].central:,.0f} messages/s",
    ]


LABELS = {
    scale.chats_per_second_chart: per_second_labels,
    scale.daily_messages_chart: daily_labels,
    scale.peak_messages_chart: peak_labels,
}


@pytest.fixture(scope="module", params=list(BUILDERS), ids=lambda f: f.__name__)
def built(request):
    builder = request.param
    return builder, check_chart_contract(builder(), BUILDERS[builder])


def test_chart_keeps_the_chapter_contract(built):
    _, spec = built
    assert "facts" in spec["usermeta"]["chatdata"]["datasets"]
    assert BUSINESS_CHATS_FACT in spec["usermeta"]["chatdata"]["fact_ids"]


def test_every_slider_moves_a_mark(built):
    check_every_slider_moves_a_mark(built[1])


def test_labels_show_the_models_figures_at_defaults(built):
    builder, spec = built
    text = svg_text(spec)
    for label in LABELS[builder](model_rates()):
        assert label in text


def test_labels_follow_the_sliders(built):
    builder, spec = built
    for name, param in sliders(spec).items():
        value = param["bind"]["max"] - 3 * param["bind"]["step"]
        text = svg_text(with_param(spec, name, value))
        for label in LABELS[builder](model_rates({name: value})):
            assert label in text, f"{label!r} missing after moving {name} to {value}"


@pytest.mark.parametrize("preset", ["article", "conservative"])
def test_labels_follow_a_preset(built, preset):
    builder, spec = built
    text = svg_text(with_param(spec, "scenario", preset))
    for label in LABELS[builder](model_rates(preset=preset)):
        assert label in text


def test_every_reference_volume_is_drawn_with_its_source():
    spec = scale.peak_messages_chart().to_dict()
    text = svg_text(spec)
    volumes = reference_volumes()
    assert set(volumes["fact_id"]) <= set(spec["usermeta"]["chatdata"]["fact_ids"])
    for label in volumes["label"]:
        assert label.split(" (")[0] in text


def test_derive_scale_matches_the_model():
    values = {"business_chats_per_day": 900e6, "messages_per_chat": 5.0}
    table = scale.derive_scale(values).set_index("figure")
    rates = model_rates(values)
    assert list(table.columns) == ["value", "unit"]
    assert (
        table.loc["Chats per second, average", "value"] == rates["chats_per_second_mean"].central
    )
    assert table.loc["Message payload per day", "value"] == rates["terabytes_per_day"].central
    assert table.loc["Messages per day", "unit"] == "messages/day"
