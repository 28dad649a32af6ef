"""What a published notebook may embed: small outputs and pre-aggregated chart data.

A chart over thousands of rows, or an output of megabytes, means raw data went into a page
that should only carry aggregates; the build stops and names the cell.
"""

from __future__ import annotations

import json

from chatdata.charts.render import split_placeholders
from chatdata.site.altair_outputs import output_charts

#: Largest serialised output of one cell (bytes).
MAX_OUTPUT_BYTES = 1_000_000
#: Most rows any one dataset of a chart may hold.
MAX_CHART_ROWS = 5_000


def chart_specs(output: dict) -> list[dict]:
    """The specs of the charts in one output: chatdata placeholders and Altair's own forms."""
    markup = output.get("data", {}).get("text/html", "")
    markup = "".join(markup) if isinstance(markup, list) else markup
    placeholders = [part for part in split_placeholders(markup) if isinstance(part, dict)]
    return placeholders or [chart.spec for chart in output_charts(output)]


def largest_dataset(spec: dict) -> int:
    """Rows in the biggest inline dataset of a spec.

    Vega-Lite keeps them in ``datasets`` and ``data.values``, Vega in ``data[].values``.
    """
    sizes = [len(rows) for rows in (spec.get("datasets") or {}).values()]
    data = spec.get("data")
    entries = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    for entry in entries:
        values = entry.get("values") if isinstance(entry, dict) else None
        if isinstance(values, list):
            sizes.append(len(values))
    return max(sizes, default=0)


def output_problems(output: dict) -> list[str]:
    """Why one output is too big to publish (an empty list when it is fine).

    Examples
    --------
    >>> output_problems({"output_type": "stream", "text": "ok"})
    []
    >>> output_problems({"output_type": "stream", "text": "x" * 1_000_001})[0][:30]
    'an output of 1,000,035 bytes ('
    """
    problems = []
    size = len(json.dumps(output, separators=(",", ":")).encode("utf-8"))
    if size > MAX_OUTPUT_BYTES:
        problems.append(f"an output of {size:,} bytes (at most {MAX_OUTPUT_BYTES:,})")
    for spec in chart_specs(output):
        rows = largest_dataset(spec)
        if rows > MAX_CHART_ROWS:
            problems.append(f"a chart with {rows:,} rows of data (at most {MAX_CHART_ROWS:,})")
    return problems


def first_oversized_cell(nb) -> tuple[int, str] | None:
    """The first code cell whose outputs break a limit, with the reason; None if none does."""
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            problems = output_problems(output)
            if problems:
                return index, "; ".join(problems)
    return None
