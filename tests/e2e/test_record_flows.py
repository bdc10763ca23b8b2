"""The Decision record page in a real Chromium: the downloaded Markdown carries the scenario, the
downloaded HTML report opens from disk with no network and draws its charts, and a record saved
to the log is listed."""

from __future__ import annotations

import json
import re

from browser_helpers import click, rerun_after, wait_for_app
from playwright.sync_api import expect

from scoring.engine.evaluate import evaluate
from scoring.io.presets import preset_by_id
from scoring.io.scenario_files import parse_scenario
from scoring.report.contract import evaluation_json
from ui.codec import encode_scenario

SECTIONS = (
    "## Context and Problem Statement",
    "## Decision Drivers",
    "## Constraints",
    "## Considered Options",
    "## Decision Outcome",
    "### Consequences",
    "### Confirmation",
    "## Criteria Matrix",
    "## Pros and Cons of the Options",
    "## Costs",
    "## Operations Plan",
    "## Revisit Triggers",
    "## More Information",
)


def open_record_page(page, app_url: str, preset_id: str) -> None:
    scenario = preset_by_id(preset_id).scenario
    page.goto(f"{app_url}/record?s={encode_scenario(scenario)}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Decision record", exact=True)).to_be_visible()


def download(page, label: str, folder):
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    result = info.value
    path = folder / result.suggested_filename
    result.save_as(path)
    return result.suggested_filename, path


def same_evaluation(a, b) -> bool:
    return json.dumps(evaluation_json(evaluate(a)), sort_keys=True) == json.dumps(
        evaluation_json(evaluate(b)), sort_keys=True
    )


def test_the_downloaded_markdown_has_every_section_and_evaluates_like_the_page(
    app_url, page, tmp_path
):
    open_record_page(page, app_url, "retail_store_analytics")
    diagram = page.get_by_test_id("stGraphVizChart").locator("svg")
    expect(diagram).to_be_visible()  # drawn in the browser, nothing fetched
    expect(diagram).to_contain_text("Cloud region")

    name, path = download(page, "Markdown record (.md)", tmp_path)
    assert name == "retail-store-shelf-and-footfall-analytics-decision-record.md"
    markdown = path.read_text(encoding="utf-8")
    positions = [markdown.index(f"\n{heading}\n") for heading in SECTIONS]
    assert positions == sorted(positions)
    assert markdown.count("```mermaid\n") == 2
    assert "\nxychart-beta\n" in markdown and "\nflowchart LR\n" in markdown
    loaded = parse_scenario(markdown)
    assert same_evaluation(loaded, preset_by_id("retail_store_analytics").scenario)


def test_the_html_report_opens_from_disk_offline_with_its_charts_drawn(
    app_url, page, browser, tmp_path
):
    open_record_page(page, app_url, "factory_qc_camera")
    name, path = download(page, "HTML report (.html)", tmp_path)
    assert name == "factory-quality-control-camera-decision-record.html"
    # plotly.js is inside (its cartesian bundle, gzipped), and the file stays under 1.5 MB
    assert 500_000 < path.stat().st_size < 1_500_000

    report_url = path.as_uri()
    context = browser.new_context(viewport={"width": 1200, "height": 1000}, offline=True)
    attempted: list[str] = []

    def only_the_report(route):
        if route.request.url == report_url:
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_report)
    try:
        report = context.new_page()
        report.on(
            "request",
            lambda request: None if request.url == report_url else attempted.append(request.url),
        )
        report.goto(report_url)
        expect(report.locator(".js-plotly-plot")).to_have_count(3)
        expect(report.locator(".js-plotly-plot .main-svg").first).to_be_visible()
        assert report.locator(".js-plotly-plot .main-svg").count() >= 3
        assert report.locator(".js-plotly-plot .heatmaplayer").count() == 1  # criteria
        assert report.locator(".js-plotly-plot .scatterlayer .trace").count() >= 3  # costs
        assert report.locator("body").get_attribute("data-charts-drawn") == "3"
        # The charts respond: hovering the cost chart's plot area shows a month's amounts.
        cost_chart = report.locator(".js-plotly-plot").first
        cost_chart.scroll_into_view_if_needed()
        area = cost_chart.locator(".nsewdrag").first.bounding_box()
        assert area is not None
        report.mouse.move(area["x"] + area["width"] * 0.6, area["y"] + area["height"] * 0.5)
        expect(cost_chart.locator(".hoverlayer .hovertext").first).to_be_visible()
        expect(report.get_by_role("heading", name="Decision Outcome")).to_be_visible()
        report.wait_for_load_state("networkidle")  # anything late (fonts, images) is tried now
    finally:
        context.close()
    assert attempted == [], f"the report tried to fetch: {attempted}"


def test_a_record_saved_to_the_log_is_written_and_listed(app_url, page, tmp_path):
    folder = tmp_path / "decisions"
    open_record_page(page, app_url, "warehouse_robot")
    field = page.get_by_role("textbox", name="Folder")

    def type_the_folder() -> None:
        field.fill(str(folder))
        field.press("Enter")

    rerun_after(page, type_the_folder)
    expect(page.get_by_text(f"Records go to {folder}")).to_be_visible()
    click(page, page.get_by_role("button", name="Save to the log"))

    expect(page.get_by_text("Saved as 0001-")).to_be_visible()
    saved = sorted(folder.glob("[0-9]*.md"))
    assert [p.name[:5] for p in saved] == ["0001-"]
    assert saved[0].read_text(encoding="utf-8").startswith("# 1. Warehouse robot fleet")
    assert f"* [ADR-0001]({saved[0].name}) - Warehouse robot fleet" in (
        folder / "index.md"
    ).read_text(encoding="utf-8")
    assert same_evaluation(
        parse_scenario(saved[0].read_text(encoding="utf-8")),
        preset_by_id("warehouse_robot").scenario,
    )
    listed = page.get_by_role("combobox", name="Record")
    expect(listed).to_have_value(re.compile(r"^0001 · Warehouse robot fleet"))
