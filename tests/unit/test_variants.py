"""Scenario variants: names, the bundle file (round trip and every error naming its place),
merging a bundle into the kept variants, the inputs that differ, and the comparison rows."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import yaml

from scoring.engine.evaluate import evaluate
from scoring.io.bundles import (
    MAX_NAME_CHARS,
    MAX_VARIANTS,
    Variant,
    add_variant,
    bundle_to_yaml,
    merge_variants,
    name_problem,
    parse_bundle,
)
from scoring.io.presets import preset_by_id
from scoring.io.scenario_files import MAX_FILE_BYTES
from scoring.model.codec import ScenarioError, scenario_to_dict
from scoring.model.scenario import Scenario
from scoring.report.variants import (
    differing_fields,
    flatten,
    measurement_variants,
    option_summaries,
    recommendation_change,
)


@pytest.fixture
def base() -> Scenario:
    return preset_by_id("factory_qc_camera").scenario


def with_devices(scenario: Scenario, devices: int) -> Scenario:
    requirements = scenario.requirements.model_copy(update={"devices": devices})
    return scenario.model_copy(update={"requirements": requirements})


def problems_of(text: str | bytes) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_bundle(text, "bundle.yaml")
    return list(caught.value.problems)


def bundle_text(*entries: object, version: object = 1) -> str:
    entries = json.loads(json.dumps(entries))  # separate copies: no YAML aliases
    return yaml.safe_dump({"bundle_version": version, "variants": entries})


# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "x" * (MAX_NAME_CHARS + 1)])
def test_a_variant_name_must_be_non_empty_and_short(name):
    assert name_problem(name) is not None


def test_a_name_is_kept_with_its_whitespace_tidied(base):
    saved = add_variant({}, "  volume   x3 ", base)
    assert list(saved) == ["volume x3"]


def test_saving_under_an_existing_name_replaces_it_in_place(base):
    saved = add_variant(add_variant(add_variant({}, "a", base), "b", base), "a", base)
    changed = add_variant(saved, "a", with_devices(base, 7))
    assert list(changed) == ["a", "b"]
    assert changed["a"].requirements.devices == 7
    assert saved["a"].requirements.devices == 40  # the input is not changed


def test_no_more_than_twelve_variants_are_kept_but_one_can_still_be_replaced(base):
    full = {}
    for index in range(MAX_VARIANTS):
        full = add_variant(full, f"v{index}", base)
    with pytest.raises(ScenarioError, match="12 variants are kept at most"):
        add_variant(full, "one more", base)
    assert add_variant(full, "v3", with_devices(base, 2))["v3"].requirements.devices == 2


# --- the bundle file -----------------------------------------------------------------------------


def test_a_bundle_round_trips_names_order_and_scenarios(base):
    kept = {"base": base, "volume x3": with_devices(base, 120), "cheaper GPUs": base}
    variants = parse_bundle(bundle_to_yaml(kept), "bundle.yaml")
    assert [v.name for v in variants] == ["base", "volume x3", "cheaper GPUs"]
    assert {v.name: v.scenario for v in variants} == kept


def test_the_bundle_file_has_a_version_and_one_entry_per_variant(base):
    data = yaml.safe_load(bundle_to_yaml({"base": base}))
    assert data["bundle_version"] == 1
    assert data["variants"][0]["name"] == "base"
    assert data["variants"][0]["scenario"] == scenario_to_dict(base)


def test_a_bad_scenario_in_a_bundle_is_named_by_its_place(base):
    good = {"name": "base", "scenario": scenario_to_dict(base)}
    bad = {"name": "broken", "scenario": {"name": "B", "requirements": {"devices": 0}}}
    problems = problems_of(bundle_text(good, good | {"name": "second"}, bad))
    assert problems == ["variants[2].scenario.requirements.devices: must be at least 1 (got 0)"]


def test_every_problem_of_every_variant_is_listed():
    problems = problems_of(
        bundle_text(
            {"name": "", "scenario": {"name": "A"}},
            {"name": "b", "scenario": {"name": "B", "horizon_months": "ten"}},
            {"name": "c", "scenario": {"name": "C"}, "notes": "x"},
            "just text",
        )
    )
    text = "\n".join(problems)
    assert "variants[0].name: a variant needs a name" in text
    assert "variants[1].scenario.horizon_months: must be a whole number" in text
    assert "variants[2].notes: unknown field" in text
    assert "variants[3]: must be a mapping with name and scenario" in text


def test_two_variants_of_the_same_name_are_refused(base):
    entry = {"name": "base", "scenario": scenario_to_dict(base)}
    problems = problems_of(bundle_text(entry, entry))
    assert problems == [
        "variants[1].name: “base” is already the name of variants[0]; names must be unique"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", "this file is empty", id="empty"),
        pytest.param("- a\n- b\n", "this file is a list", id="a list"),
        pytest.param("variants: []\n", "bundle_version: must be 1 (got missing)", id="no version"),
        pytest.param(
            "bundle_version: 2\nvariants: []\n", "bundle_version: must be 1 (got 2)", id="version 2"
        ),
        pytest.param(
            "bundle_version: 1\nvariants: []\n", "variants: the bundle holds no variants", id="none"
        ),
        pytest.param(
            "bundle_version: 1\nvariants: {a: 1}\n",
            "variants: must be a list of entries with name and scenario (got a dict)",
            id="not a list",
        ),
        pytest.param(
            "bundle_version: 1\nvariants: []\nextra: 1\n",
            "extra: unknown field; a bundle has bundle_version and variants",
            id="unknown key",
        ),
        pytest.param(
            "name: Just a scenario\n", "this is a scenario file, not a bundle", id="scenario"
        ),
        pytest.param(
            "bundle_version: 1\nvariants:\n  - &a {name: x, scenario: {name: X}}\n  - *a\n",
            "anchors (&name) are not allowed",
            id="alias",
        ),
        pytest.param("bundle_version: 1\nvariants: [\n", "not valid YAML at line", id="bad yaml"),
    ],
)
def test_a_malformed_bundle_says_what_is_wrong(text, expected):
    assert any(expected in problem for problem in problems_of(text))


def test_a_bundle_with_more_than_twelve_variants_is_refused():
    entries = [{"name": f"v{i}", "scenario": {"name": "S"}} for i in range(MAX_VARIANTS + 1)]
    assert "variants: at most 12 variants (this bundle has 13)" in problems_of(
        bundle_text(*entries)
    )


def test_a_bundle_that_is_not_utf8_or_too_large_is_refused():
    assert "not UTF-8" in problems_of(b"bundle_version: 1\nvariants: \xff\n")[0]
    assert "the limit is 2,000,000 bytes (2 MB)" in problems_of(b"#" * (MAX_FILE_BYTES + 1))[0]


# --- merging a bundle ----------------------------------------------------------------------------


def test_merging_adds_new_names_and_replaces_known_ones_in_place(base):
    kept = {"base": base, "other": base}
    merge = merge_variants(kept, (Variant("new", base), Variant("base", with_devices(base, 9))))
    assert merge.added == ("new",)
    assert merge.replaced == ("base",)
    assert list(merge.variants) == ["base", "other", "new"]
    assert merge.variants["base"].requirements.devices == 9
    assert kept["base"].requirements.devices == 40


def test_a_merge_beyond_twelve_variants_is_refused_and_changes_nothing(base):
    kept = {f"v{i}": base for i in range(MAX_VARIANTS - 1)}
    with pytest.raises(ScenarioError, match="at most 12 are kept"):
        merge_variants(kept, (Variant("a", base), Variant("b", base)))
    assert len(kept) == MAX_VARIANTS - 1


# --- what differs --------------------------------------------------------------------------------


def test_flattening_gives_dotted_paths_of_the_scenario_file(base):
    flat = flatten(base)
    assert flat["requirements.devices"] == 40
    assert flat["name"] == "Factory quality-control camera"
    assert isinstance(flat["decision.decision_makers"], tuple)


def test_only_the_inputs_that_differ_are_returned_with_one_value_per_scenario(base):
    volume = base.workload.model_copy(update={"requests_per_month": 15_000_000})
    tripled = base.model_copy(update={"workload": volume})
    fewer = with_devices(base, 10)
    differences = differing_fields([base, tripled, fewer])
    assert [(d.path, d.values) for d in differences] == [
        ("requirements.devices", (40, 40, 10)),
        ("workload.requests_per_month", (5_000_000, 15_000_000, 5_000_000)),
    ]


def test_a_field_set_in_one_scenario_only_differs_with_none_for_the_others(base):
    pinned = base.model_copy(update={"weights": {"cost": 3.0}})
    differences = differing_fields([base, pinned])
    assert [(d.path, d.values) for d in differences] == [("weights.cost", (None, 3))]


def test_identical_scenarios_have_no_differences(base):
    assert differing_fields([base, base.model_copy()]) == ()


# --- the comparison ------------------------------------------------------------------------------


def test_option_summaries_carry_the_engines_numbers(base):
    evaluation = evaluate(base)
    rows = {row.option: row for row in option_summaries(evaluation)}
    for option, result in evaluation.options.items():
        assert rows[option].score == result.score
        assert rows[option].cost_total_usd == result.cost_total_usd
        assert rows[option].feasible == result.feasible
        assert rows[option].recommended == (option == evaluation.recommendation)
    assert rows["edge"].latency_p95_ms == pytest.approx(evaluation.options["edge"].latency_p95_ms)
    assert rows["cloud"].ruled_out_because == "offline, data leaving"  # images may not leave
    assert rows["edge"].ruled_out_because == ""


def test_the_measurement_variants_differ_only_in_whether_measurements_replace_estimates(base):
    estimates, measured = measurement_variants(base)
    assert estimates.evidence.replace_estimates is False
    assert measured.evidence.replace_estimates is True
    assert [d.path for d in differing_fields([estimates, measured])] == [
        "evidence.replace_estimates"
    ]


def test_the_change_sentence_says_whether_the_recommendation_moved():
    edge, cloud, none = (SimpleNamespace(recommendation=o) for o in ("edge", "cloud", None))
    assert recommendation_change(edge, edge) == (
        "The measurements do not change the recommendation: Edge."
    )
    assert recommendation_change(edge, cloud) == (
        "The measurements change the recommendation from Edge to Cloud."
    )
    assert recommendation_change(cloud, none) == (
        "With the measurements no option meets every hard requirement (was Cloud)."
    )
