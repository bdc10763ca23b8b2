"""What the benchmarks say about the machine they ran on."""

from __future__ import annotations

from pathlib import Path


def load_average() -> str:
    """The one-minute load average, or "unknown" off Linux: figures taken under load differ."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"
