"""The Assumptions section: every catalog figure the scenario uses, editable as an override.

`scoring.report.figures_in_use.figure_groups` picks the figures; `render_assumptions` draws them as
editable tables. An edit becomes `scenario.assumptions[key]`, validated by the
scenario model like any other input, so a value outside the figure's range is refused with the
figure and its allowed range named, and the old value stays.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from scoring.catalog import Figure
from scoring.model.scenario import Scenario
from scoring.report.figures_in_use import FigureGroup, FigureRow, figure_groups
from ui import state
from ui.messages import show_flashes

_EPOCH_KEY = "ui:assumptions_epoch"


def render_assumptions(scenario: Scenario) -> None:
    groups = figure_groups(scenario)
    overrides = len(scenario.assumptions)
    st.caption(
        "Every price, hardware and operating figure used for this scenario, with its source "
        "and as-of date. Double-click a value to override it; your values are ticked in the "
        "Yours column and saved in the scenario file under `assumptions`."
    )
    show_flashes("assumptions")
    tabs = st.tabs([f"{group.title} ({len(group.rows)})" for group in groups])
    epoch = st.session_state.get(_EPOCH_KEY, 0)
    for tab, group in zip(tabs, groups, strict=True):
        with tab:
            _figure_table(group, epoch)
    st.button(
        f"Reset to shipped values ({overrides} overridden)",
        on_click=_reset_overrides,
        disabled=not overrides,
        icon=":material/restart_alt:",
        help="Removes every override from the scenario.",
    )


def _figure_table(group: FigureGroup, epoch: int) -> None:
    named = any(row.item for row in group.rows)
    frame = pd.DataFrame(
        {
            "Item": [row.item for row in group.rows],
            "Figure": [row.figure.label for row in group.rows],
            "Value": [row.figure.value for row in group.rows],
            "Unit": [row.figure.unit for row in group.rows],
            "Yours": [row.figure.overridden for row in group.rows],
            "Shipped": [row.figure.shipped_value for row in group.rows],
            # A user's value has no publication date; the catalog's date would mislead.
            "As of": ["—" if row.figure.overridden else row.figure.as_of for row in group.rows],
            "Source": [row.figure.source for row in group.rows],
        }
    )
    if not named:
        frame = frame.drop(columns="Item")
    # The key carries an epoch: after each edit the editor starts again from the scenario,
    # so a refused value does not linger in the table.
    key = f"{state.INPUT_PREFIX}assumptions:{group.title}:{epoch}"
    st.data_editor(
        frame,
        key=key,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(frame), 600),
        disabled=[column for column in frame.columns if column != "Value"],
        column_config={
            "Value": st.column_config.NumberColumn(
                "Value", help="Double-click to override", format="%g", width="small"
            ),
            "Yours": st.column_config.CheckboxColumn(
                "Yours", help="Ticked when the value is your override", width="small"
            ),
            "Shipped": st.column_config.NumberColumn("Shipped", format="%g"),
            "Source": st.column_config.TextColumn("Source", width="large"),
            "Figure": st.column_config.TextColumn("Figure", width="medium"),
        },
        on_change=_commit_edits,
        args=(key, group.rows),
    )


def overrides_after_edit(
    assumptions: Mapping[str, float], figure: Figure, value: float | None
) -> dict[str, float]:
    """The overrides once `figure` is set to `value`; the shipped value (or none) removes it."""
    updated = dict(assumptions)
    if value is None or value == figure.shipped_value:
        updated.pop(figure.key, None)
    else:
        updated[figure.key] = float(value)
    return updated


def _commit_edits(key: str, rows: tuple[FigureRow, ...]) -> None:
    st.session_state[_EPOCH_KEY] = st.session_state.get(_EPOCH_KEY, 0) + 1
    for row, changes in st.session_state[key].get("edited_rows", {}).items():
        if "Value" not in changes:
            continue
        item, figure = rows[int(row)].item, rows[int(row)].figure
        assumptions = state.current_scenario().assumptions
        problems = state.update_field(
            "assumptions", overrides_after_edit(assumptions, figure, changes["Value"])
        )
        if problems:
            what = f"{item} · {figure.label}" if item else figure.label
            state.flash("error", f"{what} was not changed.\n" + "\n".join(problems), "assumptions")


def _reset_overrides() -> None:
    st.session_state[_EPOCH_KEY] = st.session_state.get(_EPOCH_KEY, 0) + 1
    state.update_field("assumptions", {})
    state.flash("info", "Every figure is back to its shipped value.", area="assumptions")
