"""What a user does in the browser, in words the tests can read."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scoring.model.scenario import Scenario
from ui.codec import decode_scenario

LOCAL_PREFIXES = (
    "http://127.0.0.1:",
    "http://localhost:",
    "ws://127.0.0.1:",
    "ws://localhost:",
    "data:",
    "blob:",
)

LATENCY = "Maximum response time, p95 (ms)"


def sidebar(page: Page):
    return page.get_by_test_id("stSidebar")


def wait_for_app(page: Page) -> None:
    """The page has rendered and no script run is pending."""
    expect(sidebar(page).get_by_text("Current scenario", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=20_000)


def number_input(page: Page, label: str):
    return page.locator(f"input[aria-label='{label}']")


def set_number(page: Page, label: str, value: float) -> None:
    field = number_input(page, label)
    field.fill(str(value))
    field.press("Enter")


def url_scenario(page: Page) -> Scenario:
    return decode_scenario(parse_qs(urlparse(page.url).query)["s"][0])


def wait_until(condition: Callable[[], bool], page: Page, timeout_s: float = 15) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (KeyError, ValueError):
            pass  # the URL may not carry the scenario yet
        page.wait_for_timeout(100)
    raise AssertionError("the condition did not become true in time")


def go_to(page: Page, label: str) -> None:
    """Follow a link of the sidebar menu."""
    sidebar(page).get_by_role("link", name=label).click()
    wait_for_app(page)


def choose_in_sidebar_selectbox(page: Page, option: str) -> None:
    sidebar(page).get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name=option).click()


def override_first_general_figure(page: Page, value: str) -> None:
    """Type a value into the first row of the General assumptions table.

    The table is a canvas (glide-data-grid): the Value cell is found by its position, which
    the page pins (Figure column "medium" = 200 px, Value column "small" = 75 px).
    """
    grid = page.get_by_test_id("stDataFrame").first
    if not grid.is_visible():  # the expander stays open across reruns; a click would close it
        page.get_by_text("Assumptions: every figure with its source").click()
    grid.scroll_into_view_if_needed()
    expect(grid).to_be_visible()
    editor = page.locator("#portal input.gdg-input")
    # The canvas may still be laying out after the expander opens and ignore the first
    # double-click, so the click is repeated until the cell editor appears.
    for _ in range(5):
        box = grid.bounding_box()
        assert box is not None
        page.mouse.dblclick(box["x"] + 237, box["y"] + 35 + 17)
        try:
            editor.wait_for(state="visible", timeout=3_000)
            break
        except PlaywrightTimeout:
            page.wait_for_timeout(300)
    editor.fill(value)
    editor.press("Enter")


def block_external_requests(context) -> list[str]:
    """Abort every request that leaves this machine; the list collects them for an assert."""
    external: list[str] = []

    def guard(route):
        if route.request.url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return external
