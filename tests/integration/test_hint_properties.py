"""Hints are true by construction: every latency tipping point and every relaxation, applied to
the scenario, does what it says, and is within 10 % of the smallest change that does. Checked
on every preset, on cases where nothing is feasible, and on generated scenarios."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from scenarios import pinned, scenario_dicts

from scoring.engine.evaluate import Evaluation, evaluate
from scoring.engine.hints import Change, Relaxation, changed, with_limit
from scoring.engine.sensitivity import TippingPoint
from scoring.io.presets import bundled_presets, preset_by_id
from scoring.model.codec import scenario_from_dict
from scoring.model.scenario import Scenario

PRESET_IDS = [p.id for p in bundled_presets()]
MARGIN = 1.10  # a hint may overshoot the smallest change that works by at most 10 %
LIMIT_FIELD = "requirements.max_latency_ms"


def judged(scenario: Scenario) -> Evaluation:
    return evaluate(scenario, draws=10, volume_search=False)


def latency_blocked(evaluation: Evaluation, option: str) -> bool:
    return any(b.constraint == "latency" for b in evaluation.options[option].blockers)


def check_tipping_point(evaluation: Evaluation, point: TippingPoint) -> None:
    assert point.option is not None
    # The searches keep the hybrid's pattern, so the hint is read with it pinned.
    scenario = pinned(evaluation.scenario, evaluation.hybrid.pattern)
    at = judged(with_limit(scenario, point.value))
    assert not latency_blocked(at, point.option), point.sentence
    if "ruled out" not in point.sentence:
        assert at.options[point.option].feasible, point.sentence
    below = judged(with_limit(scenario, point.value / MARGIN))
    assert latency_blocked(below, point.option), point.sentence


def check_relaxation(evaluation: Evaluation, relaxation: Relaxation) -> None:
    if not relaxation.verified:
        assert "cannot try for you" in relaxation.sentence
        return
    applied = judged(changed(evaluation.scenario, relaxation.changes))
    assert applied.options[relaxation.option].feasible, relaxation.sentence
    limits = [c for c in relaxation.changes if c.field == LIMIT_FIELD]
    if limits:
        others = tuple(c for c in relaxation.changes if c.field != LIMIT_FIELD)
        smaller = (*others, Change(LIMIT_FIELD, limits[0].value / MARGIN, ""))
        short = judged(changed(evaluation.scenario, smaller))
        assert not short.options[relaxation.option].feasible, relaxation.sentence


def check_every_hint(evaluation: Evaluation) -> None:
    for point in evaluation.sensitivity.tipping_points:
        if point.kind == "latency":
            check_tipping_point(evaluation, point)
    for relaxation in evaluation.relaxation_changes:
        check_relaxation(evaluation, relaxation)


@cache
def preset_evaluation(preset_id: str) -> Evaluation:
    return evaluate(preset_by_id(preset_id).scenario, draws=10, volume_search=False)


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_every_latency_tipping_point_of_a_preset_holds_and_is_within_ten_percent(preset_id):
    evaluation = preset_evaluation(preset_id)
    assert [p for p in evaluation.sensitivity.tipping_points if p.kind == "latency"]
    check_every_hint(evaluation)


@pytest.mark.parametrize("limit_ms", [2_000, 10_000])
def test_the_law_firm_at_a_tight_limit_gets_relaxations_that_make_each_option_feasible(limit_ms):
    scenario = with_limit(preset_by_id("law_firm_documents").scenario, limit_ms)
    evaluation = judged(scenario)
    if evaluation.recommendation is None:
        assert evaluation.relaxation_changes
        assert any(r.verified for r in evaluation.relaxation_changes)
    check_every_hint(evaluation)


def test_when_nothing_is_feasible_each_relaxation_says_so_only_once_the_engine_checked_it():
    scenario = changed(
        preset_by_id("law_firm_documents").scenario, (Change(LIMIT_FIELD, 1_000.0, ""),)
    )
    evaluation = judged(scenario)
    assert evaluation.recommendation is None
    for relaxation in evaluation.relaxation_changes:
        said = "would become feasible" in relaxation.sentence
        assert said == relaxation.verified
    check_every_hint(evaluation)


@given(data=scenario_dicts())
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_hint_of_a_generated_scenario_holds_and_is_within_ten_percent(data):
    evaluation = judged(scenario_from_dict(data))
    check_every_hint(evaluation)
