"""The scenario file at the boundary: presets load and round-trip, and bad input names the
field (the command line's side of it is in tests/integration/test_command_line.py)."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path

import pytest
import yaml

from scoring.io.scenario_files import MAX_FILE_BYTES, load_scenario_file, parse_scenario
from scoring.model.codec import ScenarioError, scenario_to_yaml
from scoring.model.scenario import Scenario
from ui.codec import decode_scenario, encode_scenario

ROOT = Path(__file__).resolve().parents[2]
PRESET_FILES = sorted((ROOT / "presets").glob("*.yaml"))
BASE = "name: A scenario\n"


def problems_of(text: str | bytes) -> str:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "bad.yaml")
    return "\n".join(caught.value.problems)


# --- presets and round trips -------------------------------------------------------------


def test_the_presets_folder_is_not_empty():
    assert PRESET_FILES, "presets/*.yaml holds no preset"


@pytest.mark.parametrize("path", PRESET_FILES, ids=[p.stem for p in PRESET_FILES])
def test_every_preset_loads_and_round_trips_through_yaml(path: Path):
    scenario = load_scenario_file(path)
    again = parse_scenario(scenario_to_yaml(scenario), "round-trip.yaml")
    assert again == scenario


@pytest.mark.parametrize("path", PRESET_FILES, ids=[p.stem for p in PRESET_FILES])
def test_every_preset_round_trips_through_the_url_encoding(path: Path):
    scenario = load_scenario_file(path)
    assert decode_scenario(encode_scenario(scenario)) == scenario


def test_a_file_with_only_the_contract_fields_is_complete_and_round_trips(contract_example):
    scenario = parse_scenario(contract_example, "contract.yaml")
    assert scenario.requirements.offline == "required"
    assert scenario.requirements.devices == 40
    assert scenario.model.params_billion == pytest.approx(0.011)
    # Every designed section is filled with its defaults.
    assert scenario.edge.device == "auto"
    assert scenario.hybrid.pattern == "auto"
    assert scenario.assumptions == {}
    assert parse_scenario(scenario_to_yaml(scenario), "again.yaml") == scenario


def test_a_written_scenario_keeps_the_contract_field_names(contract_example):
    written = yaml.safe_load(scenario_to_yaml(parse_scenario(contract_example)))
    contract = yaml.safe_load(contract_example)
    for section in ("requirements", "workload", "model"):
        assert set(contract[section]) <= set(written[section])
    assert written["requirements"]["max_latency_ms"] == 100


# --- bad input: every problem names the field --------------------------------------------


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (BASE + "colour: blue\n", "colour: unknown field"),
        (BASE + "requirements:\n  max_latncy_ms: 50\n", "requirements.max_latncy_ms: unknown"),
        (BASE + "edge:\n  device: auto\n  gpu: none\n", "edge.gpu: unknown field"),
    ],
    ids=["top level", "nested", "designed section"],
)
def test_an_unknown_key_is_an_error_naming_its_path(text, named):
    assert named in problems_of(text)


def test_a_quoted_or_exponent_without_dot_number_is_not_silently_a_number():
    # YAML 1.1 reads 1e3 (no dot) as the string "1e3".
    message = problems_of(BASE + "workload:\n  requests_per_month: 1e3\n")
    assert "workload.requests_per_month: must be a" in message
    assert "(got '1e3')" in message


def test_a_number_given_as_text_is_an_error_naming_the_field():
    message = problems_of(BASE + "requirements:\n  max_latency_ms: '100'\n")
    assert "requirements.max_latency_ms: must be a number" in message


def test_offline_no_read_by_yaml_as_false_is_an_error_with_a_hint():
    message = problems_of(BASE + "requirements:\n  offline: no\n")
    assert "requirements.offline" in message
    assert "got False" in message
    assert "quote" in message


def test_a_number_read_by_yaml_as_true_asks_for_a_number_not_for_quotes():
    message = problems_of(BASE + "model:\n  params_billion: yes\n")
    assert "model.params_billion: must be a number (got True)" in message
    assert "write a number" in message
    assert "quote" not in message


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("requirements:\n  devices: -3\n", "requirements.devices: must be at least 1 (got -3)"),
        ("workload:\n  peak_to_average: 0.5\n", "workload.peak_to_average: must be at least 1"),
        ("workload:\n  peak_to_average: .nan\n", "workload.peak_to_average: must be a finite"),
        ("requirements:\n  max_latency_ms: .inf\n", "requirements.max_latency_ms: must be a fin"),
        ("requirements:\n  max_latency_ms: 0\n", "requirements.max_latency_ms: must be greater"),
        (
            "requirements:\n  model_updates_per_year: 400\n",
            "model_updates_per_year: must be at most",
        ),
        ("horizon_months: 0\n", "horizon_months: must be at least 1"),
    ],
    ids=["negative devices", "peak below 1", "nan", "infinity", "zero latency", "updates", "hz"],
)
def test_an_out_of_range_value_is_an_error_naming_the_field_and_the_limit(text, named):
    assert named in problems_of(BASE + text)


def test_a_missing_name_is_an_error():
    assert "name: required field is missing" in problems_of("description: no name\n")


def test_an_empty_name_is_an_error():
    assert "name: must not be empty" in problems_of("name: ''\n")


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ("name: [unclosed\n", "not valid YAML at line"),
        ("name: x\n\tdevices: 3\n", "not valid YAML"),
        ("", "this file is empty"),
        ("- name: a list\n- of scenarios\n", "this file is a list"),
        ("just a sentence\n", "this file is a str"),
        (b"name: caf\xe9\n", "not UTF-8"),
    ],
    ids=["unclosed bracket", "tab", "empty", "list", "scalar", "latin-1 bytes"],
)
def test_text_that_is_not_a_yaml_mapping_is_an_error_saying_what_it_is(data, named):
    assert named in problems_of(data)


def test_an_unknown_catalog_id_is_an_error_listing_the_allowed_ids():
    message = problems_of(BASE + "edge:\n  device: nope\n")
    assert "edge.device: unknown devices id 'nope'" in message
    assert "jetson" in message  # the allowed ids are listed


def test_an_override_of_an_unknown_figure_is_an_error():
    message = problems_of(BASE + "assumptions:\n  devices.nope.price_usd: 3\n")
    assert "devices.nope.price_usd is not a catalog figure" in message


def test_an_override_outside_the_figures_range_names_the_figure_and_range():
    message = problems_of(BASE + "assumptions:\n  general.general.cloud_sla_pct: 150\n")
    assert "general.general.cloud_sla_pct must be between 0 and 100" in message


def test_a_weight_for_an_unknown_criterion_is_an_error():
    assert "weights: unknown criterion beauty" in problems_of(BASE + "weights:\n  beauty: 3\n")


@pytest.mark.parametrize(
    "text",
    ["name: &n Same\ndescription: *n\n", "base: &b {devices: 3}\nname: x\n"],
    ids=["alias", "anchor"],
)
def test_anchors_and_aliases_are_refused(text):
    assert "are not allowed" in problems_of(text)


def test_a_file_over_the_size_limit_is_refused_before_parsing():
    message = problems_of(BASE + "#" * MAX_FILE_BYTES)
    assert "the limit is 2,000,000 bytes (2 MB)" in message


def test_a_bad_file_reports_every_problem_not_just_the_first():
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(BASE + "requirements:\n  devices: -3\n  offline: no\n")
    assert len(caught.value.problems) == 2


# --- the URL encoding is untrusted input too ---------------------------------------------


def _packed(data: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(data)).decode().rstrip("=")


@pytest.mark.parametrize(
    ("encoded", "named"),
    [
        ("not base64 !!", "not valid base64"),
        ("aGVsbG8", "not compressed data"),
        (_packed(b"hello"), "not JSON"),
        (_packed(b"[1, 2]"), "not a mapping"),
    ],
    ids=["characters", "uncompressed", "not json", "a list"],
)
def test_a_damaged_link_scenario_is_a_scenario_error_saying_what_is_wrong(encoded, named):
    with pytest.raises(ScenarioError, match=named):
        decode_scenario(encoded)


def test_a_link_scenario_is_validated_like_a_file():
    payload = json.dumps({"name": "x", "requirements": {"devices": -3}}).encode()
    with pytest.raises(ScenarioError, match=r"requirements\.devices"):
        decode_scenario(_packed(payload))


def test_a_link_that_inflates_beyond_the_file_limit_is_refused():
    bomb = zlib.compress(b"{" + b" " * (MAX_FILE_BYTES * 3) + b"}", level=9)
    encoded = base64.urlsafe_b64encode(bomb).decode().rstrip("=")
    with pytest.raises(ScenarioError, match="beyond the file size limit"):
        decode_scenario(encoded)


def test_a_default_scenario_needs_only_a_name():
    assert Scenario(name="Just a name").requirements.devices >= 1
