"""Derived figures computed in the browser, from the same params as the chart.

A chapter's ``derive_*`` function computes its table of derived figures with the Python
models. :func:`computed_in_browser` gives it, figure by figure, the same arithmetic as a Vega
expression; :func:`with_derived_figures` adds those expressions to a chart as params named
``derived_0``, ``derived_1``, ... so that a page with no kernel (the site) recomputes the table
with every slider and scenario, and the JupyterLab panel can check its chart against Python.
A test holds each expression to its ``derive_*`` at every preset and at random slider points.
Every ``derive_*`` returns a :func:`figure_table`; :func:`only_when` gives figures no value
where the model refuses the inputs.

In an expression, ``{assumption_id}`` stands for that assumption's value: the chart's
``v_<id>`` param when the chart has that slider, else the assumption's default (the value
``derive_*`` uses for a missing id).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import altair as alt
import pandas as pd

from chatdata.charts.assumptions import assumption

#: Prefix of the derived-figure params (``derived_0``, ...).
DERIVED_PREFIX = "derived_"


@dataclass(frozen=True)
class Figure:
    """One derived figure: its label and unit (as ``derive_*`` gives them) and its arithmetic.

    ``expr`` is a Vega expression in which ``{assumption_id}`` stands for an assumption.
    """

    figure: str
    unit: str
    expr: str

    def assumptions(self) -> list[str]:
        """The assumption ids the expression reads."""
        return [name for _, name, _, _ in string.Formatter().parse(self.expr) if name]


def figure_table(rows: Iterable[tuple[str, float, str]]) -> pd.DataFrame:
    """A ``derive_*`` table: one row per derived figure, columns ``figure, value, unit``.

    Examples
    --------
    >>> figure_table([("Chats per minute, average", 416_666.7, "chats/min")])
                          figure     value       unit
    0  Chats per minute, average  416666.7  chats/min
    """
    return pd.DataFrame(list(rows), columns=["figure", "value", "unit"])


def only_when(condition: str, figures: Iterable[Figure]) -> list[Figure]:
    """The figures, NaN wherever the Vega expression ``condition`` is false.

    The browser's twin of a model that refuses some inputs (raises ``ValueError``).

    Examples
    --------
    >>> [f.expr for f in only_when("{spam_prevalence} > 0", [Figure("x", "", "1 / 2")])]
    ['{spam_prevalence} > 0 ? 1 / 2 : NaN']
    """
    return [Figure(f.figure, f.unit, f"{condition} ? {f.expr} : NaN") for f in figures]


def computed_in_browser(*figures: Figure | Callable[[], Iterable[Figure]]) -> Callable:
    """Decorator: attach the browser's version of a ``derive_*`` function's figures to it.

    Give the figures, or one function returning them (called when they are needed, so that
    figures built from datasets read no file at import).
    """

    def attach(derive: Callable) -> Callable:
        derive.browser_figures = figures  # type: ignore[attr-defined]
        return derive

    return attach


def browser_figures(derive: Callable | None) -> tuple[Figure, ...]:
    """The figures a ``derive_*`` function has in the browser (none if it has no twin)."""
    found: list[Figure] = []
    for item in getattr(derive, "browser_figures", ()):
        found += [item] if isinstance(item, Figure) else list(item())
    return tuple(found)


def param_name(index: int) -> str:
    """Name of the param holding the ``index``-th derived figure."""
    return f"{DERIVED_PREFIX}{index}"


def figure_expression(figure: Figure, ids: Iterable[str]) -> str:
    """A figure's Vega expression for a chart with the sliders ``ids``.

    Examples
    --------
    >>> figure_expression(Figure("x", "chats/s", "{business_chats_per_day} / 86400"),
    ...                   ["business_chats_per_day"])
    '(v_business_chats_per_day) / 86400'
    >>> figure_expression(Figure("x", "chats/s", "{business_chats_per_day} / 86400"), [])
    '(600000000.0) / 86400'
    """
    ids = set(ids)
    values = {
        name: f"(v_{name})" if name in ids else f"({float(assumption(name)['default'])!r})"
        for name in figure.assumptions()
    }
    return figure.expr.format_map(values)


def derived_params(figures: Sequence[Figure], ids: Iterable[str]) -> list[alt.VariableParameter]:
    """One ``derived_<n>`` expression param per figure."""
    ids = list(ids)
    return [
        alt.VariableParameter(name=param_name(n), expr=figure_expression(figure, ids))
        for n, figure in enumerate(figures)
    ]


def with_derived_figures(
    chart: alt.TopLevelMixin, figures: Sequence[Figure], ids: Iterable[str]
) -> alt.TopLevelMixin:
    """A copy of a chart with its derived figures as top-level params (unchanged if none)."""
    if not figures:
        return chart
    copy = cast(Any, chart).copy(deep=True)  # every top-level chart has copy()
    params = [] if copy.params is alt.Undefined else list(copy.params)
    copy.params = params + derived_params(figures, ids)
    return copy
