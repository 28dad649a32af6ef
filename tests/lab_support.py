"""Drive JupyterLab in headless Chromium the way a reader would, with no network.

:class:`LabServer` runs JupyterLab on loopback in a throwaway root, config and runtime
directory; :func:`check_notebook` opens one notebook in a :class:`LabWindow` (a JupyterLab
page reused for each notebook a process reads, each opened alone), runs every cell, and
returns a :class:`NotebookReport` saying what a reader would have seen: error outputs,
charts that did not draw, sliders (Vega-bound and ipywidgets) that did not change their
chart, and charts that do not fit their output area (at each of :data:`WINDOW_WIDTHS`, with
the file browser open, with the sliders as they are and at their ends). Any request the page
makes to somewhere other than the server is refused and recorded. Between steps it waits on
conditions (the kernel has handled what the page sent, no chart has an update waiting),
never for a fixed time.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from chatdata.charts.layout import LAB_MAX_WIDTH, LAB_MIN_WIDTH, LAB_STEP

#: JupyterLab front-end plugins that would reach the internet or pop up a toast.
DISABLED_PLUGINS = (
    "@jupyterlab/apputils-extension:announcements",
    "@jupyterlab/extensionmanager-extension:plugin",
)

#: Server settings: no news feed, no update check, no PyPI-backed extension manager.
SERVER_CONFIG = {
    "LabApp": {
        "news_url": None,
        "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
        "extension_manager": "readonly",
    },
}

#: User settings: render every cell (JupyterLab's default windowing only attaches the cells
#: in view, so charts further down would never draw) and don't autosave into the copies.
USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}

#: Text that, inside an output, means the reader sees a failure instead of content.
ERROR_TEXT = (
    "Traceback",
    "Error displaying widget",
    "JavaScript Error",
    "Failed to initialize",
    "Error loading script",
    "has not been properly enabled",
)

#: Talks to the local server directly, whatever proxy the environment names.
LOCAL_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

SERVER_START_SECONDS = 90
CHART_DRAW_SECONDS = 30
SLIDER_CHANGE_SECONDS = 10
#: Seconds for every explorer's chart to be laid out again for a new width.
RELAYOUT_SECONDS = 60


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


class LabServer:
    """JupyterLab on 127.0.0.1 serving ``root``, with all its state under ``workdir``.

    Parameters
    ----------
    root : Path
        Directory whose notebooks are served (give it copies: JupyterLab writes there).
    workdir : Path
        Scratch directory for the Jupyter config, data, runtime and IPython directories
        and the server log.
    """

    def __init__(self, root: Path, workdir: Path):
        self.root = Path(root)
        self.workdir = Path(workdir)
        self.port = free_port()
        self.token = os.urandom(16).hex()
        self.process: subprocess.Popen | None = None
        self.log_path = self.workdir / "jupyterlab.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        """The ``scheme://host:port`` the browser may talk to."""
        return self.base_url

    def notebook_url(self, name: str) -> str:
        """URL that opens ``name`` alone, in a workspace reset to the default layout."""
        return f"{self.base_url}/lab/tree/{quote(name)}?reset&token={self.token}"

    def _environment(self) -> dict[str, str]:
        config = self.workdir / "config"
        _write_json(config / "jupyter_server_config.json", SERVER_CONFIG)
        _write_json(
            config / "labconfig" / "page_config.json",
            {"disabledExtensions": {name: True for name in DISABLED_PLUGINS}},
        )
        for relative, settings in USER_SETTINGS.items():
            _write_json(config / "lab" / "user-settings" / relative, settings)
        env = dict(os.environ)
        env.pop("CHATDATA_SITE", None)  # the reader's JupyterLab, not the site build
        env.update(
            JUPYTER_CONFIG_DIR=str(config),
            JUPYTER_DATA_DIR=str(self.workdir / "data"),
            JUPYTER_RUNTIME_DIR=str(self.workdir / "runtime"),
            IPYTHONDIR=str(self.workdir / "ipython"),
            JUPYTER_PLATFORM_DIRS="1",
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        return env

    def start(self) -> LabServer:
        """Start the server and wait until its REST API answers."""
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--ServerApp.open_browser=False",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.expose_app_in_browser=True",
            "--ServerApp.terminals_enabled=False",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # containers often run as root
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=self.root,
            env=self._environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + SERVER_START_SECONDS
        status_url = f"{self.base_url}/api/status?token={self.token}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited at start:\n{self.log_tail()}")
            try:
                with LOCAL_OPENER.open(status_url, timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(
            f"JupyterLab did not answer in {SERVER_START_SECONDS} s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """Stop the server (and with it the kernels it started)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)

    def _api(self, method: str, path: str):
        request = urllib.request.Request(
            f"{self.base_url}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with LOCAL_OPENER.open(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Shut down every kernel, so each notebook starts from a fresh one."""
        for kernel in self._api("GET", "kernels"):
            self._api("DELETE", f"kernels/{kernel['id']}")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's log, for failure messages."""
        if not self.log_path.exists():
            return "(no log)"
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def copy_notebooks(paths: Sequence[Path], root: Path) -> list[str]:
    """Copy notebooks into the server's root; return their names there."""
    root.mkdir(parents=True, exist_ok=True)
    names = []
    for path in paths:
        shutil.copy2(path, root / path.name)
        names.append(path.name)
    return names


# --- what runs in the page ---------------------------------------------------------------

#: Resolves when every cell has run (false if one failed), or rejects after ``ms``.
RUN_ALL_JS = """async (ms) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const timer = new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`run-all did not finish in ${ms} ms`)), ms));
    const run = window.jupyterapp.commands.execute("notebook:run-all-cells");
    return await Promise.race([run, timer]);
}"""

#: True once the notebook's document and kernel are ready and the kernel is idle.
KERNEL_IDLE_JS = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.sessionContext || !panel.context || !panel.context.isReady) {
        return false;
    }
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    return !!kernel && kernel.status === "idle";
}"""

#: The notebook's cells as the model holds them after running: type, source, outputs.
CELLS_JS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    return panel.context.model.toJSON().cells.map((cell) => ({
        type: cell.cell_type,
        source: Array.isArray(cell.source) ? cell.source.join("") : cell.source,
        execution_count: cell.execution_count ?? null,
        outputs: cell.outputs || [],
    }));
}"""

#: What a chart looks like now: the canvas's pixels, or the SVG's elements (each with its
#: attributes and own text) in sorted order, as Vega may reorder elements it redraws.
DRAWING_JS = """(embed) => {
    const svg = embed && embed.querySelector("svg.marks");
    if (svg) {
        const parts = Array.from(svg.querySelectorAll("*"), (element) => {
            const own = Array.from(element.childNodes).filter((node) => node.nodeType === 3);
            return element.cloneNode(false).outerHTML + own.map((node) => node.data).join("");
        });
        return parts.sort().join("\\n");
    }
    const canvas = embed && embed.querySelector("canvas.marks");
    if (canvas) { return canvas.toDataURL(); }
    return null;
}"""

#: For each chart on the page: its cell's index, whether it drew marks, and any error text.
CHARTS_JS = """() => {
    const cells = Array.from(document.querySelectorAll(".jp-Notebook .jp-Cell"));
    return Array.from(document.querySelectorAll(".jp-Notebook .vega-embed")).map((embed) => {
        const svg = embed.querySelector("svg.marks");
        const canvas = embed.querySelector("canvas.marks");
        let drawn = false;
        if (svg) {
            const items = svg.querySelectorAll(".role-mark > *");
            drawn = svg.getBoundingClientRect().width > 0 && items.length > 0;
        } else if (canvas) {
            const context = canvas.getContext("2d");
            const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
            drawn = canvas.width > 0 && pixels.some((value, i) => i % 4 === 3 && value > 0);
        }
        return {
            cell: cells.indexOf(embed.closest(".jp-Cell")),
            drawn: drawn,
            failed: embed.innerText.includes("Error"),
            text: embed.innerText.slice(0, 300),
        };
    });
}"""

#: Text of every output a reader would see as a failure, with its cell's index.
OUTPUT_TEXT_JS = """(patterns) => {
    const cells = Array.from(document.querySelectorAll(".jp-Notebook .jp-Cell"));
    const found = [];
    for (const output of document.querySelectorAll(".jp-Notebook .jp-OutputArea-output")) {
        const mime = output.dataset.mimeType || "";
        if (mime === "application/vnd.jupyter.stderr") { continue; }  // read from the model
        const text = output.innerText || "";
        const hit = patterns.find((pattern) => text.includes(pattern));
        if (hit) {
            const cell = cells.indexOf(output.closest(".jp-Cell"));
            found.push({cell: cell, text: text.slice(0, 300)});
        }
    }
    return found;
}"""


# --- one notebook, read as a reader would --------------------------------------------------

#: How a live chart shows up in an output's ``text/plain``, once per chart: Altair's
#: ``JupyterChart``, or the ``PanelChart`` chatdata draws its own charts with.
CHART_REPRS = (
    "altair.jupyter.jupyter_chart.JupyterChart object",
    "chatdata.widgets.panel_chart.PanelChart object",
)
#: How an ``explorer`` panel shows up there: one chart each.
EXPLORER_REPR = "<chatdata explorer:"

NOTEBOOK_SECONDS = 240


@dataclass
class NotebookReport:
    """What a reader of one notebook saw; ``problems`` empty means it passed."""

    notebook: str
    seconds: float = 0.0
    charts_expected: int = 0
    charts_drawn: int = 0
    vega_sliders: int = 0
    widget_sliders: int = 0
    explorers: int = 0
    problems: list[str] = field(default_factory=list)
    #: Where (window width, slider corner) -> (cell, chart width, output area width) per chart.
    chart_widths: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    first_problem_cell: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, text: str, cell: int | None = None) -> None:
        """Record a failure, remembering the first cell it concerns for the screenshot."""
        self.problems.append(text)
        if cell is not None and cell >= 0:
            first = self.first_problem_cell
            self.first_problem_cell = cell if first is None else min(first, cell)

    def describe(self) -> str:
        """A failure message: every problem, then context that helps to find the cause."""
        lines = [
            f"{self.notebook}: {len(self.problems)} problem(s) in {self.seconds:.0f} s "
            f"(charts drawn {self.charts_drawn}/{self.charts_expected}, "
            f"Vega sliders {self.vega_sliders}, ipywidgets sliders {self.widget_sliders})"
        ]
        lines += [f"  - {text}" for text in self.problems]
        sections = (
            ("warnings", self.warnings),
            ("blocked requests", self.blocked),
            ("browser console errors", self.console_errors[:10]),
        )
        for title, items in sections:
            if items:
                lines.append(f"  {title}:")
                lines += [f"    {text}" for text in items]
        if self.screenshot:
            lines.append(f"  screenshot: {self.screenshot}")
        return "\n".join(lines)


def _cell_label(cells: list[dict], index: int) -> str:
    """How a report names a cell: its 1-based position and its first line of code."""
    if not 0 <= index < len(cells):
        return "outside any cell"
    first = next((line for line in cells[index]["source"].splitlines() if line.strip()), "")
    return f"cell {index + 1} ({first.strip()[:60]!r})"


#: How long to wait for what should happen (a chart drawing, a slider's effect), as a share
#: of the waits above. :func:`check_notebook` sets it; a notebook whose defects are known lets
#: the harness give up sooner on what will never happen.
_PATIENCE: contextvars.ContextVar[float] = contextvars.ContextVar("patience", default=1.0)


def _draw_wait() -> float:
    return CHART_DRAW_SECONDS * _PATIENCE.get()


def _change_wait() -> float:
    return SLIDER_CHANGE_SECONDS * _PATIENCE.get()


def _remaining(deadline: float, cap: float) -> float:
    """Milliseconds to wait: at most ``cap`` seconds and never past the deadline."""
    return max(min(cap, deadline - time.monotonic()), 0.5) * 1000


#: Open a notebook in the running JupyterLab, as the file browser does.
OPEN_JS = """async (path) => {
    await window.jupyterapp.commands.execute("docmanager:open", {path});
}"""

#: True once ``path`` is the current document, ready, with its kernel idle.
OPENED_JS = f"""(path) => ({KERNEL_IDLE_JS})()
    && window.jupyterapp.shell.currentWidget.context.path === path"""

#: Close every document without saving (the harness reads copies; no dialog asks).
CLOSE_ALL_JS = """async () => {
    for (const widget of Array.from(window.jupyterapp.shell.widgets("main"))) {
        if (widget.context) { widget.context.model.dirty = false; }
        widget.close();
    }
}"""


class LabWindow:
    """One JupyterLab page in headless Chromium, reused for each notebook a process reads.

    Loading JupyterLab's front end costs seconds; the notebooks are opened in turn in the
    same page, each from a window :data:`WINDOW_WIDTHS` ``[0]`` wide with only it open and no
    kernel left from the one before. What the page does while a notebook is read (requests
    it makes elsewhere than the server, uncaught errors, console errors) goes to that
    notebook's report. After a read that stopped on an error the page is closed, and the
    next read starts a fresh one.

    Parameters
    ----------
    browser : playwright Browser
    server : LabServer
    """

    def __init__(self, browser, server: LabServer):
        self.browser = browser
        self.server = server
        self.report: NotebookReport | None = None
        self.context = None
        self.page = None

    def _is_remote(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.hostname, parts.port) != ("127.0.0.1", self.server.port)

    def _record(self, request: str) -> None:
        if self.report is not None and request not in self.report.blocked:
            self.report.blocked.append(request)

    def _refuse(self, route) -> None:
        self._record(f"{route.request.method} {route.request.url}")
        route.abort()

    def _refuse_socket(self, socket) -> None:
        self._record(f"WebSocket {socket.url}")
        socket.close()

    def _page_error(self, error) -> None:
        if self.report is not None:
            self.report.problem(f"uncaught error in the page: {error}")

    def _console(self, message) -> None:
        if self.report is not None and message.type == "error":
            self.report.console_errors.append(message.text)

    def open(self, report: NotebookReport, deadline: float):
        """Open ``report``'s notebook, its kernel idle; returns the page."""
        self.report = report
        if self.page is None:
            self.context = self.browser.new_context(
                viewport={"width": WINDOW_WIDTHS[0], "height": WINDOW_HEIGHT},
                service_workers="block",
            )
            self.context.route(self._is_remote, self._refuse)
            self.context.route_web_socket(self._is_remote, self._refuse_socket)
            self.page = self.context.new_page()
            self.page.on("pageerror", self._page_error)
            self.page.on("console", self._console)
            self.page.goto(
                self.server.notebook_url(report.notebook), timeout=_remaining(deadline, 60)
            )
        else:
            self.page.set_viewport_size({"width": WINDOW_WIDTHS[0], "height": WINDOW_HEIGHT})
            self.page.evaluate(OPEN_JS, report.notebook)
        self.page.wait_for_function(
            OPENED_JS, arg=report.notebook, timeout=_remaining(deadline, 90)
        )
        return self.page

    def done(self, failed: bool) -> None:
        """End a read: close its notebook (or, after a failure, the page) and its kernel."""
        try:
            if failed or self.page is None:
                self.close()
            else:
                self.page.evaluate(CLOSE_ALL_JS)
        except PlaywrightError:
            self.close()
        finally:
            self.report = None
            self.server.shutdown_kernels()

    def close(self) -> None:
        """Close the page (a later :meth:`open` starts a fresh one)."""
        if self.context is not None:
            with contextlib.suppress(PlaywrightError):
                self.context.close()
        self.context = self.page = None


def _read_cells(page, report: NotebookReport) -> list[dict]:
    """Check the executed cells' outputs; return the cells."""
    cells = page.evaluate(CELLS_JS)
    for index, cell in enumerate(cells):
        if cell["type"] != "code" or not cell["source"].strip():
            continue
        label = _cell_label(cells, index)
        if cell["execution_count"] is None:
            report.problem(f"{label} did not run", index)
        for output in cell["outputs"]:
            kind = output.get("output_type")
            if kind == "error":
                report.problem(f"{label} raised {output['ename']}: {output['evalue']}", index)
            elif kind == "stream" and output.get("name") == "stderr":
                text = "".join(output.get("text", ""))
                if "Traceback" in text or "Error" in text:
                    report.problem(f"{label} printed an error: {text.strip()[-300:]}", index)
                else:
                    report.warnings.append(f"{label} printed to stderr: {text.strip()[:300]}")
            elif kind in ("display_data", "execute_result"):
                text = output["data"].get("text/plain", "")
                report.charts_expected += sum(map(text.count, (*CHART_REPRS, EXPLORER_REPR)))
    for hit in page.evaluate(OUTPUT_TEXT_JS, list(ERROR_TEXT)):
        label = _cell_label(cells, hit["cell"])
        report.problem(f"{label} shows an error: {hit['text']!r}", hit["cell"])
    return cells


def _check_charts(page, report: NotebookReport, cells: list[dict], deadline: float) -> None:
    """Wait for every chart to draw; then record those that did not."""
    wait_js = f"""(expected) => {{
        const charts = ({CHARTS_JS})();
        const settled = charts.every((chart) => chart.drawn || chart.failed);
        return charts.length >= expected && settled;
    }}"""
    with contextlib.suppress(PlaywrightTimeout):  # the details are recorded below
        page.wait_for_function(
            wait_js, arg=report.charts_expected, timeout=_remaining(deadline, _draw_wait())
        )
    charts = page.evaluate(CHARTS_JS)
    report.charts_drawn = sum(chart["drawn"] for chart in charts)
    for chart in charts:
        if not chart["drawn"]:
            label = _cell_label(cells, chart["cell"])
            report.problem(f"{label}: a chart drew no marks: {chart['text']!r}", chart["cell"])
    if len(charts) != report.charts_expected:
        report.problem(
            f"{report.charts_expected} chart outputs but {len(charts)} charts on the page"
        )


#: Once a change has made its round trip (:func:`_settle`), the share of the usual wait its
#: chart still gets to show it: its redraw is queued by then and takes milliseconds, so a chart
#: that has not changed is not waited out for long.
REDRAW_SHARE = 0.1


def _changed_after(page, handle, scope_js: str, before: str, deadline: float, sent: int) -> bool:
    """Whether the charts ``scope_js`` finds from ``handle`` no longer look like ``before``.

    Read once the change made after :func:`_sent` returned ``sent`` has made its round trip
    through the kernel (:func:`_settle`).
    """
    changed_js = f"""([element, before]) => {{
        const charts = ({scope_js})(element);
        return JSON.stringify(charts.map({DRAWING_JS})) !== before;
    }}"""
    _settle(page, deadline, since=sent)
    try:
        page.wait_for_function(
            changed_js,
            arg=[handle, before],
            timeout=_remaining(deadline, _change_wait() * REDRAW_SHARE),
        )
        return True
    except PlaywrightTimeout:
        return False


#: The chart a Vega-bound input belongs to.
OWN_CHART_JS = "(element) => [element.closest('.vega-embed')]"

#: The charts in the same cell output as an ipywidgets slider (all charts if there are none).
OUTPUT_CHARTS_JS = """(element) => {
    const area = element.closest(".jp-OutputArea");
    const near = area ? Array.from(area.querySelectorAll(".vega-embed")) : [];
    return near.length ? near : Array.from(document.querySelectorAll(".jp-Notebook .vega-embed"));
}"""

CELL_INDEX_JS = """(element) => Array.from(
    document.querySelectorAll(".jp-Notebook .jp-Cell")).indexOf(element.closest(".jp-Cell"))"""


#: Counts what the page sends the kernel on the shell channel, and which of those the kernel
#: is still handling (until its "idle" status for it arrives on iopub, after any output and
#: widget updates the message caused). Installed once per page, on the notebook's kernel.
#: ``settle(since, ms)`` resolves once a change has made its round trip (see :func:`_settle`):
#: with null, or a reason when a step took longer than ``ms``.
TRACK_KERNEL_JS = """() => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const state = {sent: 0, pending: new Set()};
    kernel.anyMessage.connect((_, {msg, direction}) => {
        if (direction === "send" && msg.channel === "shell") {
            state.sent += 1;
            state.pending.add(msg.header.msg_id);
        } else if (direction === "recv" && msg.channel === "iopub"
                && msg.header.msg_type === "status"
                && msg.content.execution_state === "idle" && msg.parent_header) {
            state.pending.delete(msg.parent_header.msg_id);
        }
    });
    state.settle = (since, ms) => new Promise((resolve) => {
        let asked = null;
        let step = performance.now();
        const check = () => {
            if (asked === null) {
                if (since !== null && state.sent <= since) {
                    if (performance.now() - step > ms) {
                        resolve(`the change sent the kernel nothing in ${ms} ms`);
                        return;
                    }
                    requestAnimationFrame(check);
                    return;
                }
                asked = state.sent;
                step = performance.now();
                kernel.requestKernelInfo();  // its reply comes after all sent before it
            }
            if (state.sent > asked && state.pending.size === 0
                    && !document.querySelector(".jp-Notebook [data-chatdata-pending]")) {
                resolve(null);
            } else if (performance.now() - step > ms) {
                resolve(`the kernel and charts did not settle in ${ms} ms`);
            } else {
                requestAnimationFrame(check);
            }
        };
        check();
    });
    window.chatdataKernel = state;
}"""

SETTLE_JS = "([since, ms]) => window.chatdataKernel.settle(since, ms)"


def _settle(page, deadline: float, since: int | None = None) -> None:
    """Wait until a change has made its round trip through the kernel and the charts.

    Charts are widgets whose params the kernel echoes back; a second change that overtakes
    the first one's echo can leave a chart and its Python sliders out of step. ``since`` is
    :func:`_sent` before the change, when the change must send something (a chart's own
    slider sends its param only after a short debounce); a kernel round trip then makes sure
    nothing sent before it is still on its way, and the wait ends once the kernel has handled
    everything and no explorer chart has an update waiting or running. One call to the page.
    """
    ms = _remaining(deadline, SLIDER_CHANGE_SECONDS)
    failure = page.evaluate(SETTLE_JS, [since, round(ms)])
    if failure:
        raise PlaywrightTimeout(failure)


#: Brings a slider's handle (the element itself, or its ``.noUi-handle``) into view and gives
#: it the keyboard's focus, for the key a reader would press there.
FOCUS_JS = """(element) => {
    const handle = element.querySelector(".noUi-handle") || element;
    handle.scrollIntoViewIfNeeded();
    handle.focus();
}"""

#: A Vega-bound range input as the check needs it, read in one call and focused for its key:
#: its cell, name, chart's drawing and value, whether it is at its highest, messages sent.
VEGA_SLIDER_JS = f"""(input) => {{
    const info = {{
        cell: ({CELL_INDEX_JS})(input),
        name: input.getAttribute("name"),
        before: JSON.stringify(({OWN_CHART_JS})(input).map({DRAWING_JS})),
        value: input.value,
        atMax: Number(input.value) >= Number(input.max),
    }};
    ({FOCUS_JS})(input);
    info.sent = window.chatdataKernel.sent;
    return info;
}}"""

#: Put a range input back to a value, as if the reader had dragged it there; returns the
#: messages sent before.
SET_RANGE_JS = """(input, value) => {
    const sent = window.chatdataKernel.sent;
    input.value = value;
    input.dispatchEvent(new Event("input", {bubbles: true}));
    input.dispatchEvent(new Event("change", {bubbles: true}));
    return sent;
}"""


def _check_vega_sliders(page, report: NotebookReport, cells: list[dict], deadline: float) -> None:
    """Every range input Vega bound to a param must change its chart when moved.

    Each slider goes to one end of its range and back, so every slider is tried from the
    notebook's starting state (one slider at an end can hide another's effect).
    """
    for handle in page.query_selector_all(".jp-Notebook .vega-bindings input[type=range]"):
        report.vega_sliders += 1
        info = handle.evaluate(VEGA_SLIDER_JS)
        cell, name = info["cell"], info["name"]
        label = _cell_label(cells, cell)
        page.keyboard.press("Home" if info["atMax"] else "End")
        before, sent = info["before"], info["sent"]
        if not _changed_after(page, handle, OWN_CHART_JS, before, deadline, sent):
            report.problem(f"{label}: moving the chart's slider {name!r} changed nothing", cell)
        sent = handle.evaluate(SET_RANGE_JS, info["value"])
        _settle(page, deadline, since=sent)


#: An ipywidgets slider's exact value and its maximum (noUiSlider keeps its API on the
#: element; the handle's aria-valuenow is rounded).
WIDGET_SLIDER_VALUE_JS = "(s) => s.querySelector('.noUi-target').noUiSlider.get(true)"
#: An ipywidgets slider's label as the reader sees it ("" without one).
WIDGET_SLIDER_LABEL_JS = "(s) => s.querySelector('.widget-label')?.innerText || ''"
WIDGET_SLIDER_MAX = "s.querySelector('.noUi-target').noUiSlider.options.range.max"

#: An ipywidgets slider as the check needs it, read in one call and its handle focused for
#: its key: cell, label, whether it has a handle and a readout, then its charts' drawing, its
#: value, whether it is at its highest and the messages sent so far.
WIDGET_SLIDER_JS = f"""(s) => {{
    const info = {{
        cell: ({CELL_INDEX_JS})(s),
        name: ({WIDGET_SLIDER_LABEL_JS})(s),
        whole: !!(s.querySelector(".noUi-handle") && s.querySelector(".widget-readout")),
    }};
    if (!info.whole) {{ return info; }}
    info.before = JSON.stringify(({OUTPUT_CHARTS_JS})(s).map({DRAWING_JS}));
    info.value = ({WIDGET_SLIDER_VALUE_JS})(s);
    info.atMax = info.value >= {WIDGET_SLIDER_MAX};
    ({FOCUS_JS})(s);
    info.sent = window.chatdataKernel.sent;
    return info;
}}"""

#: Select the text of an ipywidgets slider's readout, for the reader to type over it (as
#: Playwright's ``fill`` does); returns the messages sent before.
SELECT_READOUT_JS = """(s) => {
    const readout = s.querySelector(".widget-readout");
    readout.scrollIntoViewIfNeeded();
    readout.focus();
    const range = document.createRange();
    range.selectNodeContents(readout);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return window.chatdataKernel.sent;
}"""


def _check_widget_sliders(
    page, report: NotebookReport, cells: list[dict], deadline: float
) -> None:
    """Every ipywidgets slider must change a chart in its output when moved (and back)."""
    for slider in page.query_selector_all(".jp-Notebook .widget-slider"):
        report.widget_sliders += 1
        info = slider.evaluate(WIDGET_SLIDER_JS)
        cell, name = info["cell"], info["name"]
        label = _cell_label(cells, cell)
        if not info["whole"]:
            report.problem(f"{label}: ipywidgets slider {name!r} has no handle", cell)
            continue
        value = info["value"]
        page.keyboard.press("Home" if info["atMax"] else "End")
        if slider.evaluate(WIDGET_SLIDER_VALUE_JS) == value:
            report.problem(f"{label}: ipywidgets slider {name!r} did not move", cell)
            continue
        before, sent = info["before"], info["sent"]
        if not _changed_after(page, slider, OUTPUT_CHARTS_JS, before, deadline, sent):
            report.problem(f"{label}: moving ipywidgets slider {name!r} changed no chart", cell)
        # type the old value into the readout, as a reader can
        sent = slider.evaluate(SELECT_READOUT_JS)
        page.keyboard.insert_text(repr(value))
        page.keyboard.press("Enter")
        _settle(page, deadline, since=sent)


#: For each cell output holding both kinds of slider: pairs of (label, chart value, Python
#: slider value), matched by label (the chart's label is the Python one plus the unit).
SLIDER_PAIRS_JS = """() => {
    const cells = Array.from(document.querySelectorAll(".jp-Notebook .jp-Cell"));
    const pairs = [];
    for (const area of document.querySelectorAll(".jp-Notebook .jp-OutputArea")) {
        const bound = Array.from(area.querySelectorAll(".vega-bind"), (bind) => ({
            name: bind.querySelector(".vega-bind-name")?.innerText || "",
            input: bind.querySelector("input[type=range]"),
        })).filter((bind) => bind.input);
        for (const slider of area.querySelectorAll(".widget-slider")) {
            const label = slider.querySelector(".widget-label")?.innerText || "";
            const match = bound.find((bind) => label && bind.name.startsWith(label));
            if (match) {
                pairs.push({
                    cell: cells.indexOf(area.closest(".jp-Cell")),
                    label: label,
                    chart: Number(match.input.value),
                    python: slider.querySelector(".noUi-target").noUiSlider.get(true),
                });
            }
        }
    }
    return pairs;
}"""


def _check_panels_agree(page, report: NotebookReport, cells: list[dict]) -> None:
    """After all the moving, each chart slider and its Python twin must show the same value."""
    for pair in page.evaluate(SLIDER_PAIRS_JS):
        chart, python = pair["chart"], pair["python"]
        if abs(chart - python) > 1e-6 * max(abs(chart), abs(python), 1e-12):
            label = _cell_label(cells, pair["cell"])
            report.problem(
                f"{label}: {pair['label']!r} is {chart} on the chart but {python} in the "
                "Python panel",
                pair["cell"],
            )


#: Each explorer panel on the page: its cell, whether its chart shows Vega's own inputs, the
#: chart's params as its view holds them, and each Python slider's param name and value.
EXPLORERS_JS = """() => {
    const cells = Array.from(document.querySelectorAll(".jp-Notebook .jp-Cell"));
    return Array.from(document.querySelectorAll(".jp-Notebook [data-chatdata-params]"),
        (chart) => {
            const area = chart.closest(".jp-OutputArea-output") || chart.parentElement;
            const sliders = Array.from(area.querySelectorAll(".widget-slider"), (slider) => {
                const name = Array.from(slider.classList).find(
                    (c) => c.startsWith("chatdata-param-"));
                return {
                    param: name ? name.slice("chatdata-param-".length) : null,
                    value: slider.querySelector(".noUi-target").noUiSlider.get(true),
                };
            });
            const derived = Array.from(area.querySelectorAll("tr[data-param], tr[class]"),
                (row) => ({
                    param: Array.from(row.classList).find((c) => c.startsWith("derived_")),
                    text: row.querySelector("td:nth-child(2)")?.innerText || "",
                })).filter((row) => row.param);
            return {
                cell: cells.indexOf(chart.closest(".jp-Cell")),
                bindings: area.querySelectorAll(".vega-bindings input").length,
                params: JSON.parse(chart.dataset.chatdataParams),
                sliders: sliders,
                derived: derived,
            };
        });
}"""

WORD_SIZES = {"billion": 1e9, "million": 1e6}


def parse_figure(text: str) -> float:
    """A derived figure as the panel's table shows it (``"1.2 billion"``) as a number."""
    parts = text.replace(",", "").split()
    return float(parts[0]) * (WORD_SIZES.get(parts[1], 1.0) if len(parts) > 1 else 1.0)


def _explorer_disagreements(explorer: dict) -> list[str]:
    """Where an explorer's chart, Python sliders and derived table do not say the same."""
    found = []
    params = explorer["params"]
    for slider in explorer["sliders"]:
        name, python = slider["param"], slider["value"]
        chart = params.get(name)
        if name is None:
            found.append("a Python slider names no chart param")
        elif chart is None or abs(chart - python) > 1e-6 * max(abs(chart), abs(python), 1e-12):
            found.append(f"{name!r} is {chart} on the chart but {python} in the Python panel")
    for row in explorer["derived"]:
        chart = params.get(row["param"])
        try:
            shown = parse_figure(row["text"])
        except (ValueError, IndexError):
            found.append(f"derived figure {row['param']} reads {row['text']!r}")
            continue
        if chart is None or abs(shown - chart) > 0.006 * abs(chart) + 0.006:
            found.append(
                f"derived figure {row['param']} is {chart} on the chart but "
                f"{row['text']!r} in the Python table"
            )
    return found


#: Mouse moves per leg of a fast drag. Each move changes the slider with no wait between
#: moves, so its messages overtake one another's echoes already; more moves only cost time
#: (each is a redraw of the notebook's page: about 80 ms on a loaded 2-core machine).
DRAG_STEPS = 4


#: Brings an ipywidgets slider's handle into view; returns the middle of the handle and the
#: track's left end and width (null when either is not shown).
DRAG_START_JS = """(slider) => {
    const handle = slider.querySelector(".noUi-handle");
    const track = slider.querySelector(".noUi-base");
    if (!handle || !track) { return null; }
    handle.scrollIntoViewIfNeeded();
    const start = handle.getBoundingClientRect();
    const box = track.getBoundingClientRect();
    if (!start.width || !start.height || !box.width || !box.height) { return null; }
    return {x: start.x + start.width / 2, y: start.y + start.height / 2,
        left: box.x, width: box.width};
}"""


def _fast_drag(page, slider) -> None:
    """Drag an ipywidgets slider's handle to its far end and halfway back, in quick steps."""
    start = slider.evaluate(DRAG_START_JS)
    if not start:
        return
    x, y = start["x"], start["y"]
    page.mouse.move(x, y)
    page.mouse.down()
    for target in (start["left"] + start["width"], start["left"] + start["width"] * 0.37):
        for step in range(1, DRAG_STEPS + 1):
            page.mouse.move(x + (target - x) * step / DRAG_STEPS, y)
        x = target
    page.mouse.up()


def _check_explorers(page, report: NotebookReport, cells: list[dict], deadline: float) -> None:
    """Each explorer panel: no Vega inputs of its own, and agreement after fast drags.

    After fast drags of every Python slider its chart, sliders and derived table must agree.
    """
    explorers = page.evaluate(EXPLORERS_JS)
    report.explorers = len(explorers)
    for explorer in explorers:
        if explorer["bindings"]:
            label = _cell_label(cells, explorer["cell"])
            report.problem(f"{label}: the explorer's chart shows Vega's own inputs too")
    for slider in page.query_selector_all(".jp-Notebook [class*=chatdata-param-]"):
        _fast_drag(page, slider)
    agree_js = f"""() => ({EXPLORERS_JS})().every((e) =>
        e.sliders.every((s) => Math.abs((e.params[s.param] ?? NaN) - s.value)
            <= 1e-6 * Math.max(Math.abs(s.value), 1e-12)))"""
    try:
        _settle(page, deadline)
        page.wait_for_function(
            agree_js, timeout=_remaining(deadline, _change_wait() * REDRAW_SHARE)
        )
    except PlaywrightTimeout:
        pass  # recorded below
    for explorer in page.evaluate(EXPLORERS_JS):
        label = _cell_label(cells, explorer["cell"])
        for text in _explorer_disagreements(explorer):
            report.problem(f"{label}: after fast drags, {text}", explorer["cell"])


# --- charts fit their output area -------------------------------------------------------

#: The window widths a notebook is read at, with JupyterLab's file browser open beside it:
#: the narrowest first (where every other check runs too), then each wider one.
WINDOW_WIDTHS = (1000, 1400)
WINDOW_HEIGHT = 1000
#: Pixels a cut-short text's full text must have to spare before it counts as fitting.
FIT_SLACK = 8

#: Whether JupyterLab's file browser is open in the left sidebar.
FILE_BROWSER_OPEN_JS = """() => {
    const browser = document.querySelector("#filebrowser");
    return !!browser && browser.offsetParent !== null && browser.offsetWidth > 0;
}"""

#: Width of the first code cell's output area (or of the notebook), to see a resize land.
AREA_WIDTH_JS = """() => {
    const area = document.querySelector(".jp-Notebook .jp-OutputArea")
        || document.querySelector(".jp-Notebook");
    return area ? area.clientWidth : 0;
}"""

#: True once every explorer chart is drawn at the layout its output area's width asks for
#: (its own width rounded down to a step, within bounds) with no update waiting.
LAID_OUT_JS = """([step, low, high]) => Array.from(
    document.querySelectorAll(".jp-Notebook [data-chatdata-params]")).every((chart) => {
        if (chart.dataset.chatdataPending) { return false; }
        const width = Number(chart.dataset.chatdataWidth || 0);
        if (!width) { return true; }  // a chart that keeps its author's layout
        const wanted = Math.floor(chart.clientWidth / step) * step;
        return width === Math.max(low, Math.min(high, wanted));
    })"""

#: For each drawn chart: its cell, its SVG's width and its output area's, whether the SVG
#: reaches past the output area, the text that reaches outside the SVG, and the text Vega (or
#: the layout) cut short with an ellipsis although its full text, found among ``strings``
#: (every string in the cell outputs' specs), would fit between its anchor and the chart's
#: edge on as many lines as it has, with ``slack`` px to spare (the layout measures text with
#: vl-convert, which may differ from the browser by a pixel or two). Cut text whose full text
#: is unknown is listed apart.
FIT_JS = """([strings, slack]) => {
    const cells = Array.from(document.querySelectorAll(".jp-Notebook .jp-Cell"));
    const squash = (text) => text.replace(/\\s+/g, " ").trim();
    const known = strings.map(squash);
    const context = document.createElement("canvas").getContext("2d");
    const fits = (full, lines, room) => {
        let count = 1;
        let line = "";
        for (const word of full.split(" ")) {
            const next = line ? line + " " + word : word;
            if (context.measureText(next).width <= room) { line = next; continue; }
            if (!line || context.measureText(word).width > room) { return false; }
            count += 1;
            line = word;
        }
        return count <= lines;
    };
    const charts = [];
    for (const embed of document.querySelectorAll(".jp-Notebook .vega-embed")) {
        const svg = embed.querySelector("svg.marks");
        const area = embed.closest(".jp-OutputArea-output");
        if (!svg || !area) { continue; }
        const box = svg.getBoundingClientRect();
        const outer = area.getBoundingClientRect();
        const inner = outer.left + area.clientLeft;
        const chart = {
            cell: cells.indexOf(embed.closest(".jp-Cell")),
            width: Math.round(box.width),
            area: area.clientWidth,
            wider: box.left < inner - 0.5 || box.right > inner + area.clientWidth + 0.5,
            outside: [],
            cut: [],
            unknown: [],
        };
        for (const text of svg.querySelectorAll("text")) {
            const r = text.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) { continue; }
            const spans = Array.from(text.querySelectorAll("tspan"), (span) => span.textContent);
            const lines = spans.length ? spans : [text.textContent];
            const shown = squash(lines.join(" "));
            const over = Math.max(box.left - r.left, r.right - box.right,
                box.top - r.top, r.bottom - box.bottom);
            if (over > 1) { chart.outside.push({text: shown.slice(0, 80), px: Math.round(over)}); }
            if (!shown.endsWith("\u2026")) { continue; }
            const prefix = shown.slice(0, -1).trimEnd();
            const full = known.filter((k) => k.length > prefix.length && k.startsWith(prefix))
                .sort((a, b) => a.length - b.length)[0];
            if (full === undefined) { chart.unknown.push(shown); continue; }
            const style = getComputedStyle(text);
            context.font = [style.fontStyle, style.fontWeight, style.fontSize,
                style.fontFamily].join(" ");
            const anchor = text.getAttribute("text-anchor") || "start";
            const middle = r.left + r.width / 2;
            const room = r.height > r.width * 2 ? Infinity  // turned text: not measured here
                : anchor === "end" ? r.right - box.left
                : anchor === "middle" ? 2 * Math.min(middle - box.left, box.right - middle)
                : box.right - r.left;
            if (room !== Infinity && fits(full, lines.length, room - slack)) {
                chart.cut.push({text: shown, full: full});
            }
        }
        charts.push(chart);
    }
    return charts;
}"""


def _chart_strings(cells: list[dict]) -> list[str]:
    """Every string in the Vega-Lite specs of the cells' outputs: the charts' full texts."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, str):
            if 1 < len(node) < 400:
                found.add(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for cell in cells:
        for output in cell["outputs"]:
            for mime, data in (output.get("data") or {}).items():
                if "vegalite" in mime:
                    walk(data)
    return sorted(found)


#: Per ipywidgets label, readout or HTML text in a cell output that the reader cannot read
#: whole: cut short in its own box (its text is wider than the box) or reaching past the
#: output area's right edge.
WIDGET_TEXT_JS = """() => {
    const cells = Array.from(document.querySelectorAll(".jp-Notebook .jp-Cell"));
    const found = [];
    for (const area of document.querySelectorAll(".jp-Notebook .jp-OutputArea-output")) {
        const edge = area.getBoundingClientRect().left + area.clientLeft + area.clientWidth;
        for (const node of area.querySelectorAll(
                ".widget-label, .widget-readout, .widget-html-content")) {
            const box = node.getBoundingClientRect();
            if (box.width === 0 || box.height === 0 || !node.innerText.trim()) { continue; }
            const cut = node.scrollWidth > node.clientWidth + 1;
            const past = Math.round(box.right - edge);
            if (cut || past > 1) {
                found.push({cell: cells.indexOf(area.closest(".jp-Cell")), cut: cut,
                    past: past, text: node.innerText.trim().slice(0, 80)});
            }
        }
    }
    return found;
}"""


def _check_fit(page, report: NotebookReport, cells: list[dict], strings, where: str) -> None:
    """Every chart fits its output area with its text whole; so does every widget's text."""
    for hit in page.evaluate(WIDGET_TEXT_JS):
        label = f"{_cell_label(cells, hit['cell'])} {where}"
        how = (
            "is cut short in its box"
            if hit["cut"]
            else f"reaches {hit['past']} px past the output area"
        )
        report.problem(f"{label}: the widget text {hit['text']!r} {how}", hit["cell"])
    widths = []
    for chart in page.evaluate(FIT_JS, [strings, FIT_SLACK]):
        cell = chart["cell"]
        label = f"{_cell_label(cells, cell)} {where}"
        widths.append((cell, chart["width"], chart["area"]))
        if chart["wider"]:
            report.problem(
                f"{label}: the chart is {chart['width']} px wide in a {chart['area']} px "
                "output area",
                cell,
            )
        outside = sorted(chart["outside"], key=lambda item: -item["px"])
        if outside:
            texts = ", ".join(repr(item["text"]) for item in outside[:3])
            report.problem(
                f"{label}: {len(outside)} chart text(s) reach up to {outside[0]['px']} px "
                f"outside the chart: {texts}",
                cell,
            )
        for item in chart["cut"]:
            report.problem(
                f"{label}: chart text is cut short to {item['text']!r} though "
                f"{item['full']!r} would fit",
                cell,
            )
        for text in chart["unknown"]:
            report.warnings.append(f"{label}: chart text cut short to {text!r}")
    report.chart_widths[where] = widths


def _wait_laid_out(page, deadline: float) -> None:
    """Wait until every explorer chart is laid out for the width of its output area."""
    page.wait_for_function(
        LAID_OUT_JS,
        arg=[LAB_STEP, LAB_MIN_WIDTH, LAB_MAX_WIDTH],
        timeout=_remaining(deadline, RELAYOUT_SECONDS),
    )


def _check_width(
    page, report: NotebookReport, cells: list[dict], strings, width: int, deadline: float
) -> None:
    """At one window width, with the file browser open: every chart fits, sliders as they are."""
    if not page.evaluate(FILE_BROWSER_OPEN_JS):
        report.problem(f"at {width} px the file browser is not open beside the notebook")
    try:
        _wait_laid_out(page, deadline)
    except PlaywrightTimeout:
        report.problem(f"at {width} px an explorer chart was not laid out for its output area")
    _check_fit(page, report, cells, strings, f"at {width} px")


#: Names of the ends of a slider's range, for the keys that move it there.
SLIDER_ENDS = {"End": "highest", "Home": "lowest"}

#: Press ``key`` on every explorer slider's handle in one go (noUiSlider moves a handle to an
#: end of its range on Home and End, whatever has the focus), so that their changes reach the
#: kernel together; returns how many there are, and those not at that end after it.
SLIDERS_TO_END_JS = f"""(key) => {{
    const sliders = Array.from(document.querySelectorAll(
        ".jp-Notebook [class*=chatdata-param-]")).filter((s) => s.querySelector(".noUi-handle"));
    for (const slider of sliders) {{
        slider.querySelector(".noUi-handle").dispatchEvent(
            new KeyboardEvent("keydown", {{key: key, bubbles: true, cancelable: true}}));
    }}
    const missed = [];
    for (const slider of sliders) {{
        const api = slider.querySelector(".noUi-target").noUiSlider;
        const end = key === "End" ? api.options.range.max : api.options.range.min;
        const value = ({WIDGET_SLIDER_VALUE_JS})(slider);
        if (Math.abs(value - end) > 1e-9 * Math.max(Math.abs(end), 1)) {{
            missed.push({{cell: ({CELL_INDEX_JS})(slider), value: value, end: end,
                name: ({WIDGET_SLIDER_LABEL_JS})(slider)}});
        }}
    }}
    return {{count: sliders.length, missed: missed}};
}}"""


def _check_corners(
    page,
    report: NotebookReport,
    cells: list[dict],
    strings,
    width: int,
    deadline: float,
    keys: Sequence[str] = ("End", "Home"),
) -> None:
    """Every explorer's sliders at their highest, then lowest: every chart still fits.

    All the sliders move at once, then the charts are measured, each read on its own.
    """
    for key in keys:
        where = f"at {width} px, sliders at their {SLIDER_ENDS[key]}"
        moved = page.evaluate(SLIDERS_TO_END_JS, key)
        if not moved["count"]:
            return
        for slider in moved["missed"]:
            report.problem(
                f"{_cell_label(cells, slider['cell'])} {where}: slider {slider['name']!r} "
                f"is at {slider['value']}, not at {slider['end']}",
                slider["cell"],
            )
        _settle(page, deadline)
        _wait_laid_out(page, deadline)
        _check_fit(page, report, cells, strings, where)


def _resize(page, width: int, deadline: float) -> None:
    """Make the window ``width`` px wide and wait until JupyterLab has laid itself out."""
    before = page.evaluate(AREA_WIDTH_JS)
    page.set_viewport_size({"width": width, "height": WINDOW_HEIGHT})
    page.wait_for_function(
        f"() => ({AREA_WIDTH_JS})() !== {before}", timeout=_remaining(deadline, 10)
    )


#: Text MathJax typeset as maths, with its cell: our notebooks hold no maths, so any is a
#: dollar sign (or similar) that JupyterLab misread.
MATHS_JS = """() => {
    const cells = Array.from(document.querySelectorAll(".jp-Notebook .jp-Cell"));
    return Array.from(document.querySelectorAll(".jp-Notebook mjx-container"), (node) => ({
        cell: cells.indexOf(node.closest(".jp-Cell")),
        text: (node.closest("p, td, li") || node).innerText.slice(0, 120),
    }));
}"""


def _check_no_maths(page, report: NotebookReport, cells: list[dict]) -> None:
    """Nothing may be typeset as maths (``$0.03 ... $2`` becomes italic nonsense)."""
    for hit in page.evaluate(MATHS_JS):
        label = _cell_label(cells, hit["cell"])
        report.problem(f"{label} shows text typeset as maths: {hit['text']!r}", hit["cell"])


def _save_screenshot(page, report: NotebookReport, path: Path) -> None:
    try:
        if report.first_problem_cell is not None:
            cell = page.locator(".jp-Notebook .jp-Cell").nth(report.first_problem_cell)
            cell.scroll_into_view_if_needed(timeout=5000)
        page.screenshot(path=str(path), timeout=15000)
        report.screenshot = path
    except PlaywrightError:
        pass  # a screenshot is a courtesy; the problems are already recorded


def check_notebook(
    window: LabWindow,
    name: str,
    *,
    screenshot: Path | None = None,
    timeout: float = NOTEBOOK_SECONDS,
    patience: float = 1.0,
) -> NotebookReport:
    """Open ``name`` in ``window``, run all cells, and check what a reader sees.

    Parameters
    ----------
    window : LabWindow
        A page on a running server whose root holds ``name``.
    name : str
        Notebook path relative to the server's root.
    screenshot : Path, optional
        Where to save a screenshot (scrolled to the first problem) when there are problems.
    timeout : float
        Seconds for the whole notebook, from opening it to the last slider.
    patience : float
        Share of the usual waits for a chart to draw and a slider to take effect; below 1
        only for a notebook whose charts and sliders are known to fail (the harness's test).

    Returns
    -------
    NotebookReport
    """
    token = _PATIENCE.set(patience)
    try:
        return _check_notebook(window, name, screenshot, timeout)
    finally:
        _PATIENCE.reset(token)


def _check_notebook(window: LabWindow, name, screenshot, timeout) -> NotebookReport:
    report = NotebookReport(name)
    started = time.monotonic()
    deadline = started + timeout
    first, *wider = WINDOW_WIDTHS
    failed = False
    page = None
    try:
        page = window.open(report, deadline)
        page.evaluate(TRACK_KERNEL_JS)
        finished = page.evaluate(RUN_ALL_JS, _remaining(deadline, timeout))
        page.wait_for_function(KERNEL_IDLE_JS, timeout=_remaining(deadline, timeout))
        cells = _read_cells(page, report)
        if not finished and report.ok:
            report.problem("JupyterLab reported that run-all did not succeed")
        _check_charts(page, report, cells, deadline)
        _check_no_maths(page, report, cells)
        strings = _chart_strings(cells)
        _check_width(page, report, cells, strings, first, deadline)
        _check_vega_sliders(page, report, cells, deadline)
        _check_widget_sliders(page, report, cells, deadline)
        _check_panels_agree(page, report, cells)
        _check_explorers(page, report, cells, deadline)
        _check_corners(page, report, cells, strings, first, deadline)
        for width in wider:  # the sliders are at their lowest
            _resize(page, width, deadline)
            _check_width(page, report, cells, strings, width, deadline)
            _check_corners(page, report, cells, strings, width, deadline, keys=("End",))
    except PlaywrightError as error:  # includes timeouts
        failed = True
        report.problem(f"stopped after {time.monotonic() - started:.0f} s: {error}")
    finally:
        for request in report.blocked:
            report.problem(f"the page tried to reach the network: {request}")
        for text in report.console_errors:
            report.problem(f"the browser console shows an error: {text[:300]}")
        if screenshot is not None and report.problems and page is not None:
            _save_screenshot(page, report, screenshot)
        window.done(failed)
    report.seconds = time.monotonic() - started
    return report
