"""Drawing pieces of the Operations page: the quality reading and one option's operations."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.report.operations_readings import (
    COST_COLUMNS,
    COST_NOTE,
    OptionOperationsReading,
    QualityReading,
)
from ui.text import escape_markdown, literal_table


def quality_block(quality: QualityReading) -> None:
    """How the answer to question 8 reads, and a conflict with the data rules, flagged."""
    if quality.prompt:
        st.warning(escape_markdown(quality.prompt), icon=":material/edit_note:")
        return
    for sentence in (quality.classification, quality.ground_truth, quality.needs_sentence):
        if sentence:
            st.markdown(escape_markdown(sentence))
    if quality.conflict:
        resolutions = "\n".join(f"- {escape_markdown(r)}" for r in quality.resolutions)
        st.error(
            f"**{escape_markdown(quality.conflict)}**\n\nTo resolve it:\n{resolutions}",
            icon=":material/report:",
        )
    else:
        st.success("The data rules allow this measurement.", icon=":material/check_circle:")


def option_tab(reading: OptionOperationsReading) -> None:
    """One option: what there is to run, the four activities, what quality needs back, and
    the people work driver by driver."""
    st.markdown(escape_markdown(reading.summary))
    if not reading.feasible:
        st.caption(
            "Ruled out by a hard requirement: shown so its operations can be compared, not as "
            "a plan to follow."
        )
    for row_start in (0, 2):
        columns = st.columns(2, gap="medium")
        for column, activity in zip(
            columns, reading.activities[row_start : row_start + 2], strict=True
        ):
            with column, st.container(border=True, height="stretch"):
                st.markdown(f"**{escape_markdown(activity.title)}**")
                st.markdown(escape_markdown(activity.need))
                st.caption(escape_markdown(activity.paid_by))
    st.markdown(f"**What quality needs back:** {escape_markdown(reading.quality)}")
    frame = pd.DataFrame(list(reading.cost_rows), columns=list(COST_COLUMNS))
    st.table(literal_table(frame), hide_index=True)
    st.caption(escape_markdown(COST_NOTE))
