"""Chapter 0 chart: what Meta said against what the article added."""

from chatdata.charts import intro
from chatdata.charts.common import EVIDENCE_KINDS, evidence_label
from chatdata.datasets import load
from chatdata.models.verdicts import judge_claims

from chart_checks import check_chart_contract, mark_items, svg_text


def chats_claims():
    claims = judge_claims(load("article_claims"))
    return claims[claims["unit"] == intro.CHATS_UNIT]


def test_claims_chart_keeps_the_contract():
    spec = check_chart_contract(intro.claims_chart(), ())
    assert "article_claims" in spec["usermeta"]["chatdata"]["datasets"]


def test_every_chats_claim_is_drawn_with_its_verdict():
    text = svg_text(intro.claims_chart().to_dict())
    for claim in chats_claims().itertuples():
        assert f"{claim.value_low / 1e6:,.0f}" in text
        assert claim.verdict in text


def test_only_metas_total_is_coloured_as_a_sourced_figure():
    frame = intro.claims_frame().set_index("claim_id")
    article = evidence_label("article")
    assert frame.loc[intro.META_CLAIM, "basis"] != article
    assert (frame.drop(index=intro.META_CLAIM)["basis"] == article).all()
    assert len(frame) == len(chats_claims())


def test_floors_are_triangles_and_ranges_have_two_ends():
    spec = intro.claims_chart().to_dict()
    frame = intro.claims_frame()
    triangles = [i for i in mark_items(spec, "symbol") if i.get("shape") == "triangle-right"]
    assert len(triangles) == (frame["form"] == "more than").sum()
    ticks = mark_items(spec, "rect")
    assert len(ticks) == 2 * (frame["form"] == "range").sum()
    assert EVIDENCE_KINDS["article"][1] in {i.get("fill") for i in triangles}
