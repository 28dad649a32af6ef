"""The data layer: datapackage.json, the CSVs it describes, and data-raw/make_facts.py."""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import sys
from pathlib import Path

import pandas as pd
import pytest

from chatdata import load, metadata
from chatdata.datasets import validate
from chatdata.models.facts import fact
from chatdata.models.verdicts import judge_claims

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "chatdata" / "data"
PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
NAMES = list(RESOURCES)
FIELDS = [(r["name"], f) for r in PACKAGE["resources"] for f in r["schema"]["fields"]]
TYPES = {"string", "number", "integer", "boolean", "date"}
EXPECTED = [
    "facts",
    "article_claims",
    "platforms",
    "conversation_types",
    "industry_use_cases",
    "business_functions",
    "ai_features",
    "assumptions",
]
REQUIRED_FACT_IDS = [
    "meta-business-chats-2023",
    "meta-messages-2023",
    "whatsapp-price-per-conversation-2023",
    "whatsapp-messages-2020",
    "whatsapp-messages-2016",
    "whatsapp-messages-2018",
    "whatsapp-peak-messages-per-second-2022",
    "sms-global-2016",
    "whatsapp-users-2020",
    "whatsapp-mau-2025",
    "whatsapp-dau-2022",
    "messenger-mau-2016",
    "messenger-mau-2017",
    "instagram-mau-2022",
    "instagram-mau-2025",
    "imessage-peak-messages-per-second-2016",
    "imessage-messages-2014",
    "imessage-messages-2013",
    "telegram-mau-2024",
    "telegram-mau-2025",
    "click-to-message-run-rate-2023",
    "whatsapp-paid-messaging-run-rate-2025",
    "whatsapp-india-business-share-2023",
    "meta-business-ai-alpha-2023",
]


def _split(cell) -> list[str]:
    if cell is None or cell is pd.NA or (isinstance(cell, float) and math.isnan(cell)):
        return []
    return [part.strip() for part in str(cell).split(";") if part.strip()]


def _make_facts():
    spec = importlib.util.spec_from_file_location(
        "make_facts", ROOT / "data-raw" / "make_facts.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


# --- the package -----------------------------------------------------------------------


def test_exactly_the_eight_resources():
    assert NAMES == EXPECTED


def test_package_has_name_title_licence():
    assert PACKAGE["name"]
    assert PACKAGE["title"]
    assert PACKAGE["licenses"]


@pytest.mark.parametrize("name", NAMES)
def test_resource_is_described_licensed_and_sourced(name):
    resource = RESOURCES[name]
    assert resource["title"].strip()
    assert len(resource["description"]) > 40
    assert resource["licenses"]
    assert all(lic.get("name") for lic in resource["licenses"])
    assert resource["sources"]
    assert all(s.get("title") for s in resource["sources"])
    urls = [s["path"] for s in resource["sources"] if s.get("path")]
    assert urls
    assert all(u.startswith(("http://", "https://")) for u in urls)
    assert (DATA / resource["path"]).is_file()
    assert resource["schema"]["primaryKey"]


@pytest.mark.parametrize(("name", "field"), FIELDS, ids=[f"{n}.{f['name']}" for n, f in FIELDS])
def test_field_has_type_description_and_unit(name, field):
    assert field["type"] in TYPES
    assert field["description"].strip()
    if field["type"] in {"number", "integer"}:
        assert field.get("unit", "").strip(), f"{name}.{field['name']} needs a unit"
    for key in field.get("constraints", {}):
        assert key in {"required", "minimum", "maximum", "exclusiveMinimum", "enum", "pattern"}


@pytest.mark.parametrize("name", NAMES)
def test_csv_matches_schema(name):
    path = DATA / RESOURCES[name]["path"]
    with open(path, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == [f["name"] for f in RESOURCES[name]["schema"]["fields"]]
    frame = validate(name, path)
    assert len(frame) > 0


@pytest.mark.parametrize("name", NAMES)
def test_primary_key_unique(name):
    frame = load(name)
    key = metadata(name)["primary_key"]
    assert not frame.duplicated(key).any()


# --- cross references ------------------------------------------------------------------


def test_required_fact_ids_exist():
    ids = set(load("facts")["id"])
    assert not sorted(set(REQUIRED_FACT_IDS) - ids)


def test_every_fact_id_referenced_exists():
    ids = set(load("facts")["id"])
    refs = {}
    for fact_ids in load("article_claims")["fact_ids"]:
        refs.update(dict.fromkeys(_split(fact_ids), "article_claims"))
    for fact_ids in load("ai_features")["fact_ids"]:
        refs.update(dict.fromkeys(_split(fact_ids), "ai_features"))
    refs.update(dict.fromkeys(load("platforms")["users_fact_id"], "platforms"))
    sources = set(load("assumptions")["source"]) - {"article", "assumption"}
    refs.update(dict.fromkeys(sources, "assumptions"))
    assert refs
    assert {k: v for k, v in refs.items() if k not in ids} == {}


def test_ai_feature_parameters_are_assumptions():
    ids = set(load("assumptions")["id"])
    used = {p for cell in load("ai_features")["model_parameters"] for p in _split(cell)}
    assert used
    assert used <= ids


def test_platform_users_match_facts():
    for row in load("platforms").itertuples():
        users = fact(row.users_fact_id)
        assert row.users_figure == users["value_low"]
        assert row.users_as_of == users["as_of"]


def test_claim_platforms_are_known():
    known = set(load("platforms")["platform"]) | {"Meta (all apps)"}
    assert set(load("article_claims")["platform"]) <= known


def test_600_million_claim_says_it_counts_business_chats():
    claims = judge_claims(load("article_claims")).set_index("id")
    row = claims.loc["meta-total-chats"]
    assert row["value_low"] == 600e6
    assert row["quote"] == "users and businesses have 600 million chats on its platforms every day"
    assert row["verdict"] == "supported"
    # Right for October 2023, read by the article as all chats, followed by another unit.
    assert row["reason"].startswith("Right for October 2023")
    assert "between people and businesses" in row["reason"]
    assert "every chat" in row["reason"]
    assert "Followed in June 2026 by a figure in another unit" in row["reason"]
    assert "threads/day" in row["reason"]
    assert "meta-business-chats-2023" in _split(row["fact_ids"])


def test_claim_verdicts_are_computed_not_typed():
    assert "verdict" not in load("article_claims").columns
    verdicts = judge_claims(load("article_claims")).set_index("id")["verdict"].to_dict()
    assert verdicts["whatsapp-users"] == "outdated"
    assert {verdicts[k] for k in ("whatsapp-chats", "messenger-chats")} == {"unsupported"}
    assert {verdicts[k] for k in ("imessage-chats", "telegram-chats")} == {"different unit"}


# --- values ----------------------------------------------------------------------------


def test_fact_bounds_are_consistent():
    for row in load("facts").itertuples():
        low, high = row.value_low, row.value_high
        if row.bound == "qualitative":
            assert (math.isnan(low), math.isnan(high)) == (True, True), row.id
        elif row.bound == "lower":
            assert (math.isnan(low), math.isnan(high)) == (False, True), row.id
        elif row.bound == "upper":
            assert (math.isnan(low), math.isnan(high)) == (True, False), row.id
        elif row.bound in {"exact", "approx"}:
            assert low == high, row.id
        else:
            assert low < high, row.id
        assert row.approx == (row.bound == "approx") or row.bound in {"upper", "lower"}


def test_key_fact_values():
    assert fact("meta-business-chats-2023")["value_low"] == 6e8
    assert fact("meta-messages-2023")["value_low"] == 1.4e11
    assert fact("whatsapp-messages-2020")["value_high"] == 1e11
    assert fact("whatsapp-messages-2020")["as_of_date"] == pd.Timestamp("2020-10-29")
    assert fact("whatsapp-india-business-share-2023")["value_low"] == 0.6
    price = fact("whatsapp-price-per-conversation-2023")
    assert (price["value_low"], price["value_high"], price["bound"]) == (0.005, 0.15, "range")
    assert fact("whatsapp-paid-messaging-run-rate-2025")["as_of_date"] == pd.Timestamp(
        "2025-10-01"
    )


@pytest.mark.parametrize("row", load("assumptions").to_dict("records"), ids=lambda r: r["id"])
def test_assumption_ranges(row):
    assert row["step"] > 0
    assert row["min"] <= row["default"] <= row["max"]
    for preset in ("article", "evidence", "conservative"):
        value = row[preset]
        if not math.isnan(value):
            assert row["min"] <= value <= row["max"], preset
    assert row["step"] <= row["max"] - row["min"]


def test_conversation_shares_match_assumptions():
    types = load("conversation_types").set_index("type")
    assumptions = load("assumptions").set_index("id")
    for kind, row in types.iterrows():
        assert row["share_default"] == assumptions.loc[f"share_{kind}", "default"]
        assert row["share_low"] <= row["share_default"] <= row["share_high"]
    assert types["share_default"].sum() == pytest.approx(1)


# --- make_facts.py ---------------------------------------------------------------------


def test_make_facts_reproduces_facts_csv(tmp_path):
    out = _make_facts().write_facts(tmp_path / "facts.csv")
    assert out.read_bytes() == (DATA / "facts.csv").read_bytes()


@pytest.mark.parametrize(
    ("text", "low", "high", "bound"),
    [
        (">600 million", 6e8, None, "lower"),
        ("600 million", 6e8, 6e8, "exact"),
        ("~100 billion", 1e11, 1e11, "approx"),
        ("$0.005-$0.15", 0.005, 0.15, "range"),
        ("50-100 million", 5e7, 1e8, "range"),
        (">60%", 0.6, None, "lower"),
        ("just under 2 billion", None, 2e9, "upper"),
        ("200,000", 2e5, 2e5, "exact"),
        ("$801 million (+54% y/y)", 8.01e8, 8.01e8, "exact"),
        ("early alpha launched", None, None, "qualitative"),
        ("21 opens; 41 minutes", None, None, "qualitative"),
    ],
)
def test_parse_value(text, low, high, bound):
    parsed = _make_facts().parse_value(text)
    assert parsed.bound == bound
    assert (None if parsed.low is None else float(parsed.low)) == low
    assert (None if parsed.high is None else float(parsed.high)) == high


def test_parse_value_rejects_unknown_forms():
    module = _make_facts()
    with pytest.raises(module.FactsError):
        module.parse_value("12 dozen-ish")


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2023-10-25", "2023-10-25"), ("2023-02", "2023-02-01"), ("2025-Q4", "2025-10-01"),
     ("2017", "2017-01-01")],
)  # fmt: skip
def test_as_of_date(text, iso):
    assert _make_facts().as_of_date(text) == iso


def test_make_facts_fails_loudly_without_an_id(tmp_path):
    module = _make_facts()
    lines = (ROOT / "data-raw" / "fact_ids.tsv").read_text(encoding="utf-8").splitlines()
    ids = tmp_path / "fact_ids.tsv"
    ids.write_text("\n".join(line for line in lines if "sms-global-2016" not in line) + "\n")
    with pytest.raises(module.FactsError, match="no id"):
        module.write_facts(tmp_path / "facts.csv", ids_path=ids)


def _raw_with(tmp_path, old_id: str, new_id: str, **cells):
    """Copy the raw table and id sidecar, with one fact's cells changed."""
    module = _make_facts()
    raws = module._read_tsv(ROOT / "data-raw" / "facts.tsv", module.RAW_COLUMNS)
    ids = module.read_ids()
    by_id = {ids[(r["metric"], r["platform"], r["as_of"])]: r for r in raws}
    by_id[new_id].update(cells, supersedes=old_id)
    raw = tmp_path / "facts.tsv"
    with open(raw, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, module.RAW_COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE,
            lineterminator="\n",
        )  # fmt: skip
        writer.writeheader()
        writer.writerows(raws)
    return module, raw


def test_supersedes_links_newer_facts_of_the_same_unit():
    facts = load("facts").set_index("id")
    linked = facts[facts["supersedes"].notna()]
    assert len(linked) >= 4
    for _, row in linked.iterrows():
        old = facts.loc[row["supersedes"]]
        assert old["unit"] == row["unit"]
        assert old["as_of_date"] < row["as_of_date"]
    # The 2026 threads figure is another unit: it must not update the 2023 chats.
    assert pd.isna(facts.loc["meta-business-threads-2026", "supersedes"])


def test_make_facts_rejects_supersession_across_units(tmp_path):
    module, raw = _raw_with(tmp_path, "meta-business-chats-2023", "meta-business-threads-2026")
    with pytest.raises(module.FactsError, match="another unit"):
        module.write_facts(tmp_path / "facts.csv", raw_path=raw)


def test_make_facts_rejects_an_older_successor(tmp_path):
    module, raw = _raw_with(
        tmp_path, "meta-dap-2026-03", "meta-dap-2025-12", supersedes="meta-dap-2026-03"
    )
    with pytest.raises(module.FactsError, match="not newer"):
        module.write_facts(tmp_path / "facts.csv", raw_path=raw)


def test_package_records_when_facts_were_checked():
    from chatdata.datasets import checked

    # No fact can be newer than the day the facts were checked.
    assert pd.Timestamp(checked()) >= load("facts")["as_of_date"].max()
