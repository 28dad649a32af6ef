"""The one templating path: every piece of HTML chatdata writes comes from a Jinja2 template.

Templates live in ``chatdata/templates/`` (``site/`` for the published pages, ``tables/`` for
the tables the chapters show) and are rendered with autoescape on, so any text from a
dataset or a notebook is escaped unless it is already :class:`HTML`. The result is
:class:`HTML`: a string that Jinja will not escape again and that Jupyter displays as HTML,
so a notebook shows ``ai.features_html()`` as a table with no ``HTML(...)`` around it.
A one-line fragment may use :meth:`HTML.format`, which escapes its arguments the same way:

>>> HTML("<p>{}</p>").format("<b>&")
HTML('<p>&lt;b&gt;&amp;</p>')
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

__all__ = ["HTML", "environment", "render"]


class HTML(Markup):
    """Markup that is safe to embed as it is, and that notebooks display as HTML."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"HTML({str.__repr__(self)})"


@cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment: package templates, autoescape, undefined names refused."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("chatdata", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **values: Any) -> HTML:
    """Render ``templates/<name>`` (e.g. ``"tables/features.html"``) with ``values``."""
    return HTML(environment().get_template(name).render(**values))
