"""Messages queued by callbacks, shown next to the control that caused them."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from ui.state import FlashKind, take_flashes
from ui.text import escape_markdown


def show_flashes(area: str) -> None:
    """Show the queued messages for `area`; their text is shown literally, line by line."""
    for kind, text in take_flashes(area):
        show(kind, text)


def show(kind: FlashKind, text: str) -> None:
    """One message, its text shown literally, line by line."""
    getattr(st, kind)("  \n".join(escape_markdown(line) for line in text.splitlines()))


def problem_list(problems: Iterable[str]) -> str:
    """The problems as bullet lines, to follow a message's first line."""
    return "\n".join(f"• {problem}" for problem in problems)
