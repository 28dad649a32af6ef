"""CSV downloads are safe in a spreadsheet: formula-like text is neutralised, numbers kept."""

from __future__ import annotations

import csv

import pytest

from chatdata.site.assets import write_data
from chatdata.site.figures import write_csv
from chatdata.site.spreadsheet import safe_cell

ATTACKS = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(A1:A2)", "\tnote", "\r=1+1"]  # fmt: skip


def _read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("text", ATTACKS)
def test_figure_csv_neutralises_formula_text(tmp_path, text):
    path = tmp_path / "chart.csv"
    write_csv([{"label": text, "value": -2.5}, {"label": "plain", "value": 3}], path)
    header, first, second = _read(path)
    assert header == ["label", "value"]
    assert first == ["'" + text, "-2.5"]
    assert second == ["plain", "3"]


def test_numbers_stay_numbers():
    assert [safe_cell(v) for v in (-1, -0.5, 2e-9, "-7", "+3.5", "1e-3")] == [
        -1, -0.5, 2e-9, "-7", "+3.5", "1e-3"
    ]  # fmt: skip
    assert safe_cell("-7 days") == "'-7 days"


def test_column_names_are_neutralised_too(tmp_path):
    path = tmp_path / "chart.csv"
    write_csv([{"=cmd": 1}], path)
    assert _read(path)[0] == ["'=cmd"]


def test_dataset_copies_are_neutralised_only_where_needed(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "clean.csv").write_bytes(b"id,value\r\na,-1\r\n")
    (data / "bad.csv").write_text('id,note\na,"=HYPERLINK(""x"")"\nb,-3\n', encoding="utf-8")
    site = tmp_path / "site"
    write_data(site, data)
    assert (site / "data" / "clean.csv").read_bytes() == (data / "clean.csv").read_bytes()
    assert _read(site / "data" / "bad.csv") == [
        ["id", "note"], ["a", "'=HYPERLINK(\"x\")"], ["b", "-3"]
    ]  # fmt: skip
