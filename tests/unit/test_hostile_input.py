"""Hostile input: every loader ends quickly with a clear message, never a traceback or a hang,
and the engine never returns NaN or infinity for a valid scenario.

A corpus of malformed files lives in tests/corpus; hypothesis adds random bytes, mutated
presets and random data structures.
"""

from __future__ import annotations

import base64
import json
import math
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.evaluate import evaluate
from scoring.evidence import EvidenceError, parse_measurements
from scoring.files import (
    MAX_FILE_BYTES,
    ScenarioError,
    load_scenario_file,
    parse_scenario,
    scenario_from_dict,
    scenario_to_yaml,
)
from scoring.presets import bundled_presets
from scoring.report import evaluation_json
from ui.codec import decode_scenario

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
SCENARIO_CORPUS = sorted((CORPUS / "scenarios").iterdir())
MEASUREMENT_CORPUS = sorted((CORPUS / "measurements").iterdir())
BOUND_S = 5.0  # any single load ends well within this
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def refuses_quickly(load, data) -> ScenarioError:
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as caught:
        load(data)
    assert time.perf_counter() - started < BOUND_S
    assert caught.value.problems and all(p.strip() for p in caught.value.problems)
    return caught.value


@pytest.mark.parametrize("path", SCENARIO_CORPUS, ids=[p.name for p in SCENARIO_CORPUS])
def test_every_malformed_scenario_file_is_refused_quickly_with_a_message(path):
    refuses_quickly(parse_scenario, path.read_bytes())


@pytest.mark.parametrize("path", MEASUREMENT_CORPUS, ids=[p.name for p in MEASUREMENT_CORPUS])
def test_every_malformed_measurement_file_is_refused_with_the_line_it_is_on(path):
    error = refuses_quickly(parse_measurements, path.read_bytes())
    assert isinstance(error, EvidenceError | ScenarioError)
    text = " ".join(error.problems)
    assert any(word in text for word in ("line", "empty", "UTF-8", "no measurements"))


def test_an_alias_bomb_is_refused_before_it_can_expand():
    error = refuses_quickly(parse_scenario, (CORPUS / "scenarios/billion_laughs.yaml").read_text())
    assert "anchors" in str(error) or "aliases" in str(error)


def test_deep_block_nesting_is_refused_not_a_recursion_crash():
    lines = ["name: x", "requirements:"] + [f"{'  ' * i}k{i}:" for i in range(1, 700)]
    refuses_quickly(parse_scenario, "\n".join(lines))


def test_a_ten_megabyte_file_is_refused_by_size_without_being_parsed():
    big = b"name: big\ndescription: " + b"x" * 10_000_000
    error = refuses_quickly(parse_scenario, big)
    assert "limit" in str(error) and f"{MAX_FILE_BYTES / 1e6:.0f} MB" in str(error)
    refuses_quickly(parse_measurements, b"option,latency_ms,cost_usd,ok,network\n" * 300_000)


def test_a_file_that_never_ends_is_refused_by_size_without_reading_it_all():
    error = refuses_quickly(load_scenario_file, "/dev/zero")
    assert "larger than the limit" in str(error)


def test_a_number_with_thousands_of_digits_is_refused_in_plain_words():
    error = refuses_quickly(parse_scenario, "name: x\nworkload:\n  input_kb: " + "9" * 5000)
    assert "thousands of digits" in str(error)
    assert "sys." not in str(error)


def link_of(payload: str) -> str:
    packed = zlib.compress(payload.encode("utf-8"), level=9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def test_a_short_link_that_inflates_to_deep_nesting_is_refused_not_a_recursion_crash():
    link = link_of("[" * 200_000)
    assert len(link) < 1000
    error = refuses_quickly(decode_scenario, link)
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
    error = refuses_quickly(parse_scenario, (CORPUS / "scenarios/duplicate_keys.yaml").read_text())
    assert "devices" in str(error) and "twice" in str(error)


def test_a_misspelt_key_gets_the_nearest_right_name():
    error = refuses_quickly(parse_scenario, "name: x\nrequirments:\n  devices: 3\n")
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
        {"assumptions": {"general.general.compute_efficiency": 0.001}},
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
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "scoring", command, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert time.perf_counter() - started < 30
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error:")
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
