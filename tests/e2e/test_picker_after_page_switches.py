"""The sidebar's preset picker tells the truth after any number of page switches (issue 15,
point 6): in fresh sessions the first switch used to show the first preset while the scenario
was unchanged, and pressing Load then replaced the user's scenario."""

from __future__ import annotations

import pytest
from browser_helpers import choose_in_sidebar_selectbox, go_to, sidebar, url_scenario, wait_for_app
from playwright.sync_api import expect

from scoring.io.presets import bundled_presets, preset_by_id
from ui.menu import MENU

pytestmark = pytest.mark.e2e

ROUNDS = 2  # every page twice


def picker(page):
    return sidebar(page).get_by_role("combobox", name="Preset")


def visit_every_page(page, rounds: int, shows: str) -> None:
    labels = [item.label for item in MENU]
    for label in (labels[1:] + labels[:1]) * rounds:
        go_to(page, label)
        expect(picker(page)).to_have_value(shows)


def test_a_fresh_session_keeps_naming_its_preset_on_every_page(page, app_url):
    camera = preset_by_id("factory_qc_camera")
    assert bundled_presets()[0].id != camera.id  # the first preset is what used to show
    page.goto(app_url)
    wait_for_app(page)
    expect(picker(page)).to_have_value(camera.name)
    visit_every_page(page, ROUNDS, shows=camera.name)
    assert url_scenario(page) == camera.scenario


def test_a_loaded_preset_stays_named_and_load_keeps_the_scenario(page, app_url):
    law = preset_by_id("law_firm_documents")
    page.goto(app_url)
    wait_for_app(page)
    choose_in_sidebar_selectbox(page, law.name)
    sidebar(page).get_by_role("button", name="Load preset").click()
    wait_for_app(page)
    expect(sidebar(page).get_by_text(law.name, exact=True).first).to_be_visible()
    visit_every_page(page, ROUNDS, shows=law.name)
    sidebar(page).get_by_role("button", name="Load preset").click()
    wait_for_app(page)
    expect(picker(page)).to_have_value(law.name)
    assert url_scenario(page) == law.scenario
