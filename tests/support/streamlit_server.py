"""A real `python -m streamlit run app.py` on a free port, for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; never a downloaded browser
# Without the background-networking flags Chromium phones home at start-up.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`python -m streamlit run app.py` on a free port, stopped with the fixture."""

    def __init__(self, log_name: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        ARTIFACTS.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS / log_name
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            # The decision-log tests write under the temporary folder pytest gives them.
            env={**os.environ, "DECISION_LOG_ROOT": tempfile.gettempdir()},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_healthy(self, tries: int = 720) -> None:
        """Until the health endpoint answers; between two tries, wait a quarter of a second for
        the process to exit, so a server that dies is reported at once. The number of tries
        (at least three minutes) only stops a hang: a busy machine may take a minute to start
        the server."""
        for _ in range(tries):
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                pass  # not listening yet
            try:
                self.process.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(f"streamlit exited: {self.log_path.read_text()}")
        raise RuntimeError(f"streamlit did not become healthy: {self.log_path.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._log.close()


def start_server(log_name: str) -> StreamlitServer:
    server = StreamlitServer(log_name)
    try:
        server.wait_healthy()
    except Exception:
        server.stop()
        raise
    return server
