"""The Python panel: presets and sliders linked to the chart params, derived figures."""

import altair as alt
import ipywidgets as widgets
import pandas as pd
import pytest
import vl_convert

import chatdata
from chatdata.charts.assumptions import assumption, assumption_params
from chatdata.charts.layout import LAB_WIDTH, lab_width
from chatdata.charts.render import SITE_ENV, SPEC_MIME, SVG_MIME, VEGALITE_MIME
from chatdata.widgets import explorer
from chatdata.widgets.explorer import _SiteView, format_value
from chatdata.widgets.lab_renderer import lab_renderer, live_chart, setup
from chatdata.widgets.panel_chart import PanelChart

IDS = ["peak_to_average", "messages_per_chat"]


def chart():
    frame = pd.DataFrame({"x": [1.0, 2.0]})
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(x="y:Q")
        .transform_calculate(y="datum.x * v_peak_to_average * v_messages_per_chat")
        .add_params(*assumption_params(IDS))
    )


def derive(values):
    product = values["peak_to_average"] * values["messages_per_chat"]
    return pd.DataFrame({"figure": ["product"], "value": [product], "unit": ["messages"]})


@pytest.fixture
def panel(monkeypatch):
    monkeypatch.delenv(SITE_ENV, raising=False)
    return explorer(chart(), derive=derive)


def test_panel_holds_chart_and_one_slider_per_assumption(panel):
    assert isinstance(panel, widgets.VBox)
    assert isinstance(panel.chart, alt.JupyterChart)
    assert list(panel.sliders) == IDS
    assert panel.children[0] is panel.chart


def test_python_slider_moves_the_chart_param(panel):
    panel.sliders["peak_to_average"].value = 3.5
    assert panel.chart.params.peak_to_average == 3.5


def test_chart_param_moves_the_python_slider(panel):
    panel.chart.params.messages_per_chat = 20.0
    assert panel.sliders["messages_per_chat"].value == 20.0


def test_derived_table_follows_the_params(panel):
    before = panel.table.value
    panel.chart.params.messages_per_chat = 20.0
    expected = format_value(assumption("peak_to_average")["default"] * 20.0)
    assert panel.table.value != before
    assert f">{expected}<" in panel.table.value


def test_preset_sets_every_slider(panel):
    panel.preset.value = "conservative"
    for key in IDS:
        assert panel.sliders[key].value == assumption(key)["conservative"]
        assert getattr(panel.chart.params, key) == assumption(key)["conservative"]


def test_site_mode_shows_chart_and_note(monkeypatch):
    monkeypatch.setenv(SITE_ENV, "1")
    view = explorer(chart(), derive=derive)
    assert isinstance(view, _SiteView)
    bundle = view._repr_mimebundle_()
    assert SPEC_MIME in bundle["text/html"]
    assert "chatdata-kernel-note" in bundle["text/html"]


@pytest.fixture
def renderer_restored():
    """The active Altair renderer put back after the test (tests run in any order)."""
    before = alt.renderers.active
    yield
    alt.renderers.enable(before)


def test_setup_picks_renderer_by_context(monkeypatch, renderer_restored):
    monkeypatch.setenv(SITE_ENV, "1")
    assert setup() is None
    assert alt.renderers.active == "chatdata-site"
    monkeypatch.delenv(SITE_ENV)
    assert chatdata.setup() is None
    assert alt.renderers.active == "chatdata-lab"


def test_offline_bundle_is_cached_between_kernels(monkeypatch, tmp_path):
    from chatdata.widgets import lab_renderer as setup_module

    monkeypatch.setenv("CHATDATA_CACHE", str(tmp_path))
    monkeypatch.delenv(SITE_ENV, raising=False)
    monkeypatch.setattr(alt.JupyterChart, "_is_offline", False)
    monkeypatch.setattr(alt.JupyterChart, "_esm", "online source")
    setup_module.enable_offline_charts()
    cached = setup_module.bundle_cache_path()
    assert cached.parent == tmp_path
    assert cached.is_file()
    bundle = cached.read_text()
    assert len(bundle) > 100_000
    assert "esm.sh" not in bundle
    # A new kernel: offline again, from the cache, without bundling.
    monkeypatch.setattr(alt.JupyterChart, "_is_offline", False)
    monkeypatch.setattr(alt.JupyterChart, "_esm", "online source")
    monkeypatch.setattr(alt.JupyterChart, "enable_offline", None)
    setup_module.enable_offline_charts()
    assert alt.JupyterChart._esm == bundle
    assert alt.JupyterChart._is_offline


def test_each_slider_shows_its_value_in_words_with_its_unit(panel):
    row = next(c for c in panel.children if isinstance(c, widgets.HBox))
    slider, readout = row.children
    assert slider is panel.sliders["peak_to_average"]
    slider.value = 3.5
    assert readout.value == f"3.5 {assumption('peak_to_average')['unit']}"


def test_panel_chart_has_no_vega_inputs_but_keeps_every_param(panel):
    lab = panel.chart.spec["params"]
    original = chart().to_dict()["params"]
    assert [p["name"] for p in lab] == [p["name"] for p in original]
    assert not any("bind" in p for p in lab)
    assert any("bind" in p for p in original)  # the published chart keeps its controls


def test_panel_output_carries_vegalite_and_a_static_image(panel):
    bundle = panel._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert VEGALITE_MIME == "application/vnd.vegalite.v6+json"
    spec = bundle[VEGALITE_MIME]
    assert any("bind" in p for p in spec["params"])  # a kernel-free reader gets Vega's inputs
    assert bundle[SVG_MIME].startswith("<svg")
    assert "JupyterChart" not in bundle["text/plain"]


def test_lab_renderer_adds_static_outputs_to_plain_charts():
    bundle = lab_renderer(chart().to_dict())
    assert {"application/vnd.jupyter.widget-view+json", VEGALITE_MIME, SVG_MIME} <= set(bundle)


def test_models_that_refuse_their_inputs_give_a_plain_note(monkeypatch):
    from chatdata.charts import conversations

    monkeypatch.delenv(SITE_ENV, raising=False)
    panel = explorer(conversations.mix_chart(), derive=conversations.derive_deliveries)
    for key in conversations.SHARE_IDS.values():
        panel.sliders[key].value = 0.0
    assert "chatdata-derived-note" in panel.table.value
    assert "Traceback" not in panel.table.value


def test_derived_rows_name_the_chart_params_that_hold_them(monkeypatch):
    from chatdata.charts import scale

    monkeypatch.delenv(SITE_ENV, raising=False)
    panel = explorer(scale.chats_per_second_chart(), derive=scale.derive_scale)
    names = [p["name"] for p in panel.chart.spec["params"]]
    assert "derived_0" in names
    assert 'class="derived_0"' in panel.table.value
    monkeypatch.setenv(SITE_ENV, "1")
    html = explorer(scale.chats_per_second_chart(), derive=scale.derive_scale)._repr_mimebundle_()
    assert 'class="derived_6"' in html["text/html"]
    assert '"name":"derived_6"' in html["text/html"]


# --- the chart follows the width of its output area -----------------------------------------


@pytest.fixture
def scale_panel(monkeypatch):
    """An explorer of a chatdata chart (laid out for JupyterLab) with its sliders."""
    from chatdata.charts import scale

    monkeypatch.delenv(SITE_ENV, raising=False)
    return explorer(scale.chats_per_second_chart(), derive=scale.derive_scale)


def spec_value(spec: dict, name: str):
    return next(p["value"] for p in spec["params"] if p["name"] == name)


def test_panel_chart_starts_laid_out_for_jupyterlab(scale_panel):
    chart = scale_panel.chart
    assert chart.layout_width == LAB_WIDTH
    assert chart.spec["width"] == LAB_WIDTH
    assert chart.spec["autosize"]["type"] == "fit-x"  # Vega keeps it that wide at any params


def test_panel_chart_is_laid_out_again_for_its_output_area(scale_panel):
    chart, slider = scale_panel.chart, scale_panel.sliders["business_chats_per_day"]
    params = chart.params
    slider.value = 900e6
    chart.available_width = 968  # a 1400 px window with the file browser open
    assert (chart.layout_width, chart.spec["width"]) == (960, 960)
    assert chart.params is params  # .spec changed, not .chart: the links hold
    assert spec_value(chart.spec, "business_chats_per_day") == 900e6  # drawn where it was
    assert not any("bind" in p for p in chart.spec["params"])
    slider.value = 1.2e9
    assert chart.params.business_chats_per_day == 1.2e9
    chart.params.business_chats_per_day = 300e6
    assert slider.value == 300e6
    assert ">3,472<" in scale_panel.table.value  # the derived figures still follow


def test_each_width_is_laid_out_once_and_small_jitters_not_at_all(scale_panel, monkeypatch):
    from chatdata.widgets import panel_chart

    chart = scale_panel.chart
    calls = []
    real = panel_chart.fit_lab
    monkeypatch.setattr(panel_chart, "fit_lab", lambda *args: calls.append(args[1]) or real(*args))
    specs = []
    chart.observe(lambda change: specs.append(change["new"]), names="spec")
    for available in (968, 975, 999, 568, 590, 968):
        chart.available_width = available
    assert [chart.layout_width, calls] == [960, [960]]
    assert len(specs) == 3  # 960, back to 560, then 960 again from the cache


def test_a_chart_that_is_not_ours_keeps_its_layout(monkeypatch):
    from chatdata.widgets.panel_chart import PanelChart

    monkeypatch.delenv(SITE_ENV, raising=False)
    plain = PanelChart(chart())
    spec = plain.spec
    plain.available_width = 968
    assert plain.layout_width == 0
    assert plain.spec == spec


def test_saved_explorer_chart_is_laid_out_for_jupyterlab(scale_panel):
    from chatdata.charts.layout import svg_size

    bundle = scale_panel._repr_mimebundle_()
    assert svg_size(bundle[SVG_MIME])[0] <= LAB_WIDTH
    assert any("bind" in p for p in bundle[VEGALITE_MIME]["params"])


def test_plain_chatdata_charts_are_laid_out_for_jupyterlab():
    from chatdata.charts import platforms
    from chatdata.charts.layout import svg_size

    chart = platforms.users_chart()
    assert svg_size(vl_convert.vegalite_to_svg(chart.to_dict()))[0] > LAB_WIDTH
    bundle = lab_renderer(chart.to_dict())
    assert svg_size(bundle[SVG_MIME])[0] <= LAB_WIDTH
    # live, it follows its output area as an explorer's chart does
    live = live_chart(chart.to_dict())
    assert isinstance(live, PanelChart)
    assert live.layout_width == LAB_WIDTH
    live.available_width = 1010
    assert live.layout_width == lab_width(1010) > LAB_WIDTH
    drawn = vl_convert.vegalite_to_svg(live.spec)
    assert lab_width(1010) - 40 <= svg_size(drawn)[0] <= lab_width(1010)


def test_live_charts_keep_the_renderers_embed_options():
    from chatdata.charts import platforms
    from chatdata.charts.layout import LEGEND_PATCH

    options = {"actions": False}
    live = live_chart(platforms.users_chart().to_dict(), options)
    assert isinstance(live, PanelChart)
    assert live.embed_options == {"patch": LEGEND_PATCH, **options}
    plain = live_chart(alt.Chart(pd.DataFrame({"a": [1]})).mark_bar().to_dict(), options)
    assert plain.embed_options == options
