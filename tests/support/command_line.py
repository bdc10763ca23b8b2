"""`python -m scoring` in a subprocess, as a user runs it from the repository root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HANG_S = 300  # stops a hang; it is no limit on how long a command may take


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG_S,
    )
