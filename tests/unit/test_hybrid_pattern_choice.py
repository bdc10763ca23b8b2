"""The automatic hybrid pattern is the best-rated one that can run: rated from the answers, then
planned and screened with the hard requirements, and shown on the page with what became of it."""

from __future__ import annotations

import pytest
from scenarios import pinned, pinned_hybrid_feasible

from scoring.engine.evaluate import Evaluation, evaluate
from scoring.io.presets import preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.model.scenario import Scenario
from ui.recommendation import pattern_rows

# Presets whose top-rated pattern misses a hard requirement once raw data may leave and the
# product must work offline; another pattern runs. (The speaker's full assistant fits no speaker:
# a small model that escalates does. The consumer chat joins once the catalog has phone NPUs.)
RAW_AND_OFFLINE = ("smart_home_voice",)


def with_answers(preset_id: str, **requirements) -> Scenario:
    data = scenario_to_dict(preset_by_id(preset_id).scenario)
    data["requirements"] = {**data["requirements"], **requirements}
    return scenario_from_dict(data)


@pytest.fixture(scope="module", params=RAW_AND_OFFLINE)
def raw_offline(request) -> tuple[Scenario, Evaluation]:
    scenario = with_answers(request.param, data_leaving="raw", offline="required")
    return scenario, evaluate(scenario, draws=50)


def test_a_top_rated_pattern_that_cannot_run_gives_way_to_one_that_can(raw_offline):
    scenario, evaluation = raw_offline
    choice = evaluation.hybrid
    top = choice.ratings[0].pattern
    assert not pinned_hybrid_feasible(scenario, top)  # the answers alone pick a dead end
    assert choice.pattern != top
    assert evaluation.options["hybrid"].feasible
    assert evaluation.recommendation == "hybrid"  # it used to be "none"
    assert choice.fails(top)  # says which hard requirement the top-rated one fails


def test_the_chosen_pattern_scores_as_if_the_user_had_pinned_it(raw_offline):
    scenario, evaluation = raw_offline
    again = evaluate(pinned(scenario, evaluation.hybrid.pattern), draws=50)
    assert again.options["hybrid"].score == pytest.approx(evaluation.options["hybrid"].score)
    assert again.options["hybrid"].feasible


def test_the_grounds_and_the_pattern_table_say_a_better_rated_pattern_was_skipped(raw_offline):
    _, evaluation = raw_offline
    choice = evaluation.hybrid
    (skipped, why), *_ = choice.failing
    assert "passed over" in choice.grounds and why in choice.grounds
    rows = {row["Pattern"]: row["Outcome"] for row in pattern_rows(evaluation)}
    assert rows[choice.label] == "chosen"
    skipped_label = next(r.label for r in choice.ratings if r.pattern == skipped)
    assert rows[skipped_label] == f"skipped: fails a hard requirement ({why})"
    assert "_" not in why  # words, not the constraint ids


def test_when_no_pattern_can_run_the_top_rated_one_stays_and_the_grounds_say_so():
    # No data may leave: every pattern sends something.
    evaluation = evaluate(preset_by_id("law_firm_documents").scenario, draws=50)
    choice = evaluation.hybrid
    assert choice.none_runs
    assert choice.pattern == choice.ratings[0].pattern
    assert not evaluation.options["hybrid"].feasible
    assert choice.grounds.startswith("None of the 5 hybrid patterns meets every hard requirement")
    outcomes = [row["Outcome"] for row in pattern_rows(evaluation)]
    assert outcomes[0].startswith("chosen as the top-rated")
    assert all(o.startswith("skipped: fails a hard requirement") for o in outcomes[1:])


def test_a_pinned_pattern_is_kept_even_when_another_would_run(raw_offline):
    scenario, evaluation = raw_offline
    top = evaluation.hybrid.ratings[0].pattern
    kept = evaluate(pinned(scenario, top), draws=20)
    assert kept.hybrid.pattern == top and kept.hybrid.pinned
    assert not kept.options["hybrid"].feasible
    assert pattern_rows(kept)[0]["Outcome"] == "chosen: pinned in the scenario"


@pytest.mark.parametrize("preset_id", ["factory_qc_camera", "retail_store_analytics"])
def test_a_top_rated_pattern_that_runs_is_chosen_without_screening_the_rest(preset_id):
    evaluation = evaluate(preset_by_id(preset_id).scenario, draws=20)
    choice = evaluation.hybrid
    assert choice.pattern == choice.ratings[0].pattern and not choice.failing
    assert [row["Outcome"] for row in pattern_rows(evaluation)][1:] == ["rated lower"] * 4
