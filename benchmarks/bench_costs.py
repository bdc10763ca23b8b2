"""How fast are the cost evaluation and the Costs page? Prints one table row per preset.

    .venv/bin/python benchmarks/bench_costs.py [--repeats N] [--page-runs N]

Columns (median milliseconds on this machine; "CPU" is this process's CPU time, which a busy
shared machine inflates less than the wall clock):
- cost eval: plan_deployments + project_costs + simulate (2,000 Monte Carlo draws)
  + tornado + break_evens, the full cost path of one scenario;
- evaluate(): everything the pages use (screening, criteria, weights, sensitivity, costs);
- rerun, change: Streamlit AppTest on the Costs page, the horizon changed to a value
  not seen before, so the run re-evaluates the scenario and redraws every chart (server time);
- rerun, same: the same page rerun with the cached evaluation.

Not a test: nothing is asserted; the targets are a cost evaluation well under 100 ms and a page
rerun under 300 ms.
"""

from __future__ import annotations

import argparse
import functools
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support")]

from app_helpers import open_app  # noqa: E402

from scoring.catalog import default_catalog  # noqa: E402
from scoring.engine.breakeven import break_evens  # noqa: E402
from scoring.engine.costs import Factors, project_costs  # noqa: E402
from scoring.engine.deployment import plan_deployments  # noqa: E402
from scoring.engine.drivers import tornado  # noqa: E402
from scoring.engine.evaluate import evaluate  # noqa: E402
from scoring.engine.uncertainty import DEFAULT_DRAWS, simulate  # noqa: E402
from scoring.io.presets import bundled_presets  # noqa: E402
from scoring.model.scenario import Scenario  # noqa: E402
from ui.menu import COSTS  # noqa: E402

PAGE = COSTS.file
HORIZON_LABEL = "Cost horizon"


def cost_evaluation(scenario: Scenario) -> None:
    catalog = default_catalog().with_overrides(scenario.assumptions)
    deployments = plan_deployments(scenario, catalog)
    projections = project_costs(deployments, scenario, catalog, Factors.neutral())
    simulate(deployments, scenario, catalog, DEFAULT_DRAWS)
    tornado(deployments, scenario, catalog)
    break_evens({o: p.cumulative_usd[0] for o, p in projections.items()})


def median_ms(action: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(median wall-clock ms, median CPU ms of this process): on a shared machine the CPU time
    shows the work itself, the wall clock what a user waits."""
    action()  # warm-up: imports, catalog cache, numpy
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return 1000 * statistics.median(wall), 1000 * statistics.median(cpu)


def page_rerun_ms(scenario: Scenario, runs: int) -> tuple[float, float]:
    """(median rerun after a horizon change, median rerun without a change) on the Costs page."""
    from ui.codec import encode_scenario

    at = open_app(PAGE, {"s": encode_scenario(scenario)}, timeout=60)
    if at.exception:
        raise RuntimeError(f"{scenario.name}: {at.exception[0].value}")
    changed, unchanged = [], []
    base = scenario.horizon_months
    for run in range(runs):
        horizon = base + 1 + run if base + runs < 120 else base - 1 - run
        widget = next(w for w in at.number_input if w.label.startswith(HORIZON_LABEL))
        widget.set_value(horizon)
        start = time.perf_counter()
        at.run()
        changed.append(time.perf_counter() - start)
        assert at.session_state["scenario"].horizon_months == horizon, "the change did not apply"
        start = time.perf_counter()
        at.run()
        unchanged.append(time.perf_counter() - start)
    return 1000 * statistics.median(changed), 1000 * statistics.median(unchanged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed runs of the engine")
    parser.add_argument("--page-runs", type=int, default=7, help="timed page reruns per preset")
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    columns = (
        "cost eval",
        "cost eval CPU",
        "evaluate()",
        "evaluate() CPU",
        "rerun, change",
        "rerun, same",
    )
    header = f"{'preset':<26}" + "".join(f"{c:>16}" for c in columns)
    print(
        f"median ms; {DEFAULT_DRAWS:,} Monte Carlo draws; {args.repeats} engine runs and "
        f"{args.page_runs} Costs-page reruns per preset; load average {_load()} at the start"
    )
    print(header)
    print("-" * len(header))
    rows = []
    for preset in bundled_presets():
        scenario = preset.scenario
        cost = median_ms(functools.partial(cost_evaluation, scenario), args.repeats)
        full = median_ms(functools.partial(evaluate, scenario), max(3, args.repeats // 2))
        page = page_rerun_ms(scenario, args.page_runs)
        row = (*cost, *full, *page)
        rows.append(row)
        print(f"{preset.id:<26}" + "".join(f"{v:>16.1f}" for v in row), flush=True)
    print("-" * len(header))
    worst = [max(column) for column in zip(*rows, strict=True)]
    print(f"{'worst preset':<26}" + "".join(f"{v:>16.1f}" for v in worst))
    print(f"load average {_load()} at the end")


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
