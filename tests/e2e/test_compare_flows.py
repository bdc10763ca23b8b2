"""The Compare page in a real Chromium: prototype measurements uploaded through the file chooser,
recorded in the scenario and reported by the downloaded decision record; a bad file refused
line by line while everything stays; variants saved and downloaded as one bundle."""

from __future__ import annotations

from pathlib import Path

from browser_helpers import (
    click,
    go_to,
    rerun_after,
    set_number,
    url_scenario,
    wait_for_app,
    wait_for_url_scenario,
)
from playwright.sync_api import Page, expect

from scoring.engine.evaluate import evaluate
from scoring.io.bundles import parse_bundle
from scoring.io.scenario_files import parse_scenario
from scoring.model.units import ms
from ui.evidence import SAMPLE_FILE

RECORD_BUTTON = "Record these measurements in the scenario"


def main(page: Page):
    return page.get_by_test_id("stMain")


def choose_file(page: Page, uploader_label: str, path: Path) -> None:
    uploader = main(page).get_by_test_id("stFileUploader").filter(has_text=uploader_label)
    rerun_after(page, lambda: uploader.locator("input[type=file]").set_input_files(str(path)))


def name_variant(page: Page, name: str) -> None:
    """Type a variant name and press Enter, which saves the variant."""
    field = page.locator("input[aria-label='Variant name']")

    def type_it() -> None:
        field.fill(name)
        field.press("Enter")

    rerun_after(page, type_it)


def open_compare(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/compare")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Compare", exact=True)).to_be_visible()


def upload_and_record_the_sample(page: Page) -> None:
    choose_file(page, "Measured requests", SAMPLE_FILE)
    expect(main(page).get_by_test_id("stAlertContentSuccess").first).to_contain_text(
        "Read 480 requests from prototype-measurements.csv (Edge, Cloud)"
    )
    expect(
        page.get_by_role("heading", name="Measured in prototype-measurements.csv")
    ).to_be_visible()
    click(page, page.get_by_role("button", name=RECORD_BUTTON))
    expect(
        main(page).get_by_text("Recorded in the scenario: prototype-measurements.csv")
    ).to_be_visible()
    wait_for_url_scenario(page, lambda s: set(s.evidence.measured) == {"edge", "cloud"})


def test_the_sample_measurements_recorded_here_are_reported_by_the_downloaded_record(app_url, page):
    open_compare(page, app_url)
    upload_and_record_the_sample(page)
    expect(page.get_by_role("button", name=RECORD_BUTTON)).to_have_count(0)
    expect(
        main(page).get_by_text("The measurements do not change the recommendation")
    ).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the decision record (Markdown)").click()
    download = download_info.value
    assert download.suggested_filename == "factory-quality-control-camera-decision-record.md"
    record = Path(download.path()).read_text(encoding="utf-8")
    confirmation = record[record.index("### Confirmation") : record.index("## Criteria Matrix")]
    assert "Measured on prototypes (prototype-measurements.csv, uploaded" in confirmation
    assert "Edge 240 requests, Cloud 240 requests" in confirmation
    carried = parse_scenario(record, download.suggested_filename)  # the record loads again
    # The sample's edge p95 (41.5 ms) beside the engine's estimate, within the 100 ms limit.
    estimate_ms = evaluate(carried, draws=20, volume_search=False).options["edge"].estimated_p95_ms
    edge_row = next(line for line in confirmation.splitlines() if "| Edge | p95 latency |" in line)
    assert edge_row.startswith(f"| Edge | p95 latency | {ms(estimate_ms)} | 41.5 ms | ")
    assert edge_row.endswith(" | at most 100 ms | pass |")
    assert "| Cloud | success during network loss | stops | 0.0% of 20 requests |" in confirmation
    assert confirmation.count("| FAIL |") == 2
    assert carried.evidence.measured["edge"].requests == 240


def test_a_bad_csv_shows_the_line_and_everything_recorded_stays(app_url, page, tmp_path):
    open_compare(page, app_url)
    upload_and_record_the_sample(page)
    bad = tmp_path / "broken.csv"
    bad.write_text(
        "option,latency_ms,cost_usd,ok,network\nedge,12,0.001,true,up\nedge,slow,0.001,true,up\n"
        "fog,12,0.001,true,up\n",
        encoding="utf-8",
    )
    choose_file(page, "Measured requests", bad)

    alert = main(page).get_by_test_id("stAlertContentError")
    expect(alert).to_contain_text("broken.csv was not read; the measurements shown below are kept")
    expect(alert).to_contain_text("line 3: latency_ms 'slow' is not a number")
    expect(alert).to_contain_text("line 4: option 'fog' is not one of edge, cloud, hybrid")
    expect(
        page.get_by_role("heading", name="Measured in prototype-measurements.csv")
    ).to_be_visible()
    scenario = url_scenario(page)
    assert scenario.evidence.measured["cloud"].requests == 240
    assert scenario.evidence.source.startswith("prototype-measurements.csv")


def test_two_variants_saved_here_come_back_in_the_downloaded_bundle(app_url, page):
    open_compare(page, app_url)
    name_variant(page, "base")
    expect(main(page).get_by_text("Saved the variant “base” (1 kept).")).to_be_visible()

    go_to(page, "1 · Requirements")
    set_number(page, "Devices (count)", 400)
    wait_for_url_scenario(page, lambda s: s.requirements.devices == 400)
    go_to(page, "6 · Compare")
    name_variant(page, "fleet x10")

    expect(page.get_by_role("heading", name="Side by side")).to_be_visible()
    expect(main(page).get_by_test_id("stMetric").filter(has_text="Recommended")).to_have_count(2)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download variants (YAML bundle)").click()
    bundle = Path(download_info.value.path()).read_bytes()
    variants = {v.name: v.scenario for v in parse_bundle(bundle)}
    assert list(variants) == ["base", "fleet x10"]
    assert variants["base"].requirements.devices == 40
    assert variants["fleet x10"].requirements.devices == 400
