"""Charts in the outputs of any Altair notebook, with no ``chatdata.setup()``.

A displayed chart reaches a notebook in one of Altair's standard forms:

- a Vega-Lite mimebundle (``application/vnd.vegalite.v5+json``, ``...v6+json``), from the
  ``mimetype``, ``jupyterlab`` and ``nteract`` renderers (Altair 6.0-6.3 name it
  ``application/vnd.vegalite.v6.json``, which nbformat refuses as an output with a spec in
  it: :func:`standard_mimetypes` renames it as the build receives it);
- a Vega mimebundle (``application/vnd.vega.v5+json``, ``...v6+json``);
- HTML from Altair's ``html`` renderer, the ``default`` one since Altair 5, whose script loads
  Vega from a CDN and calls it with the spec: ``})(SPEC, EMBED_OPTIONS);`` (or
  ``const spec = SPEC;`` in the ``inline`` template).

Each is read back as a :class:`ChartSource`: the spec and whether it is Vega-Lite or Vega.
Nothing of Altair's HTML (its script, its CDN addresses) reaches a page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

VEGALITE_MIME = re.compile(r"^application/vnd\.vegalite\.v\d+[+.]json$")
VEGA_MIME = re.compile(r"^application/vnd\.vega\.v\d+[+.]json$")
_DOTTED_JSON = re.compile(r"^(application/vnd\.vega(?:lite)?\.v\d+)\.json$")
#: Where Altair's HTML templates hand the spec to vega-embed.
_EMBED_CALL = re.compile(r"\}\)\(\s*(?=\{)|const spec = (?=\{)")
#: What marks HTML as Altair's renderer output rather than any HTML with braces in it.
_ALTAIR_HTML = re.compile(r'id="altair-viz-|vegaEmbed\(')


@dataclass(frozen=True)
class ChartSource:
    """A chart as a notebook output holds it.

    Attributes
    ----------
    spec : dict
        The Vega-Lite or Vega spec.
    mode : str
        ``"vega-lite"`` or ``"vega"``.
    """

    spec: dict
    mode: str = "vega-lite"


def mimebundle_chart(data: dict) -> ChartSource | None:
    """The chart of a Vega-Lite or Vega mimebundle (newest version first), or None.

    Examples
    --------
    >>> mimebundle_chart({"application/vnd.vegalite.v5+json": {"mark": "bar"}})
    ChartSource(spec={'mark': 'bar'}, mode='vega-lite')
    >>> mimebundle_chart({"text/plain": "1"}) is None
    True
    """
    for pattern, mode in ((VEGALITE_MIME, "vega-lite"), (VEGA_MIME, "vega")):
        for mime in sorted((m for m in data if pattern.match(m)), reverse=True):
            spec = data[mime]
            if isinstance(spec, str):
                spec = json.loads(spec)
            if isinstance(spec, dict):
                return ChartSource(spec, mode)
    return None


def html_renderer_charts(markup: str) -> list[ChartSource]:
    r"""The charts in HTML written by Altair's ``html`` (``default``) renderer.

    Examples
    --------
    >>> page = '<div id="altair-viz-1"></div><script>(function(spec, embedOpt){' \
    ...     '})({"mark": "point"}, {"mode": "vega-lite"});</script>'
    >>> html_renderer_charts(page)
    [ChartSource(spec={'mark': 'point'}, mode='vega-lite')]
    >>> html_renderer_charts("<p>})({})</p>")
    []
    """
    if not _ALTAIR_HTML.search(markup):
        return []
    decoder = json.JSONDecoder()
    charts = []
    position = 0
    while (match := _EMBED_CALL.search(markup, position)) is not None:
        try:
            spec, position = decoder.raw_decode(markup, match.end())
        except ValueError:
            position = match.end()
            continue
        options = _embed_options(markup, position, decoder)
        mode = "vega" if options.get("mode") == "vega" else "vega-lite"
        charts.append(ChartSource(spec, mode))
    return charts


def _embed_options(markup: str, end: int, decoder: json.JSONDecoder) -> dict:
    """The embed options after the spec: ``, {...})`` or ``const embedOpt = {...}``."""
    rest = re.compile(r"\s*,\s*|;\s*const embedOpt = ").match(markup, end)
    if rest is None:
        return {}
    try:
        options, _ = decoder.raw_decode(markup, rest.end())
    except ValueError:
        return {}
    return options if isinstance(options, dict) else {}


def standard_mimetypes(data: dict | None) -> None:
    """Rename chart data saved as ``...vN.json`` to ``...vN+json`` in a mimebundle, in place.

    Examples
    --------
    >>> data = {"application/vnd.vegalite.v6.json": {"mark": "bar"}, "text/plain": "chart"}
    >>> standard_mimetypes(data)
    >>> sorted(data)
    ['application/vnd.vegalite.v6+json', 'text/plain']
    """
    if data is None:
        return
    for mime in list(data):
        dotted = _DOTTED_JSON.match(mime)
        if dotted and isinstance(data[mime], dict):
            data[f"{dotted.group(1)}+json"] = data.pop(mime)


def output_charts(output: dict) -> list[ChartSource]:
    """The charts of one notebook output in Altair's standard forms (often none)."""
    data = output.get("data") or {}
    chart = mimebundle_chart(data)
    if chart is not None:
        return [chart]
    markup = data.get("text/html", "")
    markup = "".join(markup) if isinstance(markup, list) else str(markup)
    return html_renderer_charts(markup) if markup else []
