"""The bound-widget helpers work on any page: a weight slider and a list of names, as later
pages (weights, decision record metadata) will use them."""

from __future__ import annotations

import pytest
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


@pytest.mark.parametrize(
    ("value", "is_int", "step"),
    [
        (60_000, True, 5_000),
        (5_000_000, True, 500_000),
        (100, True, 10),
        (12, True, 1),
        (32.5, False, 2.0),
        (1.5, False, 0.1),
        (0.011, False, 0.001),
        (0, False, 0.1),
        (None, False, 0.1),
    ],
)
def test_a_number_steps_by_a_round_5_to_10_percent_of_its_value(value, is_int, step):
    from ui.bound import proportional_step

    assert proportional_step(value, is_int) == step
    if value:
        assert 0.04 <= step / value <= 0.10


def test_a_least_step_holds_when_the_value_is_zero_or_tiny():
    from ui.bound import proportional_step

    assert proportional_step(0, False, 0.5) == 0.5
    assert proportional_step(2, False, 0.5) == 0.5


def test_the_requests_field_steps_in_proportion_and_follows_the_value():
    from app_helpers import open_on

    at, _ = open_on("pages/1_requirements.py", "law_firm_documents")  # 60,000 requests a month
    field = at.number_input(key="in:workload.requests_per_month")
    assert field.value == 60_000 and field.step == 5_000
    field.increment().run()
    assert at.session_state["scenario"].workload.requests_per_month == 65_000
    field = at.number_input(key="in:workload.requests_per_month")
    field.set_value(5_000_000).run()
    assert at.number_input(key="in:workload.requests_per_month").step == 500_000
    latency = at.number_input(key="in:requirements.max_latency_ms")
    assert latency.step == 5_000  # a 60,000 ms limit, not 10 ms at a time
