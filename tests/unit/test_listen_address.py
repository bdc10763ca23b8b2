"""The app listens on this machine only unless its operator chooses otherwise (issue 15,
point 7): it has no login and writes decision records to disk."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = ("localhost", "127.0.0.1", "::1")


def test_the_server_listens_on_the_loopback_address_by_default():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] in LOOPBACK


def test_the_readme_says_how_to_serve_it_to_a_team_and_what_that_exposes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Serving it to a team", 1)[1].split("\n## ", 1)[0]
    for needed in ("--server.address", "reverse proxy with authentication", "DECISION_LOG_ROOT"):
        assert needed in section
    assert "Anyone who reaches the app can" in section
