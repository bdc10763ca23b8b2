"""Performance figures of the whole product, printed as tables (not a test).

    .venv/bin/python benchmarks/bench_app.py [--sessions 100] [--skip-browser]

1. Time from `streamlit run` to the first rendered page (server healthy, then the Start page's
   title drawn in Chromium), three cold starts.
2. Server time of a rerun after a change, for every page: AppTest session on the page, the
   scenario changed (a new volume each time, so the evaluation cache misses), `run()` timed;
   and the Compare page at its heaviest (four variants compared, measurements recorded).
3. `python -m scoring evaluate FILE --json` for every preset, wall time including start-up.
4. Server memory (resident set) before and after N browser sessions, each loading a preset
   and visiting every page.

Targets on the 2-core reference machine: every page rerun under 300 ms; the command line under
1.5 s per call including Python start-up.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support")]

from app_helpers import button, open_app, save_variant, upload  # noqa: E402
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, start_server  # noqa: E402

from scoring.io.presets import bundled_presets, preset_by_id  # noqa: E402
from scoring.model.codec import scenario_from_dict, scenario_to_dict  # noqa: E402
from ui.codec import encode_scenario  # noqa: E402
from ui.evidence import SAMPLE_FILE  # noqa: E402
from ui.menu import COMPARE, MENU  # noqa: E402

RERUN_PRESETS = ("factory_qc_camera", "law_firm_documents", "consumer_chat_service")
RERUN_REPEATS = 3


def start_to_first_page(repeats: int = 3) -> None:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for _ in range(repeats):
            started = time.perf_counter()
            server = start_server("bench-startup.log")
            healthy = time.perf_counter() - started
            page = browser.new_page()
            page.goto(server.url)
            page.get_by_role("heading", name="Edge, cloud or hybrid?").wait_for(timeout=60_000)
            rendered = time.perf_counter() - started
            page.close()
            server.stop()
            rows.append((healthy, rendered))
        browser.close()
    print("\n## From `streamlit run` to the first rendered page\n")
    print("| run | server healthy (s) | Start page drawn (s) |\n|---:|---:|---:|")
    for i, (healthy, rendered) in enumerate(rows, start=1):
        print(f"| {i} | {healthy:.2f} | {rendered:.2f} |")


def median_rerun_ms(at, scenario) -> float:
    """Median server time of a rerun after the volume changed (a new one each time, so the
    evaluation cache misses)."""
    times = []
    for step in range(1, RERUN_REPEATS + 1):
        data = scenario_to_dict(scenario)
        data["workload"]["requests_per_month"] *= 1 + step / 100
        at.session_state["scenario"] = scenario_from_dict(data)
        started = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - started) * 1000)
        assert not at.exception, at.exception
    return statistics.median(times)


def page_reruns() -> None:
    print("\n## Server time of a rerun after a change (AppTest, median of 3, ms)\n")
    pages = list(MENU)
    print("| page | " + " | ".join(RERUN_PRESETS) + " |")
    print("|---|" + "---:|" * len(RERUN_PRESETS))
    worst = 0.0
    for item in pages:
        cells = []
        for preset_id in RERUN_PRESETS:
            scenario = preset_by_id(preset_id).scenario
            at = open_app(item.file, {"s": encode_scenario(scenario)})
            median = median_rerun_ms(at, scenario)
            worst = max(worst, median)
            cells.append(f"{median:.0f}")
        print(f"| {item.label} | " + " | ".join(cells) + " |")
    print(f"\nWorst page rerun: {worst:.0f} ms (target 300 ms)")


def loaded_compare_page() -> None:
    """The Compare page at its heaviest: four saved variants compared and the sample
    measurements recorded, so a change re-evaluates the scenario and its measured twin."""
    sample = SAMPLE_FILE.read_bytes()
    print("\n## Compare page with 4 variants and recorded measurements: rerun after a change")
    print("(AppTest, median of 3, ms)\n")
    print("| preset | rerun (ms) |\n|---|---:|")
    for preset_id in RERUN_PRESETS:
        scenario = preset_by_id(preset_id).scenario
        at = open_app(COMPARE.file, {"s": encode_scenario(scenario)})
        for number, name in enumerate(("base", "x2", "x3", "x4"), start=1):
            data = scenario_to_dict(scenario)
            data["workload"]["requests_per_month"] *= number
            at.session_state["scenario"] = scenario_from_dict(data)
            at.run()
            save_variant(at, name)
        upload(at, "Measured requests", "prototype-measurements.csv", sample)
        button(at, "Record these measurements in the scenario").click().run()
        median = median_rerun_ms(at, at.session_state["scenario"])
        print(f"| {preset_id} | {median:.0f} |")


def command_line(repeats: int = 3) -> None:
    print("\n## `python -m scoring evaluate FILE --json` per preset (median of 3, s)\n")
    print("| preset | wall time (s) |\n|---|---:|")
    worst = 0.0
    for preset in bundled_presets():
        path = ROOT / "presets" / f"{preset.id}.yaml"
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "scoring", "evaluate", str(path), "--json"],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"| {preset.id} | {median:.2f} |")
    print(f"\nSlowest call: {worst:.2f} s (target 1.5 s)")


def memory_after_sessions(sessions: int) -> None:
    from playwright.sync_api import sync_playwright

    server = start_server("bench-memory.log")
    presets = bundled_presets()
    pages = [item.file for item in MENU]
    readings = [(0, _rss_mb(server.process.pid))]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for number in range(1, sessions + 1):
            preset = presets[number % len(presets)]
            context = browser.new_context()
            page = context.new_page()
            query = f"?s={encode_scenario(preset.scenario)}"
            for file in pages:
                path = "" if file == "app.py" else "/" + Path(file).stem.split("_", 1)[1]
                page.goto(f"{server.url}{path}{query}")
                page.locator('[data-testid="stSidebar"]').get_by_text(preset.name).first.wait_for(
                    timeout=60_000
                )
            context.close()
            if number % 25 == 0:
                readings.append((number, _rss_mb(server.process.pid)))
        browser.close()
    time.sleep(2)
    readings.append((sessions, _rss_mb(server.process.pid)))
    server.stop()
    print(f"\n## Server memory over {sessions} browser sessions (each visits every page)\n")
    print("| sessions | resident memory (MB) |\n|---:|---:|")
    for count, megabytes in readings:
        print(f"| {count} | {megabytes:.0f} |")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    # AppTest runs pages outside a server; Streamlit warns about it on every widget.
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    print("# Edge / cloud decision studio: performance figures")
    command_line()
    page_reruns()
    loaded_compare_page()
    if not args.skip_browser:
        start_to_first_page()
        memory_after_sessions(args.sessions)


if __name__ == "__main__":
    main()
