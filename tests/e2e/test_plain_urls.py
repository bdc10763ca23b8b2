"""Bare URLs and e-mail addresses in user text stay plain text in the browser (issue 15,
point 8): in the record preview and in an alert that quotes the user's file, nothing becomes a
link, and the text still reads as typed."""

from __future__ import annotations

import pytest
from browser_helpers import sidebar, wait_for_app
from playwright.sync_api import expect

from scoring.io.presets import preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from ui.codec import encode_scenario

pytestmark = pytest.mark.e2e

URL = "https://evil.example/login"
LINKY = f"see {URL}, www.x.com or ops@evil.example"
LINK_SELECTOR = "a[href*='evil.example'], a[href*='www.x.com'], a[href^='mailto:']"


def shown(locator) -> str:
    return locator.inner_text().replace("\u2060", "")  # the joiners are invisible


def test_the_record_preview_shows_urls_in_user_text_as_plain_text(page, app_url):
    data = scenario_to_dict(preset_by_id("factory_qc_camera").scenario)
    data["name"] = f"Camera {URL}"
    data["description"] = LINKY
    data["requirements"]["quality_measurement"] = LINKY
    data["decision"]["notes"] = LINKY
    page.goto(f"{app_url}/record?s={encode_scenario(scenario_from_dict(data))}")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    # The preview opens the decision; the sections quoting the user's text open on a click.
    for section in ("Context and Problem Statement", "Operations Plan", "More Information"):
        main.get_by_test_id("stExpander").filter(has_text=section).locator("summary").click()
    expect(main.get_by_text("Notes:", exact=False).first).to_be_visible()
    assert main.locator(LINK_SELECTOR).count() == 0
    assert page.locator(LINK_SELECTOR).count() == 0
    text = shown(main)
    assert f"Camera {URL}" in text
    assert text.count(LINKY) >= 3  # description, quality measurement and notes


def test_an_alert_quoting_the_users_file_shows_its_url_as_plain_text(page, app_url, tmp_path):
    page.goto(app_url)
    wait_for_app(page)
    bad = tmp_path / "linky.yaml"
    bad.write_text(f"name: Camera\nrequirements:\n  offline: {URL}\n", encoding="utf-8")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bad))
    alert = sidebar(page).get_by_test_id("stAlertContentError")
    expect(alert).to_contain_text("linky.yaml was not loaded")
    assert URL in shown(alert)
    assert alert.locator("a").count() == 0
