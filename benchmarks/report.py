"""The benchmark table: one row per measurement, beside its target, as Markdown."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

NOT_APPLICABLE = "—"


@dataclass
class Row:
    """One line of the results table.

    Attributes
    ----------
    metric : str
        What was measured, e.g. ``"time to first drawn chart"``.
    subject : str
        Where: a page, a notebook, or ``"site"``.
    measured : str
        The value as text, with its unit.
    target : str
        The target as text, or a dash when there is none.
    met : bool or None
        Whether the target was met; None when there is no target or nothing was measured.
    stock : str
        The same measurement on the stock ``jupyter nbconvert --execute`` export, if compared.
    cause : str
        The measured cause, shown in the results file when the target is missed.
    """

    metric: str
    subject: str
    measured: str
    target: str = NOT_APPLICABLE
    met: bool | None = None
    stock: str = ""
    cause: str = ""


def met_text(met: bool | None) -> str:
    """``yes``, ``**no**`` or a dash.

    Examples
    --------
    >>> [met_text(True), met_text(False), met_text(None)]
    ['yes', '**no**', '—']
    """
    if met is None:
        return NOT_APPLICABLE
    return "yes" if met else "**no**"


def escape_cell(text: str) -> str:
    """Make text safe inside a Markdown table cell (pipes, newlines)."""
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table."""
    header = ["Metric", "Where", "chatdata site", "Target", "Met", "Stock nbconvert"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = [row.metric, row.subject, row.measured, row.target, met_text(row.met)]
        cells.append(row.stock or NOT_APPLICABLE)
        lines.append("| " + " | ".join(escape_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def missed(rows: Sequence[Row]) -> list[Row]:
    """The rows whose target was not met."""
    return [row for row in rows if row.met is False]


def median(values: Sequence[float]) -> float:
    """Median of a non-empty sequence."""
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in 0..1) of a non-empty sequence.

    Examples
    --------
    >>> percentile(range(1, 101), 0.95)
    95
    """
    ordered = sorted(values)
    rank = max(1, int(-(-fraction * len(ordered) // 1)))
    return ordered[rank - 1]


def megabytes(size: float) -> str:
    """Bytes as ``"12.3 MB"`` (10^6 bytes)."""
    return f"{size / 1e6:.1f} MB"


def kilobytes(size: float) -> str:
    """Bytes as ``"123.4 KB"`` (10^3 bytes)."""
    return f"{size / 1e3:.1f} KB"


#: Hand-written record of what was changed after a miss and what it bought; each run copies
#: it into the results file, between the misses and the method.
CHANGES = Path(__file__).with_name("changes.md")


def results_markdown(
    machine: dict[str, str],
    rows: Sequence[Row],
    method: Sequence[str],
    command: str,
    seconds: float,
) -> str:
    """The whole ``results.md``: machine, table, missed targets with causes, method notes."""
    parts = ["# Benchmark results", "", f"Command: `{command}` (took {seconds:.0f} s).", ""]
    parts += ["## Machine", ""] + [f"- {key}: {value}" for key, value in machine.items()]
    parts += ["", "## Results", "", markdown_table(rows), "", "## Targets missed", ""]
    misses = missed(rows)
    if misses:
        parts += [
            f"- **{r.metric}** ({r.subject}): {r.measured}, target {r.target}. "
            f"Cause: {r.cause or 'not diagnosed'}"
            for r in misses
        ]
    else:
        parts.append("None.")
    if CHANGES.is_file():
        parts += ["", CHANGES.read_text(encoding="utf-8").strip()]
    parts += ["", "## Method", ""] + [f"- {line}" for line in method]
    return "\n".join(parts) + "\n"
