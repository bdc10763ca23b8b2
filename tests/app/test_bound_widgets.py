"""The bound-widget helpers work on any page: a weight slider and a list of names, as later
pages (weights, decision record metadata) will use them."""

from __future__ import annotations

from app_helpers import TIMEOUT_S
from streamlit.testing.v1 import AppTest


def later_page():
    from ui import bound
    from ui.state import ensure_state

    ensure_state()
    bound.slider("weights.cost", "Cost weight", min_value=0, max_value=100, step=5, default=10)
    bound.text_list("decision.decision_makers", "Decision makers", help="Who decides.")


def test_a_slider_bound_to_a_weight_the_scenario_leaves_out_starts_at_its_default():
    at = AppTest.from_function(later_page, default_timeout=TIMEOUT_S).run()
    assert at.slider[0].value == 10
    at.slider[0].set_value(35).run()
    assert at.session_state["scenario"].weights == {"cost": 35}


def test_a_list_of_names_is_edited_as_comma_separated_text():
    at = AppTest.from_function(later_page, default_timeout=TIMEOUT_S).run()
    at.text_input[0].input("Ada Lovelace, Grace Hopper ,").run()
    assert at.session_state["scenario"].decision.decision_makers == ("Ada Lovelace", "Grace Hopper")
    assert at.text_input[0].value == "Ada Lovelace, Grace Hopper ,"
