"""Many users at once: eight browser sessions walk the whole journey against one server, each
with a different preset, at the same time: each changes an answer to a number of its own, visits
every page and downloads its decision record. None sees an error, and none ever sees another
session's scenario, on a page or in its record."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from browser_helpers import (
    ATTEMPTS,
    EXTERNAL,
    FINISHED_SINCE,
    IDLE,
    RUN,
    TIMEOUT_MS,
    url_path,
)
from playwright.async_api import Error as PlaywrightError
from streamlit_server import CHROMIUM, CHROMIUM_ARGS

from scoring.io.presets import bundled_presets
from ui.codec import encode_scenario
from ui.menu import MENU

SESSIONS = 8


DEVICES = "Devices (count)"


async def until_seen(page, action, seen) -> bool:
    """browser_helpers.until_seen for the async API: do `action`, wait until a run that started
    after it has finished, and do it again while `seen()` is false; whether it was seen."""
    for _ in range(ATTEMPTS):
        await page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
        before = await page.evaluate(RUN)
        await action()
        await page.wait_for_function(FINISHED_SINCE, arg=before, timeout=TIMEOUT_MS)
        if await seen():
            return True
    return False


async def walk(
    browser, app_url: str, name: str, encoded: str, others: set[str], devices: int
) -> list[str]:
    """One user's journey; the problems seen, as sentences."""
    problems: list[str] = []
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)

    async def guard(route):
        problems.append(f"{name}: external request to {route.request.url}")
        await route.abort()

    await context.route(EXTERNAL, guard)
    page = await context.new_page()
    await page.goto(f"{app_url}/requirements?s={encoded}")
    sidebar = page.get_by_test_id("stSidebar")
    field = page.locator(f"input[aria-label='{DEVICES}']")

    async def type_devices() -> None:
        await field.fill(str(devices))
        await field.press("Enter")

    async def devices_shown() -> bool:
        return await field.input_value() == str(devices)

    if not await until_seen(page, type_devices, devices_shown):
        problems.append(f"{name}: its answer of {devices} devices did not stay")
    for item in MENU:
        path = re.compile(rf"/{re.escape(url_path(item.file))}(\?|$)")

        async def opened(path=path) -> bool:
            return path.search(await page.evaluate("() => location.href")) is not None

        link = sidebar.get_by_role("link", name=item.label)
        if not await until_seen(page, link.click, opened):
            problems.append(f"{name}: the link to {item.label} did not open it")
        # The sidebar's "Current scenario" line (plain text) names the session's scenario.
        shown = " ".join(await sidebar.get_by_test_id("stText").all_inner_texts())
        if name not in shown:
            href = await page.evaluate("() => location.href")
            problems.append(
                f"{name}: its own scenario missing on {item.label} (the sidebar shows "
                f"{shown!r}; run {await page.evaluate(RUN)}; at {href[:60]})"
            )
        if await page.get_by_test_id("stException").count():
            problems.append(f"{name}: an error on {item.label}")
        for other in others:
            if other in shown:
                problems.append(f"{name}: saw {other!r} on {item.label}")
    # The last page is the record: it must carry this session's scenario and answer only.
    try:
        async with page.expect_download() as download:
            await page.get_by_role("button", name="Markdown record (.md)").click()
        markdown = Path(await (await download.value).path()).read_text(encoding="utf-8")
    except PlaywrightError as error:
        problems.append(f"{name}: no record downloaded ({error.message.splitlines()[0]})")
        markdown = ""
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
        problems = worker.submit(asyncio.run, journeys(app_url)).result(timeout=1800)  # a hang
    assert problems == []
