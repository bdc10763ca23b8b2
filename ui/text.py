"""Showing text a user wrote without letting it act as Markdown.

Streamlit renders Markdown in titles, captions, alerts and labels, including links, images and
`:red[...]` directives. A scenario's name or a problem line quoting a file is the user's text:
every Markdown-active character is escaped before it reaches such an element, and a bare URL or
e-mail address gets an invisible word joiner where a link would start: Streamlit's Markdown
(remark-gfm) finds them after resolving escapes, so escaping alone leaves them links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd

from scoring.io.decision_log import slug
from scoring.report.markdown import AUTOLINK_STARTS, WORD_JOINER

# Before ":" and ".", after "@": where the joiner stops remark-gfm (checked in Chromium).
_JOINED = {"scheme": WORD_JOINER + ":", "www": WORD_JOINER + ".", "at": "@" + WORD_JOINER}

_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=^&])")


def escape_markdown(text: str) -> str:
    """The text as literal characters in Streamlit Markdown (one paragraph)."""
    flat = " ".join(str(text).split())  # newlines would start blocks (lists, headings)
    unlinked = AUTOLINK_STARTS.sub(lambda mark: _JOINED[str(mark.lastgroup)], flat)
    return _ACTIVE.sub(r"\\\1", unlinked)


def safe_file_name(name: str, suffix: str, fallback: str = "scenario") -> str:
    """A portable file name from a scenario name: lower case, dashes, no path parts."""
    return slug(name, fallback) + suffix


def record_file_name(name: str, extension: str) -> str:
    """The download name of a scenario's decision record: `<name>-decision-record.md`."""
    return safe_file_name(name, f"-decision-record.{extension}", fallback="decision")


def literal_table(rows: pd.DataFrame | Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """The rows (a frame, or one mapping per row) for st.table, which renders Markdown in its
    cells and headers: both escaped, and headers made unique (pandas and Arrow need that)
    without changing the first."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    escaped = frame.map(escape_markdown)
    escaped.columns = unique_names(tuple(escape_markdown(str(c)) for c in frame.columns))
    return escaped


def unique_names(names: tuple[str, ...]) -> list[str]:
    """Column names made unique: a repeated name gets its count, "Value (2)"."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        result.append(name if count == 0 else f"{name} ({count + 1})")
    return result
