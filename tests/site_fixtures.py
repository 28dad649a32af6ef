"""Small notebooks for the site-build tests, written the way the real chapters are.

Each starts with ``setup()``, then shows Altair charts whose assumptions are bound params
(sliders and the scenario radio) read through ``transform_calculate``, and an ``explorer``
cell. One notebook carries hostile strings in its markdown and its chart data, to check
that the site prints them as text.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

SCRIPT_TEXT = "<script>alert('pwned')</script>"
ATTRIBUTE_TEXT = '"><img src=x onerror=alert(1)>'

SETUP = "import chatdata\nchatdata.setup()"

HOSTILE_CHART = f"""import altair as alt
import pandas as pd

frame = pd.DataFrame({{
    "app": ["WhatsApp", {SCRIPT_TEXT!r}, {ATTRIBUTE_TEXT!r}],
    "chats": [400.0, 100.0, 50.0],
}})
factor = alt.param(
    name="factor", value=1.0,
    bind=alt.binding_range(min=0.5, max=3, step=0.1, name="Factor (times) "),
)
chart = (
    alt.Chart(frame)
    .mark_bar()
    .encode(x=alt.X("scaled:Q").title("Chats a day (millions)"), y=alt.Y("app:N").title(None))
    .transform_calculate(scaled="datum.chats * factor")
    .add_params(factor)
    .properties(
        title="Bars scale with the factor " + {SCRIPT_TEXT!r},
        description="Bar chart of chats by app " + {ATTRIBUTE_TEXT!r},
        usermeta={{"chatdata": {{"source_line": "Source: fixture " + {SCRIPT_TEXT!r}}}}},
    )
)
chart"""

COMMON_CHART = """import altair as alt
import pandas as pd

from chatdata.charts.assumptions import assumption_params
from chatdata.charts.common import finish

rows = pd.DataFrame({"rate": ["mean", "peak"], "multiplier": [1.0, 0.0]})
chart = finish(
    alt.Chart(rows)
    .mark_bar()
    .encode(x=alt.X("per_second:Q").title("Chats per second"), y=alt.Y("rate:N").title(None))
    .transform_calculate(
        per_second="v_business_chats_per_day / 86400"
        " * (datum.multiplier + (1 - datum.multiplier) * v_peak_to_average)"
    )
    .add_params(*assumption_params(["business_chats_per_day", "peak_to_average"])),
    title="Peak chats per second grow with the peak-to-average ratio",
    description="Two bars: mean and peak business chats per second.",
    datasets=["assumptions"],
)
chart"""

EXPLORER = "from chatdata.widgets import explorer\nexplorer(chart)"


def _write(folder: Path, name: str, cells: list) -> Path:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = Path(folder) / name
    nbformat.write(nb, path)
    return path


def write_fixture_notebooks(folder: Path) -> list[Path]:
    """Write two small chapters into ``folder``; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    first = _write(
        folder,
        "01_alpha.ipynb",
        [
            new_markdown_cell("# Alpha: the hostile chapter"),
            new_markdown_cell(
                f"Markdown that mentions {SCRIPT_TEXT} and {ATTRIBUTE_TEXT} as plain text.\n\n"
                "A second paragraph."
            ),
            new_code_cell(SETUP),
            new_code_cell(HOSTILE_CHART),
            new_markdown_cell("## The same data as a table"),
            new_code_cell("frame"),
            new_code_cell(f"print({SCRIPT_TEXT!r})"),
        ],
    )
    second = _write(
        folder,
        "02_beta.ipynb",
        [
            new_markdown_cell(
                "# Beta: peaks\n\nHow busy is the **busiest** hour?\nA one-paragraph summary."
            ),
            new_code_cell(SETUP),
            new_code_cell(COMMON_CHART),
            new_code_cell(EXPLORER),
            new_code_cell("import ipywidgets\nipywidgets.IntSlider()"),
        ],
    )
    return [first, second]


def write_failing_notebook(folder: Path, name: str = "03_broken.ipynb") -> Path:
    """A chapter whose third cell raises ``ZeroDivisionError``."""
    return _write(
        Path(folder),
        name,
        [
            new_markdown_cell("# Broken"),
            new_code_cell(SETUP),
            new_code_cell("ratio = 1 / 0  # deliberately broken\nratio"),
            new_code_cell("print('never reached')"),
        ],
    )


def executed_cache(folder: Path) -> Path:
    """The build cache the tests use for the notebooks of ``folder``.

    The chapters share ``make site``'s cache (``.cache/site``); any other folder has its own
    under ``.cache/tests/``. nbval's executions are kept there (see the root ``conftest.py``).
    """
    root = Path(__file__).resolve().parents[1]
    folder = Path(folder).resolve()
    if folder == root / "notebooks":
        return root / ".cache" / "site"
    return root / ".cache" / "tests" / folder.name


@contextlib.contextmanager
def one_at_a_time(cache: Path) -> Iterator[None]:
    """Hold an exclusive lock on build cache ``cache`` (test processes build in turn)."""
    cache = Path(cache)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with open(cache.parent / f".{cache.name}.test-lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_from_cache(notebooks: Path, root: Path) -> tuple[Path, str]:
    """Publish ``notebooks`` into ``root/site`` from their shared cache; the site and its log.

    The cache is :func:`executed_cache`'s (nbval's executions, when it got there first); test
    processes build in turn, so a second finds the first one's pages and only copies them.
    Fails the test when the build does.
    """
    import io

    from chatdata.site.build import build_site

    cache = executed_cache(notebooks)
    log = io.StringIO()
    with one_at_a_time(cache):
        report = build_site(
            out=root / "site", notebooks=notebooks, cache_folder=cache, readme_image=None,
            stream=log,
        )  # fmt: skip
    assert report.ok, log.getvalue()
    return root / "site", log.getvalue()
