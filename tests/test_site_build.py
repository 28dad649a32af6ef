"""The site build: escaping, policy, shared assets, cache, failures, data (no browser needed).

The site is built once per module from the small notebooks in :mod:`site_fixtures`, which
follow the real chapters' pattern and carry hostile strings in markdown and chart data.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from chatdata import list_datasets
from chatdata.__main__ import main
from chatdata.charts.layout import svg_size
from chatdata.charts.render import chart_html
from chatdata.site import build
from chatdata.site.assets import DATA, VEGA_BUNDLE, published_runtime
from chatdata.site.build import build_site
from chatdata.site.cache import (
    SITE_TEMPLATES,
    NotebookCache,
    PageCache,
    cache_key,
    notebook_digest,
    package_digest,
    page_key,
    renderer_digest,
    store_executed,
)
from chatdata.site.execute import NotebookError, execute_notebook
from chatdata.site.limits import MAX_CHART_ROWS, output_problems
from chatdata.site.templates import CSP

from site_fixtures import (
    ATTRIBUTE_TEXT,
    SCRIPT_TEXT,
    SETUP,
    write_failing_notebook,
    write_fixture_notebooks,
)


class Elements(HTMLParser):
    """Every start tag of a document as (tag, attributes), and its text."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """Fixture notebooks, a cache folder and a first build of the site."""
    root = tmp_path_factory.mktemp("site-project")
    notebooks = root / "notebooks"
    write_fixture_notebooks(notebooks)
    log = io.StringIO()
    report = build_site(
        out=root / "site",
        notebooks=notebooks,
        cache_folder=root / "cache",
        jobs=2,
        timeout=60,
        readme_image=root / "docs" / "chart.png",
        stream=log,
    )
    assert report.ok, log.getvalue()
    return {"root": root, "notebooks": notebooks, "site": root / "site", "log": log.getvalue()}


def kernels_started_in(folder: Path) -> list[psutil.Process]:
    """Running kernels whose working directory is ``folder`` (the build starts them there)."""
    folder = str(Path(folder).resolve())
    found = []
    for process in psutil.process_iter(["cmdline", "cwd", "status"]):
        command = " ".join(process.info["cmdline"] or [])
        alive = process.info["status"] != psutil.STATUS_ZOMBIE
        if alive and "ipykernel" in command and process.info["cwd"] == folder:
            found.append(process)
    return found


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by path relative to the site."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def copy_project(project: dict, root: Path) -> dict:
    """A copy of the fixture notebooks and of the warm cache, to change without side effects."""
    shutil.copytree(project["notebooks"], root / "notebooks")
    shutil.copytree(project["root"] / "cache", root / "cache")
    return {"notebooks": root / "notebooks", "cache": root / "cache", "site": root / "site"}


def rebuild(copy: dict, jobs: int = 2):
    """Build a copied project's site again over its warm cache: the report and the log."""
    log = io.StringIO()
    report = build_site(
        out=copy["site"],
        notebooks=copy["notebooks"],
        cache_folder=copy["cache"],
        jobs=jobs,
        readme_image=None,
        stream=log,
    )
    assert report.ok, log.getvalue()
    return report, log.getvalue()


def forbid_workers(monkeypatch) -> None:
    """Make starting the worker pool an error, to prove a build did not need it."""

    def refuse(*args, **kwargs):
        raise AssertionError("the build started worker processes")

    monkeypatch.setattr(build, "ProcessPoolExecutor", refuse)


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def chapter_pages(site: Path) -> list[Path]:
    return sorted(site.glob("[0-9]*.html"))


def test_progress_names_each_notebook_with_status_time_and_source(project):
    lines = [line for line in project["log"].splitlines() if line.startswith("[")]
    assert len(lines) == 2
    for line in lines:
        assert re.search(r"\] (01_alpha|02_beta)\s+ok\s+\d+\.\d s\s+\(executed\)$", line), line


def test_hostile_strings_render_as_text_not_elements(project):
    text = (project["site"] / "01_alpha.html").read_text(encoding="utf-8")
    document = Elements(text)
    scripts = document.all("script")
    assert all(s.get("src") or s.get("type") == "application/json" for s in scripts), scripts
    assert not any("onerror" in attrs for _, attrs in document.tags)
    assert not [img for img in document.all("img") if img.get("src") == "x"]
    visible = "".join(document.text)
    assert SCRIPT_TEXT in visible  # markdown, source line and printed output, as text
    assert ATTRIBUTE_TEXT in visible
    for blob in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', text, re.S):
        assert "<" not in blob
        assert ">" not in blob
        labels = json.dumps(json.loads(blob))
        assert "alert('pwned')" in labels  # the data is still there, just escaped


def test_pandas_table_output_is_cleaned_but_kept(project):
    text = (project["site"] / "01_alpha.html").read_text(encoding="utf-8")
    document = Elements(text)
    assert document.all("table"), "the DataFrame output should stay a table"
    assert not document.all("style")
    assert "<td>&lt;script&gt;alert('pwned')&lt;/script&gt;</td>" in text


def test_every_page_has_the_content_security_policy(project):
    for page in pages(project["site"]):
        metas = Elements(page.read_text(encoding="utf-8")).all("meta")
        policies = [
            m["content"] for m in metas if m.get("http-equiv") == "Content-Security-Policy"
        ]
        assert policies == [CSP], page
        assert "default-src 'self'" in CSP
        assert "http" not in CSP


def test_vega_is_shipped_once_and_referenced_by_every_chapter(project):
    site = project["site"]
    bundle = (site / "assets" / VEGA_BUNDLE).read_text(encoding="utf-8")
    signature = bundle[-200:]
    assert len(bundle) > 100_000
    scripts = list(site.rglob("*.js"))
    holding = [p for p in scripts if signature in p.read_text(encoding="utf-8")]
    assert holding == [site / "assets" / VEGA_BUNDLE]
    for page in chapter_pages(site):
        text = page.read_text(encoding="utf-8")
        sources = [s.get("src") for s in Elements(text).all("script") if s.get("src")]
        assert sources == [f"assets/{VEGA_BUNDLE}", "assets/site.js"], page
        assert signature not in text
        assert len(text) < 150_000


def test_no_page_loads_anything_from_another_origin(project):
    external = re.compile(r"^(https?:)?//", re.I)
    for page in pages(project["site"]):
        document = Elements(page.read_text(encoding="utf-8"))
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for attrs in document.all(tag):
                assert not external.match(attrs.get(attribute) or ""), (page, tag, attrs)
    css = (project["site"] / "assets" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css
    assert "@import" not in css


def test_charts_have_alt_text_source_line_svg_and_csv(project):
    site = project["site"]
    text = (site / "01_alpha.html").read_text(encoding="utf-8")
    document = Elements(text)
    figures = document.all("figure")
    assert len(figures) == 1
    assert "Bar chart of chats by app" in "".join(document.text)
    assert "Source: fixture" in "".join(document.text)
    svg = site / "01_alpha" / "chart-1.svg"
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<svg")
    # the holder holds the chart as drawn for each screen width, the narrowest as the <img>
    assert re.search(
        r'<div class="chart-view" data-spec="chart-1-spec"><picture class="chart-static">'
        r'<source media="\(min-width: 768px\)" srcset="01_alpha/chart-1\.svg" width="736" ',
        text,
    )
    assert re.search(r'<img src="01_alpha/chart-1-288\.svg" width="\d+" height="\d+" alt="B', text)
    for width in (288, 358):
        drawn, _ = svg_size((site / "01_alpha" / f"chart-1-{width}.svg").read_text("utf-8"))
        assert 0.8 * width <= drawn <= width, f"the {width} px layout is {drawn} px wide"
    links = [a["href"] for a in document.all("a") if a.get("class") == "chart-data"]
    assert links == ["01_alpha/chart-1.csv"]
    rows = list(csv.DictReader((site / links[0]).open(encoding="utf-8")))
    assert [r["app"] for r in rows] == ["WhatsApp", SCRIPT_TEXT, ATTRIBUTE_TEXT]


def test_site_mode_explorer_and_widgets_are_not_shown_dead(project):
    text = (project["site"] / "02_beta.html").read_text(encoding="utf-8")
    assert text.count('<figure class="chart"') == 2  # the chart, then the explorer's chart
    assert "chatdata-kernel-note" in text
    assert 'class="widget-note"' in text
    assert "IntSlider(value" not in text  # the widget's text form, which would look dead
    assert "&#x27;chatdata-site&#x27;" not in text  # setup()'s return value is not shown


def test_code_is_folded_and_pages_link_to_their_neighbours(project):
    site = project["site"]
    first = (site / "01_alpha.html").read_text(encoding="utf-8")
    second = (site / "02_beta.html").read_text(encoding="utf-8")
    assert '<details class="code"><summary>Show code</summary>' in first
    assert '<details class="code" open' not in first
    assert 'rel="next" href="02_beta.html"' in first
    assert 'rel="prev"' not in first
    assert 'rel="prev" href="01_alpha.html"' in second
    assert 'rel="next"' not in second


def test_index_lists_chapters_with_their_first_paragraph(project):
    text = (project["site"] / "index.html").read_text(encoding="utf-8")
    assert text.index('href="01_alpha.html"') < text.index('href="02_beta.html"')
    assert "Beta: peaks" in text
    assert "How busy is the <strong>busiest</strong> hour?" in text
    assert "&lt;script&gt;" in text
    assert "<script>" not in text


def test_data_folder_holds_every_dataset_and_the_package(project):
    data = project["site"] / "data"
    assert (data / "datapackage.json").read_bytes() == (DATA / "datapackage.json").read_bytes()
    for name in list_datasets():
        assert (data / f"{name}.csv").read_bytes() == (DATA / f"{name}.csv").read_bytes()
    assert {p.name for p in data.glob("*.csv")} == {p.name for p in DATA.glob("*.csv")}


def test_readme_image_is_a_png(project):
    image = project["root"] / "docs" / "chart.png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_kernel_outlives_the_build(project):
    assert kernels_started_in(project["notebooks"]) == []


def test_a_failing_notebook_shuts_its_kernel_down(tmp_path):
    broken = write_failing_notebook(tmp_path)
    with pytest.raises(NotebookError):
        execute_notebook(broken, timeout=60)
    assert kernels_started_in(tmp_path) == []


def test_second_build_copies_every_page_from_the_cache_without_workers(
    project, monkeypatch, tmp_path
):
    # Its own copy of the site, the notebooks and the warm cache: what other tests build
    # cannot change what this one finds (it passes in any order).
    copy = copy_project(project, tmp_path)
    shutil.copytree(project["site"], copy["site"])
    first = site_files(copy["site"])
    image = tmp_path / "chart.png"
    shutil.copy2(project["root"] / "docs" / "chart.png", image)
    written = image.stat().st_mtime_ns
    forbid_workers(monkeypatch)
    log = io.StringIO()
    report = build_site(
        out=copy["site"],
        notebooks=copy["notebooks"],
        cache_folder=copy["cache"],
        jobs=2,
        readme_image=image,
        stream=log,
    )
    assert report.ok, log.getvalue()
    assert [o.cached for o in report.outcomes] == [True, True]
    assert log.getvalue().count("(cached)") == 2
    assert site_files(copy["site"]) == first
    assert [o.charts for o in report.outcomes] == [1, 2]
    assert image.stat().st_mtime_ns == written, "an unchanged README image was rewritten"


def test_changed_code_is_executed_again_and_the_rest_copied(project, tmp_path):
    copy = copy_project(project, tmp_path)
    path = copy["notebooks"] / "02_beta.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("A sentence added after the first build."))
    nb.cells.append(nbformat.v4.new_code_cell("1 + 1"))
    nbformat.write(nb, path)
    report, _ = rebuild(copy)
    assert [o.cached for o in report.outcomes] == [True, False]
    page = (copy["site"] / "02_beta.html").read_text(encoding="utf-8")
    assert "A sentence added after the first build." in page
    assert (copy["site"] / "02_beta" / "chart-1.svg").is_file()
    assert (copy["site"] / "01_alpha.html").read_bytes() == (
        project["site"] / "01_alpha.html"
    ).read_bytes()


def test_the_site_gets_the_core_runtime_when_every_chart_fits_it(project):
    shipped = (project["site"] / "assets" / VEGA_BUNDLE).read_bytes()
    assert shipped == published_runtime(runtime="core")
    assert shipped.startswith(b"//# allFunctionsCalledOnLoad\n")  # V8 compiles it eagerly
    assert shipped != published_runtime()
    assert "Vega runtime: core" in project["log"]


def test_one_chart_the_core_cannot_draw_gives_the_site_the_full_runtime(
    project, tmp_path, monkeypatch
):
    """Also on a warm build, which copies the pages and reads what they need from the cache."""
    copy = copy_project(project, tmp_path)
    area = (
        "import altair as alt\nimport pandas as pd\n"
        "alt.Chart(pd.DataFrame({'a': [1, 2], 'b': [3, 1]})).mark_area().encode(x='a', y='b')"
    )
    nb = new_notebook(cells=[new_markdown_cell("# Gamma: an area"), new_code_cell(area)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}  # fmt: skip
    nbformat.write(nb, copy["notebooks"] / "03_gamma.ipynb")
    full = published_runtime()
    report, log = rebuild(copy)
    assert [o.cached for o in report.outcomes] == [True, True, False]
    assert (copy["site"] / "assets" / VEGA_BUNDLE).read_bytes() == full
    assert "Vega runtime: full" in log
    forbid_workers(monkeypatch)
    report, log = rebuild(copy)
    assert log.count("(cached)") == 3
    assert (copy["site"] / "assets" / VEGA_BUNDLE).read_bytes() == full
    monkeypatch.undo()  # 02_beta's page is rendered again: its neighbours change
    (copy["notebooks"] / "03_gamma.ipynb").unlink()
    rebuild(copy)
    assert (copy["site"] / "assets" / VEGA_BUNDLE).read_bytes() == published_runtime("core")


def test_prose_edit_renders_the_page_again_without_executing(project, tmp_path):
    copy = copy_project(project, tmp_path)
    path = copy["notebooks"] / "02_beta.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_markdown_cell("A sentence written after the first build."))
    nbformat.write(nb, path)
    report, _ = rebuild(copy, jobs=1)
    assert [o.cached for o in report.outcomes] == [True, True]  # neither was executed
    page = (copy["site"] / "02_beta.html").read_text(encoding="utf-8")
    assert "A sentence written after the first build." in page
    assert page.count('class="chart"') == (project["site"] / "02_beta.html").read_text(
        encoding="utf-8"
    ).count('class="chart"')


def test_an_execution_stored_from_outside_is_taken_as_the_builds_own(tmp_path):
    """What nbval executed (see the root conftest.py) is published without running again."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # beside: part of the key
    path = folder / "01_kept.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Kept"), new_code_cell("1 / 0")]), path)
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="kept output")]
    store_executed(tmp_path / "cache", path, nb)
    log = io.StringIO()
    report = build_site(out=tmp_path / "site", notebooks=folder, cache_folder=tmp_path / "cache",
                        readme_image=None, stream=log, jobs=1)  # fmt: skip
    assert report.ok, log.getvalue()  # 1 / 0 never ran
    assert [o.cached for o in report.outcomes] == [True]
    assert "kept output" in (tmp_path / "site" / "01_kept.html").read_text(encoding="utf-8")


def test_notebook_key_ignores_prose_and_follows_code(project, tmp_path):
    notebook = project["notebooks"] / "01_alpha.ipynb"
    copy = tmp_path / notebook.name
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("More prose."))
    nbformat.write(nb, copy)
    package = package_digest()
    assert cache_key(copy, package) == cache_key(notebook, package)
    assert notebook_digest(copy) != notebook_digest(notebook)
    nb.cells.append(nbformat.v4.new_code_cell("x = 1"))
    nbformat.write(nb, copy)
    assert cache_key(copy, package) != cache_key(notebook, package)


def test_changed_template_renders_pages_again_from_cached_notebooks(
    project, tmp_path, monkeypatch
):
    copy = copy_project(project, tmp_path)
    page_cache = copy["cache"] / "pages"
    for entry in page_cache.iterdir():
        (entry / PageCache.PAGE).write_text("stale", encoding="utf-8")
    templates = tmp_path / "templates"
    shutil.copytree(SITE_TEMPLATES, templates)
    assert renderer_digest(templates) == renderer_digest()
    (templates / "page.html").write_text("changed", encoding="utf-8")
    assert renderer_digest(templates) != renderer_digest()
    # Same notebooks and code, but a page key that no cached page has: pages are rendered
    # again from the cached notebooks (no kernel) and replace the stale entries.
    changed = renderer_digest(templates)
    monkeypatch.setattr(build, "renderer_digest", lambda: changed)
    report, _ = rebuild(copy)
    assert [o.cached for o in report.outcomes] == [True, True]  # notebooks not executed
    assert site_files(copy["site"]) == site_files(project["site"])
    assert len(list(page_cache.iterdir())) == 2  # one entry per page, the stale ones gone


def test_page_key_follows_notebook_renderer_and_neighbours():
    key = page_key("nb", "renderer", ["01_a.html A", ""])
    assert page_key("nb", "renderer", ["01_a.html A", ""]) == key
    assert page_key("nb2", "renderer", ["01_a.html A", ""]) != key
    assert page_key("nb", "renderer2", ["01_a.html A", ""]) != key
    assert page_key("nb", "renderer", ["01_a.html A new title", ""]) != key


def test_package_digest_follows_code_and_data(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "module.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "data" / "facts.csv").write_text("id\n1\n", encoding="utf-8")
    before = package_digest(tmp_path)
    (tmp_path / "data" / "facts.csv").write_text("id\n2\n", encoding="utf-8")
    after_data = package_digest(tmp_path)
    (tmp_path / "module.py").write_text("x = 2\n", encoding="utf-8")
    assert len({before, after_data, package_digest(tmp_path)}) == 3


def test_damaged_page_cache_entry_is_a_miss(tmp_path):
    site = tmp_path / "site"
    (site / "01_a").mkdir(parents=True)
    (site / "01_a.html").write_text("page", encoding="utf-8")
    (site / "01_a" / "chart-1.svg").write_text("<svg/>", encoding="utf-8")
    cache = PageCache(tmp_path / "pages")
    cache.store("01_a", "k1", site, {"charts": 1, "first_chart": None})
    restored = tmp_path / "restored"
    restored.mkdir()
    assert cache.restore("01_a", "k1", restored) == {"charts": 1, "first_chart": None}
    assert site_files(restored) == site_files(site)
    assert cache.restore("01_a", "k2", restored) is None
    (tmp_path / "pages" / "01_a.k1" / PageCache.OUTCOME).write_text("{", encoding="utf-8")
    assert cache.restore("01_a", "k1", tmp_path) is None


def test_cache_key_follows_notebook_and_package(project, tmp_path):
    notebook = project["notebooks"] / "01_alpha.ipynb"
    copy = tmp_path / notebook.name
    copy.write_bytes(notebook.read_bytes())
    package = package_digest()
    assert cache_key(copy, package) == cache_key(notebook, package)
    assert cache_key(copy, package + "x") != cache_key(copy, package)
    nb = nbformat.read(copy, as_version=4)
    next(cell for cell in nb.cells if cell.cell_type == "code").source += "\n1"
    nbformat.write(nb, copy)
    assert cache_key(copy, package) != cache_key(notebook, package)
    cache = NotebookCache(tmp_path / "cache")
    assert cache.load("01_alpha", "k1") is None
    cache.store("01_alpha", "k1", nb)
    cache.store("01_alpha", "k2", nb)
    assert cache.load("01_alpha", "k1") is None
    stored = cache.load("01_alpha", "k2")
    assert next(c for c in stored.cells if c.cell_type == "code").source.endswith("\n1")


def test_failing_notebook_fails_the_build_and_keeps_the_old_site(
    project, tmp_path, tmp_path_factory, capsys
):
    # A copy of the warm cache: this build stores pages whose neighbours include the broken
    # chapter, which must not replace the entries other tests expect.
    cache = tmp_path_factory.mktemp("failing-cache") / "cache"
    shutil.copytree(project["root"] / "cache", cache)
    notebooks = tmp_path / "notebooks"
    for path in project["notebooks"].glob("*.ipynb"):
        (notebooks / path.name).parent.mkdir(exist_ok=True)
        (notebooks / path.name).write_bytes(path.read_bytes())
    broken = write_failing_notebook(notebooks)
    out = tmp_path / "site"
    shutil.copytree(project["site"], out)  # a site an earlier build published
    published = site_files(out)
    status = main(
        [
            "build",
            "--out", str(out),
            "--notebooks", str(notebooks),
            "--cache", str(cache),
            "--timeout", "60",
            "--no-readme-image",
        ]
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert status == 1
    assert str(broken) in printed
    assert "cell 2" in printed
    assert "ratio = 1 / 0" in printed
    assert "ZeroDivisionError" in printed
    assert "03_broken" in printed
    assert "FAILED" in printed
    assert site_files(out) == published
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "site"]


def test_missing_notebooks_folder_is_an_error(tmp_path):
    status = main(["build", "--out", str(tmp_path / "site"), "--notebooks", str(tmp_path)])
    assert status == 1
    assert not (tmp_path / "site").exists()


def test_pages_carry_a_print_stylesheet(project):
    css = (project["site"] / "assets" / "site.css").read_text(encoding="utf-8")
    print_rules = css[css.index("@media print") :]
    assert ".pager" in print_rules
    assert "details.code" in print_rules
    for page in chapter_pages(project["site"]):
        links = Elements(page.read_text(encoding="utf-8")).all("link")
        assert {"rel": "stylesheet", "href": "assets/site.css"} in links


def _write_notebook(folder: Path, cells: list) -> Path:
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = folder / "big.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("print('x' * 1_200_000)", "an output of 1,200,"),
        (
            "import altair as alt, pandas as pd\n"
            "alt.data_transformers.disable_max_rows()  # past Altair's own guard\n"
            "alt.Chart(pd.DataFrame({'x': range(6000)})).mark_tick().encode(x='x:Q')",
            "a chart with 6,000 rows of data",
        ),
    ],
    ids=["huge-output", "raw-data-chart"],
)
def test_oversized_outputs_stop_the_build_naming_the_cell(tmp_path, cell, reason):
    path = _write_notebook(tmp_path, [new_markdown_cell("# Big"), new_code_cell(SETUP),
                                      new_code_cell(cell)])  # fmt: skip
    with pytest.raises(NotebookError) as caught:
        execute_notebook(path, timeout=60)
    message = str(caught.value)
    assert str(path) in message
    assert "cell 2" in message
    assert "too big to publish" in message
    assert reason in message


def test_small_outputs_pass_the_limits():
    chart = {"text/html": chart_html({"datasets": {"d": [{"x": 1}] * MAX_CHART_ROWS}})}
    assert output_problems({"output_type": "display_data", "data": chart}) == []
