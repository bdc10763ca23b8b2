"""The scaling and operations criteria: continuous, bounded penalties for capacity sized for the
peak, a cost for every site to look after, sentences worded for the verdict their score gets,
and inputs behind every score."""

from __future__ import annotations

import math
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.engine.criteria import (
    CostReference,
    CostSummary,
    cost_criterion,
    cost_points,
    is_good,
    operations_criterion,
    scaling_criterion,
    score_criteria,
)
from scoring.engine.evaluate import Evaluation, evaluate
from scoring.engine.latency import LatencyPart, LatencyPath, OptionLatency
from scoring.io.presets import bundled_presets, preset_by_id
from scoring.model.scenario import Scenario
from scoring.model.vocabulary import CRITERIA, OPTIONS

PRESET_IDS = [preset.id for preset in bundled_presets()]
DEMANDS = ("steady", "seasonal", "spiky")


# The hybrid pattern each preset's hybrid is read with below: each kind of capacity once.
PATTERN_READ = {
    "factory_qc_camera": "local_detect_cloud_trends",
    "clinic_letter_summaries": "anonymize_then_send",
    "smart_home_voice": "escalate_hard_cases",
    "batch_document_ocr": "queue_and_sync",
}


@cache
def evaluated(preset_id: str, pricing: str = "") -> Evaluation:
    scenario = preset_by_id(preset_id).scenario
    if preset_id in PATTERN_READ:
        hybrid = scenario.hybrid.model_copy(update={"pattern": PATTERN_READ[preset_id]})
        scenario = scenario.model_copy(update={"hybrid": hybrid})
    if pricing:
        cloud = scenario.cloud.model_copy(update={"pricing": pricing})
        scenario = scenario.model_copy(update={"cloud": cloud})
    return evaluate(scenario, draws=20, volume_search=False)


def shaped(
    scenario: Scenario, peak: float, growth_pct: float = 0.0, demand: str = "steady"
) -> Scenario:
    workload = scenario.workload.model_copy(
        update={"peak_to_average": peak, "growth_pct_per_month": growth_pct}
    )
    requirements = scenario.requirements.model_copy(update={"demand": demand})
    return scenario.model_copy(update={"workload": workload, "requirements": requirements})


def scaling(preset_id: str, option: str, peak: float, growth_pct=0.0, demand="steady", pricing=""):
    evaluation = evaluated(preset_id, pricing)
    deployment = evaluation.options[option].deployment
    return scaling_criterion(deployment, shaped(evaluation.scenario, peak, growth_pct, demand))


# (preset, option, cloud pricing) for every kind of capacity sized for the peak: an owned
# fleet, GPU hours in the cloud, and each hybrid pattern's devices or cloud part.
SIZED_FOR_THE_PEAK = [
    ("factory_qc_camera", "edge", ""),
    ("factory_qc_camera", "hybrid", ""),  # local detection, cloud trends
    ("clinic_letter_summaries", "hybrid", ""),  # anonymise, then send
    ("smart_home_voice", "hybrid", ""),  # escalate hard cases
    ("smart_home_voice", "hybrid", "gpu_hour"),
    ("batch_document_ocr", "hybrid", "gpu_hour"),  # queue and sync, GPU hours
    ("batch_document_ocr", "cloud", "gpu_hour"),
]
# Capacity priced per use follows demand: a queueing hybrid and the cloud, usage-priced.
FOLLOWS_DEMAND = [("batch_document_ocr", "hybrid", ""), ("batch_document_ocr", "cloud", "")]
CAPACITIES = SIZED_FOR_THE_PEAK + FOLLOWS_DEMAND


@pytest.mark.parametrize(("preset_id", "option", "pricing"), CAPACITIES)
@given(
    low=st.floats(1, 50),
    ratio=st.floats(1, 20),
    growth_pct=st.floats(-10, 20),
    demand=st.sampled_from(DEMANDS),
)
@settings(max_examples=30)
def test_a_higher_peak_never_scores_better_and_the_score_stays_0_to_100(
    preset_id, option, pricing, low, ratio, growth_pct, demand
):
    calm = scaling(preset_id, option, low, growth_pct, demand, pricing).score
    peaky = scaling(preset_id, option, low * ratio, growth_pct, demand, pricing).score
    assert 0 <= peaky <= calm <= 100


@pytest.mark.parametrize(("preset_id", "option", "pricing"), CAPACITIES)
@given(peak=st.floats(1, 50), low=st.floats(-10, 20), step=st.floats(0, 10))
@settings(max_examples=30)
def test_more_growth_never_scores_better(preset_id, option, pricing, peak, low, step):
    slow = scaling(preset_id, option, peak, low, "seasonal", pricing).score
    fast = scaling(preset_id, option, peak, low + step, "seasonal", pricing).score
    assert fast <= slow


@pytest.mark.parametrize(("preset_id", "option", "pricing"), CAPACITIES)
@given(peak=st.floats(1, 10), nudge=st.floats(1.0, 1.01))
@settings(max_examples=30)
def test_the_peak_penalty_has_no_cliff(preset_id, option, pricing, peak, nudge):
    # A 1 % higher peak costs at most a fraction of a point, wherever the peak starts.
    before = scaling(preset_id, option, peak, pricing=pricing).score
    after = scaling(preset_id, option, peak * nudge, pricing=pricing).score
    assert before - after <= 17.0 * math.log(nudge) + 1e-9


@pytest.mark.parametrize(("preset_id", "option", "pricing"), SIZED_FOR_THE_PEAK)
def test_capacity_sized_for_the_peak_counts_the_peak_the_growth_and_the_kind_of_demand(
    preset_id, option, pricing
):
    base = scaling(preset_id, option, 2.0, 0.0, "steady", pricing).score
    assert scaling(preset_id, option, 4.0, 0.0, "steady", pricing).score < base
    assert scaling(preset_id, option, 2.0, 2.0, "steady", pricing).score < base
    assert scaling(preset_id, option, 2.0, 0.0, "spiky", pricing).score < base


@pytest.mark.parametrize(("preset_id", "option", "pricing"), FOLLOWS_DEMAND)
def test_capacity_priced_per_use_follows_any_peak(preset_id, option, pricing):
    calm = scaling(preset_id, option, 1.0, 0.0, "steady", pricing)
    wild = scaling(preset_id, option, 50.0, 20.0, "spiky", pricing)
    assert wild.score == calm.score and is_good(wild.score)


@pytest.mark.parametrize(("preset_id", "option", "pricing"), CAPACITIES)
@pytest.mark.parametrize("peak", [1.0, 1.5, 2.5, 4.0, 12.0])
@pytest.mark.parametrize("demand", DEMANDS)
def test_a_scaling_sentence_leads_with_what_its_verdict_says(
    preset_id, option, pricing, peak, demand
):
    # The record files a score from 70 under "Good, because ...": its sentence must not open
    # with idle capacity, and a lower score's sentence must open with it.
    found = scaling(preset_id, option, peak, 1.0, demand, pricing)
    leading = found.sentence.split(", while ")[0]
    if is_good(found.score):
        assert "idle" not in leading, found.sentence
    else:
        assert "idle" in leading, found.sentence


def test_a_fleet_sized_for_a_2_5x_peak_is_not_good_scaling():
    found = scaling("factory_qc_camera", "edge", 2.5)
    assert not is_good(found.score)
    assert "2.5x peak" in found.sentence and "partly idle" in found.sentence


def operations(scenario: Scenario, option: str, sites: int, units: float):
    evaluation = evaluated("factory_qc_camera")
    requirements = scenario.requirements.model_copy(update={"devices": 16, "sites": sites})
    deployment = evaluation.options[option].deployment
    if deployment.local is not None:
        deployment = replace(deployment, local=replace(deployment.local, sites=sites))
    cost = CostSummary(total_usd=1e5, total_requests=1e6, fleet_units=units, staff_fte=0.3)
    return operations_criterion(
        deployment, cost, scenario.model_copy(update={"requirements": requirements})
    )


@pytest.mark.parametrize("option", ["edge", "hybrid"])
def test_sixteen_units_at_one_site_are_less_work_than_one_unit_at_each_of_sixteen_sites(option):
    scenario = evaluated("factory_qc_camera").scenario
    one_site = operations(scenario, option, 1, 16)
    sixteen_sites = operations(scenario, option, 16, 16)
    assert one_site.score > sixteen_sites.score
    assert sixteen_sites.inputs["sites"] == "16"
    assert "16 devices at 16 sites" in sixteen_sites.sentence


def test_the_cloud_has_no_sites_to_run():
    scenario = evaluated("factory_qc_camera").scenario
    few, many = operations(scenario, "cloud", 1, 0), operations(scenario, "cloud", 500, 0)
    assert few.score == many.score
    assert "site" not in many.sentence


def test_customer_homes_are_no_sites_the_operator_runs():
    evaluation = evaluated("smart_home_voice")
    found = evaluation.options["hybrid"].criteria["operations"]
    assert "site" not in found.sentence and "customers' homes" in found.inputs["sites"]


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_every_criterion_score_of_every_option_carries_its_inputs(preset_id):
    evaluation = evaluated(preset_id)
    for option in OPTIONS:
        for c in CRITERIA:
            assert evaluation.options[option].criteria[c].inputs, (option, c)


@pytest.mark.parametrize(
    "change",
    [
        {"workload": {"requests_per_month": 0}},  # cost undefined
        {"model": {"params_billion": 1000}},  # fits no cloud GPU
    ],
    ids=["no requests", "too big for the cloud GPU"],
)
def test_the_corner_cases_of_a_criterion_carry_inputs_too(change):
    scenario = preset_by_id("batch_document_ocr").scenario
    updates = {
        section: getattr(scenario, section).model_copy(update=values)
        for section, values in change.items()
    }
    evaluation = evaluate(scenario.model_copy(update=updates), draws=20, volume_search=False)
    for option in OPTIONS:
        for c in CRITERIA:
            assert evaluation.options[option].criteria[c].inputs, (option, c)


def test_an_overloaded_option_says_what_its_latency_score_rests_on():
    # The engine sizes fleets and machines for the peak, so only a queue that is given no room
    # grows without bound.
    result = evaluated("factory_qc_camera").options["edge"]
    queue = LatencyPart("queueing at peak", math.inf, math.inf, "1 server at 120 % utilisation")
    overloaded = OptionLatency((LatencyPath("local", 1.0, (queue,)),))
    scores = score_criteria(
        result.deployment,
        overloaded,
        result.resilience,
        result.cost_summary,
        CostReference("Edge", result.cost_summary.per_1k_requests_usd),
        evaluated("factory_qc_camera").scenario,
    )
    assert scores["latency"].score == 0
    assert scores["latency"].inputs["p95"] == "unbounded"


# --- cost: read against the cheapest feasible option -------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "points"), [(1.0, 100.0), (0.5, 100.0), (1.25, 80.0), (2.0, 50.0), (4.6, 100 / 4.6)]
)
def test_cost_points_follow_the_ratio_to_the_cheapest_feasible_option(ratio, points):
    assert cost_points(ratio * 3.0, 3.0) == pytest.approx(points)


@given(cheapest=st.floats(1e-3, 1e6), a=st.floats(1, 100), b=st.floats(1, 100))
def test_a_dearer_option_never_scores_more_on_cost(cheapest, a, b):
    low, high = sorted((a, b))
    assert cost_points(high * cheapest, cheapest) <= cost_points(low * cheapest, cheapest)
    assert 0 <= cost_points(high * cheapest, cheapest) <= 100


def test_an_option_several_times_dearer_cannot_pass_for_cost_neutral():
    """A 400-camera factory: edge 4.6 times the cloud's cost loses 78 of 100 cost points, which
    at a 15 % weight is more than the 0.9-point margin it used to win by."""
    cost = CostSummary(total_usd=1.64e6, total_requests=3e9, fleet_units=400, staff_fte=1)
    cheaper = CostReference("Cloud", 359e3 / 3e9 * 1000)
    score = cost_criterion(cost, cheaper)
    assert score.score == pytest.approx(100 * 359 / 1640, rel=1e-3)
    assert 0.15 * (100 - score.score) > 0.9
    assert "4.57 times the cheapest feasible option (Cloud, $0.120)" in score.sentence
    assert score.inputs["ratio"] == "4.57x"


def test_the_cheapest_feasible_option_says_so_and_takes_full_marks():
    cost = CostSummary(total_usd=1e5, total_requests=1e6, fleet_units=0, staff_fte=0.3)
    score = cost_criterion(cost, CostReference("Cloud", 100.0))
    assert score.score == 100
    assert score.sentence == (
        "$100 per 1,000 requests over the horizon, all costs included: the cheapest "
        "feasible option."
    )


def test_the_cost_criterion_of_an_evaluation_is_read_against_its_cheapest_feasible_option():
    evaluation = evaluated("batch_document_ocr")
    feasible = [evaluation.options[o] for o in evaluation.feasible]
    cheapest = min(r.cost_per_1k_requests_usd for r in feasible)
    for result in evaluation.options.values():
        expected = min(100.0, 100 * cheapest / result.cost_per_1k_requests_usd)
        assert result.criteria["cost"].score == pytest.approx(expected), result.option


def test_a_ruled_out_option_cheaper_than_every_feasible_one_is_not_called_the_cheapest_feasible():
    evaluation = evaluated("law_firm_documents")  # only edge keeps the data inside
    edge_per_1k = evaluation.options["edge"].cost_per_1k_requests_usd
    undercut = False
    for result in evaluation.options.values():
        sentence = result.criteria["cost"].sentence
        if result.feasible:
            assert "below the cheapest feasible option" not in sentence
        elif result.cost_per_1k_requests_usd < edge_per_1k:
            undercut = True
            assert "below the cheapest feasible option (Edge" in sentence, result.option
            assert "the cheapest feasible option." not in sentence
    assert undercut  # the hosted model is cheaper than the firm's own workstations
