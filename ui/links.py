"""A link to another page of the journey that keeps the scenario, drawn only if the page exists."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.menu import available_pages


def page_link(file: str, label: str | None = None) -> bool:
    """Draw a link to `file` (relative to the app directory); False when that page is missing."""
    item = next((i for i in available_pages() if i.file == file), None)
    if item is None:
        return False
    st.page_link(
        item.file,
        label=label or item.label,
        icon=item.icon,
        query_params={state.QUERY_KEY: state.current_encoding()},
    )
    return True
