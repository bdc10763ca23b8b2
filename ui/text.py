"""Showing text a user wrote without letting it act as Markdown.

Streamlit renders Markdown in titles, captions, alerts and labels, including links, images and
`:red[...]` directives. A scenario's name or a problem line quoting a file is the user's text:
every Markdown-active character is escaped before it reaches such an element.
"""

from __future__ import annotations

import re

from scoring.io.decision_log import slug

_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=^&])")


def escape_markdown(text: str) -> str:
    """The text as literal characters in Streamlit Markdown (one paragraph)."""
    flat = " ".join(str(text).split())  # newlines would start blocks (lists, headings)
    return _ACTIVE.sub(r"\\\1", flat)


def safe_file_name(name: str, suffix: str, fallback: str = "scenario") -> str:
    """A portable file name from a scenario name: lower case, dashes, no path parts."""
    return slug(name, fallback) + suffix


def record_file_name(name: str, extension: str) -> str:
    """The download name of a scenario's decision record: `<name>-decision-record.md`."""
    return safe_file_name(name, f"-decision-record.{extension}", fallback="decision")
