"""Derive ``chatdata/data/facts.csv`` from the raw reference table ``data-raw/facts.tsv``.

Run from anywhere::

    python data-raw/make_facts.py

The script is deterministic: running it twice gives the same bytes. It reads

* ``data-raw/facts.tsv``: one published figure per row, with the value as the
  publisher wrote it (``">600 million"``, ``"~100 billion"``, ``"$0.005-$0.15"``);
* ``data-raw/fact_ids.tsv``: the reviewed, stable id of each figure, keyed on
  ``metric`` + ``platform`` + ``as_of``. Ids live here rather than being generated,
  so that adding or reordering raw rows never renames an existing fact.

and writes ``facts.csv`` with the published text parsed into numbers in base units
(counts, US dollars, fractions for percentages). The ``quote`` column stays in the
raw file only. Any row the parser does not understand, any raw row without an id,
and any id without a raw row stops the script with an error.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE / "facts.tsv"
IDS = HERE / "fact_ids.tsv"
OUT = HERE.parent / "chatdata" / "data" / "facts.csv"

RAW_COLUMNS = [
    "metric",
    "platform",
    "value",
    "unit",
    "as_of",
    "source_title",
    "source_url",
    "quote",
    "kind",
    "supersedes",
    "note",
    "added",
]
ID_COLUMNS = ["id", "metric", "platform", "as_of"]
OUT_COLUMNS = [
    "id",
    "metric",
    "platform",
    "value_text",
    "value_low",
    "value_high",
    "bound",
    "approx",
    "unit",
    "as_of",
    "as_of_date",
    "source_title",
    "source_url",
    "kind",
    "supersedes",
    "note",
    "added",
]
KINDS = {"company-statement", "filing", "press-report", "analyst-estimate", "our-calculation"}
#: Units whose rows describe a rule or an event, not a quantity: their values stay text.
QUALITATIVE_UNITS = {"billing model", "announcement", "qualitative"}
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

SCALES = {
    "": Decimal(1),
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "%": Decimal("0.01"),
}
# A single published number: optional dollar sign, digits (commas allowed), then an
# optional scale word or percent sign. Words after the scale ("each", "SMS") are
# descriptive and ignored.
NUMBER = re.compile(
    r"^\$?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>%|thousand|million|billion|trillion)?"
    r"(?:\s+[A-Za-z][A-Za-z ]*)?$"
)
# "A-B" or "A to B"; A may borrow B's scale word ("50-100 million").
RANGE = re.compile(
    r"^(?P<a>\$?\d[\d,]*(?:\.\d+)?)\s*(?P<scale>%|thousand|million|billion|trillion)?"
    r"\s*(?:-|to)\s*(?P<b>\$?\d.*)$"
)
# Leading hedges: text -> (bound, approx)
PREFIXES = [
    (">", "lower", False),
    ("over ", "lower", False),
    ("more than ", "lower", False),
    ("<", "upper", False),
    ("under ", "upper", False),
    ("just under ", "upper", True),
    ("~", "approx", True),
    ("about ", "approx", True),
    ("roughly ", "approx", True),
    ("close to ", "approx", True),
]


class FactsError(ValueError):
    """Raised when the raw table or the id sidecar cannot be turned into facts.csv."""


@dataclass(frozen=True)
class Parsed:
    """A published value parsed into base units."""

    low: Decimal | None
    high: Decimal | None
    bound: str
    approx: bool


def _number(text: str) -> Decimal:
    """Parse one number with its scale word, e.g. ``"$801 million"`` -> 801000000."""
    match = NUMBER.match(text.strip())
    if not match:
        raise FactsError(f"cannot read a number from {text!r}")
    value = Decimal(match["num"].replace(",", ""))
    return value * SCALES[match["scale"] or ""]


def parse_value(text: str) -> Parsed:
    """Parse a value as published into low/high numbers in base units.

    Parameters
    ----------
    text : str
        The value exactly as the source printed it.

    Returns
    -------
    Parsed
        ``bound`` is one of exact, approx, lower, upper, range, qualitative.

    Raises
    ------
    FactsError
        If the text has digits but matches none of the known forms.
    """
    value = text.strip()
    if not re.search(r"\d", value) and not value.startswith("several "):
        return Parsed(None, None, "qualitative", False)
    if ";" in value:
        # Two different quantities in one cell ("21 opens; 41 minutes"): no single
        # low/high describes them, so the numbers stay in value_text only.
        return Parsed(None, None, "qualitative", False)
    # A forecast "A (2025) -> B (2028)" is recorded by its first (current) figure;
    # a comparison "A vs B" or share "A of B" by its subject, A.
    value = re.split(r"\s*->\s*|\s+vs\s+|\s+of\s+", value, maxsplit=1)[0]
    value = re.sub(r"\s*\([^)]*\)\s*$", "", value).strip()
    if value.startswith("several "):
        # "several billion": at least two of the unit, and a hedge.
        return Parsed(2 * _number("1 " + value.removeprefix("several ")), None, "lower", True)
    for prefix, bound, approx in sorted(PREFIXES, key=lambda p: -len(p[0])):
        if value.lower().startswith(prefix):
            number = _number(value[len(prefix) :])
            if bound == "lower":
                return Parsed(number, None, bound, approx)
            if bound == "upper":
                return Parsed(None, number, bound, approx)
            return Parsed(number, number, bound, approx)
    match = RANGE.match(value)
    if match:
        high = _number(match["b"])
        scale = match["scale"] or (NUMBER.match(match["b"].strip())["scale"] or "")
        low = _number(match["a"]) * SCALES[scale]
        if low > high:
            raise FactsError(f"range {text!r} runs backwards")
        return Parsed(low, high, "range", False)
    number = _number(value)
    return Parsed(number, number, "exact", False)


def as_of_date(text: str) -> str:
    """Turn ``2023-10-25``, ``2023-02``, ``2025-Q4`` or ``2017`` into an ISO date.

    A month, quarter or year maps to its first day.
    """
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return f"{text}-01"
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", text)
    if quarter:
        return f"{quarter[1]}-{3 * int(quarter[2]) - 2:02d}-01"
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01-01"
    raise FactsError(f"cannot read a date from as_of {text!r}")


def _fmt(number: Decimal | None) -> str:
    """Plain decimal text with no exponent and no trailing zeros; blank for None."""
    if number is None:
        return ""
    return format(number.normalize(), "f")


def _read_tsv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames != columns:
            raise FactsError(f"{path.name}: expected columns {columns}, got {reader.fieldnames}")
        rows = []
        for line, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise FactsError(f"{path.name} line {line}: wrong number of cells")
            rows.append({k: v.strip() for k, v in row.items()})
        return rows


def read_ids(path: Path = IDS) -> dict[tuple[str, str, str], str]:
    """Read the id sidecar into ``{(metric, platform, as_of): id}``."""
    ids: dict[tuple[str, str, str], str] = {}
    seen: set[str] = set()
    for line, row in enumerate(_read_tsv(path, ID_COLUMNS), start=2):
        key = (row["metric"], row["platform"], row["as_of"])
        if not ID_PATTERN.match(row["id"]):
            raise FactsError(f"{path.name} line {line}: id {row['id']!r} is not a slug")
        if row["id"] in seen:
            raise FactsError(f"{path.name} line {line}: id {row['id']!r} used twice")
        if key in ids:
            raise FactsError(f"{path.name} line {line}: key {key} listed twice")
        seen.add(row["id"])
        ids[key] = row["id"]
    return ids


AS_ABOVE = " (as above)"


def full_titles(raws: list[dict[str, str]]) -> dict[str, str]:
    """Each source URL's full title, so a row that says "X (as above)" can name it in full.

    >>> full_titles([{"source_url": "u", "source_title": "Long title (Site)"},
    ...              {"source_url": "u", "source_title": "Site (as above)"}])
    {'u': 'Long title (Site)'}
    """
    titles: dict[str, str] = {}
    for raw in raws:
        if not raw["source_title"].endswith(AS_ABOVE):
            titles.setdefault(raw["source_url"], raw["source_title"])
    return titles


def build_rows(raw_path: Path = RAW, ids_path: Path = IDS) -> list[dict[str, str]]:
    """Build the facts.csv rows, in raw-file order, as text cells.

    A source title written "X (as above)" in the raw file is replaced by the full title of
    the earlier row with the same URL.
    """
    ids = read_ids(ids_path)
    raws = _read_tsv(raw_path, RAW_COLUMNS)
    titles = full_titles(raws)
    used: set[tuple[str, str, str]] = set()
    out = []
    for line, raw in enumerate(raws, start=2):
        where = f"{raw_path.name} line {line}"
        key = (raw["metric"], raw["platform"], raw["as_of"])
        if key not in ids:
            raise FactsError(
                f"{where}: no id for {key}; add a row to {ids_path.name} "
                "(id, metric, platform, as_of) and review it"
            )
        if key in used:
            raise FactsError(f"{where}: metric+platform+as_of {key} repeats an earlier row")
        used.add(key)
        if raw["kind"] not in KINDS:
            raise FactsError(f"{where}: kind {raw['kind']!r} not in {sorted(KINDS)}")
        if raw["added"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw["added"]):
            raise FactsError(f"{where}: added {raw['added']!r} is not a YYYY-MM-DD date")
        if not raw["source_url"].startswith(("http://", "https://")):
            raise FactsError(f"{where}: source_url {raw['source_url']!r} is not a web address")
        try:
            if raw["unit"] in QUALITATIVE_UNITS:
                parsed = Parsed(None, None, "qualitative", False)
            else:
                parsed = parse_value(raw["value"])
            date = as_of_date(raw["as_of"])
        except FactsError as exc:
            raise FactsError(f"{where}: {exc}") from None
        out.append(
            {
                "id": ids[key],
                "metric": raw["metric"],
                "platform": raw["platform"],
                "value_text": raw["value"],
                "value_low": _fmt(parsed.low),
                "value_high": _fmt(parsed.high),
                "bound": parsed.bound,
                "approx": "true" if parsed.approx else "false",
                "unit": raw["unit"],
                "as_of": raw["as_of"],
                "as_of_date": date,
                "source_title": titles.get(raw["source_url"], raw["source_title"]),
                "source_url": raw["source_url"],
                "kind": raw["kind"],
                "supersedes": raw["supersedes"],
                "note": raw["note"],
                "added": raw["added"],
            }
        )
    check_supersedes(out)
    orphans = sorted(ids[k] for k in set(ids) - used)
    if orphans:
        raise FactsError(
            f"{ids_path.name}: ids with no raw row (was a raw row edited?): {', '.join(orphans)}"
        )
    return out


def check_supersedes(rows: list[dict[str, str]]) -> None:
    """Check that every ``supersedes`` names an older fact of the same unit.

    A newer figure updates an older one only when both count the same thing in the same
    unit; a figure in another unit (threads after chats) is a different measure, not an
    update, so it must not name the older one here.

    Raises
    ------
    FactsError
        If a fact supersedes itself, an unknown id, a fact in another unit, one that is
        not older, or one that another fact already supersedes.
    """
    by_id = {row["id"]: row for row in rows}
    claimed: dict[str, str] = {}
    for row in rows:
        old_id = row["supersedes"]
        if not old_id:
            continue
        where = f"fact {row['id']!r}"
        if old_id == row["id"]:
            raise FactsError(f"{where} supersedes itself")
        if old_id not in by_id:
            raise FactsError(f"{where} supersedes unknown fact {old_id!r}")
        old = by_id[old_id]
        if old["unit"] != row["unit"]:
            raise FactsError(
                f"{where} ({row['unit']}) cannot supersede {old_id!r} ({old['unit']}): "
                "another unit is another measure"
            )
        if old["as_of_date"] >= row["as_of_date"]:
            raise FactsError(f"{where} is not newer than {old_id!r}, which it supersedes")
        if old_id in claimed:
            raise FactsError(
                f"{old_id!r} is superseded by both {claimed[old_id]!r} and {row['id']!r}"
            )
        claimed[old_id] = row["id"]


def render(rows: list[dict[str, str]]) -> str:
    r"""Serialise rows as CSV text with ``\n`` line endings."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=OUT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_facts(out_path: Path = OUT, raw_path: Path = RAW, ids_path: Path = IDS) -> Path:
    """Derive facts.csv and write it to ``out_path``.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    text = render(build_rows(Path(raw_path), Path(ids_path)))
    out_path = Path(out_path)
    out_path.write_bytes(text.encode("utf-8"))
    return out_path


def main() -> int:
    """Command-line entry point."""
    try:
        path = write_facts()
    except FactsError as exc:
        print(f"make_facts: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
