"""The hybrid shown is chosen by the evaluation: every pattern that fits the workload is planned,
screened, costed and scored like an option, and the best-scoring feasible one is shown unless
the user pinned one. A pattern that does not fit the workload is "not applicable", never rated.
The pattern table says each pattern's score and blockers."""

from __future__ import annotations

from functools import cache

import pytest
from scenarios import pinned

from scoring.engine.evaluate import Evaluation, evaluate
from scoring.io.presets import bundled_presets, preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.model.scenario import Scenario
from scoring.model.vocabulary import HYBRID_PATTERN_LABELS, HYBRID_PATTERNS
from ui.recommendation import pattern_rows

PRESET_IDS = [p.id for p in bundled_presets()]


def with_answers(preset_id: str, **requirements) -> Scenario:
    data = scenario_to_dict(preset_by_id(preset_id).scenario)
    data["requirements"] = {**data["requirements"], **requirements}
    return scenario_from_dict(data)


@cache
def evaluated(preset_id: str) -> Evaluation:
    return evaluate(preset_by_id(preset_id).scenario, draws=20, volume_search=False)


def pinned_results(scenario: Scenario) -> dict[str, tuple[float, bool]]:
    """(score, feasible) of the hybrid option with each pattern pinned in turn."""
    found = {}
    for pattern in HYBRID_PATTERNS:
        hybrid = evaluate(pinned(scenario, pattern), draws=20, volume_search=False)
        found[pattern] = hybrid.options["hybrid"].score, hybrid.options["hybrid"].feasible
    return found


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_hybrid_shown_is_the_best_scoring_feasible_pattern_as_each_would_score_pinned(
    preset_id,
):
    evaluation = evaluated(preset_id)
    choice = evaluation.hybrid
    applicable = [o.pattern for o in choice.outcomes if o.applicable]
    runs = pinned_results(evaluation.scenario)
    feasible = [p for p in applicable if runs[p][1]]
    best = max(feasible or applicable, key=lambda p: runs[p][0])
    assert choice.pattern == best
    # The table's scores are the scores the hybrid option gets with that pattern pinned.
    for outcome in choice.outcomes:
        if outcome.applicable:
            assert outcome.score == pytest.approx(runs[outcome.pattern][0])
            assert outcome.feasible == runs[outcome.pattern][1]
    assert evaluation.options["hybrid"].score == pytest.approx(runs[best][0])


def test_a_pattern_that_does_not_fit_the_workload_is_not_applicable_with_its_reason():
    # An LLM answering its users, no results needed centrally, no safety function.
    evaluation = evaluated("law_firm_documents")
    outcome = evaluation.hybrid.outcome("local_detect_cloud_trends")
    assert not outcome.applicable and outcome.score is None
    assert "no detections to collect as trends" in outcome.not_applicable
    safety = evaluation.hybrid.outcome("safety_local_reporting_central")
    assert "no safety function" in safety.not_applicable
    rows = {row["Pattern"]: row for row in pattern_rows(evaluation)}
    row = rows[HYBRID_PATTERN_LABELS["local_detect_cloud_trends"]]
    assert row["Weighted score (0-100)"] == "—"
    assert row["Outcome"] == f"not applicable: {outcome.not_applicable}"


def test_the_document_assistant_allowed_anonymised_data_never_shows_a_pattern_that_does_not_apply():
    scenario = with_answers("law_firm_documents", data_leaving="anonymized")
    evaluation = evaluate(scenario, draws=20, volume_search=False)
    choice = evaluation.hybrid
    assert choice.pattern != "local_detect_cloud_trends"
    assert choice.chosen.applicable and choice.chosen.feasible
    assert evaluation.options["hybrid"].feasible


def test_a_wind_farm_on_a_satellite_link_gets_the_best_scoring_pattern_not_a_rule_favourite():
    # Results can wait and the link drops: rules favoured queueing every raw input over the
    # satellite; scored in full, detecting on the platform and sending results scores higher.
    scenario = with_answers(
        "offshore_field_equipment", offline="preferred", failure_mode="can_wait"
    )
    evaluation = evaluate(scenario, draws=20, volume_search=False)
    choice = evaluation.hybrid
    queued, local = choice.outcome("queue_and_sync"), choice.outcome("local_detect_cloud_trends")
    assert queued.score is not None and local.score is not None
    assert local.score > queued.score
    assert (
        choice.pattern
        == max((o for o in choice.outcomes if o.feasible), key=lambda o: o.score or 0.0).pattern
    )


def test_the_pattern_table_shows_every_pattern_with_its_score_and_blockers_best_first():
    evaluation = evaluated("law_firm_documents")  # no data may leave: every pattern sends some
    rows = pattern_rows(evaluation)
    assert [r["Pattern"] for r in rows].count(evaluation.hybrid.label) == 1
    assert len(rows) == len(HYBRID_PATTERNS)
    scored = [r for r in rows if r["Weighted score (0-100)"] != "—"]
    scores = [float(r["Weighted score (0-100)"]) for r in scored]
    assert scores == sorted(scores, reverse=True)
    assert all("data leaving" in r["Blockers"] for r in scored)
    assert rows[0]["Outcome"] == "shown: best score, ruled out"
    assert all(r["Outcome"] == "ruled out" for r in scored[1:])


def test_when_no_pattern_is_feasible_the_best_scoring_one_is_shown_and_the_grounds_say_so():
    evaluation = evaluated("law_firm_documents")
    choice = evaluation.hybrid
    assert choice.none_runs and not evaluation.options["hybrid"].feasible
    applicable = sum(o.applicable for o in choice.outcomes)
    assert applicable > 1
    assert choice.grounds.startswith(
        f"None of the {applicable} applicable hybrid patterns meets every hard requirement"
    )
    assert f"({choice.chosen.score:.1f}/100)" in choice.grounds


def test_the_grounds_name_the_runner_up_its_score_and_where_the_shown_pattern_leads():
    scenario = with_answers(
        "offshore_field_equipment", offline="preferred", failure_mode="can_wait"
    )
    choice = evaluate(scenario, draws=20, volume_search=False).hybrid
    runner = next(o for o in choice.outcomes if o.applicable and o.pattern != choice.pattern)
    assert f"{choice.chosen.score:.1f}/100 against {runner.score:.1f}" in choice.grounds
    assert f'"{runner.label}"' in choice.grounds


def test_a_pinned_pattern_is_kept_even_when_another_scores_higher():
    evaluation = evaluated("factory_qc_camera")
    lower = [o for o in evaluation.hybrid.outcomes if o.applicable][-1]
    kept = evaluate(pinned(evaluation.scenario, lower.pattern), draws=20, volume_search=False)
    assert kept.hybrid.pattern == lower.pattern and kept.hybrid.pinned
    assert kept.hybrid.grounds == "The pattern is pinned in the scenario."
    row = next(r for r in pattern_rows(kept) if r["Pattern"] == lower.label)
    assert row["Outcome"] == "shown: pinned in the scenario"


def test_a_pinned_pattern_that_does_not_apply_is_still_evaluated_and_said_not_to_apply():
    scenario = pinned(preset_by_id("law_firm_documents").scenario, "local_detect_cloud_trends")
    evaluation = evaluate(scenario, draws=20, volume_search=False)
    outcome = evaluation.hybrid.chosen
    assert evaluation.hybrid.pattern == "local_detect_cloud_trends"
    assert outcome.score == pytest.approx(evaluation.options["hybrid"].score)
    row = next(r for r in pattern_rows(evaluation) if r["Pattern"] == outcome.label)
    assert row["Outcome"].startswith("shown (pinned); not applicable:")


def test_two_patterns_that_score_the_same_are_said_to_tie_not_to_beat_each_other():
    # Safety-critical factory: local detection and the local safety function plan the same.
    choice = evaluated("factory_qc_camera").hybrid
    first, second = (o for o in choice.outcomes if o.feasible)
    assert first.score == pytest.approx(second.score)
    assert choice.grounds.startswith(f'It ties with "{second.label}" at {first.score:.1f}/100')
    assert "against" not in choice.grounds


@pytest.mark.parametrize(("main", "tagger"), [("fp8", "int8"), ("fp16", "int8"), ("int4", "int4")])
def test_the_anonymiser_is_an_integer_model_whatever_the_full_models_float_format(main, tagger):
    # A 0.11 B entity tagger at the full model's fp8 would need an fp8 GPU (Ada or newer) at
    # every site; at int8 an NPU board runs it.
    data = scenario_to_dict(preset_by_id("customer_support_rag").scenario)
    data["model"]["precision"] = main
    data["hybrid"] = {"pattern": "anonymize_then_send"}
    evaluation = evaluate(scenario_from_dict(data), draws=20, volume_search=False)
    local = evaluation.options["hybrid"].deployment.local
    assert local.precision == tagger
    assert local.choice.closest.device.runs(tagger)
