"""The sidebar on every page: the journey menu, the current scenario, presets, upload, download."""

from __future__ import annotations

import streamlit as st

from scoring.io.presets import bundled_presets, preset_by_id
from scoring.io.record_files import is_record, prose_drift
from scoring.io.scenario_files import decode_text, parse_scenario
from scoring.model.codec import ScenarioError, scenario_to_yaml
from scoring.model.scenario import Scenario
from ui import state, uploads
from ui.engine import evaluation_of
from ui.menu import MENU, checked
from ui.messages import problem_list, show_flashes
from ui.presets import CHOICE_KEY, PICKER_KEY, load_preset, show_in_picker
from ui.text import safe_file_name

UPLOAD_KEY = "ui:upload"
UPLOAD_TYPES = ("yaml", "yml", "md")


def render_sidebar() -> None:
    scenario = state.current_scenario()
    encoded = state.current_encoding()
    with st.sidebar:
        st.markdown("#### Edge · Cloud · Hybrid")
        for item in MENU:
            # The link carries the scenario, so the target page has it even in a new tab.
            st.page_link(
                checked(item).file,
                label=item.label,
                icon=item.icon,
                query_params={state.QUERY_KEY: encoded},
            )
        st.divider()
        st.markdown("#### Current scenario")
        st.text(scenario.name)
        _preset_picker()
        _upload()
        st.download_button(
            "Download scenario (YAML)",
            data=lambda: scenario_to_yaml(scenario),  # written only when clicked
            file_name=safe_file_name(scenario.name, ".yaml"),
            mime="application/yaml",
            on_click="ignore",
            icon=":material/download:",
            help="The scenario as a YAML file: keep it in version control, share it, or "
            "upload it here later. Validate it with `python -m scoring validate FILE`.",
            width="stretch",
        )


def _preset_picker() -> None:
    presets = bundled_presets()
    if not presets:
        return
    if CHOICE_KEY not in st.session_state:
        show_in_picker(_preset_of(state.current_scenario()))
    # Seeded from the plain key on every run, and copied back when the user picks: the
    # selectbox never holds the only copy of its value.
    st.session_state[PICKER_KEY] = st.session_state[CHOICE_KEY]
    st.selectbox(
        "Preset",
        [preset.id for preset in presets],
        format_func=lambda preset_id: preset_by_id(preset_id).name,
        key=PICKER_KEY,
        on_change=lambda: show_in_picker(st.session_state[PICKER_KEY]),
        placeholder="Choose a preset",
        help="A worked example close to your case. Loading it replaces the current scenario; "
        "download the current one first to keep your changes.",
    )
    st.button(
        "Load preset",
        on_click=lambda: load_preset(st.session_state[CHOICE_KEY]),
        icon=":material/upload_file:",
        width="stretch",
        disabled=st.session_state[CHOICE_KEY] is None,
        help="Replaces the current scenario with the chosen preset.",
    )
    show_flashes("preset")


def _preset_of(scenario: Scenario) -> str | None:
    """The preset the scenario came from: the same scenario, else an edited one that keeps its
    name; None (the picker shows its placeholder) for a scenario of the user's own."""
    presets = bundled_presets()
    same = [preset.id for preset in presets if preset.scenario == scenario]
    named = [preset.id for preset in presets if preset.scenario.name == scenario.name]
    return next(iter(same + named), None)


def _upload() -> None:
    uploads.uploader(
        "Open a scenario file",
        UPLOAD_TYPES,
        UPLOAD_KEY,
        apply_upload,
        help="A scenario YAML, or a decision record (.md) written by this tool. It replaces "
        "the current scenario only if it is valid.",
    )
    show_flashes("upload")


def apply_upload(file_name: str, data: bytes) -> bool:
    """Replace the scenario with the file's, or keep it and report every problem."""
    try:
        scenario = parse_scenario(data, file_name)
    except ScenarioError as error:
        lines = problem_list(error.problems)
        state.flash(
            "error", f"{file_name} was not loaded; your scenario is unchanged.\n{lines}", "upload"
        )
        return False
    state.replace_scenario(scenario)
    show_in_picker(_preset_of(scenario))
    state.flash("success", f"Loaded “{scenario.name}” from {file_name}.", area="upload")
    text = decode_text(data, file_name)
    if is_record(text) and (drift := prose_drift(text, evaluation_of(scenario))):
        state.flash("warning", f"{file_name}: {drift}.", area="upload")
    return True
