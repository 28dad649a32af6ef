"""A description of the machine the benchmarks ran on."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from pathlib import Path


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's model name (Linux), else what :mod:`platform` knows."""
    try:
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_total(meminfo: Path = Path("/proc/meminfo")) -> str:
    """Installed memory as ``"23.4 GB"`` (Linux), or ``"unknown"``."""
    try:
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) * 1024 / 1e9:.1f} GB"
    except OSError:
        pass
    return "unknown"


def os_name(release: Path = Path("/etc/os-release")) -> str:
    """Distribution name and kernel release, e.g. ``"Debian GNU/Linux 12 (bookworm), 6.1.0"``."""
    name = platform.system()
    try:
        for line in release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                name = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return f"{name}, kernel {platform.release()}"


def usable_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, e.g. ``"0.52 0.40 0.31"``."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def describe_machine(chromium_version: str, load_before: str) -> dict[str, str]:
    """CPU, cores, memory, OS, Python, Chromium, the date and the load around the run."""
    return {
        "CPU": cpu_model(),
        "Cores": f"{usable_cores()} usable ({os.cpu_count()} online)",
        "Memory": memory_total(),
        "OS": os_name(),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "Chromium": chromium_version,
        "Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Load average (1, 5, 15 min) before / after the run": f"{load_before} / {load_average()}",
    }
