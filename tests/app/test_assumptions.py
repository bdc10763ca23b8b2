"""The Assumptions section lists every catalog figure the scenario uses and keeps overrides."""

from __future__ import annotations

from app_helpers import open_app

from scoring.catalog import default_catalog
from scoring.io.presets import preset_by_id
from ui.assumptions import figure_groups, overrides_after_edit
from ui.codec import encode_scenario

FACTORY = preset_by_id("factory_qc_camera").scenario
PRICE_KEY = "devices.jetson_orin_nano_super.price_usd"


def keys(group) -> set[str]:
    return {row.figure.key for row in group.rows}


def group(scenario, title):
    return next(g for g in figure_groups(scenario) if g.title == title)


def test_an_automatic_device_choice_shows_every_device():
    catalog = default_catalog()
    shown = {key.split(".")[1] for key in keys(group(FACTORY, "Edge devices"))}
    assert shown == set(catalog.ids("devices"))


def test_a_pinned_device_shows_only_that_device():
    pinned = FACTORY.model_copy(
        update={"edge": FACTORY.edge.model_copy(update={"device": "l4_server"})}
    )
    assert {key.split(".")[1] for key in keys(group(pinned, "Edge devices"))} == {"l4_server"}


def test_per_request_pricing_shows_the_serverless_gpu_its_terms_and_the_transfer_prices():
    cloud = keys(group(FACTORY, "Cloud"))
    serverless = FACTORY.cloud.serverless_gpu
    gpu = default_catalog().attributes[("serverless_gpus", serverless)]["gpu"]
    tables = {key.split(".")[0] + "." + key.split(".")[1] for key in cloud}
    assert tables == {
        f"serverless_gpus.{serverless}",
        f"gpus.{gpu}",
        "serverless_terms.modal",  # warm minimum, idle timeout, cold start, CPU and memory
        f"cloud_egress.{FACTORY.cloud.egress}",
        f"transfer_tiers.{FACTORY.cloud.egress}",
    }


def test_the_people_and_operating_drivers_and_their_ranges_are_editable():
    figures = keys(group(FACTORY, "People and operations"))
    assert "operations.operations.server_hours_per_month" in figures
    assert "operations.operations.server_hours_per_month_low" in figures
    assert "operations.operations.engineer_usd_per_year_high" in figures


def test_an_llm_workload_shows_its_hosted_model_and_the_llm_architectures():
    chat = preset_by_id("consumer_chat_service").scenario
    titles = [g.title for g in figure_groups(chat)]
    assert "LLM architectures" in titles
    cloud_tables = {key.split(".")[0] for key in keys(group(chat, "Cloud"))}
    if chat.cloud.pricing in ("auto", "per_token"):
        assert "llm_models" in cloud_tables


def test_every_figure_shown_has_a_unit_a_source_and_an_as_of_date():
    for figure_group in figure_groups(FACTORY):
        for row in figure_group.rows:
            assert row.figure.unit and row.figure.source and row.figure.as_of, row.figure.key


def test_an_override_is_shown_with_its_value_and_marked_as_the_users():
    mine = FACTORY.model_copy(update={"assumptions": {PRICE_KEY: 199.0}})
    row = next(r for r in group(mine, "Edge devices").rows if r.figure.key == PRICE_KEY)
    assert row.figure.value == 199
    assert row.figure.overridden
    assert row.figure.shipped_value != 199


def test_an_edit_back_to_the_shipped_value_removes_the_override():
    figure = default_catalog().figures[PRICE_KEY]
    assert overrides_after_edit({}, figure, 199) == {PRICE_KEY: 199.0}
    assert overrides_after_edit({PRICE_KEY: 199.0}, figure, figure.shipped_value) == {}
    assert overrides_after_edit({PRICE_KEY: 199.0}, figure, None) == {}


def test_the_page_marks_overridden_figures_and_the_reset_button_clears_them():
    mine = FACTORY.model_copy(update={"assumptions": {PRICE_KEY: 199.0}})
    at = open_app("pages/1_requirements.py", query_params={"s": encode_scenario(mine)})
    devices = next(
        t.value for t in at.data_editor if "Item" in t.value.columns and len(t.value) > 5
    )
    marked = devices[devices["Yours"]]
    assert list(marked["Value"]) == [199]
    reset = next(b for b in at.button if b.label.startswith("Reset to shipped values"))
    assert not reset.disabled
    reset.click().run()
    assert at.session_state["scenario"].assumptions == {}


def test_the_page_shows_a_table_per_group_with_source_and_as_of_columns():
    at = open_app("pages/1_requirements.py")
    assert len(at.data_editor) == len(figure_groups(FACTORY))
    for table in at.data_editor:
        assert {"Figure", "Value", "Unit", "Source", "As of"} <= set(table.value.columns)
