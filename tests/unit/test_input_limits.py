"""Issue 15's findings on input, each with the input that showed it: every reader answers with at
most twenty problems and how many more there were, refuses what no scenario could hold before
doing the work, and names the field or line of every malformed file.

How long the readers take over near-limit inputs is measured by benchmarks/bench_parsers.py
(timings belong there, not in tests).
"""

from __future__ import annotations

import base64
import json
import random
import zlib

import pytest
import yaml

from scoring.engine.evidence import EvidenceError
from scoring.io import safe_yaml
from scoring.io.bundles import bundle_to_yaml, parse_bundle
from scoring.io.measurements import parse_measurements
from scoring.io.presets import preset_by_id
from scoring.io.safe_yaml import MAX_NESTING, parse_yaml
from scoring.io.scenario_files import MAX_FILE_BYTES, parse_scenario
from scoring.model.codec import ScenarioError, scenario_from_dict
from scoring.model.problems import MAX_PROBLEM_CHARS, MAX_PROBLEMS, MAX_VALUES, more_problems
from ui.codec import MAX_ENCODED_CHARS, decode_scenario

HEADER = "option,latency_ms,cost_usd,ok,network"


def refusal(read, data, source: str = "") -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        read(data, source) if source else read(data)
    return caught.value


def assert_bounded(error: ScenarioError) -> None:
    """At most MAX_PROBLEMS problems, each one line of bounded length, then the count."""
    assert len(error.shown) <= MAX_PROBLEMS
    assert len(error.problems) <= MAX_PROBLEMS + 1
    assert all("\n" not in p and len(p) <= MAX_PROBLEM_CHARS for p in error.problems)


# --- one cap for every reader -----------------------------------------------------------------


def test_twenty_five_unknown_fields_list_twenty_and_say_five_more():
    text = "name: t\nrequirements:\n" + "".join(f"  extra_{i:02d}: 1\n" for i in range(25))
    error = refusal(parse_scenario, text)
    assert_bounded(error)
    assert error.shown[0].startswith("requirements.extra_00: unknown field")
    assert error.shown[-1].startswith("requirements.extra_19: unknown field")
    assert error.problems[-1] == "… and 5 more problems, not listed (fix the ones above first)"


def test_a_scenario_of_100000_unknown_keys_is_refused_without_validating_them():
    # The 1.98 MB file: `validate` took 44 s and printed 100,001 lines.
    text = "name: t\nrequirements:\n" + "".join(f"  k{i:06d}x: {i}\n" for i in range(100_000))
    assert len(text) < MAX_FILE_BYTES
    error = refusal(parse_scenario, text)
    assert_bounded(error)
    assert error.problems == (
        f"line 10000, column 13: more than {MAX_VALUES:,} values; a scenario holds a few "
        "hundred, a bundle of variants a few thousand, so the rest was not read",
    )


def test_a_link_of_99699_characters_with_32812_unknown_keys_gives_one_short_warning():
    # The link produced one 6.19 MB warning that froze the recipient's tab.
    rng = random.Random(15)
    payload = {"name": "t", **{f"x{i:x}": 1 for i in range(32_812)}}
    payload["description"] = "".join(rng.choice("abcdefgh") for _ in range(1_660))
    packed = zlib.compress(json.dumps(payload).encode(), level=9)
    link = base64.urlsafe_b64encode(packed).decode().rstrip("=")
    assert 99_000 < len(link) <= MAX_ENCODED_CHARS
    error = refusal(decode_scenario, link)
    assert_bounded(error)
    assert len(str(error)) < 500
    assert f"more than {MAX_VALUES:,} values" in str(error)


def test_a_link_with_a_few_unknown_keys_names_each_of_them():
    payload = {"name": "t", "requirements": {f"typo_{i}": 1 for i in range(30)}}
    packed = zlib.compress(json.dumps(payload).encode(), level=9)
    error = refusal(decode_scenario, base64.urlsafe_b64encode(packed).decode().rstrip("="))
    assert_bounded(error)
    assert error.shown[0].startswith("requirements.typo_0: unknown field")
    assert error.problems[-1] == more_problems(10)


def test_thousands_of_wrong_list_items_are_counted_not_listed():
    error = refusal(scenario_from_dict, {"name": "t", "decision": {"informed": list(range(5000))}})
    assert_bounded(error)
    assert error.shown[0] == "decision.informed.0: must be text (got 0); put it in quotes"
    assert error.problems[-1] == more_problems(5000 - MAX_PROBLEMS)


@pytest.mark.parametrize(
    ("section", "what"),
    [("weights", "unknown criterion"), ("assumptions", "are not catalog figures")],
)
def test_thousands_of_unknown_names_in_one_field_are_listed_twenty_at_most(section, what):
    names = {f"n{i:05d}": 1.0 for i in range(5_000)}
    error = refusal(scenario_from_dict, {"name": "t", section: names})
    assert_bounded(error)
    assert error.problems[0].startswith(section)
    assert "n00019" in error.problems[0] and "n00020" not in error.problems[0]
    assert "and 4,980 more" in error.problems[0]
    assert what in error.problems[0]


def test_a_long_value_is_quoted_cut_short():
    error = refusal(parse_measurements, f"{HEADER}\n{'e' * 100_000},1,0,true,up\n".encode())
    assert error.problems == (f"line 2: option '{'e' * 58}… is not one of edge, cloud, hybrid",)


def test_a_bundle_lists_twenty_problems_across_its_variants_and_counts_the_rest():
    bad = {"name": "t", "requirements": {f"typo_{i}": 1 for i in range(15)}}
    variants = [{"name": f"v{i}", "scenario": bad} for i in range(3)]
    text = json.dumps({"bundle_version": 1, "variants": variants})  # JSON is YAML
    error = refusal(parse_bundle, text)
    assert_bounded(error)
    assert error.shown[0].startswith("variants[0].scenario.requirements.typo_0: unknown field")
    assert error.shown[15].startswith("variants[1].scenario.requirements.typo_0")
    assert error.problems[-1] == more_problems(45 - MAX_PROBLEMS)


def test_a_valid_bundle_still_loads():
    presets = ("factory_qc_camera", "law_firm_documents")
    text = bundle_to_yaml({p: preset_by_id(p).scenario for p in presets})
    assert [v.name for v in parse_bundle(text)] == list(presets)


# --- the measurement CSV ----------------------------------------------------------------------


@pytest.mark.parametrize("columns", [30_000, 150_000])
def test_a_header_of_thousands_of_columns_gets_one_line_naming_twenty_of_them(columns):
    # The 199 kB header of 30,000 columns took 25-31 s (`header.count(c)` for every
    # column), 150,000 columns 537 s.
    header = ",".join(f"c{i}" for i in range(columns))
    error = refusal(parse_measurements, (header + "\n").encode())
    assert_bounded(error)
    assert error.problems == (
        f"line 1: missing column(s) {HEADER.replace(',', ', ')}",
        "line 1: unknown column(s) "
        + ", ".join(f"c{i}" for i in range(MAX_PROBLEMS))
        + f", and {columns - MAX_PROBLEMS:,} more; the columns are option, latency_ms, cost_usd, "
        "ok, network, "
        "timestamp",
    )


def test_a_header_repeating_a_column_100000_times_names_it_once():
    error = refusal(parse_measurements, ",".join(["option"] * 100_000).encode())
    assert "line 1: column(s) option appear more than once" in error.problems


def test_every_bad_row_is_counted_after_the_first_twenty_problems():
    rows = "".join("cloud,fast,0,true,up\n" for _ in range(100)) + "edge,1,0,maybe,up\n"
    error = refusal(parse_measurements, f"{HEADER}\n{rows}")
    assert isinstance(error, EvidenceError)
    assert error.shown[0] == "line 2: latency_ms 'fast' is not a number"
    assert error.problems[-1] == more_problems(101 - MAX_PROBLEMS)


def test_a_row_with_several_bad_cells_counts_each_of_them():
    rows = "".join("fog,x,-1,maybe,sideways\n" for _ in range(10))
    error = refusal(parse_measurements, f"{HEADER}\n{rows}")
    assert error.shown[:5] == (
        "line 2: option 'fog' is not one of edge, cloud, hybrid",
        "line 2: latency_ms 'x' is not a number",
        "line 2: cost_usd must be a finite number >= 0 (got -1)",
        "line 2: ok 'maybe' must be true or false",
        "line 2: network 'sideways' must be up or down",
    )
    assert error.problems[-1] == more_problems(50 - MAX_PROBLEMS)


def test_good_rows_still_read_to_the_same_samples():
    text = f"{HEADER},timestamp\nEdge,12.5,0.001,yes,UP,2026-11-26T10:00:00Z\ncloud,80,0,0,down,\n"
    samples = parse_measurements(text)
    assert [(s.option, s.latency_ms, s.cost_usd, s.ok, s.network_up) for s in samples] == [
        ("edge", 12.5, 0.001, True, True),
        ("cloud", 80.0, 0.0, False, False),
    ]


# --- YAML: the C reader keeps the guards ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: &n Same\ndescription: *n\n", "line 1, column 7: anchors (&name) are not allowed"),
        ("name: t\ndescription: *n\n", "line 2, column 14: aliases (*name) are not allowed"),
        (
            "name: t\nrequirements:\n  devices: 3\n  devices: 4\n",
            "line 4, column 3: the key 'devices' appears twice in the same mapping",
        ),
        ("[" * 60, f"line 1, column {MAX_NESTING + 1}: the YAML is nested deeper than 50 levels"),
    ],
    ids=["anchor", "alias", "duplicate key", "deep flow nesting"],
)
def test_the_guards_hold_with_the_c_reader(text, expected):
    assert refusal(parse_yaml, text).problems == (expected,)


def test_the_c_reader_is_used_where_pyyaml_has_it():
    if yaml.__with_libyaml__:
        assert safe_yaml.TextParser is yaml.cyaml.CParser


GUARDED = [
    ("name: &n Same\ndescription: *n\n", "line 1, column 7: anchors (&name) are not allowed"),
    ("name: t\n? [a, b]\n: 1\n", "line 2, column 3: a key must be a single value such as a name"),
    ("a: 1\na: 2\n", "line 2, column 1: the key 'a' appears twice in the same mapping"),
    ("[" * 60, "the YAML is nested deeper than 50 levels"),
    ("x: [" + "1," * MAX_VALUES + "1]", f"more than {MAX_VALUES:,} values"),
    ("a: !!float x", "line 1, column 4: 'x' cannot be read as !!float"),
    ("a: b\x08", "line 1: the control character U+0008 is not allowed"),
]


@pytest.mark.parametrize(("text", "expected"), GUARDED)
def test_the_pure_python_reader_keeps_the_same_guards(monkeypatch, text, expected):
    monkeypatch.setattr(safe_yaml, "_Loader", safe_yaml.loader_for(safe_yaml.PythonParser))
    assert expected in refusal(parse_yaml, text).problems[0]
    monkeypatch.undo()
    assert expected in refusal(parse_yaml, text).problems[0]  # and so does libyaml


def test_deep_block_nesting_is_refused_at_the_level_past_the_limit():
    text = "name: x\n" + "".join(f"{'  ' * i}k{i}:\n" for i in range(700))
    error = refusal(parse_yaml, text)
    assert error.problems[0].startswith(f"line {MAX_NESTING + 1}, column ")
    assert error.problems[0].endswith("nested deeper than 50 levels")


def test_keys_that_are_numbers_or_null_are_named_as_not_field_names():
    error = refusal(parse_scenario, "name: t\n1: 2\n~: 3\n")
    assert error.problems == (
        "(top level): a field name must be text, not 1",
        "(top level): a field name must be text, not None",
    )


def test_an_unquoted_date_anywhere_stays_text():
    assert parse_yaml("a: 2026-11-26\nb: 2026-11-26T10:00:00Z\n") == {
        "a": "2026-11-26",
        "b": "2026-11-26T10:00:00Z",
    }
    scenario = parse_scenario("name: 2026-01-01\ndecision:\n  date: 2026-11-26\n")
    assert (scenario.name, scenario.decision.date) == ("2026-01-01", "2026-11-26")


def test_more_than_one_yaml_document_says_so():
    assert refusal(parse_scenario, "name: a\n---\nname: b\n").problems == (
        "not valid YAML at line 2, column 1: the file holds more than one YAML document "
        "(a `---` line starts another)",
    )


# --- messages that name the field or line (issue 15, point 2) ----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: t\n? [a, b]\n: 1\n",
            "line 2, column 3: a key must be a single value such as a name, not a list",
        ),
        (
            "{name: t, {x: 1}: 2}",
            "line 1, column 11: a key must be a single value such as a name, not a mapping",
        ),
    ],
    ids=["list key", "mapping key"],
)
def test_a_list_or_mapping_as_a_key_is_refused_with_its_line(text, expected):
    assert refusal(parse_scenario, text).problems == (expected,)


def test_an_impossible_date_names_the_field_and_says_the_date_does_not_exist():
    error = refusal(parse_scenario, "name: t\ndecision:\n  date: 2026-13-45\n")
    assert error.problems == (
        "decision.date: the date 2026-13-45 does not exist (month must be in 1..12)",
    )
    error = refusal(parse_scenario, "name: t\ndecision:\n  date: '2026-02-30'\n")
    assert error.problems == (
        "decision.date: the date 2026-02-30 does not exist (day is out of range for month)",
    )


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-16", "UTF-16 (little-endian)"),
        ("utf-32", "UTF-32 (little-endian)"),
        ("utf-16-be", "UTF-16 (big-endian, without a byte-order mark)"),
        ("utf-16-le", "UTF-16 (little-endian, without a byte-order mark)"),
    ],
)
def test_another_encoding_is_named_and_utf8_asked_for(encoding, named):
    data = "name: Caméra\ndescription: QC\n".encode(encoding)
    if encoding == "utf-16":
        data = b"\xff\xfe" + "name: Caméra\n".encode("utf-16-le")
    expected = f"the file is {named} text, not UTF-8 as expected; save it as UTF-8"
    assert refusal(parse_scenario, data).problems == (expected,)
    assert refusal(parse_measurements, data).problems == (expected,)
    assert refusal(parse_bundle, data).problems == (expected,)


def test_utf32_big_endian_with_its_mark_is_named():
    data = "name: t\n".encode("utf-32-be")
    error = refusal(parse_scenario, b"\x00\x00\xfe\xff" + data)
    assert error.problems[0].startswith("the file is UTF-32 (big-endian) text")


def test_a_byte_that_is_not_utf8_is_named_with_its_line_and_column():
    error = refusal(parse_scenario, b"name: t\ndescription: Cam\xe9ra\n")
    assert error.problems == (
        "line 2, column 17: the byte 0xE9 is not UTF-8 text; save the file as UTF-8, the "
        "encoding expected (it may be Latin-1 or Windows-1252)",
    )


def test_utf8_with_a_byte_order_mark_still_loads():
    assert parse_scenario("\ufeffname: Caméra\n".encode()).name == "Caméra"


@pytest.mark.parametrize("name", ["   ", "\t", "\u00a0\u2003", "\u200b"])
def test_a_name_without_a_visible_character_is_refused(name):
    error = refusal(scenario_from_dict, {"name": name})
    assert error.problems == ("name: the name must contain at least one visible character",)


def test_a_name_with_spaces_around_a_word_is_kept():
    assert scenario_from_dict({"name": "  Camera  "}).name == "  Camera  "
