"""Hostile input: every loader ends with a clear message, never a traceback or a hang, and the
engine never returns NaN or infinity for a valid scenario.

A corpus of malformed files lives in tests/corpus; hypothesis adds random bytes, mutated
presets and random data structures. How long the loaders take on these inputs is measured by
benchmarks/bench_loaders.py, not asserted here.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import math
import re
import tempfile
import zlib
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from command_line import run_cli
from hypothesis import event, given, settings
from hypothesis import strategies as st
from records import record_with_read_figures

from scoring.engine.evaluate import evaluate
from scoring.engine.evidence import EvidenceError, summarise
from scoring.io.measurements import FALSE_WORDS, REQUIRED_COLUMNS, TRUE_WORDS, parse_measurements
from scoring.io.presets import bundled_presets, preset_by_id
from scoring.io.scenario_files import MAX_FILE_BYTES, load_scenario_file, parse_scenario
from scoring.model.codec import ScenarioError, scenario_from_dict, scenario_to_yaml
from scoring.model.scenario import MAX_COST_USD, MAX_LATENCY_MS
from scoring.model.vocabulary import OPTIONS
from scoring.report.contract import evaluation_json
from scoring.report.markdown import render_markdown
from scoring.report.record import RECORD_BEGIN, RECORD_END
from ui.codec import decode_scenario

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
SCENARIO_CORPUS = sorted((CORPUS / "scenarios").iterdir())
MEASUREMENT_CORPUS = sorted((CORPUS / "measurements").iterdir())
FUZZ = settings(max_examples=150)


def refuses(load, data) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load(data)
    assert caught.value.problems and all(p.strip() for p in caught.value.problems)
    return caught.value


@pytest.mark.parametrize("path", SCENARIO_CORPUS, ids=[p.name for p in SCENARIO_CORPUS])
def test_every_malformed_scenario_file_is_refused_with_a_message(path):
    refuses(parse_scenario, path.read_bytes())


@pytest.mark.parametrize("path", MEASUREMENT_CORPUS, ids=[p.name for p in MEASUREMENT_CORPUS])
def test_every_malformed_measurement_file_is_refused_with_the_line_it_is_on(path):
    error = refuses(parse_measurements, path.read_bytes())
    assert isinstance(error, EvidenceError | ScenarioError)
    text = " ".join(error.problems)
    assert any(word in text for word in ("line", "empty", "UTF-8", "no measurements"))


def test_an_alias_bomb_is_refused_before_it_can_expand():
    error = refuses(parse_scenario, (CORPUS / "scenarios/billion_laughs.yaml").read_text())
    assert "anchors" in str(error) or "aliases" in str(error)


def test_deep_block_nesting_is_refused_not_a_recursion_crash():
    lines = ["name: x", "requirements:"] + [f"{'  ' * i}k{i}:" for i in range(1, 700)]
    refuses(parse_scenario, "\n".join(lines))


def test_a_ten_megabyte_file_is_refused_by_size_without_being_parsed():
    big = b"name: big\ndescription: " + b"x" * 10_000_000
    error = refuses(parse_scenario, big)
    assert "limit" in str(error) and f"{MAX_FILE_BYTES / 1e6:.0f} MB" in str(error)
    refuses(parse_measurements, b"option,latency_ms,cost_usd,ok,network\n" * 300_000)


def test_a_file_that_never_ends_is_refused_by_size_without_reading_it_all():
    error = refuses(load_scenario_file, "/dev/zero")
    assert "larger than the limit" in str(error)


def test_a_number_with_thousands_of_digits_is_refused_in_plain_words():
    error = refuses(parse_scenario, "name: x\nworkload:\n  input_kb: " + "9" * 5000)
    assert "thousands of digits" in str(error)
    assert "sys." not in str(error)


def link_of(payload: str) -> str:
    packed = zlib.compress(payload.encode("utf-8"), level=9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def test_a_short_link_that_inflates_to_deep_nesting_is_refused_not_a_recursion_crash():
    link = link_of("[" * 200_000)
    assert len(link) < 1000
    error = refuses(decode_scenario, link)
    assert "nested too deeply" in str(error)


@given(st.text(max_size=300))
@FUZZ
def test_any_link_text_gives_a_scenario_or_a_scenario_error(text):
    try:
        decode_scenario(text)
    except ScenarioError as error:
        assert error.problems


@given(
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=10), children, max_size=4)
        ),
        max_leaves=40,
    )
)
@FUZZ
def test_any_json_in_a_link_gives_a_scenario_or_a_scenario_error(value):
    try:
        decode_scenario(link_of(json.dumps(value)))
    except ScenarioError as error:
        assert error.problems


def test_a_duplicated_key_is_refused_rather_than_silently_taking_the_last():
    error = refuses(parse_scenario, (CORPUS / "scenarios/duplicate_keys.yaml").read_text())
    assert "devices" in str(error) and "twice" in str(error)


def test_a_misspelt_key_gets_the_nearest_right_name():
    error = refuses(parse_scenario, "name: x\nrequirments:\n  devices: 3\n")
    assert "did you mean requirements?" in str(error)


@given(st.binary(max_size=2000))
@FUZZ
def test_random_bytes_give_a_scenario_or_a_scenario_error(data):
    try:
        parse_scenario(data)
    except ScenarioError as error:
        assert error.problems


@given(st.binary(max_size=2000))
@FUZZ
def test_random_bytes_give_measurements_or_an_evidence_error(data):
    try:
        parse_measurements(data)
    except ScenarioError as error:
        assert error.problems


PRESET_TEXTS = [scenario_to_yaml(p.scenario) for p in bundled_presets()]


@st.composite
def mutated_presets(draw) -> str:
    """A preset's YAML with a slice replaced by random text: near-valid files are the ones a
    hand edit produces."""
    text = draw(st.sampled_from(PRESET_TEXTS))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 40)))
    insert = draw(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
    return text[:start] + insert + text[end:]


@given(mutated_presets())
@FUZZ
def test_hand_edited_presets_load_or_explain_themselves(text):
    try:
        scenario = parse_scenario(text)
    except ScenarioError as error:
        assert error.problems
    else:
        assert scenario.name


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
SECTIONS = ("requirements", "workload", "model", "edge", "cloud", "network", "hybrid", "weights")


@given(
    section=st.sampled_from(SECTIONS),
    payload=st.dictionaries(st.text(max_size=25), JSON_VALUES, max_size=5) | JSON_VALUES,
)
@FUZZ
def test_random_data_in_any_section_is_refused_by_field_or_accepted(section, payload):
    try:
        scenario_from_dict({"name": "fuzz", section: payload})
    except ScenarioError as error:
        assert all(":" in problem for problem in error.problems)


def _finite(value) -> bool:
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_finite(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return True


@pytest.mark.parametrize(
    "changes",
    [
        {"workload": {"requests_per_month": 0}},
        {"workload": {"requests_per_month": 1e12, "peak_to_average": 1000}},
        {"requirements": {"devices": 10_000_000}},
        {"requirements": {"max_latency_ms": 0.001}},
        {"workload": {"growth_pct_per_month": 100}, "horizon_months": 240},
        {"workload": {"growth_pct_per_month": -50}},
        {"model": {"params_billion": 10_000, "precision": "fp32"}},
        {"workload": {"kind": "llm", "tokens_in": 10_000_000, "tokens_out": 1_000_000}},
        {"workload": {"input_kb": 1_000_000, "output_kb": 1_000_000}},
        {"assumptions": {"general.general.cloud_sla_pct": 0}},
        {"assumptions": {"network_profiles.metro.availability_pct": 0}},
        {"assumptions": {"serving_classes.cloud_gpu.compute_efficiency": 0.001}},
    ],
    ids=lambda changes: "-".join(changes),
)
def test_extreme_valid_scenarios_evaluate_to_finite_numbers_everywhere(changes):
    data = {"name": "extreme", **changes}
    evaluation = evaluate(scenario_from_dict(data), draws=100)
    assert _finite(evaluation_json(evaluation))
    for result in evaluation.options.values():
        assert all(0 <= s.score <= 100 for s in result.criteria.values())
        assert np.all(np.isfinite(result.monthly_usd))
    for band in evaluation.uncertainty.bands.values():
        assert np.all(np.isfinite(band.p10_usd)) and np.all(np.isfinite(band.p90_usd))
    for driver in evaluation.tornado.drivers:
        assert math.isfinite(driver.low_delta_usd) and math.isfinite(driver.high_delta_usd)
    for r in evaluation.sensitivity.ranges:
        assert 0 <= r.low <= r.share <= r.high <= 1


CLI_CASES = [("validate", path) for path in SCENARIO_CORPUS] + [
    (command, CORPUS / "scenarios" / name)
    for command in ("evaluate", "record")
    for name in ("billion_laughs.yaml", "not_utf8.yaml", "nan_and_infinity.yaml", "a_list.yaml")
]


@pytest.mark.parametrize(
    ("command", "path"), CLI_CASES, ids=[f"{c}-{p.name}" for c, p in CLI_CASES]
)
def test_the_command_line_exits_2_with_a_message_and_no_traceback(command, path):
    result = run_cli(command, str(path))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error:")
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


# --- decision records: written by the tool, then damaged by hand ------------------------------

RECORDED_PRESETS = ("law_firm_documents", "factory_qc_camera")
# Values a hand edit of the scenario block might leave behind: wrong types, YAML that does not
# close, aliases, numbers no field allows, words YAML reads as booleans.
HOSTILE_VALUES = (
    "-3",
    ".nan",
    "-.inf",
    "[",
    "{a: 1}",
    "*alias",
    "&anchor x",
    "yes",
    "'unterminated",
    '"a\\x"',
    "9" * 5000,
    "",
    "{" * 80,
    "!!python/object:os.system ls",
)


@cache
def record_markdown(preset_id: str) -> str:
    """What `python -m scoring record` writes for the preset (the same two calls it makes)."""
    evaluation = evaluate(preset_by_id(preset_id).scenario, draws=100)
    return render_markdown(record_with_read_figures(evaluation, today=dt.date(2026, 1, 1)))


def _block_span(lines: list[str]) -> tuple[int, int]:
    """First and last line index of the scenario block, markers included; the whole file when
    a marker is already gone."""
    begins = [i for i, line in enumerate(lines) if RECORD_BEGIN in line]
    ends = [i for i, line in enumerate(lines) if RECORD_END in line]
    if begins and ends and begins[0] < ends[-1]:
        return begins[0], ends[-1]
    return 0, max(len(lines) - 1, 0)


@st.composite
def damaged_records(draw) -> str:
    """A record as the tool wrote it, then edited carelessly: lines dropped or duplicated, the
    scenario block changed, the markers damaged, text pasted in."""
    lines = record_markdown(draw(st.sampled_from(RECORDED_PRESETS))).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        first, last = _block_span(lines)
        # Most edits land in the scenario block: elsewhere a record is prose the loader skips.
        anywhere = draw(st.booleans())
        at = draw(st.integers(0, len(lines) - 1) if anywhere else st.integers(first, last))
        edit = draw(
            st.sampled_from(("drop", "duplicate", "value", "splice", "marker", "insert", "swap"))
        )
        if edit == "drop":
            del lines[at]
        elif edit == "duplicate":
            lines.insert(at, lines[at])
        elif edit == "value":
            key, _, _ = lines[at].partition(":")
            lines[at] = f"{key}: {draw(st.sampled_from(HOSTILE_VALUES))}"
        elif edit == "splice":
            line = lines[at]
            start = draw(st.integers(0, len(line)))
            end = draw(st.integers(start, len(line)))
            lines[at] = line[:start] + draw(st.text(max_size=20)) + line[end:]
        elif edit == "marker":
            marker_at = draw(st.sampled_from((first, last)))
            marker = lines[marker_at]
            lines[marker_at] = draw(
                st.sampled_from(
                    (
                        "",  # deleted
                        marker[:-1],  # truncated
                        marker.upper(),
                        marker.replace("scenario", "scenery"),
                        f"{RECORD_END}\n{RECORD_BEGIN}",  # in the wrong order
                        f"{marker}\n{marker}",  # twice
                        f"{RECORD_BEGIN}\n{RECORD_BEGIN}",
                    )
                )
            )
            lines = "\n".join(lines).split("\n")
        elif edit == "insert":
            lines.insert(at, draw(st.text(max_size=60)))
            lines = "\n".join(lines).splitlines()
        else:
            other = draw(st.integers(first, last))
            lines[at], lines[other] = lines[other], lines[at]
    return "\n".join(lines) + draw(st.sampled_from(("", "\n", "\n\n# Notes\n")))


def intact_block(preset_id: str) -> str:
    text = record_markdown(preset_id)
    return text[text.index(RECORD_BEGIN) : text.rindex(RECORD_END) + len(RECORD_END)]


@given(damaged_records(), st.sampled_from(("", "decision-record.md", "pasted.yaml")))
@FUZZ
def test_a_damaged_decision_record_loads_or_explains_itself(text, source):
    try:
        scenario = parse_scenario(text, source)
    except ScenarioError as error:
        # One line per problem: the command line prints each after `error:`.
        assert error.problems and all(p.strip() and "\n" not in p for p in error.problems)
        assert "Traceback" not in str(error)
        event("refused")
    else:
        assert scenario.name.strip()
        event("loaded")
        # Damage outside an untouched scenario block changes nothing the loader reads.
        for preset_id in RECORDED_PRESETS:
            block = intact_block(preset_id)
            markers = (text.count(RECORD_BEGIN), text.count(RECORD_END))
            if text.count(block) == 1 and markers == (1, 1):
                assert scenario == parse_scenario(record_markdown(preset_id))


def test_a_control_character_in_the_scenario_block_is_named_on_one_line_with_its_line():
    text = record_markdown("law_firm_documents").replace("\n  devices:", "\n\x08 devices:", 1)
    error = refuses(parse_scenario, text)
    block = text[text.index(RECORD_BEGIN) :].split("```yaml\n", 1)[1]
    line = block[: block.index("\x08")].count("\n") + 1
    assert error.problems == (
        f"not valid YAML at line {line}: the control character U+0008 is not allowed",
    )


def test_an_undamaged_record_loads_back_to_its_scenario():
    for preset_id in RECORDED_PRESETS:
        loaded = parse_scenario(record_markdown(preset_id), "record.md")
        preset = preset_by_id(preset_id).scenario
        assert loaded.model_dump(exclude={"decision"}) == preset.model_dump(exclude={"decision"})


# --- measurement rows under a valid header --------------------------------------------------

# A cell is drawn with what the loader must make of it: True (a valid value), False (a value
# it must refuse) or None (random text: either, as long as it does not crash).
GOOD_CELLS = {
    "option": st.sampled_from(OPTIONS).flatmap(
        lambda o: st.sampled_from((o, o.upper(), f" {o} ", o.capitalize()))
    ),
    "latency_ms": st.floats(0, MAX_LATENCY_MS).map(repr) | st.integers(0, 10**6).map(str),
    "cost_usd": st.floats(0, MAX_COST_USD).map(repr) | st.just("0"),
    "ok": st.sampled_from(sorted(TRUE_WORDS | FALSE_WORDS)).map(
        lambda w: w.upper() if len(w) > 1 else w
    ),
    "network": st.sampled_from(("up", "down", "UP", " Down ")),
    "timestamp": st.sampled_from(("", "2026-11-26T10:00:00Z", "2026-11-26 10:00:00+01:00")),
}
NUMBER_REFUSED = ("NaN", "nan", "inf", "-Infinity", "1e400", "9" * 400, "-1", "", "12 ms", "x")
BAD_CELLS = {
    "option": st.sampled_from(("edgy", "", "both", "cloud/edge", "1", '"edge')),
    "latency_ms": st.sampled_from((*NUMBER_REFUSED, str(MAX_LATENCY_MS * 2))),
    "cost_usd": st.sampled_from((*NUMBER_REFUSED, "2e6")),
    "ok": st.sampled_from(("maybe", "", "2", "yes please", "nan")),
    "network": st.sampled_from(("", "true", "offline", "up?")),
    "timestamp": st.sampled_from(("yesterday", "2026-13-45", "10:00 on Monday")),
}
RANDOM_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\r"), max_size=12
) | st.sampled_from(('"', '""', 'a"b', '"a,b"', "a\nb", "1e308", "-0", "1_000", "  "))


@st.composite
def cell_for(draw, column: str, clean: bool) -> tuple[str, bool | None]:
    kind = "good" if clean else draw(st.sampled_from(("good", "good", "bad", "random")))
    if kind == "good":
        return draw(GOOD_CELLS[column]), True
    if kind == "bad":
        return draw(BAD_CELLS[column]), False
    return draw(RANDOM_TEXT), None


@st.composite
def measurement_files(draw) -> tuple[str, list[tuple[int, bool | None, tuple]]]:
    """A valid header (any order, any case, timestamp or not) over random rows. Returns the
    text and, per non-blank row, its first line, what the loader must make of it (True, False
    or None when random text decides) and its parsed values when it is good."""
    columns = list(REQUIRED_COLUMNS) + (["timestamp"] if draw(st.booleans()) else [])
    columns = draw(st.permutations(columns))
    header = [draw(st.sampled_from((c, c.upper(), f" {c} "))) for c in columns]
    quoting = draw(st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL)))
    out = io.StringIO()
    writer = csv.writer(out, quoting=quoting, lineterminator="\n")
    writer.writerow(header)
    rows: list[tuple[int, bool | None, tuple]] = []
    line = 2
    # Clean rows (sometimes a whole clean file) so that files which must load are drawn too.
    clean_file = draw(st.booleans())
    for _ in range(draw(st.integers(0, 8))):
        clean = clean_file or draw(st.booleans())
        drawn = {c: draw(cell_for(c, clean)) for c in columns}
        cells = [drawn[c][0] for c in columns]
        verdicts = [drawn[c][1] for c in columns]
        shapes = ("fits", "empty extra") if clean else ("fits", "extra", "short", "empty extra")
        shape = draw(st.sampled_from(shapes))
        if shape == "extra":
            cells.append(draw(st.sampled_from(("surplus", "0", "edge"))))
            verdicts.append(False)
        elif shape == "empty extra":
            cells += [""] * draw(st.integers(1, 2))
        elif shape == "short":
            cells = cells[: draw(st.integers(0, len(cells) - 1))]
            verdicts.append(False)
        written = io.StringIO()
        csv.writer(written, quoting=quoting, lineterminator="\n").writerow(cells)
        if any(cell.strip() for cell in cells):
            verdict = False if False in verdicts else (None if None in verdicts else True)
            values = (
                (
                    drawn["option"][0].strip().lower(),
                    float(drawn["latency_ms"][0]),
                    float(drawn["cost_usd"][0]),
                    drawn["ok"][0].strip().lower() in TRUE_WORDS,
                    drawn["network"][0].strip().lower() == "up",
                )
                if verdict
                else ()
            )
            rows.append((line, verdict, values))
        out.write(written.getvalue())
        line += written.getvalue().count("\n")
    return out.getvalue(), rows


LINE_NAMED = re.compile(r"^line (\d+): \S")
FILE_PROBLEMS = ("the file has a header but no measurements", "... further lines not checked")


@given(measurement_files())
@FUZZ
def test_random_rows_under_a_valid_header_parse_or_name_the_line_at_fault(drawn):
    text, rows = drawn
    try:
        samples = parse_measurements(text, "measured.csv")
    except EvidenceError as error:
        event("refused")
        assert error.problems
        last_line = text.count("\n") + 1
        for problem in error.problems:
            assert "\n" not in problem
            named = LINE_NAMED.match(problem)
            assert named or problem in FILE_PROBLEMS, problem
            assert named is None or 2 <= int(named.group(1)) <= last_line, problem
        assert any(verdict is not True for _, verdict, _ in rows) or not rows
        if not rows:
            assert error.problems == (FILE_PROBLEMS[0],)
        first_fault = next((r for r in rows if r[1] is not True), None)
        if first_fault is not None and first_fault[1] is False:
            # Every row before it was good, so the first problem is about this row's line.
            assert error.problems[0].startswith(f"line {first_fault[0]}: "), error.problems
    else:
        event("parsed")
        assert all(verdict is not False for _, verdict, _ in rows)
        assert len(samples) == len(rows)
        for sample, (_, verdict, values) in zip(samples, rows, strict=True):
            assert sample.option in OPTIONS
            assert 0 <= sample.latency_ms <= MAX_LATENCY_MS
            assert 0 <= sample.cost_usd <= MAX_COST_USD
            if verdict:
                assert (
                    sample.option,
                    sample.latency_ms,
                    sample.cost_usd,
                    sample.ok,
                    sample.network_up,
                ) == values
        try:
            stats = summarise(samples)
        except EvidenceError as error:
            assert "cost per successful task" in str(error)
        else:
            for option_stats in stats.values():
                m = option_stats.measurement
                assert all(
                    math.isfinite(v) for v in (m.latency_p50_ms, m.latency_p95_ms, m.latency_p99_ms)
                )


# --- the command line on generated bad files -----------------------------------------------

# Damage that leaves no valid scenario, applied after the random edits, so every file is bad.
SPOILERS = (
    lambda text: text.replace(RECORD_END, ""),  # no end marker
    lambda text: text.replace("  devices: ", "  devices: -", 1),
    lambda text: text.replace("\nname: ", "\nnmae: ", 1),
    lambda text: text.replace(RECORD_BEGIN, RECORD_BEGIN + "\n[", 1),
)


@given(
    damaged_records(),
    st.sampled_from(range(len(SPOILERS))),
    st.sampled_from(("record.md", "scenario.yaml")),
)
@settings(max_examples=5)
def test_the_command_line_refuses_generated_bad_files_with_exit_2_and_the_loaders_words(
    text, spoiler, name
):
    text = SPOILERS[spoiler](text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            load_scenario_file(path)
        except ScenarioError as error:
            expected = [f"error: {path}: {problem}" for problem in error.problems]
        else:
            raise AssertionError("the spoiled file loaded")
        result = run_cli("validate", str(path))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines() == expected
