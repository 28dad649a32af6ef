"""Shared chart pieces: evidence colours, source lines and provenance."""

import altair as alt
import pandas as pd
import pytest

from chatdata.charts import common
from chatdata.charts.assumptions import assumption_params


def small_chart(ids=("peak_to_average",)):
    frame = pd.DataFrame({"x": [1.0, 2.0]})
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(x="y:Q")
        .transform_calculate(y=f"datum.x * v_{ids[0]}")
        .add_params(*assumption_params(ids))
    )


def test_finish_adds_title_description_and_source_line():
    chart = common.finish(
        small_chart(),
        title="A finding",
        description="Bars of a test chart.",
        datasets=["assumptions", "facts"],
        fact_ids=["meta-business-chats-2023"],
    )
    spec = chart.to_dict()
    meta = spec["usermeta"]["chatdata"]
    assert spec["description"] == "Bars of a test chart."
    assert spec["title"]["text"] == "A finding"
    subtitle = spec["title"]["subtitle"]
    lines = [subtitle] if isinstance(subtitle, str) else subtitle
    assert " ".join(lines) == meta["source_line"]
    assert "assumptions, facts" in meta["source_line"]
    assert "press report" in meta["source_line"]


@pytest.mark.parametrize(
    "kwargs",
    [{"datasets": ["no_such_dataset"]}, {"datasets": ["facts"], "fact_ids": ["no-such-fact"]}],
)
def test_finish_refuses_unknown_provenance(kwargs):
    with pytest.raises(ValueError, match="unknown"):
        common.finish(small_chart(), title="t", description="d", **kwargs)


def test_evidence_labels_and_scale_agree():
    scale = common.evidence_scale().to_dict()
    assert common.evidence_label("assumption") in scale["domain"]
    assert len(set(scale["range"])) == len(scale["range"])
    with pytest.raises(ValueError, match="unknown evidence kind"):
        common.evidence_label("rumour")


def test_many_sources_are_counted_on_the_chart_and_listed_in_metadata():
    ids = ["whatsapp-messages-2016", "whatsapp-messages-2018", "whatsapp-messages-2020"]
    ids += ["meta-messages-2023", "sms-global-2016"]
    chart = common.finish(
        small_chart(), title="t", description="d", datasets=["facts"], fact_ids=ids
    )
    spec = chart.to_dict()
    subtitle = spec["title"]["subtitle"]
    drawn = subtitle if isinstance(subtitle, str) else " ".join(subtitle)
    full = spec["usermeta"]["chatdata"]["source_line"]
    assert drawn.startswith("Sources: 5 publications (")
    assert "Memeburn" in full
    assert "Memeburn" not in drawn
    assert drawn.endswith("chatdata datasets: facts")
