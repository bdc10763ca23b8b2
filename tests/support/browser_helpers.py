"""What a user does in the browser, in words the tests can read.

Every wait here is on a condition, never on a fixed time, so a busy machine makes a test slower,
not red. An action that makes the server rerun the page waits for that very run to end: the
helpers count the runs the page has finished, from Streamlit's committed app state (RUN), so a
run is seen even when the browser, busy, draws its start and its end in one go. An action that
is safe to repeat (following a link, typing a value, picking from a list) is checked for its
effect once its run has ended and done again when the effect is missing; no action is ever
repeated on a timer, because a loaded server can take long to start a run and a second click
would start a second one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scoring.model.scenario import Scenario
from ui.codec import decode_scenario
from ui.menu import HOME, MENU

# A request leaving this machine, as a pattern Playwright matches in its own driver: only such
# requests reach a test's handler, so the app's own scripts and fonts load without a round
# trip through the test process each.
EXTERNAL = re.compile(r"^(?!(?:http|ws)://(?:127\.0\.0\.1|localhost):|data:|blob:)")

LATENCY = "Maximum response time, p95 (ms)"

# How long a condition may take to come true. Generous on purpose: under load a first run of a
# page takes tens of seconds on the 2-core machine, and a passing test never waits this out.
TIMEOUT_MS = 120_000
# How often an action that is safe to repeat is tried until its effect shows.
ATTEMPTS = 4
# How long the data grid's cell editor may take to open before the double-click is repeated
# (a canvas still laying out ignores it; no script run is involved, so a repeat is harmless).
EDITOR_OPENS_MS = 15_000

# The state of the page's script runs, from the app component's committed state (React's
# current tree): how many runs have finished (Streamlit 1.67 counts them in
# scriptRunFinishedSequence when a run's script_finished message arrives), the id of the last
# run announced and whether one is running. The DOM attribute data-test-script-state alone
# cannot tell one run from the next: when the browser is slow, a short run's "running" and
# "notRunning" reach the screen in one update, and a new run's id arrives before its "running".
RUN = """() => {
  const root = document.getElementById("root");
  const key = root && Object.keys(root).find((k) => k.startsWith("__reactContainer$"));
  if (!key) return null;
  const fibers = [root[key].stateNode.current];
  while (fibers.length) {
    const fiber = fibers.pop();
    const state = fiber.memoizedState;
    if (fiber.stateNode && state && typeof state === "object" && "scriptRunId" in state) {
      return {
        id: state.scriptRunId,
        state: state.scriptRunState,
        finished: state.scriptRunFinishedSequence,
      };
    }
    if (fiber.sibling) fibers.push(fiber.sibling);
    if (fiber.child) fibers.push(fiber.child);
  }
  return null;
}"""
# A run has finished since the page loaded, none runs or is requested, the app is connected,
# and nothing on the page is left over from an earlier run.
IDLE = f"""() => {{
  const run = ({RUN})();
  const app = document.querySelector('[data-testid="stApp"]');
  return run !== null && run.finished > 0 && run.state === "notRunning"
    && app !== null
    && app.dataset.testConnectionState === "CONNECTED"
    && app.dataset.testScriptState === "notRunning"
    && document.querySelector('[data-stale="true"]') === null;
}}"""
# A run has finished since `before` (a RUN taken before the action), and the page is idle.
FINISHED_SINCE = f"""(before) => {{
  const run = ({RUN})();
  return run !== null && run.finished > before.finished && ({IDLE})();
}}"""


def current_run(page: Page) -> dict:
    run = page.evaluate(RUN)
    assert run is not None, "cannot read Streamlit's run state: see RUN in browser_helpers.py"
    return run


def new_context(browser: Browser, **options) -> tuple[BrowserContext, list[str]]:
    """A browser context with the helpers' timeout that aborts any request leaving this
    machine; the list collects those requests for an assert (the app must work with no
    internet)."""
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    return context, block_external_requests(context)


def block_external_requests(context) -> list[str]:
    """Abort every request that leaves this machine; the list collects them for an assert."""
    external: list[str] = []

    def guard(route):
        external.append(route.request.url)
        route.abort()

    context.route(EXTERNAL, guard)
    return external


def sidebar(page: Page):
    return page.get_by_test_id("stSidebar")


def wait_for_idle(page: Page) -> None:
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)


def wait_for_app(page: Page) -> None:
    """The page has rendered and no script run is pending (after a goto or a reload, IDLE
    waits for the first run to finish)."""
    wait_for_idle(page)
    expect(sidebar(page).get_by_text("Current scenario", exact=True)).to_be_visible()


def rerun_after(page: Page, action: Callable[[], object]) -> None:
    """Do `action`, which makes the server rerun the page, and wait until a run that started
    after it has finished and the page shows its result."""
    wait_for_idle(page)
    before = current_run(page)
    action()
    page.wait_for_function(FINISHED_SINCE, arg=before, timeout=TIMEOUT_MS)


def until_seen(page: Page, action: Callable[[], object], seen: Callable[[], bool], what: str):
    """Do `action`, which is safe to repeat, wait for its run, and do it again while `seen()`
    is false: a click that landed while the page was still moving, or a run the action did not
    start, leaves its effect missing."""
    for _ in range(ATTEMPTS):
        rerun_after(page, action)
        if seen():
            return
    raise AssertionError(f"{what}: still not seen after {ATTEMPTS} tries")


def url_path(file: str) -> str:
    """The URL path Streamlit serves a page file under: pages/3_costs.py is /costs."""
    return "" if file == HOME.file else re.sub(r"^\d+_", "", PurePosixPath(file).stem)


def is_on(page: Page, file: str) -> bool:
    """The browser shows the page of `file` (its URL path, with or without a query)."""
    href = page.evaluate("() => location.href")
    return re.search(rf"/{re.escape(url_path(file))}(\?|$)", href) is not None


def go_to(page: Page, label: str) -> None:
    """Follow a link of the sidebar menu and wait for the page it opens."""
    (item,) = (i for i in MENU if i.label == label)
    link = sidebar(page).get_by_role("link", name=label)
    until_seen(page, link.click, lambda: is_on(page, item.file), f"the page of {label!r}")
    wait_for_app(page)


def click(page: Page, target: Locator) -> None:
    """Press a button (once: pressing it again may do the thing twice) and wait for its run."""
    rerun_after(page, target.click)


def number_input(page: Page, label: str):
    return page.locator(f"input[aria-label='{label}']")


def set_number(page: Page, label: str, value: float) -> None:
    """Type a new value into a number field and commit it with Enter."""
    field = number_input(page, label)

    def type_it() -> None:
        field.fill(str(value))
        field.press("Enter")

    def shown() -> bool:
        try:
            return float(field.input_value()) == float(value)
        except ValueError:
            return False

    until_seen(page, type_it, shown, f"{value} in {label!r}")


def choose_in_sidebar_selectbox(page: Page, option: str) -> None:
    """Pick `option` in the sidebar's list (the preset picker), unless it is already picked."""
    box = sidebar(page).get_by_test_id("stSelectbox")
    picked = box.get_by_role("combobox")  # an input showing the picked option as its value
    if picked.input_value() == option:
        return

    def pick() -> None:
        box.click()  # opens the list in the browser; picking an option reruns the page
        page.get_by_role("option", name=option).click()

    until_seen(page, pick, lambda: picked.input_value() == option, f"{option!r} picked")


def url_scenario(page: Page) -> Scenario:
    """The scenario the page mirrors in its `?s=` parameter."""
    href = page.evaluate("() => location.href")
    return decode_scenario(parse_qs(urlparse(href).query)["s"][0])


def wait_for_url_scenario(page: Page, holds: Callable[[Scenario], bool]) -> Scenario:
    """Wait until the scenario in the page's link satisfies `holds`; checked again each time
    the link changes (the app rewrites `?s=` after every change), never on a timer."""
    for _ in range(50):  # each change of the link brings the scenario one step closer
        href = page.evaluate("() => location.href")
        try:
            scenario = url_scenario(page)
            if holds(scenario):
                return scenario
        except (KeyError, ValueError):
            pass  # the link does not carry the scenario yet
        page.wait_for_function("(href) => location.href !== href", arg=href, timeout=TIMEOUT_MS)
    raise AssertionError("the scenario in the link changed 50 times and never held")


def wait_for_charts(page: Page) -> None:
    """Every chart on the page is drawn (Plotly's SVG and Graphviz's are in place)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll(
              '[data-testid="stPlotlyChart"], [data-testid="stGraphVizChart"]')]
            .every((chart) => chart.querySelector("svg") !== null)""",
        timeout=TIMEOUT_MS,
    )


def next_paint(page: Page) -> None:
    """Wait until the browser has painted twice: a resize or a relayout has reached the screen."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def override_first_general_figure(page: Page, value: str) -> None:
    """Type a value into the first row of the General assumptions table.

    The table is a canvas (glide-data-grid): the Value cell is found by its position, which
    the page pins (Figure column "medium" = 200 px, Value column "small" = 75 px).
    """
    wait_for_idle(page)
    grid = page.get_by_test_id("stDataFrame").first
    if not grid.is_visible():  # the expander stays open across reruns; a click would close it
        page.get_by_text("Assumptions: every figure with its source").click()
    expect(grid).to_be_visible()
    grid.scroll_into_view_if_needed()
    editor = page.locator("#portal input.gdg-input")
    # The canvas may still be laying out after the expander opens and ignore a double-click,
    # so it is repeated until the cell editor appears.
    for attempt in range(1, ATTEMPTS + 1):
        box = grid.bounding_box()
        assert box is not None
        page.mouse.dblclick(box["x"] + 237, box["y"] + 35 + 17)
        try:
            editor.wait_for(state="visible", timeout=EDITOR_OPENS_MS)
            break
        except PlaywrightTimeout:
            if attempt == ATTEMPTS:
                raise

    def type_it() -> None:
        editor.fill(value)
        editor.press("Enter")

    rerun_after(page, type_it)
