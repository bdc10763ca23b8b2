"""Messages queued by callbacks, shown next to the control that caused them."""

from __future__ import annotations

import streamlit as st

from ui.state import take_flashes
from ui.text import escape_markdown


def show_flashes(area: str) -> None:
    """Show the queued messages for `area`; their text is shown literally, line by line."""
    for kind, text in take_flashes(area):
        body = "  \n".join(escape_markdown(line) for line in text.splitlines())
        getattr(st, kind)(body)
