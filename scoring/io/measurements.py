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

from scoring.engine.evidence import EvidenceError, OptionEvidence, Sample
from scoring.io.scenario_files import decode_text
from scoring.model.codec import ScenarioError
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


MAX_PROBLEMS = 10


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
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    # A blank header cell (a trailing comma, as spreadsheets write) names no column: ignored.
    unknown = [c for c in header if c and c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    twice = sorted({c for c in header if c and header.count(c) > 1})
    problems: list[str] = []
    if missing or unknown or twice:
        if missing:
            problems.append(f"line 1: missing column(s) {', '.join(missing)}")
        if unknown:
            problems.append(
                f"line 1: unknown column(s) {', '.join(unknown)}; the columns are "
                f"{', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}"
            )
        if twice:
            problems.append(f"line 1: column(s) {', '.join(twice)} appear more than once")
        if ";" in "".join(header) or "\t" in "".join(header):
            problems.append("line 1: separate the columns with commas (not ; or tabs)")
        raise EvidenceError(problems, source)
    index = {name: header.index(name) for name in header if name}
    samples: list[Sample] = []
    try:
        needed = max(index.values()) + 1  # a blank header cell at the end names nothing
        start = reader.line_num + 1  # a quoted value may span lines: name a row by its first
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(samples) >= MAX_ROWS:
                problems.append(f"line {line}: more than {MAX_ROWS:,} rows; split the file")
                break
            if _shape_fits(row, needed, len(header), (line, reader.line_num), problems):
                sample = _row(row, index, line, problems)
                if sample is not None:
                    samples.append(sample)
            if len(problems) >= MAX_PROBLEMS:
                problems.append("... further lines not checked")
                break
    except csv.Error as error:
        problems.append(f"line {reader.line_num}: not valid CSV ({error})")
    if problems:
        raise EvidenceError(problems, source)
    if not samples:
        raise EvidenceError(["the file has a header but no measurements"], source)
    return tuple(samples)


def _shape_fits(
    row: list[str], needed: int, columns: int, lines: tuple[int, int], problems: list[str]
) -> bool:
    """A value for every column: fewer is an error (often a quote left open), and so is a
    value beyond the last column, which would otherwise be dropped unseen."""
    first, last = lines
    if len(row) < needed:
        if last > first:
            problems.append(
                f'line {first}: a quote (") opened on this line is not closed, so the row '
                f"runs on to line {last}"
            )
        else:
            problems.append(f"line {first}: {len(row)} values for {needed} columns")
        return False
    extra = [cell.strip() for cell in row[columns:] if cell.strip()]
    if extra:
        problems.append(
            f"line {first}: {len(row)} values for {columns} columns; {extra[0]!r} has no column"
        )
        return False
    return True


def _row(row: list[str], index: dict[str, int], line: int, problems: list[str]) -> Sample | None:
    cell = {name: row[i].strip() for name, i in index.items()}
    option = cell["option"].lower()
    found = len(problems)
    if option not in OPTIONS:
        problems.append(f"line {line}: option {cell['option']!r} is not one of edge, cloud, hybrid")
    latency = _number(cell["latency_ms"], "latency_ms", MAX_LATENCY_MS, line, problems)
    cost = _number(cell["cost_usd"], "cost_usd", MAX_COST_USD, line, problems)
    ok = _flag(cell["ok"], "ok", TRUE_WORDS, FALSE_WORDS, line, problems)
    network = _flag(cell["network"], "network", {"up"}, {"down"}, line, problems)
    if cell.get("timestamp"):
        try:
            dt.datetime.fromisoformat(cell["timestamp"].replace("Z", "+00:00"))
        except ValueError:
            problems.append(f"line {line}: timestamp {cell['timestamp']!r} is not ISO 8601")
    if len(problems) > found:
        return None
    return Sample(option, latency, cost, ok, network)  # type: ignore[arg-type]  # checked in OPTIONS above


def _number(text: str, column: str, maximum: float, line: int, problems: list[str]) -> float:
    try:
        value = float(text)
    except ValueError:
        problems.append(f"line {line}: {column} {text!r} is not a number")
        return 0.0
    if not math.isfinite(value) or value < 0:
        problems.append(f"line {line}: {column} must be a finite number >= 0 (got {text})")
    elif value > maximum:
        problems.append(f"line {line}: {column} must be at most {maximum:,.0f} (got {text})")
    return value


def _flag(
    text: str, column: str, true: set[str], false: set[str], line: int, problems: list[str]
) -> bool:
    word = text.lower()
    if word in true:
        return True
    if word in false:
        return False
    allowed = "up or down" if column == "network" else "true or false"
    problems.append(f"line {line}: {column} {text!r} must be {allowed}")
    return False


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
