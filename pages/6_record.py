"""Decision record: the MADR record of the current scenario, its metadata, the downloads
(Markdown, HTML report, scenario YAML) and the folder of numbered records."""

import streamlit as st

from scoring.report.figures_in_use import figures_checked
from ui import menu, record_view
from ui.engine import evaluation_of, record_of
from ui.navigation import next_steps
from ui.page import start_page

scenario = start_page("Decision record", icon="📄")
evaluation = evaluation_of(scenario)

st.title("Decision record")
st.caption(
    "The decision as a reviewer reads it: fill in who decides, download it (Markdown for a pull "
    "request, HTML to share), or save it to your decision log. It carries the whole scenario."
)
# Which catalog figures change the result takes seconds to check: the page shows the record
# without their table until the user asks, or downloads or saves it (those wait for it).
checked = figures_checked(evaluation)
content, markdown = record_of(scenario, checked)

form, preview = st.columns([1, 2.2], gap="large")
with form:
    st.subheader("Record details", anchor=False)
    record_view.metadata_form(evaluation)
    st.subheader("Download", anchor=False)
    record_view.downloads(lambda: record_of(scenario), evaluation)
    st.subheader("Decision log", anchor=False)
    record_view.decision_log(lambda: record_of(scenario)[0])

with preview:
    # Always there, so the elements below keep their places once the figures are checked.
    offer = st.container()
    if not checked:
        with offer:
            record_view.offer_figure_check(evaluation)
    rendered, source = st.tabs(["Preview", "Markdown source"])
    with rendered:
        record_view.render_record(content, evaluation)
    with source:
        st.code(markdown, language="markdown")

next_steps(
    "change the requirements behind this record, or check it against measured prototypes.",
    (menu.REQUIREMENTS, menu.COMPARE),
)
