"""The site's pages, from the Jinja2 templates in ``chatdata/templates/site/``.

Rendered through :mod:`chatdata.templating` (autoescape on): values are plain text unless
they are :class:`~chatdata.templating.HTML`. Every page template includes ``head.html``, the
shared opening (doctype, language, character set, viewport and the
Content-Security-Policy), kept in one place, and its footer shows the day the facts were last
checked (the data package's ``chatdata:checked``).
"""

from __future__ import annotations

from typing import Any

from chatdata.datasets import checked
from chatdata.templating import HTML, render

SITE_TITLE = "chatdata: messaging at Meta's scale"

#: Everything a page needs is in the site; Vega compiles its expressions with
#: ``Function`` and so needs ``'unsafe-eval'``. Inline scripts are not needed.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'"
)


def fill(name: str, **values: Any) -> HTML:
    """Render ``templates/site/<name>.html``; title, policy and check date are supplied."""
    fixed = {"site_title": SITE_TITLE, "csp": CSP, "checked": checked()}
    return render(f"site/{name}.html", **{**fixed, **values})
