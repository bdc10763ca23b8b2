"""Loading a bundled preset into the session (sidebar picker and Start page gallery)."""

from __future__ import annotations

import streamlit as st

from scoring.io.presets import preset_by_id
from ui import state

PICKER_KEY = "ui:preset"  # the sidebar's preset selectbox (a widget key)
# What the picker shows, in a plain key: the selectbox is drawn anew on every page (its
# widget id changes with the page), so a value kept under its widget key can be lost on a
# page switch and the picker would fall back to the first preset.
CHOICE_KEY = "ui:preset_choice"


def show_in_picker(preset_id: str | None) -> None:
    """The preset the sidebar picker names from now on (None: its placeholder)."""
    st.session_state[CHOICE_KEY] = preset_id


def load_preset(preset_id: str, area: str = "preset") -> None:
    """Replace the current scenario with the preset's; report it where the click happened."""
    preset = preset_by_id(preset_id)
    state.replace_scenario(preset.scenario)
    show_in_picker(preset_id)  # the picker names what was loaded
    state.flash("success", f"Loaded the preset “{preset.name}”.", area=area)
