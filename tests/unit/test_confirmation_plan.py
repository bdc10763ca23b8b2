"""The confirmation plan prototypes feasible options only; with a single feasible option it says
what that prototype must show (thresholds and near misses) instead of naming a second."""

from __future__ import annotations

import pytest
from plan_checks import check_plan
from records import record_with_read_figures
from scenarios import preset_evaluation

from scoring.engine.confirmation import LOSS_WORDS, STOP_WORDS, prototype_plan, thresholds
from scoring.engine.evaluate import evaluate
from scoring.io.presets import bundled_presets, preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.model.vocabulary import OPTION_LABELS
from scoring.report.confirmation_readings import confirmation_reading, option_name
from scoring.report.markdown import render_markdown

PRESET_IDS = [preset.id for preset in bundled_presets()]


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_every_preset_prototypes_only_feasible_options(preset_id):
    check_plan(preset_evaluation(preset_id))


def test_the_law_firm_builds_one_edge_prototype_and_not_the_ruled_out_hybrid():
    evaluation = preset_evaluation("law_firm_documents")
    assert not evaluation.options["hybrid"].feasible
    markdown = render_markdown(record_with_read_figures(evaluation))
    confirmation = markdown.split("### Confirmation", 1)[1].split("\n## ", 1)[0]
    first = confirmation.strip().splitlines()[0]
    assert first.startswith("Build one prototype, Edge, ")
    assert "Hybrid" not in first and "two small prototypes" not in confirmation
    # What the single prototype must show instead: every threshold and each near miss.
    for threshold in thresholds(evaluation, evaluation.options["edge"]):
        assert threshold.measure in confirmation
    near = [w for w in evaluation.options["edge"].warnings if w.near_miss]
    assert near, "the law-firm edge option runs close to its memory and latency limits"
    assert "Near misses the Edge prototype must measure:" in confirmation
    for warning in near:
        assert warning.message.removeprefix("Near miss: ")[1:40] in confirmation
    assert "Cloud and Hybrid are not prototyped: ruled out by hard requirements" in confirmation


def test_two_feasible_options_are_both_prototyped_and_a_ruled_out_one_is_left_out():
    evaluation = preset_evaluation("factory_qc_camera")
    plan = prototype_plan(evaluation)
    assert plan is not None and plan.rival is not None
    reading = confirmation_reading(evaluation)
    assert reading is not None
    assert reading.sentence.startswith(
        f"Build two small prototypes, {option_name(evaluation, plan.chosen)} and "
        f"{option_name(evaluation, plan.rival)}"
    )
    ruled_out = [OPTION_LABELS[o] for o, r in evaluation.options.items() if not r.feasible]
    assert ruled_out and all(f"{name} is not prototyped" in reading.left_out for name in ruled_out)


def test_a_single_feasible_option_without_near_misses_says_none_is_flagged():
    data = scenario_to_dict(preset_by_id("law_firm_documents").scenario)
    data["requirements"]["max_latency_ms"] = 600_000  # far from the limit: no latency near miss
    data["model"]["params_billion"] = 1.0  # far from the memory limit of any device chosen
    evaluation = evaluate(scenario_from_dict(data), draws=50, volume_search=False)
    plan = prototype_plan(evaluation)
    assert plan is not None and plan.rival is None and not plan.near_misses
    reading = confirmation_reading(evaluation)
    assert reading is not None
    assert reading.near_miss_lead.startswith("No near miss is flagged for Edge")


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_network_loss_test_asks_of_the_chosen_option_what_it_can_do(preset_id):
    # An option that needs the link cannot "continue through a link cut": its test is that it
    # fails openly and recovers, under the failure mode the requirements allow.
    evaluation = preset_evaluation(preset_id)
    chosen = evaluation.options[evaluation.recommendation]
    (loss,) = (t for t in thresholds(evaluation, chosen) if t.measure.endswith("network loss"))
    stops = chosen.resilience.stops_on_network_loss
    words = (STOP_WORDS if stops else LOSS_WORDS)[evaluation.scenario.requirements.failure_mode]
    assert loss.passes_if.startswith(words)
    if stops:
        assert "continue" not in words
