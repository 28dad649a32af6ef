"""Shared pieces for every chart: evidence colours, source lines and :func:`finish`.

Each chart builder in :mod:`chatdata.charts` takes its sliders from
:mod:`chatdata.charts.assumptions` and ends with :func:`finish`, which gives the chart a
title that states the finding, alt text and a visible source line.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence
from typing import TypeVar, cast

import altair as alt

from chatdata.charts import layout
from chatdata.datasets import list_datasets
from chatdata.models.facts import fact, select_facts

#: Any top-level Altair chart; :func:`finish` returns the kind it is given.
Chart = TypeVar("Chart", bound=alt.TopLevelMixin)

#: Okabe-Ito colours: distinguishable with the common forms of colour blindness.
OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)

#: The kinds of evidence a figure can rest on, in order of strength, with their colours.
EVIDENCE_KINDS = {
    "company-statement": ("Company statement", "#0072B2"),
    "filing": ("Filing", "#009E73"),
    "press-report": ("Press report", "#56B4E9"),
    "analyst-estimate": ("Analyst estimate", "#CC79A7"),
    "our-calculation": ("Our calculation", "#000000"),
    "article": ("The article's estimate", "#E69F00"),
    "assumption": ("Our assumption", "#D55E00"),
}


def evidence_scale() -> alt.Scale:
    """Colour scale mapping evidence labels to fixed colour-blind-safe colours."""
    labels = [label for label, _ in EVIDENCE_KINDS.values()]
    colours = [colour for _, colour in EVIDENCE_KINDS.values()]
    return alt.Scale(domain=labels, range=colours)


def evidence_label(kind: str) -> str:
    """Reader-facing label for an evidence kind such as ``"press-report"``."""
    try:
        return EVIDENCE_KINDS[kind][0]
    except KeyError:
        raise ValueError(
            f"unknown evidence kind {kind!r}; known: {sorted(EVIDENCE_KINDS)}"
        ) from None


def fact_evidence(fact_id: str) -> str:
    """Reader-facing label of the kind of evidence behind one fact.

    Examples
    --------
    >>> fact_evidence("whatsapp-messages-2020") in [v[0] for v in EVIDENCE_KINDS.values()]
    True
    """
    return evidence_label(str(fact(fact_id)["kind"]))


def _facts(fact_ids: Sequence[str]):
    try:
        return select_facts(fact_ids)
    except ValueError as error:
        raise ValueError(f"unknown fact ids in source line: {error}") from None


def _sources(fact_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Distinct (source title, evidence kind) pairs behind some facts, in first-seen order."""
    facts = _facts(fact_ids)
    pairs = zip(facts["source_title"], facts["kind"], strict=True)
    return list(dict.fromkeys(pairs))


def _dates(fact_ids: Sequence[str], title: str | None = None) -> str:
    """The dates of the facts (of one source, if given): "2023-10-25" or "2016 to 2026-03"."""
    facts = _facts(fact_ids)
    if title is not None:
        facts = facts[facts["source_title"] == title]
    dates = sorted(dict.fromkeys(str(d) for d in facts["as_of"]))
    if not dates:
        return ""
    return dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"


def source_line(datasets: Sequence[str], fact_ids: Sequence[str] = ()) -> str:
    """One line naming the datasets a chart draws on and every source behind its facts.

    Each source gives its kind of evidence and the date of its figures.
    """
    parts = [
        "; ".join(
            f"{title} ({evidence_label(kind).lower()}, {_dates(fact_ids, title)})"
            for title, kind in _sources(fact_ids)
        )
    ]
    parts.append("chatdata datasets: " + ", ".join(datasets))
    return "Source: " + ". ".join(p for p in parts if p)


#: Above this many distinct sources, a chart's subtitle counts them instead of naming each.
MAX_NAMED_SOURCES = 3


def short_source_line(datasets: Sequence[str], fact_ids: Sequence[str] = ()) -> str:
    """The source line as drawn on the chart: in full, or summarised when it names many.

    The full line stays in the chart's metadata and is shown beside it on the site.
    """
    sources = _sources(fact_ids)
    if len(sources) <= MAX_NAMED_SOURCES:
        return source_line(datasets, fact_ids)
    kinds = Counter(evidence_label(kind).lower() for _, kind in sources)
    counted = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
    return (
        f"Sources: {len(sources)} publications ({counted}), figures dated "
        f"{_dates(fact_ids)}, each listed in the facts dataset and chapter 06. "
        f"chatdata datasets: {', '.join(datasets)}"
    )


#: Characters per line of a chart's visible source line (about 640 px at 10 px type).
SOURCE_LINE_WIDTH = 120


def subtitle_lines(line: str, width: int = SOURCE_LINE_WIDTH) -> str | list[str]:
    """A long source line broken into lines (Vega-Lite draws a list as stacked lines).

    Examples
    --------
    >>> subtitle_lines("Source: short")
    'Source: short'
    >>> subtitle_lines("Source: a b c", width=9)
    ['Source: a', 'b c']
    """
    lines = textwrap.wrap(line, width=width, break_on_hyphens=False)
    return lines if len(lines) > 1 else line


def finish(
    chart: Chart,
    *,
    title: str,
    description: str,
    datasets: Sequence[str],
    fact_ids: Sequence[str] = (),
) -> Chart:
    """Give a chart its finding as title, alt text, a source line and provenance metadata.

    Parameters
    ----------
    chart : altair top-level chart
    title : str
        The finding, stated as a sentence.
    description : str
        Alt text describing what the chart shows (Vega-Lite ``description``).
    datasets : sequence of str
        chatdata dataset names the chart draws on.
    fact_ids : sequence of str
        Ids of the facts whose sources the source line names.
    """
    unknown = sorted(set(datasets) - set(list_datasets()))
    if unknown:
        raise ValueError(f"unknown datasets {unknown}; known: {list_datasets()}")
    line = source_line(datasets, fact_ids)
    subtitle = subtitle_lines(short_source_line(datasets, fact_ids))
    finished = chart.properties(
        title=alt.Title(
            text=title, subtitle=subtitle, anchor="start", subtitleFontSize=layout.MIN_FONT
        ),
        description=description,
        usermeta={
            "chatdata": {
                "datasets": list(datasets),
                "fact_ids": list(fact_ids),
                "source_line": line,
            }
        },
    ).configure_view(stroke=None)
    return cast(Chart, finished)
