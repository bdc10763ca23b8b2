"""The CSV of measured prototype requests: read, checked line by line, and turned into the
scenario's Evidence section.

The format (docs/evidence-format.md; a sample ships in samples/prototype-measurements.csv):
one row per request, with a header row naming the columns

    option      edge | cloud | hybrid
    latency_ms  full time from input to result, milliseconds (>= 0)
    cost_usd    what the request cost, USD (>= 0)
    ok          true | false (also yes/no, 1/0)
    network     up | down: whether the network was available during the request
    timestamp   optional, ISO 8601
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections import Counter

from scoring.engine.evidence import EvidenceError, OptionEvidence, Sample
from scoring.io.scenario_files import decode_text
from scoring.model.codec import ScenarioError
from scoring.model.problems import MAX_PROBLEMS, capped_list, short, shown
from scoring.model.scenario import (
    MAX_COST_USD,
    MAX_LATENCY_MS,
    SHORT_TEXT_MAX,
    Evidence,
)
from scoring.model.vocabulary import OPTIONS, Option

REQUIRED_COLUMNS = ("option", "latency_ms", "cost_usd", "ok", "network")


OPTIONAL_COLUMNS = ("timestamp",)


MAX_ROWS = 500_000


TRUE_WORDS = {"true", "yes", "1", "y", "t"}


FALSE_WORDS = {"false", "no", "0", "n", "f"}


def parse_measurements(data: bytes | str, source: str = "") -> tuple[Sample, ...]:
    try:
        text = decode_text(data, source)
    except ScenarioError as error:  # too large, not UTF-8: one kind of error for the caller
        raise EvidenceError(error.problems, source) from None
    if not text.strip():
        raise EvidenceError(
            ["the file is empty; it needs a header row and one row per request"], source
        )
    reader = csv.reader(io.StringIO(text))
    try:
        header = [column.strip().lower() for column in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise EvidenceError([f"line 1: cannot read the header ({error})"], source) from None
    # Counted once: a header of 30,000 columns must not cost 30,000 scans of itself.
    counts = Counter(header)
    missing = [c for c in REQUIRED_COLUMNS if c not in counts]
    # A blank header cell (a trailing comma, as spreadsheets write) names no column: ignored.
    unknown = [c for c in header if c and c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    twice = sorted(c for c, n in counts.items() if c and n > 1)
    problems: list[str] = []
    if missing or unknown or twice:
        if missing:
            problems.append(f"line 1: missing column(s) {', '.join(missing)}")
        if unknown:
            problems.append(
                f"line 1: unknown column(s) {capped_list(unknown)}; the columns are "
                f"{', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}"
            )
        if twice:
            problems.append(f"line 1: column(s) {capped_list(twice)} appear more than once")
        if ";" in "".join(header) or "\t" in "".join(header):
            problems.append("line 1: separate the columns with commas (not ; or tabs)")
        raise EvidenceError(problems, source)
    at = {name: header.index(name) for name in counts if name}
    samples: list[Sample] = []
    unlisted = 0  # problems past the first MAX_PROBLEMS: counted, not worded
    try:
        needed = max(at.values()) + 1  # a blank header cell at the end names nothing
        start = reader.line_num + 1  # a quoted value may span lines: name a row by its first
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(samples) >= MAX_ROWS:
                problems.append(f"line {line}: more than {MAX_ROWS:,} rows; split the file")
                break
            shape = _shape_problem(row, needed, len(header), (line, reader.line_num))
            sample = None if shape else _sample(row, at)
            if sample is not None:
                samples.append(sample)
                continue
            faults = [shape] if shape else _faults(row, at)
            if len(problems) >= MAX_PROBLEMS:
                unlisted += len(faults)
            else:
                problems += [shape] if shape else [_worded(f, row, at, line) for f in faults]
    except csv.Error as error:
        problems.append(f"line {reader.line_num}: not valid CSV ({error})")
    if problems:
        raise EvidenceError(problems, source, more=unlisted)
    if not samples:
        raise EvidenceError(["the file has a header but no measurements"], source)
    return tuple(samples)


def _shape_problem(row: list[str], needed: int, columns: int, lines: tuple[int, int]) -> str:
    """A value for every column: fewer is an error (often a quote left open), and so is a
    value beyond the last column, which would otherwise be dropped unseen. "" when it fits."""
    first, last = lines
    if len(row) < needed:
        if last > first:
            return (
                f'line {first}: a quote (") opened on this line is not closed, so the row '
                f"runs on to line {last}"
            )
        return f"line {first}: {len(row)} values for {needed} columns"
    extra = next((cell.strip() for cell in row[columns:] if cell.strip()), "")
    if extra:
        return (
            f"line {first}: {len(row)} values for {columns} columns; {shown(extra)} has no column"
        )
    return ""


# The rows of a large file are read on the fast path (_sample); only a refused row is looked
# at again, cell by cell (_faults), and only the first problems are put in words (_worded).
FLAGS = {
    "ok": {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)},
    "network": {"up": True, "down": False},
}


MAXIMA = {"latency_ms": MAX_LATENCY_MS, "cost_usd": MAX_COST_USD}


def _sample(row: list[str], at: dict[str, int]) -> Sample | None:
    """The row's sample, or None at the first cell that is refused."""
    option = row[at["option"]].strip().lower()
    if option not in OPTIONS:
        return None
    ok = FLAGS["ok"].get(row[at["ok"]].strip().lower())
    network = FLAGS["network"].get(row[at["network"]].strip().lower())
    if ok is None or network is None:
        return None
    latency = _number(row[at["latency_ms"]], MAX_LATENCY_MS)
    cost = _number(row[at["cost_usd"]], MAX_COST_USD)
    if latency is None or cost is None:
        return None
    if "timestamp" in at and not _timestamp_ok(row[at["timestamp"]]):
        return None
    return Sample(option, latency, cost, ok, network)


def _faults(row: list[str], at: dict[str, int]) -> list[str]:
    """The columns whose cell in this row is refused."""
    faults = []
    for column, i in at.items():
        cell = row[i]
        if column == "option":
            bad = cell.strip().lower() not in OPTIONS
        elif column in MAXIMA:
            bad = _number(cell, MAXIMA[column]) is None
        elif column in FLAGS:
            bad = cell.strip().lower() not in FLAGS[column]
        else:
            bad = not _timestamp_ok(cell)
        if bad:
            faults.append(column)
    return faults


def _worded(column: str, row: list[str], at: dict[str, int], line: int) -> str:
    text = row[at[column]].strip()
    if column == "option":
        return f"line {line}: option {shown(text)} is not one of edge, cloud, hybrid"
    if column in FLAGS:
        allowed = "up or down" if column == "network" else "true or false"
        return f"line {line}: {column} {shown(text)} must be {allowed}"
    if column == "timestamp":
        return f"line {line}: timestamp {shown(text)} is not ISO 8601"
    try:
        value = float(text)
    except ValueError:
        return f"line {line}: {column} {shown(text)} is not a number"
    if math.isfinite(value) and value >= 0:
        return f"line {line}: {column} must be at most {MAXIMA[column]:,.0f} (got {short(text)})"
    return f"line {line}: {column} must be a finite number >= 0 (got {short(text)})"


def _number(text: str, maximum: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0 <= value <= maximum else None  # NaN fails both comparisons


def _timestamp_ok(text: str) -> bool:
    text = text.strip()
    if not text:
        return True  # optional
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def evidence_source(file_name: str, day: dt.date) -> str:
    """Where measurements came from, as the scenario records it: the file and the day."""
    suffix = f", uploaded {day.isoformat()}"
    name = " ".join(file_name.split()) or "measurements"
    limit = SHORT_TEXT_MAX - len(suffix)
    if len(name) > limit:
        name = name[: limit - 1] + "…"
    return name + suffix


def evidence_of(
    summaries: dict[Option, OptionEvidence], source: str, replace_estimates: bool = False
) -> Evidence:
    """The scenario's Evidence section for these measurements."""
    return Evidence(
        source=source,
        replace_estimates=replace_estimates,
        measured={option: s.measurement for option, s in summaries.items()},
    )
