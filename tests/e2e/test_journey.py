"""The whole journey, seen: two presets in turn, every page, the record downloaded, a screenshot
of each page kept in test-artifacts/journey/ for a person to look at."""

from __future__ import annotations

import pytest
from browser_helpers import choose_in_sidebar_selectbox, sidebar, wait_for_app
from playwright.sync_api import expect
from streamlit_server import ARTIFACTS

from scoring.evaluate import evaluate
from scoring.files import parse_scenario
from scoring.presets import preset_by_id
from scoring.vocabulary import OPTION_LABELS
from ui.menu import available_pages

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "journey"
PAGE_TITLES = {
    "app.py": "Edge, cloud or hybrid?",
    "pages/1_requirements.py": "Requirements",
    "pages/2_recommendation.py": "Recommendation",
    "pages/3_costs.py": "Costs over time",
    "pages/4_latency.py": "Latency & resilience",
    "pages/5_compare.py": "Compare",
    "pages/6_record.py": "Decision record",
}


@pytest.mark.parametrize("preset_id", ["law_firm_documents", "factory_qc_camera"])
def test_a_user_walks_every_page_with_a_preset_and_downloads_its_record(page, app_url, preset_id):
    preset = preset_by_id(preset_id)
    expected = evaluate(preset.scenario)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(app_url)
    wait_for_app(page)
    choose_in_sidebar_selectbox(page, preset.name)
    sidebar(page).get_by_role("button", name="Load preset").click()
    expect(sidebar(page).get_by_text(preset.name, exact=True).first).to_be_visible()
    wait_for_app(page)
    for item in available_pages():
        sidebar(page).get_by_role("link", name=item.label).click()
        wait_for_app(page)
        expect(page.get_by_role("heading", name=PAGE_TITLES[item.file]).first).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)
        page.wait_for_timeout(600)  # let the charts finish drawing before the picture
        # The app scrolls inside its main block: a viewport that tall shows the whole page.
        height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
        page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 16_000)})
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / f"{preset_id}-{_slug(item.label)}.png"))
        page.set_viewport_size({"width": 1400, "height": 1000})
    expect(sidebar(page).get_by_text(preset.name, exact=True).first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Markdown record (.md)").click()
    markdown = download.value.path().read_text(encoding="utf-8")
    assert f'Chosen option:** "{OPTION_LABELS[expected.recommendation]}' in markdown
    assert evaluate(parse_scenario(markdown)).recommendation == expected.recommendation


def _slug(label: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in label.lower()).strip("-")
