"""Recommendation: screen, then score, then show how robust the answer is."""

import math

import streamlit as st

from scoring.model.vocabulary import CRITERIA, CRITERION_LABELS
from scoring.report import charts
from scoring.report.verdict_readings import SCORE_SCALES, robustness_reading
from ui import bound, menu, views
from ui.engine import evaluation_of
from ui.navigation import next_steps
from ui.page import start_page
from ui.recommendation import (
    option_summary_rows,
    pattern_rows,
    reset_weights,
    totals_rows,
    verdict_block,
)
from ui.text import escape_markdown, literal_table

scenario = start_page("Recommendation", icon="🧭")
evaluation = evaluation_of(scenario)

st.title("Recommendation")
st.caption(
    "Hard requirements screen the options first; the rest are scored 0-100 on eight criteria "
    "and weighed. The answer is on top; the tabs below hold the detail."
)

verdict_block(evaluation)

summary = st.columns(len(evaluation.options))
for column, row in zip(summary, option_summary_rows(evaluation), strict=True):
    column.metric(
        row.label, row.score, row.status, delta_color=row.colour, delta_arrow="off", border=True
    )

ruled_out = [(r, b) for r in evaluation.options.values() for b in r.blockers]
warnings = [(r, w) for r in evaluation.options.values() for w in r.warnings]
screen, matrix, robust, hybrid = st.tabs(
    [
        f"Ruled out and warnings ({len(ruled_out)} · {len(warnings)})",
        "Criteria and weights",
        "How robust is the answer",
        "The hybrid pattern",
    ]
)

with screen:
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Ruled out by hard requirements")
        if not ruled_out:
            st.write("Nothing: every option meets every hard requirement.")
        for result, blocker in ruled_out:
            st.error(
                f"**{result.label}** · {escape_markdown(blocker.message)}", icon=":material/block:"
            )
    with right:
        st.subheader("Warnings")
        if not warnings:
            st.write("No near misses or risks flagged.")
        for result, warning in warnings:
            st.warning(
                f"**{result.label}** · {escape_markdown(warning.message)}",
                icon=":material/warning:",
            )

with matrix:
    st.caption(
        f"{SCORE_SCALES}; hover a cell for the reason and the inputs behind it. Column headers "
        "show each criterion's weight."
    )
    st.plotly_chart(views.figure(scenario, charts.criteria_heatmap), width="stretch", key="heatmap")
    weights_column, totals_column = st.columns([2, 3], gap="large")
    with weights_column:
        st.subheader("Weights")
        st.caption(
            "Relative importance of each criterion: a slider sets a weight, and each weight's "
            "share of all of them (shown after the arrow) is what counts. The starting values "
            "are derived from your answers; moving a slider pins that weight in the scenario."
        )
        # A scenario file may pin weights above the sliders' usual 0-50 range, or fractions
        # (0.2, 0.8); the range and step widen so such a file is shown as written.
        pinned_values = scenario.weights.values()
        top = max(50, math.ceil(max(pinned_values, default=0)))
        fractional = any(not float(value).is_integer() for value in pinned_values)
        for criterion in CRITERIA:
            pinned = criterion in evaluation.weights.pinned
            bound.slider(
                f"weights.{criterion}",
                f"{CRITERION_LABELS[criterion]}: weight → "
                f"{evaluation.weights.percent(criterion):.0f} % of the total"
                + (" (pinned)" if pinned else ""),
                min_value=0,
                max_value=top,
                step=0.01 if fractional else 1,
                default=round(evaluation.weights.derived[criterion]),
                help=f"Derived from the answers: {evaluation.weights.derived[criterion]:g}. "
                "0 ignores the criterion.",
            )
        st.button(
            "Reset weights to the derived values",
            icon=":material/restart_alt:",
            on_click=reset_weights,
            disabled=not scenario.weights,
            help="Unpin every weight: each takes the value derived from your answers again.",
        )
        with st.expander("Why these starting weights"):
            for reason in evaluation.weights.reasons or ("No adjustment: the base weights apply.",):
                st.text(reason)
    with totals_column:
        st.subheader("Weighted totals")
        st.plotly_chart(
            views.figure(scenario, charts.weighted_totals_chart), width="stretch", key="totals"
        )
        st.dataframe(totals_rows(evaluation), hide_index=True, width="stretch")

with robust:
    robustness = robustness_reading(evaluation)
    st.info(escape_markdown(robustness.weights), icon=":material/balance:")
    if robustness.stability_chart or robustness.wins_chart:
        left, right = st.columns([3, 2], gap="large")
        with left:
            if robustness.stability_chart:
                st.plotly_chart(
                    views.figure(scenario, charts.stability_chart), width="stretch", key="stability"
                )
        with right:
            if robustness.wins_chart:
                st.plotly_chart(
                    views.figure(scenario, charts.win_share_chart), width="stretch", key="wins"
                )
    if not robustness.wins_chart:
        st.markdown(escape_markdown(robustness.wins))
    points = evaluation.sensitivity.tipping_points
    if points:
        st.markdown("**Tipping points**")
        for point in points:
            st.text(f"• {point.sentence}")

with hybrid:
    st.subheader(f"The hybrid: {evaluation.hybrid.label.lower()}")
    st.text(evaluation.options["hybrid"].deployment.description)
    st.text(evaluation.hybrid.grounds)
    st.caption("Every hybrid pattern, scored like an option:")
    # A table, not a data frame: the reasons are sentences and must wrap, not be cut off.
    st.table(literal_table(pattern_rows(evaluation)), hide_index=True)

next_steps(
    "see what each option costs over time, the latency behind the scores and what running "
    "it takes, then write the decision record.",
    (menu.COSTS, menu.LATENCY, menu.OPERATIONS, menu.RECORD),
)
