"""The sidebar on every page: the journey menu, the current scenario, presets, upload, download."""

from __future__ import annotations

import streamlit as st

from scoring.files import MAX_FILE_BYTES, ScenarioError, parse_scenario, scenario_to_yaml
from scoring.presets import bundled_presets, preset_by_id
from ui import state
from ui.menu import available_pages
from ui.messages import show_flashes
from ui.presets import CHOICE_KEY, PICKER_KEY, load_preset
from ui.text import safe_file_name

UPLOAD_KEY = "ui:upload"
_LAST_UPLOAD_KEY = "ui:last_upload_id"
UPLOAD_TYPES = ("yaml", "yml", "md")


def render_sidebar() -> None:
    scenario = state.current_scenario()
    encoded = state.current_encoding()
    with st.sidebar:
        st.markdown("#### Edge · Cloud · Hybrid")
        for item in available_pages():
            # The link carries the scenario, so the target page has it even in a new tab.
            st.page_link(
                item.file,
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
            data=scenario_to_yaml(scenario),
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
    if CHOICE_KEY not in st.session_state:  # start on the preset the scenario came from
        current = state.current_scenario()
        matches = [preset.id for preset in presets if preset.scenario == current]
        st.session_state[CHOICE_KEY] = matches[0] if matches else presets[0].id
    st.session_state[PICKER_KEY] = st.session_state[CHOICE_KEY]
    st.selectbox(
        "Preset",
        [preset.id for preset in presets],
        format_func=lambda preset_id: preset_by_id(preset_id).name,
        key=PICKER_KEY,
        on_change=_remember_choice,
        help="A worked example close to your case. Loading it replaces the current scenario; "
        "download the current one first to keep your changes.",
    )
    st.button(
        "Load preset",
        on_click=lambda: load_preset(st.session_state[PICKER_KEY]),
        icon=":material/upload_file:",
        width="stretch",
        help="Replaces the current scenario with the chosen preset.",
    )
    show_flashes("preset")


def _remember_choice() -> None:
    st.session_state[CHOICE_KEY] = st.session_state[PICKER_KEY]


def _upload() -> None:
    st.file_uploader(
        "Open a scenario file",
        type=list(UPLOAD_TYPES),
        key=UPLOAD_KEY,
        on_change=_on_upload,
        max_upload_size=max(1, MAX_FILE_BYTES // 1_000_000),
        help="A scenario YAML, or a decision record (.md) written by this tool. It replaces "
        "the current scenario only if it is valid.",
    )
    show_flashes("upload")


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_KEY)
    # The same file stays in the uploader across reruns and pages: apply it once.
    if uploaded is None or uploaded.file_id == st.session_state.get(_LAST_UPLOAD_KEY):
        return
    st.session_state[_LAST_UPLOAD_KEY] = uploaded.file_id
    apply_upload(uploaded.name, uploaded.getvalue())


def apply_upload(file_name: str, data: bytes) -> bool:
    """Replace the scenario with the file's, or keep it and report every problem."""
    try:
        scenario = parse_scenario(data, file_name)
    except ScenarioError as error:
        lines = "\n".join(f"• {problem}" for problem in error.problems)
        state.flash(
            "error", f"{file_name} was not loaded; your scenario is unchanged.\n{lines}", "upload"
        )
        return False
    state.replace_scenario(scenario)
    st.session_state.pop(CHOICE_KEY, None)  # re-seeds to the matching preset, if any
    state.flash("success", f"Loaded “{scenario.name}” from {file_name}.", area="upload")
    return True
