"""Start: what the tool does, the journey, the current scenario and the presets.

`streamlit run app.py` serves this page and every file in pages/ (pages-directory discovery).
"""

import streamlit as st

from scoring.io.presets import bundled_presets
from ui.menu import MENU, checked
from ui.messages import show_flashes
from ui.page import start_page
from ui.presets import load_preset
from ui.text import escape_markdown

scenario = start_page("Start", icon="🧭")

st.title("Edge, cloud or hybrid?")
st.markdown(
    "Decide where an AI model should run, with numbers you can defend. Load a preset close to "
    "your case and adjust the requirements. The studio then shows which options are ruled out "
    "and why, how edge, cloud and hybrid score on each criterion, what each costs month by month "
    "and what latency and availability to expect. It ends in a decision record a reviewer can "
    "read in a pull request."
)

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("The journey")
    for item in MENU[1:]:
        st.page_link(checked(item).file, label=item.label, icon=item.icon)
        st.caption(item.summary)
with right:
    st.subheader("Current scenario")
    with st.container(border=True):
        st.text(scenario.name)
        if scenario.description:
            st.text(scenario.description)

st.subheader("Start from a preset")
st.caption("Loading a preset replaces the current scenario.")
show_flashes("gallery")
presets = bundled_presets()
for row_start in range(0, len(presets), 3):
    columns = st.columns(3)
    for column, preset in zip(columns, presets[row_start : row_start + 3], strict=False):
        with column, st.container(border=True, height="stretch"):
            st.markdown(f"**{escape_markdown(preset.name)}**")
            st.caption(escape_markdown(preset.scenario.description) or "No description.")
            st.button(
                "Load",
                key=f"ui:load:{preset.id}",
                on_click=load_preset,
                args=(preset.id, "gallery"),
                icon=":material/upload_file:",
            )
