"""Many users at once: eight browser sessions walk the whole journey against one server, each
with a different preset, at the same time: each changes an answer to a number of its own, visits
every page and downloads its decision record. None sees an error, and none ever sees another
session's scenario, on a page or in its record."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from browser_helpers import LOCAL_PREFIXES
from playwright.async_api import Error as PlaywrightError
from streamlit_server import CHROMIUM, CHROMIUM_ARGS

from scoring.io.presets import bundled_presets
from ui.codec import encode_scenario
from ui.menu import MENU

pytestmark = pytest.mark.e2e

SESSIONS = 8


DEVICES = "Devices (count)"


async def walk(
    browser, app_url: str, name: str, encoded: str, others: set[str], devices: int
) -> list[str]:
    """One user's journey; the problems seen, as sentences."""
    problems: list[str] = []
    context = await browser.new_context(viewport={"width": 1300, "height": 900})

    async def guard(route):
        if route.request.url.startswith(LOCAL_PREFIXES):
            await route.continue_()
        else:
            problems.append(f"{name}: external request to {route.request.url}")
            await route.abort()

    await context.route("**/*", guard)
    page = await context.new_page()
    page.set_default_timeout(60_000)
    await page.goto(f"{app_url}/requirements?s={encoded}")
    sidebar = page.get_by_test_id("stSidebar")
    field = page.locator(f"input[aria-label='{DEVICES}']")
    await field.fill(str(devices))
    await field.press("Enter")
    await page.get_by_test_id("stStatusWidget").wait_for(state="detached")
    for item in MENU:
        await sidebar.get_by_role("link", name=item.label).click()
        # The sidebar's "Current scenario" line (plain text) names the session's scenario.
        current = sidebar.get_by_test_id("stText").filter(has_text=name)
        try:
            await current.first.wait_for()
        except PlaywrightError:
            problems.append(f"{name}: its own scenario missing on {item.label}")
        await page.get_by_test_id("stStatusWidget").wait_for(state="detached")
        shown = " ".join(await sidebar.get_by_test_id("stText").all_inner_texts())
        if await page.get_by_test_id("stException").count():
            problems.append(f"{name}: an error on {item.label}")
        for other in others:
            if other in shown:
                problems.append(f"{name}: saw {other!r} on {item.label}")
    # The last page is the record: it must carry this session's scenario and answer only.
    async with page.expect_download() as download:
        await page.get_by_role("button", name="Markdown record (.md)").click()
    markdown = Path(await (await download.value).path()).read_text(encoding="utf-8")
    if f"| How many devices, at how many sites? | {devices:,} " not in markdown:
        problems.append(f"{name}: its record lacks its own answer ({devices} devices)")
    for other in others:
        if other in markdown:
            problems.append(f"{name}: its record mentions {other!r}")
    await context.close()
    return problems


async def journeys(app_url: str) -> list[str]:
    from playwright.async_api import async_playwright

    presets = bundled_presets()[:SESSIONS]
    names = {p.name for p in presets}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        results = await asyncio.gather(
            *(
                walk(
                    browser,
                    app_url,
                    p.name,
                    encode_scenario(p.scenario),
                    names - {p.name},
                    devices=1001 + number,  # above every preset's sites
                )
                for number, p in enumerate(presets)
            )
        )
        await browser.close()
    return [problem for problems in results for problem in problems]


def test_eight_sessions_at_once_each_keep_their_own_scenario_without_errors(app_url):
    assert len(bundled_presets()) >= SESSIONS
    # The sync Playwright of the other tests owns this thread's event loop: run ours aside.
    with ThreadPoolExecutor(max_workers=1) as worker:
        problems = worker.submit(asyncio.run, journeys(app_url)).result(timeout=600)
    assert problems == []
