"""Publishing plain Altair notebooks: charts read from Altair's own outputs, data settled.

Unit tests read chart outputs in each standard form (Altair's default HTML renderer, Vega-Lite
and Vega mimebundles) and check how chart data is inlined or refused; two small builds check
the messages a user gets for a notebook with no charts, a chart whose data is off the machine
or too big, and a notebook that fails. The browser checks are in
``test_site_altair_browser.py``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from chatdata.__main__ import parser
from chatdata.site.altair_outputs import (
    ChartSource,
    html_renderer_charts,
    output_charts,
    standard_mimetypes,
)
from chatdata.site.build import build_site
from chatdata.site.chart_data import ChartDataError, compile_to_vega, inline_local_data
from chatdata.site.figures import inline_datasets, publish_chart
from chatdata.site.limits import MAX_CHART_ROWS
from chatdata.site.outputs import render_output
from chatdata.templating import HTML

SMALL = pd.DataFrame({"kind": ["a", "b", "c"], "count": [3, 1, 2]})


def small_chart() -> alt.Chart:
    return alt.Chart(SMALL).mark_bar().encode(x="kind:N", y="count:Q")


def file_chart(url: str) -> dict:
    return {"data": {"url": url}, "mark": "point", "encoding": {"x": {"field": "a"}}}


def test_altair_default_renderer_output_gives_back_the_spec():
    spec = small_chart().to_dict()
    with alt.renderers.enable("default"):  # whatever renderer another test left active
        bundle = alt.renderers.get()(spec)
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "text/html" in bundle
    assert "cdn.jsdelivr.net" in bundle["text/html"]
    charts = output_charts({"output_type": "execute_result", "data": bundle})
    assert charts == [ChartSource(spec, "vega-lite")]


def test_inline_template_and_vega_mode_are_read():
    markup = (
        '<div class="vega-visualization" id="altair-viz-9"></div><script>'
        'const spec = {"marks": []};\n  const embedOpt = {"mode": "vega"};\n'
        "  vegaEmbed('#altair-viz-9', spec, embedOpt);</script>"
    )
    assert html_renderer_charts(markup) == [ChartSource({"marks": []}, "vega")]


def test_html_that_is_not_altair_has_no_charts():
    assert output_charts({"data": {"text/html": '<p>})({"a": 1})</p>'}}) == []


@pytest.mark.parametrize(
    ("mime", "mode"),
    [
        ("application/vnd.vegalite.v5+json", "vega-lite"),
        ("application/vnd.vegalite.v6+json", "vega-lite"),
        ("application/vnd.vega.v5+json", "vega"),
        ("application/vnd.vega.v6+json", "vega"),
    ],
)
def test_chart_mimebundles_become_figures(mime, mode):
    spec = small_chart().to_dict(format="vega" if mode == "vega" else "vega-lite")
    written: list = []

    def write_chart(chart):
        written.append(chart)
        return HTML("<figure>chart</figure>")

    output = {"output_type": "display_data", "data": {mime: spec, "text/plain": "<Chart>"}}
    assert render_output(output, write_chart) == "<figure>chart</figure>"
    assert written == [ChartSource(spec, mode)]


def test_altair_6_dotted_mimetype_is_renamed_so_nbformat_takes_it():
    spec = small_chart().to_dict()
    data = {"application/vnd.vegalite.v6.json": spec, "text/plain": "<Chart>"}
    standard_mimetypes(data)
    output = nbformat.v4.new_output("display_data", data=data)
    nbformat.validate(new_notebook(cells=[new_code_cell("c", outputs=[output])]))
    assert output_charts(output) == [ChartSource(spec, "vega-lite")]


def test_vega_lite_5_specs_compile_with_vega_lite_5():
    spec = {
        **small_chart().to_dict(),
        "$schema": "https://vega.github.io/schema/vega-lite/v5.20.1.json",
    }
    vega = compile_to_vega(spec)
    assert vega["marks"]
    assert vega["data"]


def test_relative_file_is_inlined_with_its_format_and_downloadable(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "points.csv").write_text("a,b\n1,x\n2,y\n", encoding="utf-8")
    vega = inline_local_data(compile_to_vega(file_chart("data/points.csv")), tmp_path)
    entry = next(e for e in vega["data"] if e["name"] == "source_0")
    assert "url" not in entry
    assert entry["values"].startswith("a,b")
    assert entry["format"]["type"] == "csv"
    assert inline_datasets(vega)["source_0"] == [{"a": "1", "b": "x"}, {"a": "2", "b": "y"}]


def test_published_file_chart_draws_its_rows_and_writes_a_csv(tmp_path):
    (tmp_path / "points.json").write_text(json.dumps([{"a": 1}, {"a": 5}]), encoding="utf-8")
    site = tmp_path / "site"
    chart = publish_chart(ChartSource(file_chart("points.json")), "chart-1", site, "p", tmp_path)
    assert (site / "p" / "chart-1.csv").read_text(encoding="utf-8").split() == ["a", "1", "5"]
    assert (site / "p" / "chart-1.svg").read_text(encoding="utf-8").count("<path") >= 2
    assert chart.description == "A chart"


def test_file_url_and_absolute_path_are_read(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    for url in (path.as_uri(), str(path)):
        vega = inline_local_data(compile_to_vega(file_chart(url)), Path("/nowhere"))
        assert all("url" not in entry for entry in vega["data"])


@pytest.mark.parametrize(
    "url", ["https://example.org/cars.csv", "http://127.0.0.1/a.csv", "//cdn.example.org/a.csv"]
)
def test_data_off_the_machine_is_refused(url, tmp_path):
    with pytest.raises(ChartDataError, match="off this machine"):
        inline_local_data(compile_to_vega(file_chart(url)), tmp_path)


def test_missing_file_and_computed_url_are_refused(tmp_path):
    with pytest.raises(ChartDataError, match="cannot be read"):
        inline_local_data(compile_to_vega(file_chart("absent.csv")), tmp_path)
    vega = {"data": [{"name": "d", "url": {"signal": "'https://x.org/' + name"}}]}
    with pytest.raises(ChartDataError, match="computed in the browser"):
        inline_local_data(vega, tmp_path)


def test_file_over_the_row_limit_is_refused(tmp_path):
    rows = "\n".join(str(i) for i in range(MAX_CHART_ROWS + 1))
    (tmp_path / "big.csv").write_text("a\n" + rows, encoding="utf-8")
    with pytest.raises(ChartDataError, match=f"{MAX_CHART_ROWS + 1:,} rows"):
        inline_local_data(compile_to_vega(file_chart("big.csv")), tmp_path)


def test_command_takes_the_notebook_folder_as_an_argument():
    assert parser().parse_args(["build", "mine"]).notebook_dir == Path("mine")
    assert parser().parse_args(["build"]).notebook_dir is None


def _write(folder: Path, name: str, *sources: str) -> Path:
    cells = [new_markdown_cell(f"# {name}")] + [new_code_cell(source) for source in sources]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


PLAIN_CHART = (
    "import altair as alt\nimport pandas as pd\n"
    "alt.Chart(pd.DataFrame({'a': [1, 2]})).mark_bar().encode(x='a:Q')"
)


def test_notebook_without_charts_is_a_warning_not_a_failure(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    # the build's kernels load Altair without the IRI grammar (see chatdata.site.execute)
    iri = "import sys\ntype(sys.modules['rfc3987_syntax']).__name__"
    _write(folder, "01_chart", PLAIN_CHART, iri)
    _write(folder, "02_prose", "print('no chart here')")
    log = io.StringIO()
    report = build_site(
        out=tmp_path / "site", notebooks=folder, cache_folder=tmp_path / "cache",
        readme_image=None, stream=log,
    )  # fmt: skip
    assert report.ok, log.getvalue()
    assert "warning: 02_prose has no charts" in log.getvalue()
    assert "01_chart has no charts" not in log.getvalue()
    # Altair's default renderer, in a kernel with no frontend, emits HTML (not a mimebundle)
    executed = nbformat.read(next((tmp_path / "cache").glob("01_chart.*.ipynb")), as_version=4)
    data = executed.cells[1].outputs[0]["data"]
    assert "altair-viz-" in data["text/html"]
    assert not any(mime.startswith("application/vnd.vega") for mime in data)
    assert executed.cells[2].outputs[0]["data"]["text/plain"] == "'_StandIn'"
    page = (tmp_path / "site" / "01_chart.html").read_text(encoding="utf-8")
    assert page.count('class="chart"') == 1
    assert "cdn.jsdelivr" not in page


def test_unpublishable_notebooks_fail_the_build_naming_notebook_and_cell(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "big.csv").write_text(
        "a\n" + "\n".join(str(i) for i in range(MAX_CHART_ROWS + 1)), encoding="utf-8"
    )
    chart = "import altair as alt\nalt.Chart({!r}).mark_point().encode(x='a:Q')"
    _write(folder, "01_remote", "x = 1", chart.format("https://example.org/cars.csv"))
    _write(folder, "02_protocol_relative", chart.format("//cdn.example.org/cars.csv"))
    _write(folder, "03_big_file", chart.format("big.csv"))
    _write(folder, "04_raises", "1 / 0")
    _write(
        folder, "05_big_inline",
        "import altair as alt\nalt.data_transformers.disable_max_rows()\n"
        + PLAIN_CHART.replace("[1, 2]", f"list(range({MAX_CHART_ROWS + 1}))"),
    )  # fmt: skip
    density = ".transform_density('a').mark_area().encode(x='value:Q', y='density:Q')"
    _write(folder, "06_density", PLAIN_CHART.replace(".mark_bar().encode(x='a:Q')", density))
    site = tmp_path / "site"
    log = io.StringIO()
    report = build_site(
        out=site, notebooks=folder, cache_folder=tmp_path / "cache", readme_image=None,
        stream=log,
    )  # fmt: skip
    text = log.getvalue()
    assert not report.ok
    assert not site.exists()
    lines = {line.strip().split(":")[0]: line for line in text.splitlines() if ".ipynb:" in line}
    remote = lines[str(folder / "01_remote.ipynb")]
    assert "cell 2" in remote
    assert "https://example.org/cars.csv" in remote
    assert "off this machine" in remote
    assert "//cdn.example.org/cars.csv" in lines[str(folder / "02_protocol_relative.ipynb")]
    big = lines[str(folder / "03_big_file.ipynb")]
    assert "cell 1" in big
    assert f"{MAX_CHART_ROWS + 1:,} rows" in big
    assert "ZeroDivisionError" in lines[str(folder / "04_raises.ipynb")]
    inline = lines[str(folder / "05_big_inline.ipynb")]
    assert "cell 1" in inline
    assert "too big to publish" in inline
    density = lines[str(folder / "06_density.ipynb")]
    assert "cell 1" in density
    assert "chart-1 ('A chart') needs what the site's Vega runtime leaves out: transform kde" in (
        density
    )
