"""End-to-end fixtures: a real `streamlit run` server and a real Chromium.

Browser tests skip when /usr/bin/chromium is missing, except under CI=true, where a missing
browser is a failure: CI must prove the browser flows, not quietly skip them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from browser_helpers import TIMEOUT_MS, new_context
from streamlit_server import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, start_server


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {CHROMIUM} is missing: install it (apt-get install -y chromium)")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium); set CI=true to fail")


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """One server for the browser tests of this process (under pytest-xdist, one per worker);
    the cold deep-link test starts its own."""
    _require_chromium()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    server = start_server(f"streamlit-e2e-{worker}.log")
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    # A page's first run evaluates the scenario; on a busy 2-core machine 5 s is too short.
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser context per test; any request off this machine is aborted and fails
    the test, because the app must work with no internet."""
    context, external = new_context(
        browser, viewport={"width": 1400, "height": 1000}, accept_downloads=True
    )
    page = context.new_page()
    yield page
    if getattr(request.node, "failed_call", False):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not external, f"the app made external requests: {external}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        item.failed_call = True
