"""Links between the pages of the journey: each keeps the scenario (so it also works in a new
tab) and is drawn only if its page exists, so no page links to a 404 or ends in a dead end."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.menu import MenuItem, available_pages


def page_link(file: str, label: str | None = None) -> bool:
    """Draw a link to `file` (relative to the app directory); False when that page is missing."""
    item = next((i for i in available_pages() if i.file == file), None)
    if item is None:
        return False
    _link(item, label)
    return True


def next_steps(text: str, files: tuple[str, ...]) -> None:
    """A line of guidance and links to the given pages (those that exist)."""
    present = {item.file: item for item in available_pages()}
    targets = [present[file] for file in files if file in present]
    if not targets:
        return
    st.divider()
    st.markdown(f"**Next:** {text}")
    for column, item in zip(st.columns(len(targets)), targets, strict=True):
        with column:
            _link(item)


def _link(item: MenuItem, label: str | None = None) -> None:
    st.page_link(
        item.file,
        label=label or item.label,
        icon=item.icon,
        query_params={state.QUERY_KEY: state.current_encoding()},
    )
