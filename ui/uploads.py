"""File uploaders: the shared size limit, each file applied once, a refused file's problems.

A file stays in its uploader across reruns (and, for the sidebar's, across pages), so the
uploader's callback applies a file only when its id is new. Where a refusal should stay in view
while the refused file is still in the uploader, the caller records it with `refuse` and draws
it with `show_refusal`; otherwise it flashes its own messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from scoring.io.scenario_files import MAX_FILE_BYTES
from ui.messages import show

LIMIT_MB = max(1, MAX_FILE_BYTES // 1_000_000)  # st.file_uploader counts whole megabytes


def uploader(
    label: str,
    types: Sequence[str],
    key: str,
    apply: Callable[[str, bytes], object],
    help: str,
) -> None:
    """A file uploader that calls `apply(file name, bytes)` once for each new file."""
    st.file_uploader(
        label,
        type=list(types),
        key=key,
        on_change=_on_change,
        args=(key, apply),
        max_upload_size=LIMIT_MB,
        help=help,
    )


def refuse(key: str, text: str) -> None:
    """Keep `text` (a refused file's problems) for `show_refusal` under the uploader `key`."""
    st.session_state[_refusal_key(key)] = text


def accept(key: str) -> None:
    """Forget the refusal of an earlier file: the new one was applied."""
    st.session_state.pop(_refusal_key(key), None)


def show_refusal(key: str) -> None:
    """The refused file's problems, while it is still in the uploader `key`."""
    if st.session_state.get(key) is None:  # removed, or a page switch emptied it
        accept(key)
    text = st.session_state.get(_refusal_key(key))
    if text:
        show("error", text)


def _on_change(key: str, apply: Callable[[str, bytes], object]) -> None:
    uploaded = st.session_state.get(key)
    last_key = f"{key}:last_file_id"
    if uploaded is None or uploaded.file_id == st.session_state.get(last_key):
        return
    st.session_state[last_key] = uploaded.file_id
    apply(uploaded.name, uploaded.getvalue())


def _refusal_key(key: str) -> str:
    return f"{key}:refused"
