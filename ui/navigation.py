"""Links between the pages of the journey: each keeps the scenario (so it also works in a new
tab). Pages are named by their ui.menu entry; a link to a missing page file raises
MissingPageError instead of vanishing."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.menu import MenuItem, checked


def page_link(item: MenuItem, label: str | None = None) -> None:
    """Draw a link to the page `item`, carrying the scenario."""
    st.page_link(
        checked(item).file,
        label=label or item.label,
        icon=item.icon,
        query_params={state.QUERY_KEY: state.current_encoding()},
    )


def next_steps(text: str, items: tuple[MenuItem, ...]) -> None:
    """A line of guidance and links to the given pages."""
    st.divider()
    st.markdown(f"**Next:** {text}")
    for column, item in zip(st.columns(len(items)), items, strict=True):
        with column:
            page_link(item)
