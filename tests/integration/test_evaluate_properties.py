"""Properties of the whole evaluation over the scenario space: Hypothesis draws any valid
scenario and runs `evaluate()` on it, screening, scoring, costs and sensitivity together."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scenarios import pinned, scenario_dicts

from scoring.engine.evaluate import Evaluation, evaluate
from scoring.model.codec import scenario_from_dict
from scoring.model.vocabulary import CRITERIA, OPTION_LABELS
from scoring.report.contract import evaluation_json

SETTINGS = settings(max_examples=40)


def blockers(evaluation: Evaluation, option: str) -> set[str]:
    return {b.constraint for b in evaluation.options[option].blockers}


def near_misses(evaluation: Evaluation, option: str, constraint: str) -> list[str]:
    return [w.message for w in evaluation.options[option].warnings if w.constraint == constraint]


def check_recommendation(evaluation: Evaluation) -> None:
    feasible = [o for o, r in evaluation.options.items() if r.feasible]
    if not feasible:
        assert evaluation.recommendation is None
        return
    winner = evaluation.options[evaluation.recommendation]
    assert winner.feasible
    assert winner.score == max(evaluation.options[o].score for o in feasible)


@given(data=scenario_dicts())
@SETTINGS
def test_any_scenario_scores_every_criterion_0_to_100_and_recommends_a_feasible_option(data):
    evaluation = evaluate(scenario_from_dict(data), draws=200)
    assert math.isclose(sum(evaluation.weights.shares.values()), 1.0)
    for option, result in evaluation.options.items():
        for criterion, score in result.criteria.items():
            assert math.isfinite(score.score), (option, criterion)
            assert 0.0 <= score.score <= 100.0, (option, criterion, score.score)
        assert math.isfinite(result.score) and 0.0 <= result.score <= 100.0
        assert result.feasible == (not result.blockers)
        if not result.feasible:  # an option a constraint rules out never wins
            assert evaluation.recommendation != option
    check_recommendation(evaluation)
    if evaluation.recommendation is None:
        assert evaluation.relaxations
    # The JSON contract never carries NaN or infinity, and survives a round trip.
    contract = evaluation_json(evaluation)
    assert json.loads(json.dumps(contract, allow_nan=False)) == contract


@given(data=scenario_dicts(), factor=st.floats(1.5, 5), pick=st.integers(0, 7))
@SETTINGS
def test_raising_the_weight_of_a_criterion_the_winner_leads_on_never_makes_it_lose(
    data, factor, pick
):
    data.pop("weights", None)
    first = evaluate(scenario_from_dict(data), draws=50)
    winner = first.recommendation
    assume(winner is not None)
    feasible = first.feasible
    leads = [
        c
        for c in CRITERIA
        if all(
            first.options[winner].criteria[c].score >= first.options[o].criteria[c].score
            for o in feasible
        )
    ]
    assume(leads)
    criterion = leads[pick % len(leads)]
    weights = {c: 100 * share for c, share in first.weights.shares.items()}
    weights[criterion] *= factor
    second = evaluate(scenario_from_dict({**data, "weights": weights}), draws=50)
    assert second.feasible == feasible  # weights never change what is feasible
    if second.recommendation != winner:  # only an exact tie may change the name
        scores = {o: second.options[o].score for o in feasible}
        assert scores[second.recommendation] == pytest.approx(scores[winner], abs=1e-9)


@given(data=scenario_dicts())
@settings(max_examples=25)
def test_the_win_shares_and_tipping_points_are_sound_for_any_scenario(data):
    evaluation = evaluate(scenario_from_dict(data), draws=50)
    win = evaluation.sensitivity.win_shares
    if evaluation.feasible:
        assert sum(win[o] for o in evaluation.feasible) == pytest.approx(1.0)
    else:
        assert not any(win.values())
    for point in evaluation.sensitivity.tipping_points:
        assert point.value > 0 and math.isfinite(point.value)
    for found in evaluation.sensitivity.ranges:
        assert found.low <= found.share + 1e-12 and found.share <= found.high + 1e-12
    assert np.isfinite(evaluation.tornado.base_difference_usd)


@given(data=scenario_dicts())
@SETTINGS
def test_a_device_is_a_near_miss_exactly_when_it_runs_above_80_percent_of_memory_or_units(data):
    evaluation = evaluate(scenario_from_dict(data), draws=20)
    for option, result in evaluation.options.items():
        local = result.deployment.local
        if local is None or not local.runs_model:
            continue
        if {"model_fit", "load", "latency"} & blockers(evaluation, option):
            continue  # a device that falls short is a blocker, not a near miss
        device = local.choice.closest
        expect_memory = device.fit.share_used > 0.8
        # Servers at a site near the most a site holds (spares apart); a device running its
        # own model is one unit by definition.
        servers = device.units_per_site - device.plan.spare_units
        expect_load = (
            device.placement == "site_server" and servers > 0.8 * device.max_units_per_site
        )
        assert bool(near_misses(evaluation, option, "model_fit")) == expect_memory, option
        assert bool(near_misses(evaluation, option, "load")) == expect_load, option


@given(data=scenario_dicts())
@settings(max_examples=12)
def test_the_hybrid_shown_is_the_best_scoring_feasible_pattern_as_each_would_score_pinned(data):
    data["hybrid"] = {**data.get("hybrid", {}), "pattern": "auto"}
    scenario = scenario_from_dict(data)
    choice = evaluate(scenario, draws=20, volume_search=False).hybrid
    applicable = [o.pattern for o in choice.outcomes if o.applicable]
    runs = {}
    for pattern in applicable:
        hybrid = evaluate(pinned(scenario, pattern), draws=20, volume_search=False)
        runs[pattern] = hybrid.options["hybrid"].score, hybrid.options["hybrid"].feasible
    feasible = [p for p in applicable if runs[p][1]]
    assert choice.pattern == max(feasible or applicable, key=lambda p: runs[p][0])
    for outcome in choice.outcomes:
        if outcome.applicable:
            assert outcome.score == pytest.approx(runs[outcome.pattern][0])
            assert outcome.feasible == runs[outcome.pattern][1]
        else:
            assert outcome.score is None and outcome.not_applicable


def at_volume(data: dict, requests_per_month: float):
    return scenario_from_dict(
        {**data, "workload": {**data["workload"], "requests_per_month": requests_per_month}}
    )


def check_volume_points(data: dict) -> int:
    """Each volume at which the evaluation says the recommendation changes, checked with full
    evaluations 3 % to either side; the number of points checked."""
    evaluation = evaluate(scenario_from_dict(data), draws=20)
    today = data["workload"]["requests_per_month"]
    points = [p for p in evaluation.sensitivity.tipping_points if p.kind == "volume_recommendation"]
    for point in points:
        before, after = (point.value * 0.97, point.value * 1.03)
        if point.value < today:
            before, after = after, before
        named = re.search(
            r"from (\w+(?: \w+)*?) to (\w+(?: \w+)*?) (?:above|below)", point.sentence
        )
        assert named, point.sentence
        for volume, label in ((before, named[1]), (after, named[2])):
            shown = evaluate(at_volume(data, volume), draws=20, volume_search=False).recommendation
            assert (OPTION_LABELS[shown] if shown else "no feasible option") == label, (
                f"{point.sentence} but at {volume:,.0f} requests a month the recommendation is "
                f"{shown}"
            )
    return len(points)


@given(data=scenario_dicts())
@settings(max_examples=25)
def test_a_volume_at_which_the_recommendation_changes_is_where_a_full_evaluation_changes(data):
    check_volume_points(data)


def test_a_volume_tipping_point_names_the_hybrid_pattern_the_full_evaluation_would_choose():
    # Twelve-megapixel photos at 30 sites: Cloud today; at some 17 times the volume a hybrid
    # with another pattern than today's wins, before Edge would with today's pattern.
    data = {
        "name": "12 MP inspection at 30 sites",
        "requirements": {
            "max_latency_ms": 2000,
            "offline": "preferred",
            "data_leaving": "raw",
            "data_sensitivity": "internal",
            "model_updates_per_year": 12,
            "devices": 60,
            "sites": 30,
            "demand": "seasonal",
            "failure_mode": "can_wait",
        },
        "workload": {
            "kind": "vision",
            "requests_per_month": 900_000,
            "growth_pct_per_month": 2,
            "peak_to_average": 2,
            "input_kb": 4000,
            "image_megapixels": 12,
            "output_kb": 2,
        },
        "model": {"params_billion": 0.3, "precision": "fp16"},
        "horizon_months": 60,
    }
    assert check_volume_points(data) == 1


@SETTINGS
@given(scenario_dicts())
def test_the_same_model_scores_the_clouds_headroom_more_in_the_cloud_than_on_a_device(data):
    # The full model on an 8 x H100 machine and on the device chosen for it: both lose the same
    # points for its precision and size, so only the cloud's headroom sets them apart.
    data["cloud"] = {"pricing": "gpu_hour", "gpu_instance": "aws_p5_48xlarge"}
    data["hybrid"] = {"pattern": "auto"}
    evaluation = evaluate(scenario_from_dict(data), draws=5, volume_search=False, hints=False)
    edge, cloud = (evaluation.options[o].deployment for o in ("edge", "cloud"))
    assessment = edge.local.assessment
    assume(cloud.cloud.fit.fits and assessment is not None and assessment.fit.fits)
    assume(assessment.fit.share_used <= 0.8)
    score = {o: evaluation.options[o].criteria["models"].score for o in ("edge", "cloud")}
    assert score["cloud"] - score["edge"] == pytest.approx(5.0)
