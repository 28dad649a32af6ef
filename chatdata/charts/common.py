"""Shared pieces for every chart: sliders from the assumptions dataset, presets, sources.

Each chart builder in :mod:`chatdata.charts` takes its slider settings from the
``assumptions`` dataset (never from literals), reads assumption values through the
``v_<id>`` params that honour the scenario presets, and ends with :func:`finish`, which
gives the chart a title that states the finding, alt text and a visible source line.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import altair as alt

from chatdata.datasets import assumption, list_datasets, load
from chatdata.models.uncertainty import Estimate

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

SCENARIOS = ("sliders", "article", "evidence", "conservative")
SCENARIO_LABELS = ("My sliders", "The article", "The evidence", "Conservative")
SCENARIO_PARAM = "scenario"


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


def slider(assumption_id: str) -> alt.Parameter:
    """A Vega-Lite param bound to a range input, configured from the assumptions dataset.

    The param's name is the assumption id; its label carries the unit.
    """
    row = assumption(assumption_id)
    return alt.param(
        name=assumption_id,
        value=row["default"],
        bind=alt.binding_range(
            min=row["min"],
            max=row["max"],
            step=row["step"],
            name=f"{row['label']} ({row['unit']}) ",
        ),
    )


def scenario_param() -> alt.Parameter:
    """A radio input choosing between the reader's sliders and the three presets."""
    return alt.param(
        name=SCENARIO_PARAM,
        value=SCENARIOS[0],
        bind=alt.binding_radio(
            options=list(SCENARIOS), labels=list(SCENARIO_LABELS), name="Scenario "
        ),
    )


def value_expr(assumption_id: str) -> str:
    """Vega expression for an assumption's value under the chosen scenario."""
    row = assumption(assumption_id)
    expr = assumption_id
    for preset in reversed(SCENARIOS[1:]):
        expr = f"({SCENARIO_PARAM} === '{preset}' ? {row[preset]!r} : {expr})"
    return expr


def assumption_params(ids: Iterable[str]) -> list[alt.Parameter]:
    """Sliders, the scenario radio and one ``v_<id>`` param per assumption.

    Calculations read ``v_<id>``: the preset's value when a preset is chosen, else the
    slider's.
    """
    ids = list(ids)
    params = [scenario_param()]
    params += [slider(i) for i in ids]
    params += [alt.param(name=f"v_{i}", expr=value_expr(i)) for i in ids]
    return params


def _sources(fact_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Distinct (source title, evidence kind) pairs behind some facts, in first-seen order."""
    facts = load("facts").set_index("id")
    missing = sorted(set(fact_ids) - set(facts.index))
    if missing:
        raise ValueError(f"unknown fact ids in source line: {missing}")
    pairs = [(facts.at[i, "source_title"], facts.at[i, "kind"]) for i in fact_ids]
    return list(dict.fromkeys(pairs))


def assumption_values(values: Mapping[str, float] | None, ids: Iterable[str]) -> dict[str, float]:
    """Values for some assumptions, the dataset's defaults filling any that are missing.

    >>> assumption_values({"paid_share": 0.5}, ["paid_share", "automated_share"])
    {'paid_share': 0.5, 'automated_share': 0.3}
    """
    values = dict(values or {})
    return {i: float(values.get(i, assumption(i)["default"])) for i in ids}


def source_line(datasets: Sequence[str], fact_ids: Sequence[str] = ()) -> str:
    """One line naming the datasets a chart draws on and every source behind its facts."""
    parts = [
        "; ".join(
            f"{title} ({evidence_label(kind).lower()})" for title, kind in _sources(fact_ids)
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
        f"Sources: {len(sources)} publications ({counted}), each listed in the facts dataset "
        f"and chapter 06. chatdata datasets: {', '.join(datasets)}"
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
    chart: alt.TopLevelMixin,
    *,
    title: str,
    description: str,
    datasets: Sequence[str],
    fact_ids: Sequence[str] = (),
) -> alt.TopLevelMixin:
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
    return chart.properties(
        title=alt.Title(text=title, subtitle=subtitle, anchor="start", subtitleFontSize=10),
        description=description,
        usermeta={
            "chatdata": {
                "datasets": list(datasets),
                "fact_ids": list(fact_ids),
                "source_line": line,
            }
        },
    ).configure_view(stroke=None)


def scenario_estimate(assumption_id: str) -> Estimate:
    """An assumption's spread: lowest and highest of its default and three presets.

    Charts draw this as the uncertainty range around what the sliders show.

    Examples
    --------
    >>> scenario_estimate("peak_to_average")
    Estimate(low=1.0, central=2.0, high=3.0)
    """
    row = assumption(assumption_id)
    values = [row["default"], *(row[preset] for preset in SCENARIOS[1:])]
    return Estimate(min(values), row["default"], max(values))
