"""Strict data: malformed CSV bytes, a broken datapackage.json, and the Frictionless check."""

from __future__ import annotations

import csv
import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import chatdata
from chatdata import DataError
from chatdata._descriptor import read_package
from chatdata._schema import MAX_CELL
from chatdata.datasets import validate

DATA = Path(chatdata.__file__).parent / "data"


def _one_line(error: pytest.ExceptionInfo) -> str:
    message = str(error.value)
    assert "\n" not in message, message
    return message


# --- CSV bytes ---------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_unterminated_quote_is_an_error_not_a_merged_row(tmp_path):
    lines = (DATA / "platforms.csv").read_bytes().splitlines(keepends=True)
    closing = lines[1].rstrip(b"\r\n").rindex(b'"')
    lines[1] = lines[1][:closing] + lines[1][closing + 1 :]
    path = _write(tmp_path, "platforms.csv", b"".join(lines))
    with pytest.raises(DataError) as info:
        validate("platforms", path)
    message = _one_line(info)
    assert str(path) in message
    assert "CSV line 2" in message
    assert "quote" in message


def test_quoted_cell_over_a_line_break_is_refused(tmp_path):
    header, *rows = (DATA / "business_functions.csv").read_text(encoding="utf-8").splitlines()
    rows[2] = 'Sales,function,"one line\nand another"'
    path = _write(tmp_path, "bf.csv", "\n".join([header, *rows]).encode() + b"\n")
    with pytest.raises(DataError) as info:
        validate("business_functions", path)
    assert "CSV line 4" in _one_line(info)
    assert "line break" in str(info.value)


def test_bytes_that_are_not_utf8_name_file_and_line(tmp_path):
    data = (DATA / "industry_use_cases.csv").read_bytes().splitlines(keepends=True)
    data[4] = data[4].replace(b"e", b"\xe9", 1)  # Latin-1 e-acute
    path = _write(tmp_path, "uses.csv", b"".join(data))
    with pytest.raises(DataError) as info:
        validate("industry_use_cases", path)
    message = _one_line(info)
    assert str(path) in message
    assert "CSV line 5" in message
    assert "0xe9" in message


@pytest.mark.parametrize("length", [MAX_CELL + 1, 200_000])
def test_overlong_cell_names_file_and_line(tmp_path, length):
    with open(DATA / "business_functions.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[2][-1] = "x, " * (length // 3 + 1)
    path = tmp_path / "bf.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(DataError) as info:
        validate("business_functions", path)
    assert "CSV line 3" in _one_line(info)
    assert f"{MAX_CELL:,} characters" in str(info.value)


def test_unreadable_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="cannot be read"):
        validate("facts", tmp_path / "absent.csv")


# --- datapackage.json --------------------------------------------------------------------


@pytest.fixture
def package_dir(tmp_path):
    """A copy of the packaged data folder to break."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


def _descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _save(folder: Path, package: dict) -> None:
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")


def _field(package: dict, resource: str, field: str) -> dict:
    table = next(r for r in package["resources"] if r["name"] == resource)
    return next(f for f in table["schema"]["fields"] if f["name"] == field)


def _broken(folder: Path) -> str:
    with pytest.raises(DataError) as info:
        read_package(folder, source="dp.json")
    message = _one_line(info)
    assert message.startswith("dp.json: ")
    return message


def test_packaged_descriptor_passes_the_checks():
    assert len(read_package(DATA)["resources"]) == len(chatdata.list_datasets())


def test_invalid_json_names_line_and_column(package_dir):
    path = package_dir / "datapackage.json"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == '"name": "chatdata",')
    lines[at] = lines[at].rstrip(",")  # drop a comma: the next line is at fault
    path.write_text("\n".join(lines), encoding="utf-8")
    message = _broken(package_dir)
    assert "invalid JSON" in message
    assert f"line {at + 2}, column" in message


def test_unknown_field_type(package_dir):
    package = _descriptor(package_dir)
    _field(package, "platforms", "users_figure")["type"] = "decimal"
    _save(package_dir, package)
    message = _broken(package_dir)
    assert "resources[2] (platforms).schema.fields[4] (users_figure).type" in message
    assert "unknown field type 'decimal'" in message


def test_bad_pattern_is_one_line(package_dir):
    package = _descriptor(package_dir)
    _field(package, "facts", "id")["constraints"]["pattern"] = "^[a-z"
    _save(package_dir, package)
    message = _broken(package_dir)
    assert "(facts).schema.fields[0] (id).constraints.pattern" in message
    assert "'^[a-z' is not a regular expression" in message


def test_duplicate_resource_names(package_dir):
    package = _descriptor(package_dir)
    package["resources"][3]["name"] = "platforms"
    _save(package_dir, package)
    assert "resources[3].name: resource name 'platforms' is used twice" in _broken(package_dir)


def test_missing_file(package_dir):
    (package_dir / "ai_features.csv").unlink()
    message = _broken(package_dir)
    assert "resources[6] (ai_features).path: 'ai_features.csv': no such file" in message


@pytest.mark.parametrize("path", ["../facts.csv", "/etc/passwd", "facts.tsv"])
def test_resource_path_must_be_a_csv_in_the_package(package_dir, path):
    package = _descriptor(package_dir)
    package["resources"][0]["path"] = path
    _save(package_dir, package)
    assert "(facts).path" in _broken(package_dir)


def test_unknown_constraint(package_dir):
    package = _descriptor(package_dir)
    _field(package, "facts", "id")["constraints"]["maxLenght"] = 5
    _save(package_dir, package)
    assert "unknown constraint 'maxLenght'" in _broken(package_dir)


def test_primary_key_names_a_field(package_dir):
    package = _descriptor(package_dir)
    package["resources"][0]["schema"]["primaryKey"] = ["ident"]
    _save(package_dir, package)
    assert "(facts).schema.primaryKey: no field 'ident'" in _broken(package_dir)


def _run_with_package(folder: Path, tmp_path: Path, code: str) -> subprocess.CompletedProcess:
    """Run ``code`` against a copy of chatdata whose data folder is ``folder``."""
    copy = tmp_path / "tree" / "chatdata"
    shutil.copytree(
        Path(chatdata.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__", "data")
    )
    shutil.copytree(folder, copy / "data")
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(copy.parent), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,  # not the checkout, whose chatdata would come first
        timeout=120,
    )


def test_import_never_fails_because_of_a_data_file(package_dir, tmp_path):
    (package_dir / "datapackage.json").write_text("{not json", encoding="utf-8")
    code = (
        "import chatdata\n"
        "try:\n    chatdata.load('facts')\n"
        "except chatdata.DataError as exc:\n    print('DataError:', exc)\n"
    )
    result = _run_with_package(package_dir, tmp_path, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("DataError: chatdata/data/datapackage.json: line 1, column 2")


# --- Frictionless ------------------------------------------------------------------------


@pytest.fixture
def offline(monkeypatch):
    """Make any network connection fail, so the validator must work from local files."""

    def refuse(*args, **kwargs):
        raise OSError("network use in an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _frictionless(path: Path):
    import frictionless  # a test dependency; imported here as it is slow to import

    return frictionless.validate(str(path))


def test_offline_guard_really_blocks_the_network(offline):
    with pytest.raises(OSError, match="offline"):
        socket.create_connection(("127.0.0.1", 9))


def test_frictionless_validates_the_package_offline(offline):
    report = _frictionless(DATA / "datapackage.json")
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "note"])
    assert [task.name for task in report.tasks] == chatdata.list_datasets()


def test_frictionless_rejects_a_bad_cell(offline, package_dir):
    path = package_dir / "conversation_types.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",0.55,", ",1.55,", 1))
    report = _frictionless(package_dir / "datapackage.json")
    assert not report.valid
    assert "constraint-error" in {e[0] for e in report.flatten(["type"])}


# --- cross-field integrity -----------------------------------------------------------------


def _edited(tmp_path: Path, name: str, edit) -> Path:
    """A copy of a packaged CSV after ``edit(rows)``, rows as dicts keyed by column."""
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    edit(rows)
    path = tmp_path / f"{name}.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _set_cell(key: str, column: str, new: str):
    """An edit that sets ``column`` of the row whose first cell is ``key``."""

    def edit(rows):
        row = next(r for r in rows if next(iter(r.values())) == key)
        row[column] = new

    return edit


def _refused(tmp_path, name, edit, *, row: int | None, column: str) -> str:
    path = _edited(tmp_path, name, edit)
    with pytest.raises(DataError) as info:
        validate(name, path)
    message = _one_line(info)
    assert str(path) in message, message
    assert f"column {column!r}" in message, message
    if row is not None:
        assert f"data row {row} (CSV line {row + 1})" in message, message
    return message


def _row_of(name: str, key: str) -> int:
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as handle:
        keys = [row[0] for row in csv.reader(handle)][1:]
    return keys.index(key) + 1


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("default", "3000000000", "above max"),
        ("default", "1", "below min"),
        ("article", "3000000000", "above max"),
        ("conservative", "50000000", "below min"),
        ("max", "100000000", "not above min"),
        ("step", "5000000000", "wider than max - min"),
    ],
)
def test_assumption_ranges_are_checked(tmp_path, column, value, words):
    edit = _set_cell("business_chats_per_day", column, value)
    row = _row_of("assumptions", "business_chats_per_day")
    assert words in _refused(tmp_path, "assumptions", edit, row=row, column=column)


@pytest.mark.parametrize("column", ["default", "evidence"])
def test_assumption_shares_sum_to_one(tmp_path, column):
    edit = _set_cell("share_messenger", column, "0.5")
    message = _refused(tmp_path, "assumptions", edit, row=None, column=column)
    assert "chapter 02_platforms sum to" in message
    assert "not 1" in message


def test_conversation_shares_sum_to_one(tmp_path):
    def edit(rows):
        rows[0]["share_default"], rows[0]["share_high"] = "0.95", "0.99"

    message = _refused(tmp_path, "conversation_types", edit, row=None, column="share_default")
    assert "sum to 1.4, not 1" in message


def test_conversation_share_outside_its_range(tmp_path):
    edit = _set_cell("group", "share_default", "0.5")
    message = _refused(tmp_path, "conversation_types", edit, row=2, column="share_default")
    assert "above share_high" in message


@pytest.mark.parametrize(
    ("name", "key", "column", "value"),
    [
        ("article_claims", "whatsapp-chats", "fact_ids", "meta-business-chats-2023;no-such-fact"),
        ("ai_features", None, "fact_ids", "no-such-fact"),
        ("ai_features", None, "model_parameters", "spam_prevalence;no_such_param"),
        ("platforms", "Telegram", "users_fact_id", "no-such-fact"),
        ("facts", None, "supersedes", "no-such-fact"),
        ("assumptions", "paid_share", "source", "articel"),
    ],
)
def test_every_referenced_id_names_a_row(tmp_path, name, key, column, value):
    if key is None:  # the first row
        with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as handle:
            key = list(csv.reader(handle))[1][0]
    edit = _set_cell(key, column, value)
    message = _refused(tmp_path, name, edit, row=_row_of(name, key), column=column)
    assert "names no row of" in message
    assert value.split(";")[-1] in message


@pytest.mark.parametrize(("name", "key"), [("article_claims", "meta-total-chats"),
                                           ("assumptions", "business_chats_per_day"),
                                           ("facts", "meta-business-chats-2023")])  # fmt: skip
def test_units_come_from_a_controlled_list(tmp_path, name, key):
    edit = _set_cell(key, "unit", "chats per day")
    message = _refused(tmp_path, name, edit, row=_row_of(name, key), column="unit")
    assert "'chats per day' is not one of" in message


def test_frictionless_checks_the_foreign_keys_too(offline, package_dir):
    path = _edited(package_dir, "platforms", _set_cell("Telegram", "users_fact_id", "nope"))
    assert path.parent == package_dir
    report = _frictionless(package_dir / "datapackage.json")
    assert "foreign-key" in {e[0] for e in report.flatten(["type"])}
