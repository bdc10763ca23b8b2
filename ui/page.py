"""What every page does first: page config, the session's scenario, the sidebar."""

from __future__ import annotations

import streamlit as st

from scoring.model.scenario import Scenario
from ui.messages import show_flashes
from ui.sidebar import render_sidebar
from ui.state import ensure_state

APP_TITLE = "Edge / cloud decision studio"


def start_page(title: str, icon: str) -> Scenario:
    """Set up a page and return the current scenario.

    Called first by app.py and by every page: a deep link runs the page file alone, so
    nothing may rely on app.py having run. `icon` is the browser tab's icon: use an emoji, as a
    `:material/...:` page icon makes the browser fetch the favicon from fonts.gstatic.com.
    """
    st.set_page_config(
        page_title=f"{title} · {APP_TITLE}",
        page_icon=icon,
        layout="wide",
        initial_sidebar_state="expanded",
    )
    scenario = ensure_state()
    render_sidebar()
    show_flashes("main")
    return scenario
