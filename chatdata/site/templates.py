"""The site's HTML templates (``templates/*.html``, ``string.Template`` syntax)."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from string import Template

from chatdata.datasets import checked

TEMPLATES = Path(__file__).with_name("templates")

SITE_TITLE = "chatdata: messaging at Meta's scale"

#: Everything a page needs is in the site; Vega compiles its expressions with
#: ``Function`` and so needs ``'unsafe-eval'``. Inline scripts are not needed.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'"
)


@cache
def template(name: str) -> Template:
    """The template ``templates/<name>.html``."""
    return Template((TEMPLATES / f"{name}.html").read_text(encoding="utf-8"))


def fill(name: str, **values: str) -> str:
    """Fill a template; the site title and the policy are supplied. Values must be HTML.

    ``$checked`` is the day the facts were last checked (the data package's
    ``chatdata:checked``); every page's footer shows it. Every page template starts with ``$head``: the shared opening of ``head.html`` (doctype,
    language, character set, viewport and the Content-Security-Policy), kept in one place.
    """
    head = template("head").substitute(csp=CSP)
    fixed = {"site_title": SITE_TITLE, "head": head, "checked": html.escape(checked())}
    return template(name).substitute({**fixed, **values})
