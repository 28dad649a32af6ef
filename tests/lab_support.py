"""Drive JupyterLab in headless Chromium the way a reader would, with no network.

:class:`LabServer` runs JupyterLab on loopback in a throwaway root, config and runtime
directory; :func:`check_notebook` opens one notebook in a fresh browser page, runs every
cell, and returns a :class:`NotebookReport` saying what a reader would have seen: error
outputs, charts that did not draw, and sliders (Vega-bound and ipywidgets) that did not
change their chart. Any request the page makes to somewhere other than the server is
refused and recorded.
"""

from __future__ import annotations

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

SERVER_START_SECONDS = 90
CHART_DRAW_SECONDS = 30
SLIDER_CHANGE_SECONDS = 10


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
            "--no-browser",
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
                with urllib.request.urlopen(status_url, timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer in {SERVER_START_SECONDS} s:\n{self.log_tail()}")

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
