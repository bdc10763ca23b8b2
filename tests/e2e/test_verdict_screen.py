"""The one-screen verdict in a real Chromium at 1400 x 1000: the block with the answer, its
price and its p95 lies fully inside the window without scrolling."""

from __future__ import annotations

import pytest
from browser_helpers import wait_for_app
from playwright.sync_api import expect

from scoring.engine.evaluate import evaluate
from scoring.io.presets import preset_by_id
from scoring.model.units import ms, usd
from ui.codec import encode_scenario
from ui.recommendation import VERDICT_KEY

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("preset_id", ["law_firm_documents", "factory_qc_camera"])
def test_the_verdict_block_is_fully_visible_without_scrolling(app_url, page, preset_id):
    scenario = preset_by_id(preset_id).scenario
    evaluation = evaluate(scenario)
    chosen = evaluation.options[evaluation.recommendation]
    page.goto(f"{app_url}/recommendation?s={encode_scenario(scenario)}")
    wait_for_app(page)
    block = page.locator(f".st-key-{VERDICT_KEY}")
    expect(block).to_contain_text(f"Recommended: {chosen.label}")
    expect(block).to_contain_text(usd(chosen.cost_total_usd))  # the price
    expect(block).to_contain_text(ms(chosen.latency_p95_ms))  # the p95
    expect(block).to_contain_text("Top risk:")
    expect(block).to_contain_text("What would change the answer:")
    viewport = page.viewport_size
    assert viewport == {"width": 1400, "height": 1000}
    assert page.evaluate("() => window.scrollY") == 0
    main_scroll = page.get_by_test_id("stMain").evaluate("m => m.scrollTop")
    assert main_scroll == 0
    box = block.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"], box
    assert box["y"] + box["height"] <= viewport["height"], box
