"""The Streamlit layer: state, bound widgets, sidebar and page helpers.

Pages stay thin. A page starts with

    from ui.page import start_page

    scenario = start_page("Costs over time", icon="💶")

which sets the page config, makes sure a scenario is in session state (from the URL, else the
default preset) and draws the sidebar. Inputs are drawn with the helpers in `ui.bound`, which
bind a widget to a dotted path of the scenario (`requirements.max_latency_ms`) and validate every
change through the scenario model. Nothing in this package computes a result: that is `scoring`.
"""
