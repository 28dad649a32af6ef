"""The published chart files: static SVGs draw as Vega drew them, layouts embed exactly.

Static SVGs lose what draws nothing and attributes that repeat a default
(:func:`chatdata.site.figures.without_defaults`); Chromium draws each real chart before and
after, light and dark, and every pixel must agree. A page embeds a chart's widest layout whole
and the others as patches (:mod:`chatdata.site.spec_patch`); the patches must give back every
layout's spec exactly.
"""

from __future__ import annotations

import base64
import json
import re

import pytest
import vl_convert
from hypothesis import given
from hypothesis import strategies as st

from chatdata.charts import business, conversations, scale, sources
from chatdata.charts.layout import LAYOUT_WIDTHS
from chatdata.site.figures import DARK_STYLE, PublishedChart, Variant, without_defaults
from chatdata.site.spec_patch import apply_patch, layout_specs, spec_patch

CHARTS = {
    "mix (log axis, empty tick labels)": conversations.mix_chart,
    "daily messages (panels)": scale.daily_messages_chart,
    "sources (links, opacity by status)": sources.sources_chart,
    "business case (side by side)": business.business_case_chart,
}

#: Draws two SVG images on canvases at twice their size; the number of bytes that differ.
PIXEL_DIFFERENCE = """async ([first, second]) => {
  const pixels = async (source) => {
    const image = new Image();
    image.src = source;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth * 2;
    canvas.height = image.naturalHeight * 2;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return context.getImageData(0, 0, canvas.width, canvas.height).data;
  };
  const [a, b] = [await pixels(first), await pixels(second)];
  if (a.length !== b.length) return -1;
  let differ = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ++;
  return differ;
}"""


def data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(CHARTS))
def test_static_svg_without_defaults_draws_the_same(chromium, name, scheme):
    drawn = vl_convert.vegalite_to_svg(CHARTS[name]().to_dict())
    drawn = drawn.replace("</svg>", DARK_STYLE + "</svg>")
    smaller = without_defaults(drawn)
    assert len(smaller) < len(drawn), "nothing was left out"
    untitled = re.sub(r"<text\b[^>]*>[^<]+</text>", "", smaller, count=1)  # the check can fail
    context = chromium.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        difference = page.evaluate(PIXEL_DIFFERENCE, [data_url(drawn), data_url(smaller)])
        control = page.evaluate(PIXEL_DIFFERENCE, [data_url(drawn), data_url(untitled)])
    finally:
        context.close()
    assert difference == 0, f"{name}: {difference} pixel bytes differ ({scheme})"
    assert control > 0, "a drawing without its first text compared equal"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-2, 2) | st.sampled_from("ab"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("xyz"), inner),
    max_leaves=12,
)


def as_json(value: object) -> str:
    """JSON text that tells 1, 1.0 and true apart."""
    return json.dumps(value, sort_keys=True)


@given(json_values, json_values)
def test_a_patch_turns_one_value_into_the_other(base, target):
    edits = spec_patch(base, target)
    before = as_json(base)
    assert as_json(apply_patch(base, edits)) == as_json(target)
    assert as_json(base) == before, "applying a patch changed its base"
    assert (edits == []) == (as_json(base) == as_json(target))


def test_a_page_embeds_every_layout_exactly():
    rows = [{"app": "WhatsApp", "chats": 3}, {"app": "Messenger", "chats": 1}]
    base = {
        "width": 736,
        "data": [{"name": "table", "values": rows}, {"name": "extra", "values": [1]}],
        "legends": [{"orient": "right", "fill": "color"}],
        "title": {"text": "Chats", "subtitle": ["one line"]},
    }
    narrow = json.loads(json.dumps(base)) | {"width": 288}
    narrow["legends"][0]["orient"] = "bottom"
    narrow["title"]["subtitle"] = ["one", "line"]
    narrow["data"][1]["values"] = [2]
    middle = json.loads(json.dumps(narrow)) | {"width": 358}
    del middle["title"]["subtitle"]
    middle["data"][1]["values"] = [3]  # rows unlike the first layout's: in its patch
    vegas = [narrow, middle, base]
    chart = PublishedChart(
        name="chart-1",
        vega=base,
        variants=[Variant(w, v, "", (w, 100)) for w, v in zip(LAYOUT_WIDTHS, vegas, strict=True)],
    )
    embedded = json.loads(json.dumps(chart.page_spec()))
    assert embedded["data"] == {"table": rows, "extra": [2]}
    assert ["spec" in v for v in embedded["variants"]] == [False, False, True]
    assert [as_json(s) for s in layout_specs(embedded)] == [as_json(v) for v in vegas]
