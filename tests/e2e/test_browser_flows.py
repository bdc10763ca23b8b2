"""The studio in a real Chromium: answers survive page switches and refreshes, links carry the
scenario, downloads hold the edits, and bad files leave the scenario alone."""

from __future__ import annotations

import pytest
from browser_helpers import (
    LATENCY,
    choose_in_sidebar_selectbox,
    click,
    go_to,
    new_context,
    number_input,
    override_first_general_figure,
    set_number,
    sidebar,
    url_scenario,
    wait_for_app,
    wait_for_url_scenario,
)
from playwright.sync_api import expect
from streamlit_server import start_server

from scoring.engine.evaluate import evaluate
from scoring.io.presets import preset_by_id
from scoring.io.scenario_files import parse_scenario
from scoring.report.cost_readings import option_costs
from ui.codec import encode_scenario

LAW_FIRM = "Law-firm document assistant"
ELECTRICITY = "general.general.electricity_usd_per_kwh"
HORIZON = "Cost horizon (months)"


def test_an_edited_answer_survives_a_page_switch_and_a_browser_refresh(app_url, page):
    page.goto(app_url)
    wait_for_app(page)
    choose_in_sidebar_selectbox(page, LAW_FIRM)
    click(page, sidebar(page).get_by_role("button", name="Load preset"))
    expect(sidebar(page).get_by_test_id("stText").first).to_have_text(LAW_FIRM)

    go_to(page, "1 · Requirements")
    set_number(page, LATENCY, 1234)
    wait_for_url_scenario(page, lambda s: s.requirements.max_latency_ms == 1234)

    go_to(page, "Start")
    expect(page.get_by_role("heading", name="Start from a preset")).to_be_visible()
    go_to(page, "1 · Requirements")
    expect(number_input(page, LATENCY)).to_have_value("1234")

    page.reload()
    wait_for_app(page)
    expect(number_input(page, LATENCY)).to_have_value("1234")
    expect(sidebar(page).get_by_test_id("stText").first).to_have_text(LAW_FIRM)

    go_to(page, "Start")  # a refresh on the Start page keeps it too
    page.reload()
    wait_for_app(page)
    expect(sidebar(page).get_by_test_id("stText").first).to_have_text(LAW_FIRM)
    assert url_scenario(page).requirements.max_latency_ms == 1234


def _linked_scenario():
    """A scenario no preset holds: a name, a latency limit and a horizon of its own."""
    linked = preset_by_id("warehouse_robot").scenario
    return linked.model_copy(
        update={
            "name": "Linked from a review comment",
            "requirements": linked.requirements.model_copy(update={"max_latency_ms": 777}),
            "horizon_months": 42,
        }
    )


def _shows_the_linked_requirements(page, linked) -> None:
    expect(page.get_by_role("heading", name="Requirements", exact=True)).to_be_visible()
    expect(number_input(page, LATENCY)).to_have_value(f"{linked.requirements.max_latency_ms:g}")
    expect(number_input(page, HORIZON)).to_have_value(str(linked.horizon_months))


def _shows_the_linked_costs(page, linked) -> None:
    expect(page.get_by_role("heading", name="Costs over time", exact=True)).to_be_visible()
    expect(number_input(page, HORIZON)).to_have_value(str(linked.horizon_months))
    # The totals are the engine's for the linked scenario, not for the default preset.
    for row in option_costs(evaluate(linked)):
        metric = page.get_by_test_id("stMetric").filter(
            has_text=f"{row.label}: total over {linked.horizon_months} months"
        )
        expect(metric).to_contain_text(row.total_text)


@pytest.mark.parametrize(
    ("path", "shows_the_linked_scenario"),
    [("requirements", _shows_the_linked_requirements), ("costs", _shows_the_linked_costs)],
    ids=["requirements", "costs"],
)
def test_a_cold_deep_link_is_the_first_request_and_opens_the_linked_scenario(
    browser, path, shows_the_linked_scenario
):
    linked = _linked_scenario()
    # A server of its own, so the deep link really is its first request.
    server = start_server(f"streamlit-cold-deep-link-{path}.log")
    context, external = new_context(browser, viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{server.url}/{path}?s={encode_scenario(linked)}")
        wait_for_app(page)
        expect(sidebar(page).get_by_test_id("stText").first).to_have_text(linked.name)
        shows_the_linked_scenario(page, linked)
        assert url_scenario(page) == linked
    finally:
        context.close()
        server.stop()
    assert not external, f"the app made external requests: {external}"


def test_the_downloaded_scenario_carries_the_edited_answer(app_url, page):
    page.goto(f"{app_url}/requirements")
    wait_for_app(page)
    set_number(page, LATENCY, 4321)
    wait_for_url_scenario(page, lambda s: s.requirements.max_latency_ms == 4321)
    with page.expect_download() as download_info:
        sidebar(page).get_by_role("button", name="Download scenario (YAML)").click()
    download = download_info.value
    assert download.suggested_filename == "factory-quality-control-camera.yaml"
    with open(download.path(), "rb") as file:
        scenario = parse_scenario(file.read(), download.suggested_filename)
    assert scenario.name == "Factory quality-control camera"
    assert scenario.requirements.max_latency_ms == 4321


def test_a_bad_upload_shows_the_problem_and_keeps_the_scenario(app_url, page, tmp_path):
    page.goto(f"{app_url}/requirements")
    wait_for_app(page)
    set_number(page, LATENCY, 555)
    wait_for_url_scenario(page, lambda s: s.requirements.max_latency_ms == 555)
    bad = tmp_path / "negative.yaml"
    bad.write_text("name: Broken\nrequirements:\n  devices: -3\n", encoding="utf-8")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bad))

    alert = sidebar(page).get_by_test_id("stAlertContentError")
    expect(alert).to_contain_text("negative.yaml was not loaded")
    expect(alert).to_contain_text("requirements.devices: must be at least 1 (got -3)")
    expect(number_input(page, LATENCY)).to_have_value("555")
    expect(sidebar(page).get_by_test_id("stText").first).to_have_text(
        "Factory quality-control camera"
    )
    assert url_scenario(page).requirements.max_latency_ms == 555


def test_a_file_over_the_upload_limit_is_refused_and_the_scenario_stays(app_url, page, tmp_path):
    page.goto(f"{app_url}/requirements")
    wait_for_app(page)
    big = tmp_path / "huge.yaml"
    big.write_text("name: Huge\n" + "#" * 3_000_000, encoding="utf-8")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big))
    expect(sidebar(page).get_by_test_id("stFileUploader")).to_contain_text(
        "File must be 2.0MB or smaller"
    )
    wait_for_app(page)
    expect(sidebar(page).get_by_test_id("stText").first).to_have_text(
        "Factory quality-control camera"
    )


def test_a_valid_upload_replaces_the_scenario(app_url, page, tmp_path):
    page.goto(f"{app_url}/requirements")
    wait_for_app(page)
    good = tmp_path / "mine.yaml"
    good.write_text("name: My own scenario\nrequirements:\n  max_latency_ms: 42\n")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(good))
    expect(sidebar(page).get_by_test_id("stAlertContentSuccess")).to_contain_text("Loaded")
    expect(number_input(page, LATENCY)).to_have_value("42")
    expect(sidebar(page).get_by_test_id("stText").first).to_have_text("My own scenario")


def test_an_assumption_override_is_kept_and_an_out_of_range_one_is_refused(app_url, page):
    page.goto(f"{app_url}/requirements")
    wait_for_app(page)
    override_first_general_figure(page, "0.2")
    wait_for_url_scenario(page, lambda s: s.assumptions == {ELECTRICITY: 0.2})

    override_first_general_figure(page, "42")
    alert = page.get_by_test_id("stAlertContentError")
    expect(alert).to_contain_text("Electricity price was not changed")
    expect(alert).to_contain_text(f"{ELECTRICITY} must be between 0 and 10")
    assert url_scenario(page).assumptions == {ELECTRICITY: 0.2}
