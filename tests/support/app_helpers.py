"""AppTest helpers: a fresh simulated session per test, opened on any page.

tests/conftest.py puts tests/support on sys.path, so any tier (and benchmarks/) imports this."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from scoring.engine.evaluate import evaluate
from scoring.io.presets import preset_by_id
from ui import variants as variants_ui
from ui.codec import encode_scenario

ROOT = Path(__file__).resolve().parents[2]
# Only stops a hung script run: a slow run on a busy machine never gets near it (AppTest's default
# of 3 s fails a cold first run there).
TIMEOUT_S = 300


def open_app(
    page: str = "app.py", query_params: dict[str, str] | None = None, timeout: float = TIMEOUT_S
) -> AppTest:
    """A new session whose first run is `page` (relative to the repo root), like a deep link."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params.update(query_params or {})
    if page != "app.py":
        at.switch_page(page)
    return at.run()


def open_on(page: str, preset_id: str):
    """A new session on `page` with the preset's scenario in the link, and the engine's
    evaluation of that scenario."""
    scenario = preset_by_id(preset_id).scenario
    return open_app(page, {"s": encode_scenario(scenario)}), evaluate(scenario)


def scenario_of(at):
    return at.session_state["scenario"]


def plain(text: str) -> str:
    """Shown text without Streamlit's Markdown escapes."""
    return text.replace("\\", "")


def shown_table(frame):
    """A table as the page shows it: cells and headers without Markdown escapes."""
    readable = frame.map(lambda cell: plain(str(cell)))
    readable.columns = [plain(str(c)) for c in frame.columns]
    return readable


def text_of(elements) -> str:
    return plain("\n".join(e.value for e in elements))


def button(at, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return matches[0]


def uploader(at, label: str):
    return next(u for u in at.main.file_uploader if u.label.startswith(label))


def upload(at, label: str, name: str, data: bytes):
    uploader(at, label).set_value((name, data, "application/octet-stream"))
    return at.run()


def save_variant(at, name: str):
    at.text_input(key=variants_ui.NAME_KEY).input(name)
    return button(at, "Save as variant").click().run()


def figure(at, key: str) -> dict:
    """The plotly figure of the chart drawn with `key`, as the browser receives it."""
    charts = [c for c in at.get("plotly_chart") if key in c.proto.id]
    assert charts, f"no chart with key {key!r}"
    return json.loads(charts[0].proto.spec)


def values(array) -> np.ndarray:
    """A plotly array: plain list, or typed array {"dtype", "bdata"} (base64)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    return np.asarray(array)


def by_label(widgets, label_start: str):
    """The first widget whose label starts with `label_start`."""
    matches = [w for w in widgets if w.label.startswith(label_start)]
    assert matches, f"no widget labelled {label_start!r}"
    return matches[0]


def keyed_block(at, key: str):
    """The container drawn with `key` (st.container(key=...)) in the main area."""
    for child in at.main.children.values():
        if str(getattr(child.proto, "id", "")).endswith(f"-{key}"):
            return child
    raise AssertionError(f"no container with key {key!r}")
