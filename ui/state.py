"""The session's scenario: one immutable Scenario in `st.session_state["scenario"]`.

Widgets never own the scenario. Each input widget has a key `in:<dotted path>`; a change is
copied into a new Scenario validated by the scenario model (the same boundary as a file), and a
rejected change leaves the scenario as it was. The scenario is mirrored into `?s=` so that a
refresh, a shared link or a cold deep link to any page opens the same scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar

import streamlit as st

from scoring.io.presets import bundled_presets, preset_by_id
from scoring.model.codec import ScenarioError, scenario_from_dict, scenario_to_dict
from scoring.model.scenario import Scenario
from ui.codec import decode_scenario, encode_scenario

SCENARIO_KEY = "scenario"
INPUT_PREFIX = "in:"
QUERY_KEY = "s"
DEFAULT_PRESET_ID = "factory_qc_camera"
_ENCODED_KEY = "ui:encoded"  # (scenario, its encoding): skips re-encoding an unchanged scenario
_FLASH_KEY = "ui:flash"
_FIELD_ERRORS_KEY = "ui:field_errors"

FlashKind = Literal["success", "info", "warning", "error"]
T = TypeVar("T")


def ensure_state() -> Scenario:
    """The current scenario, created on the session's first run; safe to call on every run.

    Every page calls this first, because with pages-directory discovery a deep link runs the
    page alone, without app.py.
    """
    state = st.session_state
    if SCENARIO_KEY not in state:
        state[SCENARIO_KEY] = _initial_scenario()
    sync_url()
    return state[SCENARIO_KEY]


def current_scenario() -> Scenario:
    return st.session_state[SCENARIO_KEY]


def current_encoding() -> str:
    """The `?s=` value of the current scenario (kept while the scenario is unchanged)."""
    scenario = current_scenario()
    return derived(_ENCODED_KEY, scenario, lambda: encode_scenario(scenario))


def derived(key: str, source: object, build: Callable[[], T]) -> T:
    """`build()`, kept in the session under `key` while `source` is the same object.

    The session holds immutable values (a scenario, a dict of variants that every change
    replaces), so the same object means the same content and identity is enough."""
    cached = st.session_state.get(key)
    if cached is None or cached[0] is not source:
        cached = (source, build())
        st.session_state[key] = cached
    return cached[1]


def sync_url() -> None:
    """Mirror the scenario into the URL; only writes when it changed, so history stays quiet."""
    encoded = current_encoding()
    if st.query_params.get(QUERY_KEY) != encoded:
        st.query_params[QUERY_KEY] = encoded


def default_scenario() -> Scenario:
    try:
        return preset_by_id(DEFAULT_PRESET_ID).scenario
    except KeyError:
        presets = bundled_presets()
        return presets[0].scenario if presets else Scenario(name="New scenario")


def replace_scenario(scenario: Scenario) -> None:
    """Make `scenario` current (preset, upload) and let every input widget re-seed from it."""
    st.session_state[SCENARIO_KEY] = scenario
    forget_inputs("")
    sync_url()


def forget_inputs(path_prefix: str) -> None:
    """Drop the widget values under a scenario path so those widgets re-seed from the scenario."""
    prefix = INPUT_PREFIX + path_prefix
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


def read_path(scenario: Scenario, path: str, default: Any = None) -> Any:
    """The value at a dotted path (`requirements.devices`, `weights.cost`)."""
    node: Any = scenario
    for part in path.split("."):
        if isinstance(node, Mapping):
            if part not in node:
                return default
            node = node[part]
        else:
            node = getattr(node, part)
    return node


def update_field(path: str, value: Any) -> tuple[str, ...]:
    """Set one field of the current scenario; the problems if the result is not valid.

    The new scenario is built from plain data through `scenario_from_dict`, exactly as a file
    would be, so the model's checks (ranges, catalog ids, figure ranges) apply to every edit.
    The input widgets under `path` (a whole section such as `weights`) re-seed from the result.
    """
    data = scenario_to_dict(current_scenario())  # fresh containers: safe to change
    node = data
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
    try:
        scenario = scenario_from_dict(data)
    except ScenarioError as error:
        return error.problems
    st.session_state[SCENARIO_KEY] = scenario
    forget_inputs(path + ".")
    sync_url()
    return ()


def flash(kind: FlashKind, text: str, area: str = "main") -> None:
    """Queue a message for the next place that shows `area` (messages written in callbacks
    would otherwise land at the top of the page, away from the control that caused them)."""
    st.session_state.setdefault(_FLASH_KEY, []).append((area, kind, text))


def take_flashes(area: str) -> list[tuple[FlashKind, str]]:
    queued = st.session_state.get(_FLASH_KEY, [])
    mine = [(kind, text) for where, kind, text in queued if where == area]
    st.session_state[_FLASH_KEY] = [item for item in queued if item[0] != area]
    return mine


def set_field_errors(path: str, problems: tuple[str, ...]) -> None:
    st.session_state.setdefault(_FIELD_ERRORS_KEY, {})[path] = problems


def take_field_errors(path: str) -> tuple[str, ...]:
    return st.session_state.get(_FIELD_ERRORS_KEY, {}).pop(path, ())


def _initial_scenario() -> Scenario:
    encoded = st.query_params.get(QUERY_KEY)
    if encoded:
        try:
            return decode_scenario(encoded)
        except ScenarioError as error:
            flash("warning", f"The link's scenario could not be read: {error}")
    return default_scenario()
