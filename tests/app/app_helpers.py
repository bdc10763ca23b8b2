"""AppTest helpers: a fresh simulated session per test, opened on any page.

Imported by the tests in this folder (pytest puts the folder on sys.path)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 30  # the default 3 s is too short for a cold first run


def open_app(page: str = "app.py", query_params: dict[str, str] | None = None) -> AppTest:
    """A new session whose first run is `page` (relative to the repo root), like a deep link."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    at.query_params.update(query_params or {})
    if page != "app.py":
        at.switch_page(page)
    return at.run()


def by_label(widgets, label_start: str):
    """The first widget whose label starts with `label_start`."""
    matches = [w for w in widgets if w.label.startswith(label_start)]
    assert matches, f"no widget labelled {label_start!r}"
    return matches[0]
