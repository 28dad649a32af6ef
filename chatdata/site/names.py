"""Notebook names the site can publish: safe in a web address, clear of the site's own files.

A chapter ``<slug>.ipynb`` becomes the page ``<slug>.html`` and the folder ``<slug>/`` at the
top of the site, beside what the site writes for itself (the contents page, ``assets/``,
``data/``, the build's manifest). Those names are read from the staging folder once the
shared files are in it, so the list follows the code that writes them. Names are compared
without regard to case, as they would be on macOS or Windows.
"""

from __future__ import annotations

import re
from pathlib import Path

from chatdata.site.notebook import Chapter
from chatdata.site.output_dir import MARKER, Refused

SAFE_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_-])?")
MAX_LENGTH = 100


def check_url_safe(chapters: list[Chapter]) -> None:
    """Refuse a notebook whose name would need escaping in a web address.

    Raises
    ------
    Refused
        Naming the notebook, when its name has characters other than ASCII letters, digits,
        ``-``, ``_`` and ``.`` (not first or last), or is longer than :data:`MAX_LENGTH`.
    """
    for chapter in chapters:
        if len(chapter.slug) > MAX_LENGTH or not SAFE_NAME.fullmatch(chapter.slug):
            raise Refused(
                f"{chapter.path}: the name {chapter.slug!r} is not safe in a web address; "
                "rename the notebook with letters, digits, '-', '_' and '.'"
            )


def check_collisions(chapters: list[Chapter], site_root: Path) -> None:
    """Refuse a notebook whose page or folder would overwrite the site's own or another's.

    Parameters
    ----------
    chapters : list of Chapter
        The chapters to publish.
    site_root : Path
        The staging site, holding the files every site has (and nothing else yet).

    Raises
    ------
    Refused
        Naming the notebook and what it would overwrite.
    """
    taken = {MARKER.casefold(): f"the site's own {MARKER}"}
    for entry in Path(site_root).iterdir():
        taken[entry.name.casefold()] = f"the site's own {entry.name}"
    for chapter in chapters:
        for name in (chapter.href, chapter.slug):
            owner = taken.get(name.casefold())
            if owner is not None:
                raise Refused(
                    f"{chapter.path}: its {name} would overwrite {owner}; rename the notebook"
                )
        taken[chapter.href.casefold()] = f"{chapter.href} of {chapter.path.name}"
        taken[chapter.slug.casefold()] = f"{chapter.slug}/ of {chapter.path.name}"
