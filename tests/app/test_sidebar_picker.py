"""The sidebar's preset picker keeps showing the preset that was loaded on every page (Streamlit
resets a widget every page draws when the user switches pages)."""

from __future__ import annotations

from app_helpers import button, open_app, scenario_of

from scoring.io.presets import preset_by_id
from ui.codec import encode_scenario

PICKER = "ui:preset"


def drawn(at) -> str | None:
    """The preset name the browser shows in the picker: the value the selectbox is drawn with
    (the one the script sets) or else its default option."""
    proto = at.selectbox(key=PICKER).proto
    if proto.set_value:
        return proto.raw_value
    return proto.options[proto.default] if proto.HasField("default") else None


def load_from_sidebar(at, preset_id: str):
    at.selectbox(key=PICKER).set_value(preset_id).run()
    button(at, "Load preset").click().run()
    return at


def test_the_loaded_preset_stays_selected_in_the_picker_on_every_page():
    at = load_from_sidebar(open_app("app.py"), "law_firm_documents")
    for page in ("pages/1_requirements.py", "pages/3_costs.py", "pages/6_record.py", "app.py"):
        at.switch_page(page).run()
        assert at.selectbox(key=PICKER).value == "law_firm_documents", page
        assert at.session_state["scenario"].name == "Law-firm document assistant"


def test_a_fresh_session_draws_the_picker_with_its_preset_after_every_page_switch():
    # Issue 15: the first page switch of a fresh session drew the first preset while the
    # scenario was unchanged, and pressing Load then replaced the user's scenario.
    at = open_app("app.py")
    camera = preset_by_id("factory_qc_camera")
    assert scenario_of(at) == camera.scenario
    for page in ("pages/1_requirements.py", "pages/2_recommendation.py", "app.py") * 2:
        at.switch_page(page).run()
        assert drawn(at) == camera.name, page
        assert scenario_of(at) == camera.scenario


def test_a_loaded_preset_is_drawn_in_the_picker_after_every_page_switch():
    at = load_from_sidebar(open_app("app.py"), "law_firm_documents")
    for page in ("pages/3_costs.py", "pages/1_requirements.py", "app.py", "pages/6_record.py"):
        at.switch_page(page).run()
        assert drawn(at) == "Law-firm document assistant", page


def test_a_choice_made_but_not_loaded_survives_a_page_switch_and_loads_later():
    at = open_app("app.py")
    at.selectbox(key=PICKER).set_value("warehouse_robot").run()
    at.switch_page("pages/2_recommendation.py").run()
    assert at.selectbox(key=PICKER).value == "warehouse_robot"
    assert at.session_state["scenario"].name == "Factory quality-control camera"
    button(at, "Load preset").click().run()
    assert at.session_state["scenario"].name == "Warehouse robot fleet"


def test_after_a_refresh_the_picker_names_the_preset_an_edited_scenario_came_from():
    at = load_from_sidebar(open_app("app.py"), "law_firm_documents")
    edited = scenario_of(at).model_copy(update={"horizon_months": 24})
    refreshed = open_app("pages/2_recommendation.py", {"s": encode_scenario(edited)})
    assert refreshed.selectbox(key=PICKER).value == "law_firm_documents"


def test_a_scenario_of_the_users_own_leaves_the_picker_empty_and_nothing_to_load():
    own = preset_by_id("law_firm_documents").scenario.model_copy(update={"name": "Our own"})
    at = open_app("app.py", {"s": encode_scenario(own)})
    assert at.selectbox(key=PICKER).value is None
    assert button(at, "Load preset").disabled
    at.selectbox(key=PICKER).set_value("warehouse_robot").run()
    button(at, "Load preset").click().run()
    assert at.session_state["scenario"].name == "Warehouse robot fleet"
