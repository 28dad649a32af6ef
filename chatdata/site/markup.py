"""Markdown and notebook HTML made safe for the site's pages.

Markdown is rendered with raw HTML escaped, so a ``<script>`` written in a notebook or taken
from a dataset shows as text. HTML produced by code (tables from pandas, notes) is cleaned
by nh3: a short list of harmless tags stays, other tags are removed (their text kept) and
styles and scripts go with their content. Both return :class:`~chatdata.templating.HTML`,
which templates embed as it is.
"""

from __future__ import annotations

import re

import mistune
import nh3

from chatdata.templating import HTML

_markdown = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"*": {"class", "title"}, "a": {"href"}, "td": {"colspan", "rowspan"},
                      "th": {"colspan", "rowspan", "scope"}}  # fmt: skip
#: Removed with everything inside them.
DROPPED_WITH_CONTENT = {"script", "style"}
_HEADING_OPEN = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def render_markdown(text: str) -> HTML:
    r"""Markdown to HTML, with raw HTML escaped and unsafe link targets neutralised.

    Examples
    --------
    >>> render_markdown("Hello <b>you</b>")
    HTML('<p>Hello &lt;b&gt;you&lt;/b&gt;</p>\n')
    """
    return HTML(_markdown(text))


def clean_html(html: str) -> HTML:
    """Keep a small set of formatting tags from code-generated HTML; drop styles and scripts.

    Examples
    --------
    >>> clean_html('<table class="dataframe"><tr><td onclick="x()">1</td></tr></table>')
    HTML('<table class="dataframe"><tbody><tr><td>1</td></tr></tbody></table>')
    >>> clean_html('<img src=x onerror=alert(1)><b>bold</b><script>alert(2)</script>')
    HTML('<b>bold</b>')
    """
    return HTML(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            clean_content_tags=DROPPED_WITH_CONTENT,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
        )
    )


def slugify(text: str) -> str:
    """An id for a heading.

    Examples
    --------
    >>> slugify("1. How big is <em>600 million</em>?")
    '1-how-big-is-600-million'
    """
    text = _TAG.sub("", text).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "section"


def add_heading_ids(html: str, taken: set[str]) -> HTML:
    """Give each ``<hN>`` an id (unique across ``taken``, which is updated) for linking."""

    def replace(match: re.Match) -> str:
        base = slugify(match.group(2))
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        return f'<h{match.group(1)} id="{slug}">{match.group(2)}</h{match.group(1)}>'

    return HTML(_HEADING_OPEN.sub(replace, html))
