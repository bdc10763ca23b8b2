"""How long does `evaluate()` take per preset, now and on a reference commit? One row per preset.

    .venv/bin/python benchmarks/bench_engine.py [--repeats N] [--baseline REF]

Columns (median milliseconds on this machine; "CPU" is this process's CPU time, which a busy
shared machine inflates less than the wall clock):
- evaluate(): everything the pages use (plan, screen, criteria, costs, Monte Carlo, tornado,
  sensitivity with the volume search), on this working tree;
- with --baseline REF (default `main`): the same, measured on REF's code and presets in a child
  process (`git archive REF` into a temporary folder), interleaved preset by preset with the
  current tree so both see the same machine load.

Not a test: nothing is asserted; the target is the current tree at or under the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run by the child process: times evaluate() per preset in the tree it is started in.
CHILD = """
import json, statistics, sys, time
from scoring.engine.evaluate import evaluate
from scoring.io.presets import bundled_presets
repeats, only = int(sys.argv[1]), sys.argv[2]
for preset in bundled_presets():
    if only and preset.id != only:
        continue
    evaluate(preset.scenario)
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        evaluate(preset.scenario)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(json.dumps([preset.id, 1000 * statistics.median(wall), 1000 * statistics.median(cpu)]))
"""


def time_tree(tree: Path, repeats: int, only: str = "") -> dict[str, tuple[float, float]]:
    """{preset id: (median wall ms, median CPU ms)} of evaluate() in the given source tree."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(repeats), only],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("[")]
    return {row[0]: (row[1], row[2]) for row in rows}


def export(ref: str, folder: Path) -> Path:
    """The files of `ref` (scoring/ and presets/) unpacked into `folder`."""
    archive = folder / "ref.tar"
    subprocess.run(
        ["git", "archive", "--format=tar", "-o", str(archive), ref, "scoring", "presets"],
        cwd=ROOT,
        check=True,
    )
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder


def preset_ids(tree: Path) -> list[str]:
    return sorted(p.stem for p in (tree / "presets").glob("*.yaml"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per preset")
    parser.add_argument("--baseline", default="main", help="git ref to compare with ('' = none)")
    args = parser.parse_args()
    print(f"median ms of evaluate() over {args.repeats} runs; load average {_load()}")
    with tempfile.TemporaryDirectory() as tmp:
        base = export(args.baseline, Path(tmp)) if args.baseline else None
        columns = ["now", "now CPU", *([args.baseline, f"{args.baseline} CPU"] if base else [])]
        header = f"{'preset':<28}" + "".join(f"{c:>14}" for c in columns)
        print(header)
        print("-" * len(header))
        rows = []
        for preset in preset_ids(ROOT):
            now = time_tree(ROOT, args.repeats, preset).get(preset)
            before: tuple[float, ...] = (
                time_tree(base, args.repeats, preset).get(preset, (float("nan"),) * 2)
                if base
                else ()
            )
            if now is None:
                continue
            row = (*now, *before)
            rows.append(row)
            print(f"{preset:<28}" + "".join(f"{v:>14.1f}" for v in row), flush=True)
        print("-" * len(header))
        worst = [max(column) for column in zip(*rows, strict=True)]
        print(f"{'worst preset':<28}" + "".join(f"{v:>14.1f}" for v in worst))
        total = [sum(column) for column in zip(*rows, strict=True)]
        print(f"{'sum over presets':<28}" + "".join(f"{v:>14.1f}" for v in total))
    print(f"load average {_load()} at the end")


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
