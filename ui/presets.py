"""Loading a bundled preset into the session (sidebar picker and Start page gallery)."""

from __future__ import annotations

import streamlit as st

from scoring.io.presets import preset_by_id
from ui import state

PICKER_KEY = "ui:preset"  # the sidebar's preset selectbox


def load_preset(preset_id: str, area: str = "preset") -> None:
    """Replace the current scenario with the preset's; report it where the click happened."""
    preset = preset_by_id(preset_id)
    state.replace_scenario(preset.scenario)
    st.session_state[PICKER_KEY] = preset_id  # the picker shows what was loaded
    state.flash("success", f"Loaded the preset “{preset.name}”.", area=area)
