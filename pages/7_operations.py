"""Operations: what running each option takes after go-live (secure updates, versioning,
monitoring, rollback), what it costs from the people drivers, and how quality is measured."""

import streamlit as st

from scoring.model.vocabulary import marked_label
from scoring.report import charts
from scoring.report.operations_readings import CUES_NOTE, operations_readings
from ui import bound, menu, views
from ui.engine import evaluation_of
from ui.navigation import next_steps
from ui.operations import option_tab, quality_block
from ui.page import start_page
from ui.text import escape_markdown

scenario = start_page("Operations", icon="🛠️")
evaluation = evaluation_of(scenario)
quality, readings = operations_readings(evaluation)

st.title("Operations")
st.caption(
    "What it takes to run each option once it is live: signed, staged updates, versioning, "
    "monitoring and rollback, the people work each needs (the same drivers as the costs), and "
    "how model quality is measured after deployment."
)

st.subheader("How quality is measured after deployment")
answer_column, reading_column = st.columns([2, 3], gap="large")
with answer_column:
    bound.text_area(
        "requirements.quality_measurement", "How is model quality measured?", height=150
    )
with reading_column:
    quality_block(quality)
    with st.expander("How the answer is read"):
        st.caption(escape_markdown(CUES_NOTE))

st.subheader("Each option's operations")
st.plotly_chart(views.figure(scenario, charts.operations_chart), width="stretch", key="operations")
tabs = st.tabs([marked_label(r.label, r.feasible) for r in readings])
for tab, reading in zip(tabs, readings, strict=True):
    with tab:
        option_tab(reading)

next_steps(
    "check the plan against prototypes, then write the decision record.",
    (menu.COMPARE, menu.RECORD),
)
