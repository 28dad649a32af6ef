"""Time from a Python-side param change on an ``alt.JupyterChart`` to the new derived figures.

``chatdata.widgets.explorer(chart, derive=...)`` observes the chart's params; a change calls
``derive`` and rewrites ``panel.table.value``, all synchronously in the Python process that
holds the widgets (the kernel, in JupyterLab). So it is measured in this process with no
kernel and no front end: set ``panel.chart.params.<id>``, read ``panel.table.value``.
What the front end then takes to show the new table is not included.
"""

from __future__ import annotations

import importlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

#: A notebook line such as ``explorer(scale.daily_messages_chart(), derive=scale.derive_scale)``.
EXPLORER_CALL = re.compile(
    r"explorer\(\s*(?P<module>\w+)\.(?P<builder>\w+)\(\)\s*,\s*"
    r"derive\s*=\s*(?P<derive_module>\w+)\.(?P<derive>\w+)\s*\)"
)

#: How the figure is measured (copied into the results file).
METHOD_NOTE = (
    "Explorer: explorer(chart, derive=...) is built in the benchmark process (no kernel, no "
    "front end) for each explorer(<module>.<chart>(), derive=<module>.<derive>) call found in "
    "the notebooks; each of 50 changes sets one "
    "panel.chart.params.<id> (cycling through the chart's sliders, values spread over their "
    "ranges) and the time until that assignment returns, by which panel.table.value has been "
    "rewritten synchronously by the observer, is recorded. Rendering the table in the browser "
    "is not included."
)


@dataclass
class ExplorerTiming:
    """Milliseconds per param change for one chart, and how many changes updated the table."""

    name: str
    milliseconds: list[float]
    updated: int


def slider_values(low: float, high: float, step: float, count: int) -> list[float]:
    """``count`` values spread over ``[low, high]`` on the step grid, no two neighbours equal.

    Examples
    --------
    >>> slider_values(0, 10, 1, 4)
    [6, 2, 9, 5]
    """
    values: list[float] = []
    for k in range(1, count + 1):
        fraction = (k * 0.6180339887) % 1
        value = low + round(fraction * (high - low) / step) * step
        if values and value == values[-1]:
            value = low if value != low else high
        values.append(value)
    return values


def time_explorer(module: str, builder: str, derive: str, changes: int = 50) -> ExplorerTiming:
    """Build the chart's explorer and time ``changes`` param changes, cycling its sliders."""
    os.environ.pop("CHATDATA_SITE", None)
    from chatdata.charts.assumptions import assumption
    from chatdata.widgets.explorer import explorer

    charts = importlib.import_module(module)
    panel = explorer(getattr(charts, builder)(), derive=getattr(charts, derive))
    ids = list(panel.sliders)
    plans = {}
    for key in ids:
        row = assumption(key)
        plans[key] = slider_values(row["min"], row["max"], row["step"], changes)
    timings, updated = [], 0
    for k in range(changes):
        key = ids[k % len(ids)]
        before = panel.table.value
        started = time.perf_counter()
        setattr(panel.chart.params, key, plans[key][k])
        after = panel.table.value
        timings.append((time.perf_counter() - started) * 1000)
        updated += after != before
    return ExplorerTiming(f"{builder} + {derive}", timings, updated)


def explorers_in(notebooks: list[Path]) -> list[tuple[str, str, str]]:
    """The ``(module, builder, derive)`` explorers the notebooks call, in order, once each.

    A call must name its chart builder and derive function through a module of
    :mod:`chatdata.charts` (``from chatdata.charts import scale``).

    Examples
    --------
    >>> EXPLORER_CALL.search("explorer(ai.spam_chart(), derive=ai.derive_spam)").groups()
    ('ai', 'spam_chart', 'ai', 'derive_spam')
    """
    found: list[tuple[str, str, str]] = []
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for call in EXPLORER_CALL.finditer(cell.source):
                if call["module"] != call["derive_module"]:
                    continue
                entry = (f"chatdata.charts.{call['module']}", call["builder"], call["derive"])
                if entry not in found:
                    found.append(entry)
    return found


def time_explorers(notebooks: list[Path], changes: int = 50) -> list[ExplorerTiming | str]:
    """Timings for every explorer the notebooks show; a string names one that failed."""
    results: list[ExplorerTiming | str] = []
    for module, builder, derive in explorers_in(notebooks):
        try:
            results.append(time_explorer(module, builder, derive, changes))
        except Exception as exc:  # report a broken chapter in the table, don't stop
            results.append(f"{builder} + {derive}: {type(exc).__name__}: {exc}")
    return results
