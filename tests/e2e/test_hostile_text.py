"""User text is text: a hostile scenario name, description and note show literally on every
page, never as markup, a link or a script."""

from __future__ import annotations

from browser_helpers import go_to, sidebar, wait_for_app
from playwright.sync_api import expect

from scoring.io.presets import preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from ui.codec import encode_scenario
from ui.menu import MENU

HOSTILE = (
    "| <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(2)> :red[!]"
)


def hostile_scenario():
    data = scenario_to_dict(preset_by_id("factory_qc_camera").scenario)
    data["name"] = HOSTILE
    data["description"] = HOSTILE
    data["decision"]["notes"] = HOSTILE
    data["decision"]["decision_makers"] = [HOSTILE]
    return scenario_from_dict(data)


def test_hostile_text_is_shown_literally_on_every_page_and_never_runs(page, app_url):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{app_url}/?s={encode_scenario(hostile_scenario())}")
    wait_for_app(page)
    for item in MENU:
        go_to(page, item.label)
        expect(sidebar(page).get_by_text(HOSTILE, exact=True)).to_be_visible()
        assert page.locator('a[href^="javascript:"]').count() == 0, item.label
        assert page.locator("img[src='x']").count() == 0, item.label
        injected = page.evaluate(
            "() => [...document.scripts].filter(s => s.text.includes('alert(')).length"
        )
        assert injected == 0, item.label
        expect(page.get_by_test_id("stException")).to_have_count(0)
    assert dialogs == []
