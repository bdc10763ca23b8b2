"""How long does each reader of outside input take on the worst inputs under its size limit?

    .venv/bin/python benchmarks/bench_parsers.py [--only yaml|link|bundle|csv]

Generates a corpus of near-limit hostile inputs (issue 15: huge headers, 100,000 unknown keys,
deep nesting, long lines, anchors and aliases, a 99,699-character `?s=` link, ...) and feeds
each to its reader once:

- yaml:   scoring.io.scenario_files.parse_scenario (scenario YAML or decision record, 2 MB)
- link:   ui.codec.decode_scenario (the `?s=` parameter, 100,000 characters, 2 MB inflated)
- bundle: scoring.io.bundles.parse_bundle (variants bundle, 2 MB)
- csv:    scoring.io.measurements.parse_measurements (measurement CSV, 2 MB)

Prints one row per input (wall-clock and CPU seconds of this process, how the reader answered)
and, per reader, the worst time; then the YAML reading speed in kB/s on a realistic document,
for our guarded reader and for PyYAML's readers. The target: every input answered within 2 s on
the 2-core machine. CPU time is what the input costs; on a busy shared machine the wall clock
is inflated by other work.

Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from scoring.engine.evaluate import evaluate  # noqa: E402
from scoring.io.bundles import bundle_to_yaml, parse_bundle  # noqa: E402
from scoring.io.measurements import parse_measurements  # noqa: E402
from scoring.io.presets import bundled_presets  # noqa: E402
from scoring.io.safe_yaml import PythonParser, loader_for, parse_yaml  # noqa: E402
from scoring.io.scenario_files import MAX_FILE_BYTES, parse_scenario  # noqa: E402
from scoring.model.codec import ScenarioError, scenario_to_yaml  # noqa: E402
from scoring.report.markdown import render_markdown  # noqa: E402
from scoring.report.record import build_record  # noqa: E402
from ui.codec import MAX_ENCODED_CHARS, decode_scenario  # noqa: E402

Input = bytes | str  # what a reader is given: a file's bytes or a link's text

LIMIT = MAX_FILE_BYTES - 1_000  # "near the limit": a little under it
HEADER = "option,latency_ms,cost_usd,ok,network"


def fill(unit: str, prefix: str = "", suffix: str = "", limit: int = LIMIT) -> str:
    """`prefix` + as many `unit`s as fit + `suffix`, within `limit` bytes."""
    count = (limit - len(prefix.encode()) - len(suffix.encode())) // len(unit.encode())
    return prefix + unit * count + suffix


def keys(count: int, width: int = 6) -> Iterator[str]:
    return (f"k{i:0{width}d}x" for i in range(count))


def link_of(payload: str) -> str:
    packed = zlib.compress(payload.encode("utf-8"), level=9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def yaml_corpus() -> Iterator[tuple[str, Input]]:
    preset = scenario_to_yaml(bundled_presets()[0].scenario)
    yield (
        "100,000 unknown keys (1.98 MB)",
        (
            "name: t\nrequirements:\n"
            + "".join(f"  {k}: {i}\n" for i, k in enumerate(keys(100_000)))
        ).encode(),
    )
    yield (
        "19,000 unknown keys (under the value cap)",
        ("name: t\nrequirements:\n" + "".join(f"  {k}: 1\n" for k in keys(9_400))).encode(),
    )
    yield "a flow list of 1,000,000 numbers", fill("1,", "name: t\nx: [", "1]\n").encode()
    yield "flow nesting 2,000,000 deep", fill("[", "name: t\nx: ").encode()
    yield (
        "block nesting as deep as fits",
        b"name: t\n" + "".join(f"{' ' * i}k{i}:\n" for i in range(1_900)).encode()[:LIMIT],
    )
    yield "one line of 2 MB", fill("x", 'name: t\ndescription: "', '"\n').encode()
    yield (
        "a folded scalar of 2 MB",
        fill("  word word word\n", "name: t\ndescription: >\n").encode(),
    )
    yield "anchors and aliases", fill("- *a\n", "name: t\nx: &a [1]\ny:\n").encode()
    yield (
        "alias bomb (billion laughs)",
        (
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                for p, c in zip("abcdefgh", "bcdefghi", strict=True)
            )
            + "name: t\n"
        ).encode(),
    )
    yield "a key twice, 2 MB in", fill("# comment\n", "name: t\n", "name: u\n").encode()
    yield "2 MB of comments, then a scenario", fill("# a comment line\n", "", preset).encode()
    yield "500 numbers of 4,000 digits", fill("9" * 4_000 + ",", "name: t\nx: [", "1]\n").encode()
    yield (
        "9,000 wrong list items",
        ("name: t\ndecision:\n  informed: [" + ",".join(["1"] * 9_000) + "]\n").encode(),
    )
    yield (
        "9,000 unknown weights",
        ("name: t\nweights: {" + ",".join(f"{k}: 1" for k in keys(9_000)) + "}\n").encode(),
    )
    yield (
        "9,000 unknown figure overrides",
        ("name: t\nassumptions: {" + ",".join(f"{k}: 1" for k in keys(9_000)) + "}\n").encode(),
    )
    yield "complex keys everywhere", fill("? [a, b]\n: 1\n", "name: t\nx:\n").encode()
    yield "escapes in a quoted string", fill("\\x41", 'name: t\ndescription: "', '"\n').encode()
    yield "UTF-16 text", ("name: t\n" + "#" * 990_000).encode("utf-16")
    yield "a bad byte at the end", fill("#", "name: t\n", "\n").encode()[:-2] + b"\xff\n"
    record = render_markdown(build_record(evaluate(bundled_presets()[0].scenario, draws=200)))
    yield "a record with 2 MB of prose", (fill("Lorem ipsum dolor. ", "", "\n\n" + record)).encode()


def link_corpus() -> Iterator[tuple[str, Input]]:
    rng = random.Random(15)
    payload = {"name": "t", **{f"x{i:x}": 1 for i in range(32_812)}}
    payload["description"] = "".join(rng.choice("abcdefgh") for _ in range(1_660))
    yield "32,812 unknown keys (99,687 characters)", link_of(json.dumps(payload))
    yield (
        "inflates to a 2 MB list",
        link_of(fill("1,", '{"name": "t", "x": [', "1]}", MAX_FILE_BYTES)),
    )
    yield "inflates to 2 MB of nesting", link_of("[" * MAX_FILE_BYTES)
    yield (
        "100,000 unknown keys",
        link_of(json.dumps({"name": "t", **dict.fromkeys(keys(100_000), 1)})),
    )
    yield (
        "9,000 wrong list items",
        link_of(json.dumps({"name": "t", "decision": {"informed": [1] * 9_000}})),
    )
    yield (
        "100,000 characters of garbage",
        "".join(
            rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            for _ in range(MAX_ENCODED_CHARS)
        ),
    )


def bundle_corpus() -> Iterator[tuple[str, Input]]:
    presets = bundled_presets()
    bad = {"name": "t", "requirements": dict.fromkeys(keys(780), 1)}
    yield (
        "12 variants of 780 unknown keys",
        json.dumps(
            {
                "bundle_version": 1,
                "variants": [{"name": f"v{i}", "scenario": bad} for i in range(12)],
            }
        ).encode(),
    )
    yield (
        "100,000 variants",
        (
            "bundle_version: 1\nvariants:\n"
            + "".join(f"- {{name: v{i}}}\n" for i in range(100_000))
        ).encode()[:LIMIT],
    )
    thirteen = {f"v{i}": presets[i % len(presets)].scenario for i in range(13)}
    yield "13 full variants (one too many)", bundle_to_yaml(thirteen).encode()
    yield (
        "12 full presets (valid)",
        bundle_to_yaml({f"v{i}": presets[i % len(presets)].scenario for i in range(12)}).encode(),
    )


def csv_corpus() -> Iterator[tuple[str, Input]]:
    yield "a header of 30,000 columns (199 kB)", ",".join(f"c{i}" for i in range(30_000)).encode()
    yield "a header of 150,000 columns", ",".join(f"c{i}" for i in range(150_000)).encode()
    yield "a header as long as fits", fill("c,", "", "c").encode()
    yield "one column named 400,000 times", fill("option,", "", "option").encode()
    yield "2 MB of blank header cells", fill(",", HEADER).encode()
    yield "2 MB of rows with five bad cells", fill("x,x,x,x,x\n", HEADER + "\n").encode()
    yield "2 MB of good rows", fill("edge,1,0,1,up\n", HEADER + "\n").encode()
    yield (
        "rows of 1,000 extra cells",
        fill("edge,1,0,1,up" + ",x" * 1_000 + "\n", HEADER + "\n").encode(),
    )
    yield "a quote left open", fill("x", HEADER + '\nedge,"').encode()
    yield (
        "good rows with timestamps",
        fill("cloud,80.5,0.002,true,down,2026-11-26T10:00:00Z\n", HEADER + ",timestamp\n").encode(),
    )


READERS: dict[str, tuple[Callable[[], Iterator[tuple[str, Input]]], Callable[[Input], object]]] = {
    "yaml": (yaml_corpus, lambda data: parse_scenario(data, "bench.yaml")),
    "link": (link_corpus, lambda data: decode_scenario(str(data))),
    "bundle": (bundle_corpus, lambda data: parse_bundle(data, "bench.yaml")),
    "csv": (csv_corpus, lambda data: parse_measurements(data, "bench.csv")),
}


def answer(read: Callable[[Input], object], data: Input) -> tuple[float, float, str]:
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        result = read(data)
        outcome = f"read ({type(result).__name__})"
    except ScenarioError as error:
        first = error.problems[0]
        outcome = f"{len(error.problems)} line(s): {first[:70]}{'…' if len(first) > 70 else ''}"
    return time.perf_counter() - wall, time.process_time() - cpu, outcome


def yaml_speed() -> None:
    text = bundle_to_yaml({p.id: p.scenario for p in bundled_presets()})
    readers = {
        "guarded, libyaml events (ours)": lambda: parse_yaml(text),
        "guarded, PyYAML's own parser": lambda: loader_for(PythonParser)(text).get_single_data(),
        "PyYAML SafeLoader (pure Python)": lambda: yaml.load(text, Loader=yaml.SafeLoader),
        "PyYAML CSafeLoader (no guards)": lambda: yaml.load(text, Loader=yaml.CSafeLoader),
    }
    print(
        f"\nYAML reading speed on a bundle of every preset ({len(text) / 1000:.0f} kB), best of 5:"
    )
    for name, read in readers.items():
        best = min(_cpu(read) for _ in range(5))
        print(f"  {name:34s} {len(text) / 1000 / best:8,.0f} kB/s  ({best * 1000:.1f} ms CPU)")


def _cpu(action: Callable[[], object]) -> float:
    started = time.process_time()
    action()
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(READERS))
    args = parser.parse_args()
    parse_scenario(scenario_to_yaml(bundled_presets()[0].scenario))  # warm-up: imports, catalog
    worst: dict[str, tuple[float, float, str]] = {}
    print(f"{'reader':7s} {'input':42s} {'size':>9s} {'wall s':>7s} {'CPU s':>6s}  answer")
    for name, (corpus, read) in READERS.items():
        if args.only and name != args.only:
            continue
        for label, data in corpus():
            wall, cpu, outcome = answer(read, data)
            size = len(data)
            print(f"{name:7s} {label:42s} {size:9,d} {wall:7.2f} {cpu:6.2f}  {outcome}")
            if cpu > worst.get(name, (0.0, -1.0, ""))[1]:
                worst[name] = (wall, cpu, label)
    print("\nWorst per reader (by CPU time):")
    for name, (wall, cpu, label) in worst.items():
        print(f"  {name:7s} {cpu:5.2f} s CPU, {wall:5.2f} s wall  ({label})")
    if not args.only or args.only == "yaml":
        yaml_speed()


if __name__ == "__main__":
    main()
