"""What chatdata keeps between kernels and builds: layouts read back instead of drawn again."""

from __future__ import annotations

import pytest

from chatdata import user_cache
from chatdata.charts import layout

SPEC = {
    "data": {"values": [{"kind": "a long row label", "n": 3}, {"kind": "b", "n": 5}]},
    "mark": "bar",
    "encoding": {
        "y": {"field": "kind", "type": "nominal"},
        "x": {"field": "n", "type": "quantitative"},
    },
    "width": 520,
    "usermeta": {"chatdata": {"datasets": []}},
}


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """The cache in a fresh folder; the widths :func:`layout.fit_measured` really laid out."""
    monkeypatch.setenv("CHATDATA_CACHE", str(tmp_path / "cache"))
    real, widths = layout._measure, []

    def measure(spec, width, attempts, settings):
        widths.append(width)
        return real(spec, width, attempts, settings)

    monkeypatch.setattr(layout, "_measure", measure)
    return widths


def test_a_layout_asked_for_again_is_read_not_drawn(counted):
    first = layout.fit_measured(SPEC, 300)
    again = layout.fit_measured(SPEC, 300)
    assert counted == [300]
    assert again == first
    layout.fit_measured(SPEC, 400)  # another width is another layout
    layout.fit_measured({**SPEC, "title": "A title"}, 300)  # and so is another spec
    assert counted == [300, 400, 300]


def test_what_a_caller_changes_is_not_kept(counted):
    laid, vega, _svg = layout.fit_measured(SPEC, 300)
    vega.pop("usermeta", None)
    laid["width"] = 1
    assert layout.fit_measured(SPEC, 300)[0]["width"] != 1
    assert counted == [300]


def test_a_damaged_file_is_drawn_again(counted):
    layout.fit_measured(SPEC, 300)
    (file,) = (user_cache.folder() / "layouts").iterdir()
    file.write_text('["cut short', encoding="utf-8")
    assert layout.fit_measured(SPEC, 300)[2].startswith("<svg")
    assert counted == [300, 300]


def test_without_a_writable_folder_layouts_still_come(monkeypatch, tmp_path, counted):
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CHATDATA_CACHE", str(blocker))
    assert layout.fit_measured(SPEC, 300)[2].startswith("<svg")
    assert layout.fit_measured(SPEC, 300)[2].startswith("<svg")
    assert counted == [300, 300]
    assert blocker.read_text(encoding="utf-8") == ""


def test_the_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("CHATDATA_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache.folder() == tmp_path / "chatdata"
    monkeypatch.setenv("CHATDATA_CACHE", str(tmp_path / "own"))
    assert user_cache.folder() == tmp_path / "own"
