"""Tables for readers: numbers with thousands separators, a header for every row and column.

A plain DataFrame shows ``6.000000e+08`` and an unnamed numeric index; these tables show
``600,000,000``, name each row by its label and mark which cells are headers (``scope``), in
JupyterLab and on the published page alike. The assumptions themselves live in
:mod:`chatdata.charts.assumptions`; this module only presents them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chatdata.charts.assumptions import assumptions
from chatdata.templating import render


def readable_number(value: float) -> str:
    """A number as the site's readouts show it: thousands separators, no exponent.

    Examples
    --------
    >>> [readable_number(v) for v in (600e6, 2.0, 0.95, 1234.5, 0.00012)]
    ['600,000,000', '2', '0.95', '1,234.5', '0.00012']
    """
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value == int(value):
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{value:.4g}" if abs(value) >= 1e-4 else f"{value:.2e}"


@dataclass(frozen=True)
class Table:
    """A small table whose first column names its rows.

    Attributes
    ----------
    caption : str
        What the table shows.
    columns : tuple of str
        Column headings, the row-name column's first.
    rows : tuple of tuple of str
        Cells as text; the first of each row is that row's header.
    """

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def _repr_html_(self) -> str:
        """The table as HTML (``templates/tables/labelled.html``), its text escaped."""
        return str(
            render(
                "tables/labelled.html", caption=self.caption, columns=self.columns, rows=self.rows
            )
        )

    def __repr__(self) -> str:
        widths = [
            max(len(r[i]) for r in (self.columns, *self.rows)) for i in range(len(self.columns))
        ]
        lines = [self.caption] + [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in (self.columns, *self.rows)
        ]
        return "\n".join(lines)


def assumptions_table(chapter: str | None = None) -> Table:
    """The assumptions behind the sliders: label, unit, default, article preset, range, source.

    Columns are named as in ``assumptions.csv``.

    Examples
    --------
    >>> table = assumptions_table("01_scale")
    >>> table.rows[0][:3]
    ('Business chats per day', 'chats/day', '600,000,000')
    """
    frame = assumptions(chapter)
    rows = tuple(
        (
            str(row.label),
            str(row.unit),
            readable_number(row.default),
            readable_number(row.article),
            readable_number(row.min),
            readable_number(row.max),
            str(row.source),
            str(row.chapter),
        )
        for row in frame.itertuples()
    )
    return Table(
        caption="The assumptions behind the sliders: default, the article preset, range, source",
        columns=("label", "unit", "default", "article", "min", "max", "source", "chapter"),
        rows=rows,
    )
