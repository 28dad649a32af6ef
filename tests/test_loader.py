"""The loader: chatdata.datasets and its error reporting."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import chatdata
from chatdata import DataError, assumption, assumptions, list_datasets, load, metadata
from chatdata.datasets import DTYPES, data, validate

DATA = Path(chatdata.__file__).parent / "data"
EIGHT = [
    "facts",
    "article_claims",
    "platforms",
    "conversation_types",
    "industry_use_cases",
    "business_functions",
    "ai_features",
    "assumptions",
]


def test_public_api_is_exported():
    for name in ("list_datasets", "load", "metadata", "DataError", "assumption", "assumptions"):
        assert name in chatdata.__all__
    assert issubclass(DataError, ValueError)


def test_list_datasets():
    assert list_datasets() == EIGHT


@pytest.mark.parametrize("name", EIGHT)
def test_dtypes_follow_schema(name):
    frame = load(name)
    fields = metadata(name)["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    for field in fields:
        assert frame[field["name"]].dtype == DTYPES[field["type"]], field["name"]


def test_specific_dtypes():
    facts = load("facts")
    assert isinstance(facts["id"].dtype, pd.StringDtype)
    assert facts["value_low"].dtype == "float64"
    assert facts["approx"].dtype == "boolean"
    assert facts["as_of_date"].dtype == "datetime64[ns]"


@pytest.mark.parametrize("name", EIGHT)
def test_required_cells_are_never_missing(name):
    frame = load(name)
    for field in metadata(name)["fields"]:
        if field.get("constraints", {}).get("required"):
            assert not frame[field["name"]].isna().any(), field["name"]


@pytest.mark.parametrize("call", [load, metadata, validate])
def test_unknown_dataset_names_the_valid_ones(call: Callable):
    with pytest.raises(KeyError) as info:
        call("cars")
    message = str(info.value)
    assert "cars" in message
    assert all(name in message for name in EIGHT)


def test_load_returns_copies():
    first = load("platforms")
    first.loc[0, "platform"] = "changed"
    assert load("platforms").loc[0, "platform"] == "WhatsApp"


def test_metadata_shape():
    meta = metadata("facts")
    assert set(meta) >= {"title", "description", "licenses", "sources", "fields", "primary_key"}
    assert meta["primary_key"] == ["id"]
    meta["fields"].clear()
    assert metadata("facts")["fields"]


def test_assumption_is_plain_python():
    row = assumption("business_chats_per_day")
    assert row["source"] == "meta-business-chats-2023"
    assert type(row["default"]) is float
    assert type(row["label"]) is str
    assert row["default"] == 6e8


def test_assumption_blank_preset_means_default(monkeypatch, tmp_path):
    source = (DATA / "assumptions.csv").read_text(encoding="utf-8")
    lines = source.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("group_size_people,"))
    cells = next(csv.reader([lines[index]]))
    cells[-3:] = ["", "", ""]
    lines[index] = ",".join(cells)
    path = tmp_path / "assumptions.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setitem(chatdata.datasets._CACHE, "assumptions", validate("assumptions", path))
    row = assumption("group_size_people")
    assert row["article"] == row["evidence"] == row["conservative"] == row["default"] == 8.0
    frame = assumptions("03_conversation_types").set_index("id")
    assert frame.loc["group_size_people", "conservative"] == 8.0


def test_unknown_assumption():
    with pytest.raises(KeyError, match="no_such"):
        assumption("no_such")


def test_assumptions_by_chapter():
    frame = assumptions("05_ai_features")
    assert set(frame["chapter"]) == {"05_ai_features"}
    assert len(assumptions()) == len(load("assumptions"))
    with pytest.raises(KeyError, match="01_scale"):
        assumptions("99_nothing")


def test_attribute_access_like_vega_datasets():
    pd.testing.assert_frame_equal(data.facts(), load("facts"))
    assert "value_low" in data.facts.__doc__
    assert "CC-BY-4.0" in data.facts.__doc__
    assert sorted(dir(data)) == sorted(EIGHT)
    with pytest.raises(AttributeError, match="facts"):
        _ = data.cars
    assert "article_claims" in load.__doc__


# --- malformed files -------------------------------------------------------------------


def _corrupt(tmp_path: Path, name: str, edit: Callable[[list[str], list[list[str]]], None]):
    """Copy a packaged CSV into tmp_path after ``edit(header, rows)`` changes it in place."""
    source = DATA / metadata(name)["path"]
    with open(source, newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    edit(header, rows)
    target = tmp_path / f"bad_{name}.csv"
    with open(target, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])
    return target


def _set(column: str, row: int, value: str):
    """An edit that puts ``value`` in ``column`` of data row ``row`` (1-based)."""

    def edit(header, rows):
        rows[row - 1][header.index(column)] = value

    return edit


def _expect(path: Path, name: str, *, row: int | None, column: str) -> str:
    with pytest.raises(DataError) as info:
        validate(name, path)
    message = str(info.value)
    assert path.name in message
    if row is None:
        assert "header" in message
    else:
        assert f"data row {row} (CSV line {row + 1})" in message
    assert re.search(re.escape(repr(column)), message), message
    return message


def test_missing_column(tmp_path):
    def edit(header, rows):
        at = header.index("unit")
        del header[at]
        for cells in rows:
            del cells[at]

    _expect(_corrupt(tmp_path, "facts", edit), "facts", row=None, column="unit")


def test_unknown_column(tmp_path):
    def edit(header, rows):
        header.append("colour")
        for cells in rows:
            cells.append("red")

    _expect(_corrupt(tmp_path, "platforms", edit), "platforms", row=None, column="colour")


def test_text_in_number_field(tmp_path):
    path = _corrupt(tmp_path, "facts", _set("value_low", 3, "abc"))
    message = _expect(path, "facts", row=3, column="value_low")
    assert "'abc' is not a number" in message


def test_empty_required_field(tmp_path):
    path = _corrupt(tmp_path, "assumptions", _set("default", 2, ""))
    assert "required" in _expect(path, "assumptions", row=2, column="default")


def test_duplicate_primary_key(tmp_path):
    def edit(header, rows):
        rows[4][header.index("id")] = rows[1][header.index("id")]

    message = _expect(_corrupt(tmp_path, "facts", edit), "facts", row=5, column="id")
    assert "data row 2" in message


def test_duplicate_compound_primary_key(tmp_path):
    def edit(header, rows):
        rows.append(list(rows[0]))

    path = _corrupt(tmp_path, "industry_use_cases", edit)
    _expect(path, "industry_use_cases", row=13, column="industry, platform, use_case")


def test_value_above_maximum(tmp_path):
    path = _corrupt(tmp_path, "conversation_types", _set("share_high", 4, "1.5"))
    assert "maximum" in _expect(path, "conversation_types", row=4, column="share_high")


def test_value_below_minimum(tmp_path):
    path = _corrupt(tmp_path, "assumptions", _set("step", 1, "0"))
    assert "minimum" in _expect(path, "assumptions", row=1, column="step")


def test_value_outside_enum(tmp_path):
    path = _corrupt(tmp_path, "facts", _set("kind", 7, "blog"))
    assert "'blog' is not one of" in _expect(path, "facts", row=7, column="kind")


def test_bad_date_and_boolean(tmp_path):
    path = _corrupt(tmp_path, "facts", _set("as_of_date", 2, "2023-02-30"))
    _expect(path, "facts", row=2, column="as_of_date")
    path = _corrupt(tmp_path, "facts", _set("approx", 2, "maybe"))
    _expect(path, "facts", row=2, column="approx")


def test_nan_text_is_not_a_number(tmp_path):
    path = _corrupt(tmp_path, "platforms", _set("users_figure", 1, "nan"))
    _expect(path, "platforms", row=1, column="users_figure")


def test_short_row(tmp_path):
    def edit(header, rows):
        rows[2] = rows[2][:2]

    path = _corrupt(tmp_path, "business_functions", edit)
    with pytest.raises(DataError, match=r"data row 3 \(CSV line 4\): 2 cells"):
        validate("business_functions", path)
