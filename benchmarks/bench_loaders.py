"""How long do the loaders take to refuse hostile input? Prints one row per input, worst first.

    .venv/bin/python benchmarks/bench_loaders.py [--repeats N]

The inputs are the malformed files of tests/corpus and the large or deep ones the hostile-input
tests feed the loaders (tests/integration/test_hostile_input.py): a 10 MB file, a file that never
ends, a number of 5,000 digits, 700 levels of nesting, a short link that inflates to 200,000
brackets, 300,000 measurement rows. The tests check what each loader answers; this prints how
long it took, as the median of N runs.

Not a test: nothing is asserted; the target is every input refused well within 5 s.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import functools
import statistics
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from scoring.engine.evidence import EvidenceError  # noqa: E402
from scoring.io.measurements import parse_measurements  # noqa: E402
from scoring.io.scenario_files import load_scenario_file, parse_scenario  # noqa: E402
from scoring.model.codec import ScenarioError  # noqa: E402
from ui.codec import decode_scenario  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
TARGET_S = 5.0


def link_of(payload: str) -> str:
    packed = zlib.compress(payload.encode("utf-8"), level=9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def inputs() -> dict[str, Callable[[], object]]:
    cases: dict[str, Callable[[], object]] = {}
    for path in sorted((CORPUS / "scenarios").iterdir()):
        data = path.read_bytes()
        cases[f"scenario corpus: {path.name}"] = functools.partial(parse_scenario, data)
    for path in sorted((CORPUS / "measurements").iterdir()):
        data = path.read_bytes()
        cases[f"measurement corpus: {path.name}"] = functools.partial(parse_measurements, data)
    big = b"name: big\ndescription: " + b"x" * 10_000_000
    rows = b"option,latency_ms,cost_usd,ok,network\n" * 300_000
    nesting = "\n".join(["name: x", "requirements:"] + [f"{'  ' * i}k{i}:" for i in range(1, 700)])
    digits = "name: x\nworkload:\n  input_kb: " + "9" * 5000
    link = link_of("[" * 200_000)
    cases |= {
        "scenario of 10 MB": lambda: parse_scenario(big),
        "measurements, 300,000 rows": lambda: parse_measurements(rows),
        "a file that never ends (/dev/zero)": lambda: load_scenario_file("/dev/zero"),
        "700 levels of block nesting": lambda: parse_scenario(nesting),
        "a number of 5,000 digits": lambda: parse_scenario(digits),
        "a link inflating to 200,000 brackets": lambda: decode_scenario(link),
    }
    return cases


def median_s(load: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        with contextlib.suppress(ScenarioError, EvidenceError):  # each input here is refused
            load()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    timings = {name: median_s(load, args.repeats) for name, load in inputs().items()}
    width = max(len(name) for name in timings)
    print(f"{'input':<{width}}  median s")
    for name, seconds in sorted(timings.items(), key=lambda item: -item[1]):
        print(f"{name:<{width}}  {seconds:8.3f}")
    worst = max(timings.values())
    print(f"\nworst {worst:.3f} s over {len(timings)} inputs (target: under {TARGET_S:.0f} s)")


if __name__ == "__main__":
    main()
