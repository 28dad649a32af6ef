"""The site's pages, from the Jinja2 templates in ``chatdata/templates/site/``.

Rendered through :mod:`chatdata.templating` (autoescape on): values are plain text unless
they are :class:`~chatdata.templating.HTML`. Every page template extends ``layout.html``,
the frame the pages share: ``head.html`` (doctype, language, character set, viewport and the
Content-Security-Policy), the stylesheet and icon, skip link, header, main and a footer that
shows the day the facts were last checked (the data package's ``chatdata:checked``). A page
fills its blocks and sets ``root``, its way back to the site's top folder.
"""

from __future__ import annotations

from typing import Any

from chatdata.datasets import checked
from chatdata.templating import HTML, render

SITE_TITLE = "chatdata: messaging at Meta's scale"

#: Everything a page needs is in the site. Vega evaluates expressions with its interpreter
#: and nothing on a page is inline (no script, style element or style attribute), so the
#: policy needs no ``'unsafe-eval'`` or ``'unsafe-inline'``.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'"
)


def meta_description(text: str, limit: int = 160) -> str:
    """Plain text shortened for ``<meta name="description">``: whole words, at most ``limit``.

    Examples
    --------
    >>> meta_description("Meta says 600 million chats a day.   Is that a lot?")
    'Meta says 600 million chats a day. Is that a lot?'
    >>> meta_description("one two three four", limit=12)
    'one two…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def fill(name: str, description: str = "", **values: Any) -> HTML:
    """Render ``templates/site/<name>.html``; title, policy and check date are supplied.

    ``description`` (plain text; the site's title by default) becomes the page's
    ``<meta name="description">``.
    """
    fixed = {
        "site_title": SITE_TITLE,
        "csp": CSP,
        "checked": checked(),
        "description": meta_description(description or SITE_TITLE),
    }
    return render(f"site/{name}.html", **{**fixed, **values})
