"""Links to the next steps of the journey, drawn at the foot of a page so no page is a dead end."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.menu import available_pages


def next_steps(text: str, files: tuple[str, ...]) -> None:
    """A line of guidance and links to the given pages (those that exist), keeping the scenario."""
    items = [item for item in available_pages() if item.file in files]
    if not items:
        return
    st.divider()
    st.markdown(f"**Next:** {text}")
    for column, item in zip(st.columns(len(items)), items, strict=True):
        column.page_link(
            item.file,
            label=item.label,
            icon=item.icon,
            query_params={state.QUERY_KEY: state.current_encoding()},
        )
