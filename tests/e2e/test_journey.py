"""The whole journey, seen: one user in one browser session loads the law-firm preset, then the
factory camera, visits every page with each and downloads each decision record; a full-page
screenshot of each page is kept in test-artifacts/journey/ for a person to look at."""

from __future__ import annotations

from browser_helpers import (
    choose_in_sidebar_selectbox,
    click,
    go_to,
    next_paint,
    sidebar,
    wait_for_app,
    wait_for_charts,
)
from playwright.sync_api import expect
from streamlit_server import ARTIFACTS

from scoring.engine.evaluate import evaluate
from scoring.io.presets import preset_by_id
from scoring.io.scenario_files import parse_scenario
from scoring.model.vocabulary import OPTION_LABELS
from ui.menu import MENU, RECORD

SHOTS = ARTIFACTS / "journey"
PAGE_TITLES = {
    "app.py": "Edge, cloud or hybrid?",
    "pages/1_requirements.py": "Requirements",
    "pages/2_recommendation.py": "Recommendation",
    "pages/3_costs.py": "Costs over time",
    "pages/4_latency.py": "Latency & resilience",
    "pages/5_compare.py": "Compare",
    "pages/6_record.py": "Decision record",
    "pages/7_operations.py": "Operations",
}
RECORD_LINK = RECORD.label


JOURNEY = ("law_firm_documents", "factory_qc_camera")  # in this order, as the issue tells it


def test_one_user_loads_two_presets_in_turn_visits_every_page_and_downloads_each_record(
    page, app_url
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(app_url)
    wait_for_app(page)
    for preset_id in JOURNEY:  # one browser session: the second preset replaces the first
        _load_preset(page, preset_by_id(preset_id).name)
        _visit_every_page_with_a_screenshot(page, preset_id)
        _download_the_record_and_check_it(page, preset_id)


def _load_preset(page, name: str) -> None:
    choose_in_sidebar_selectbox(page, name)
    click(page, sidebar(page).get_by_role("button", name="Load preset"))
    expect(sidebar(page).get_by_text(name, exact=True).first).to_be_visible()


def _visit_every_page_with_a_screenshot(page, preset_id: str) -> None:
    name = preset_by_id(preset_id).name
    for item in MENU:
        go_to(page, item.label)
        expect(page.get_by_role("heading", name=PAGE_TITLES[item.file]).first).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(sidebar(page).get_by_text(name, exact=True).first).to_be_visible()
        wait_for_charts(page)  # drawn before the picture is taken
        # The app scrolls inside its main block: a viewport that tall shows the whole page.
        height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
        page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 16_000)})
        next_paint(page)
        wait_for_charts(page)
        page.screenshot(path=str(SHOTS / f"{preset_id}-{_slug(item.label)}.png"))
        page.set_viewport_size({"width": 1400, "height": 1000})


def _download_the_record_and_check_it(page, preset_id: str) -> None:
    """The record of the preset loaded now: its name, its choice, and its scenario loads back."""
    preset = preset_by_id(preset_id)
    expected = evaluate(preset.scenario)
    if not page.get_by_role("button", name="Markdown record (.md)").count():
        go_to(page, RECORD_LINK)
    with page.expect_download() as download:
        page.get_by_role("button", name="Markdown record (.md)").click()
    markdown = download.value.path().read_text(encoding="utf-8")
    assert f'Chosen option:** "{OPTION_LABELS[expected.recommendation]}' in markdown
    loaded = parse_scenario(markdown)
    assert loaded.name == preset.scenario.name  # not the record of the previous preset
    assert loaded.model_dump(exclude={"decision"}) == preset.scenario.model_dump(
        exclude={"decision"}
    )
    assert evaluate(loaded).recommendation == expected.recommendation


def _slug(label: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in label.lower()).strip("-")
