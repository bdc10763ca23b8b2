"""The recommendation: each hard constraint, the weights and how robust the winner is to them.
Properties of `evaluate()` over the whole scenario space are in
tests/integration/test_evaluate_properties.py."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from scenarios import beyond_every_site, scenario_dicts

from scoring.catalog import default_catalog
from scoring.engine.evaluate import Evaluation, evaluate
from scoring.engine.memory import GB_PER_MEMORY_GB
from scoring.engine.sensitivity import volume_tipping_points, weighted_totals
from scoring.engine.weights import BASE_WEIGHTS, resolve_weights
from scoring.io.presets import bundled_presets, preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.model.scenario import Scenario
from scoring.model.units import percent, usd
from scoring.model.vocabulary import CRITERIA, HYBRID_PATTERNS, OPTION_LABELS, OPTIONS
from scoring.report.contract import evaluation_json, evaluation_table

CATALOG = default_catalog()
PRESET_IDS = [preset.id for preset in bundled_presets()]


def scenario(**sections) -> Scenario:
    return scenario_from_dict({"name": "Constraint test", **sections})


# --- weights pinned to the resolved ones ---------------------------------------------------


def test_pinning_the_resolved_weights_reproduces_the_same_scores():
    s = preset_by_id("batch_document_ocr").scenario
    first = evaluate(s, draws=50)
    weights = {c: 100 * share for c, share in first.weights.shares.items()}
    second = evaluate(s.model_copy(update={"weights": weights}), draws=50)
    for option in OPTIONS:
        assert second.options[option].score == pytest.approx(first.options[option].score)


# --- each hard constraint ------------------------------------------------------------------


def blockers(evaluation: Evaluation, option: str) -> set[str]:
    return {b.constraint for b in evaluation.options[option].blockers}


def test_offline_required_rules_out_cloud():
    evaluation = evaluate(scenario(requirements={"offline": "required"}), draws=50)
    assert "offline" in blockers(evaluation, "cloud")
    assert "offline" not in blockers(evaluation, "edge")


@pytest.mark.parametrize("pattern", ["anonymize_then_send", "queue_and_sync"])
def test_offline_required_rules_out_a_hybrid_that_infers_in_the_cloud(pattern):
    s = scenario(requirements={"offline": "required"}, hybrid={"pattern": pattern})
    assert "offline" in blockers(evaluate(s, draws=50), "hybrid")


@pytest.mark.parametrize(
    "pattern",
    ["local_detect_cloud_trends", "safety_local_reporting_central", "escalate_hard_cases"],
)
def test_offline_required_keeps_a_hybrid_that_answers_locally(pattern):
    s = scenario(requirements={"offline": "required"}, hybrid={"pattern": pattern})
    assert "offline" not in blockers(evaluate(s, draws=50), "hybrid")


def test_offline_preferred_is_a_warning_for_cloud_not_a_blocker():
    evaluation = evaluate(scenario(requirements={"offline": "preferred"}), draws=50)
    assert "offline" not in blockers(evaluation, "cloud")
    assert any(w.constraint == "offline" for w in evaluation.options["cloud"].warnings)


@pytest.mark.parametrize("pattern", HYBRID_PATTERNS)
def test_no_data_leaving_rules_out_cloud_and_every_hybrid(pattern):
    s = scenario(requirements={"data_leaving": "none"}, hybrid={"pattern": pattern})
    evaluation = evaluate(s, draws=50)
    assert "data_leaving" in blockers(evaluation, "cloud")
    assert "data_leaving" in blockers(evaluation, "hybrid")
    assert "data_leaving" not in blockers(evaluation, "edge")


@pytest.mark.parametrize(
    ("pattern", "ruled_out"),
    [
        ("escalate_hard_cases", True),
        ("anonymize_then_send", True),
        ("queue_and_sync", True),
        ("local_detect_cloud_trends", False),
        ("safety_local_reporting_central", False),
    ],
)
def test_results_only_rules_out_cloud_and_hybrids_that_send_inputs(pattern, ruled_out):
    s = scenario(requirements={"data_leaving": "results_only"}, hybrid={"pattern": pattern})
    evaluation = evaluate(s, draws=50)
    assert "data_leaving" in blockers(evaluation, "cloud")
    assert ("data_leaving" in blockers(evaluation, "hybrid")) == ruled_out
    message = next(b.message for b in evaluation.options["cloud"].blockers)
    assert "raw inputs" in message and "only results may leave" in message


def test_anonymized_allows_the_anonymising_hybrid_but_not_raw_cloud():
    s = scenario(
        requirements={"data_leaving": "anonymized"}, hybrid={"pattern": "anonymize_then_send"}
    )
    evaluation = evaluate(s, draws=50)
    assert "data_leaving" in blockers(evaluation, "cloud")
    assert "data_leaving" not in blockers(evaluation, "hybrid")


def test_a_model_that_fits_no_device_rules_out_edge():
    s = scenario(
        requirements={"max_latency_ms": 600_000_000},
        model={"params_billion": 500, "precision": "fp16"},
    )
    evaluation = evaluate(s, draws=50)
    assert "model_fit" in blockers(evaluation, "edge")
    fit = next(b for b in evaluation.options["edge"].blockers if b.constraint == "model_fit")
    assert "needs 1,050.5 GB" in fit.message  # 1,000 GB of weights + 5 % + 0.5 GB runtime
    # The largest is the one with most memory for one model: a multi-GPU server's counts all
    # its GPUs; customers' own phones and laptops are not the company's to deploy.
    company = [d for d in CATALOG.all("devices") if d.grade != "consumer"]
    roomiest = max(company, key=lambda d: d.memory_gb * d.accelerator_count)
    assert f"the largest catalog device, {roomiest.name}" in fit.message
    usable_gb = float(fit.message.split("offers ")[1].split(" GB")[0].replace(",", ""))
    assert usable_gb < 1_050.5
    assert "quantised" in fit.relax


@pytest.mark.parametrize(
    ("precision", "suggested"),
    [("fp16", "(int8 or int4)"), ("int8", "(int4)"), ("int4", "already int4")],
)
def test_a_model_that_fits_no_device_is_told_only_of_the_precisions_that_would_shrink_it(
    precision, suggested
):
    # The largest model a scenario may have: no device holds it at any precision.
    s = scenario(model={"params_billion": 10_000, "precision": precision})
    fit = next(
        b for b in evaluate(s, draws=5).options["edge"].blockers if b.constraint == "model_fit"
    )
    assert suggested in fit.relax
    assert ("quantised" in fit.relax) == (precision != "int4")


def test_a_p95_an_option_cannot_reach_rules_it_out():
    # The default model answers in under a millisecond in the device; a tenth is out of reach.
    evaluation = evaluate(scenario(requirements={"max_latency_ms": 0.1}), draws=50)
    for option in OPTIONS:
        assert "latency" in blockers(evaluation, option), option
    assert evaluation.recommendation is None


def test_a_near_miss_within_20_percent_is_a_warning_not_a_blocker():
    base = scenario(requirements={"max_latency_ms": 10_000})
    cloud_p95 = evaluate(base, draws=50).options["cloud"].latency_p95_ms
    near = scenario(requirements={"max_latency_ms": 1.1 * cloud_p95})
    cloud = evaluate(near, draws=50).options["cloud"]
    assert cloud.latency_p95_ms == pytest.approx(cloud_p95)
    assert "latency" not in {b.constraint for b in cloud.blockers}
    warning = next(w for w in cloud.warnings if w.constraint == "latency")
    assert warning.message.startswith("Near miss")
    far = evaluate(scenario(requirements={"max_latency_ms": 2 * cloud_p95}), draws=50)
    assert not [w for w in far.options["cloud"].warnings if w.constraint == "latency"]
    over = evaluate(scenario(requirements={"max_latency_ms": 0.9 * cloud_p95}), draws=50)
    assert "latency" in blockers(over, "cloud")


def test_with_nothing_feasible_the_cost_scores_compare_with_the_cheapest_and_say_none_is_feasible():
    evaluation = evaluate(scenario(requirements={"max_latency_ms": 0.1}), draws=50)
    assert evaluation.recommendation is None
    sentences = [r.criteria["cost"].sentence for r in evaluation.options.values()]
    assert not any("feasible option" in sentence for sentence in sentences)
    assert all("the cheapest option (none is feasible)" in sentence for sentence in sentences)


def test_results_needed_centrally_rules_out_edge():
    evaluation = evaluate(scenario(requirements={"results_needed_centrally": True}), draws=50)
    assert "central_results" in blockers(evaluation, "edge")
    assert "central_results" not in blockers(evaluation, "hybrid")
    assert "central_results" not in blockers(evaluation, "cloud")


def test_when_nothing_is_feasible_the_evaluation_says_so_and_names_a_change():
    s = scenario(
        requirements={"offline": "required", "data_leaving": "none"},
        model={"params_billion": 500, "precision": "fp16"},
    )
    evaluation = evaluate(s, draws=50)
    assert evaluation.recommendation is None
    assert evaluation.feasible == ()
    assert "No option" in evaluation.reason
    assert evaluation.relaxations
    for relaxation in evaluation.relaxation_changes:
        # Either checked by the engine, or said to need a change it cannot try.
        if relaxation.verified:
            assert "would become feasible if you" in relaxation.sentence
        else:
            assert "a change the engine cannot try for you" in relaxation.sentence
    joined = " ".join(evaluation.relaxations)
    assert "quantised" in joined  # edge: a smaller or more quantised model
    assert "data_leaving" in joined  # cloud and hybrid: let data leave
    assert evaluation_json(evaluation)["recommendation"] is None


ACTION_VERBS = {"make", "allow", "drop", "choose", "raise", "pin", "use", "reduce", "lower"}
ACTION_VERBS |= {"quantise", "quantize", "switch", "add", "spread", "move", "accept", "relax"}
ACTION_VERBS |= {"shrink", "split", "let", "send", "buy", "deploy", "run", "pick", "cut"}


def test_every_relaxation_tells_the_user_what_to_do():
    cases = [
        scenario(
            requirements={"offline": "required", "data_leaving": "none"},
            model={"params_billion": 500, "precision": "fp16"},
        ),
        scenario(
            **beyond_every_site(
                {
                    "requirements": {
                        "offline": "required",
                        "data_leaving": "none",
                        "max_latency_ms": 100_000,
                    },
                    "workload": {"kind": "vision"},
                    "model": {"params_billion": 10, "precision": "int8"},
                }
            )
        ),
    ]
    for s in cases:
        evaluation = evaluate(s, draws=20)
        assert evaluation.relaxations
        for relaxation in evaluation.relaxations:
            if " if you " in relaxation:
                changes = relaxation.split(" if you ", 1)[1].rstrip(".").split("; and ")
            else:
                changes = relaxation.split("cannot try for you: ", 1)[1].rstrip(".").split("; ")
            for change in changes:
                assert change.split()[0] in ACTION_VERBS, relaxation


def test_a_lone_feasible_option_is_recommended_with_the_reasons_the_others_fell():
    s = scenario(requirements={"data_leaving": "none"}, model={"params_billion": 0.011})
    evaluation = evaluate(s, draws=50)
    assert evaluation.feasible == ("edge",)
    assert evaluation.recommendation == "edge"
    assert "only option" in evaluation.reason and "data leaving" in evaluation.reason


# --- weights --------------------------------------------------------------------------------


def shares(**requirements) -> dict[str, float]:
    return resolve_weights(scenario(requirements=requirements)).shares


def test_default_weights_are_the_base_weights_normalised():
    found = shares()  # defaults: degrade, offline not needed, internal data, 1 device
    total = sum(BASE_WEIGHTS.values())
    for criterion, weight in BASE_WEIGHTS.items():
        assert found[criterion] == pytest.approx(weight / total)


def test_a_safety_critical_failure_mode_raises_the_latency_and_offline_shares():
    safety, degrade = shares(failure_mode="safety_critical"), shares(failure_mode="degrade")
    assert safety["latency"] > degrade["latency"]
    assert safety["offline"] > degrade["offline"]
    assert safety["cost"] < degrade["cost"]


def test_results_that_can_wait_lower_the_latency_and_offline_shares():
    wait, degrade = shares(failure_mode="can_wait"), shares(failure_mode="degrade")
    assert wait["latency"] < degrade["latency"]
    assert wait["offline"] < degrade["offline"]


def test_regulated_data_raises_the_privacy_share():
    assert shares(data_sensitivity="regulated")["privacy"] > shares()["privacy"]
    assert shares(data_sensitivity="public")["privacy"] < shares()["privacy"]


def test_a_fleet_of_1000_devices_raises_the_updates_and_operations_shares():
    large, small = shares(devices=1000), shares(devices=999)
    assert large["updates"] > small["updates"]
    assert large["operations"] > small["operations"]
    reasons = resolve_weights(scenario(requirements={"devices": 1000})).reasons
    assert any("1,000 devices" in r for r in reasons)


def test_pinned_weights_override_the_derived_ones():
    s = scenario(requirements={"failure_mode": "safety_critical"}, weights={"cost": 60})
    weights = resolve_weights(s)
    derived = weights.derived
    total = 60 + sum(derived[c] for c in CRITERIA if c != "cost")
    assert weights.shares["cost"] == pytest.approx(60 / total)
    assert weights.shares["latency"] == pytest.approx(derived["latency"] / total)
    assert weights.pinned == frozenset({"cost"})


def test_pinning_every_weight_uses_exactly_those_proportions():
    pinned = {c: float(i + 1) for i, c in enumerate(CRITERIA)}
    weights = resolve_weights(scenario(weights=pinned))
    for criterion, value in pinned.items():
        assert weights.shares[criterion] == pytest.approx(value / 36)


def test_a_criterion_pinned_to_zero_does_not_count():
    s = preset_by_id("batch_document_ocr").scenario.model_copy(update={"weights": {"cost": 0}})
    evaluation = evaluate(s, draws=50)
    assert evaluation.weights.shares["cost"] == 0
    for result in evaluation.options.values():
        expected = sum(evaluation.weights.shares[c] * result.criteria[c].score for c in CRITERIA)
        assert result.score == pytest.approx(expected)


@given(data=scenario_dicts())
@settings(max_examples=100)
def test_weight_shares_sum_to_1_and_are_never_negative(data):
    weights = resolve_weights(scenario_from_dict(data))
    assert sum(weights.shares.values()) == pytest.approx(1.0)
    assert all(share >= 0 for share in weights.shares.values())
    for criterion, value in data.get("weights", {}).items():
        total = sum(data["weights"].get(c, weights.derived[c]) for c in CRITERIA)
        assert weights.shares[criterion] == pytest.approx(value / total)


# --- sensitivity ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ocr() -> Evaluation:
    evaluation = evaluate(preset_by_id("batch_document_ocr").scenario, draws=200)
    assert len(evaluation.feasible) >= 2
    return evaluation


@pytest.fixture(scope="module")
def chat() -> Evaluation:
    """Cloud and hybrid both feasible, and the cheaper of them changes with the volume (the
    smart speaker's hybrid, escalating hard cases, against the cloud)."""
    scenario = preset_by_id("smart_home_voice").scenario
    hybrid = scenario.hybrid.model_copy(update={"pattern": "escalate_hard_cases"})
    return evaluate(scenario.model_copy(update={"hybrid": hybrid}), draws=200)


@pytest.fixture(scope="module")
def camera() -> Evaluation:
    evaluation = evaluate(preset_by_id("factory_qc_camera").scenario, draws=200)
    assert evaluation.feasible == ("edge", "hybrid")
    return evaluation


def moved_weights(evaluation: Evaluation, criterion: str, share: float) -> dict[str, float]:
    """The weights with one criterion set to `share` and the others scaled in proportion."""
    current = evaluation.weights.shares
    rest = (1 - share) / (1 - current[criterion])
    return {c: 100 * (share if c == criterion else current[c] * rest) for c in CRITERIA}


@pytest.mark.parametrize("preset", ["ocr", "camera"])
def test_every_weight_range_contains_the_current_weight(preset, request):
    evaluation = request.getfixturevalue(preset)
    assert len(evaluation.sensitivity.ranges) == len(CRITERIA)
    for found in evaluation.sensitivity.ranges:
        assert 0 <= found.low <= found.share <= found.high <= 1, found
        assert found.share == pytest.approx(evaluation.weights.shares[found.criterion])


@pytest.mark.parametrize("preset", ["ocr", "camera"])
def test_just_outside_a_weight_range_the_named_rival_wins(preset, request):
    evaluation = request.getfixturevalue(preset)
    winner = evaluation.recommendation
    flips = 0
    for found in evaluation.sensitivity.ranges:
        for bound, rival, step in (
            (found.high, found.above, 1e-4),
            (found.low, found.below, -1e-4),
        ):
            if rival is None:
                continue
            flips += 1
            weights = moved_weights(evaluation, found.criterion, bound + step)
            again = evaluate(evaluation.scenario.model_copy(update={"weights": weights}), draws=50)
            assert again.recommendation == rival, (found.criterion, bound)
            inside = moved_weights(evaluation, found.criterion, bound - step)
            scores = {o: evaluation.options[o].criteria for o in OPTIONS}
            totals = weighted_totals(
                {o: {c: s[c].score for c in CRITERIA} for o, s in scores.items()},
                {c: w / 100 for c, w in inside.items()},
            )
            assert max(evaluation.feasible, key=totals.get) == winner
    assert flips >= 1  # the presets are close calls: some weight must flip them


def test_the_nearest_flip_sentence_names_a_rival_and_a_weight(camera):
    sentence = camera.sensitivity.nearest_flip
    assert sentence.startswith("Hybrid would win if the")
    assert "weight" in sentence and "%" in sentence


@pytest.mark.parametrize("preset", ["ocr", "camera"])
def test_random_weighting_win_shares_sum_to_1_over_the_feasible_options(preset, request):
    evaluation = request.getfixturevalue(preset)
    shares_ = evaluation.sensitivity.win_shares
    assert sum(shares_[o] for o in evaluation.feasible) == pytest.approx(1.0)
    for option in OPTIONS:
        if option not in evaluation.feasible:
            assert shares_[option] == 0


def test_tipping_point_volumes_are_positive_and_name_a_change(chat):
    volume_points = [p for p in chat.sensitivity.tipping_points if p.kind.startswith("volume")]
    assert volume_points
    base = chat.scenario.workload.requests_per_month
    for point in volume_points:
        assert point.value > 0 and math.isfinite(point.value)
        assert base / 100 <= point.value <= base * 100
        assert "changes from" in point.sentence


def cheapest_feasible_at(evaluation: Evaluation, volume: float) -> str | None:
    workload = evaluation.scenario.workload.model_copy(update={"requests_per_month": volume})
    s = evaluation.scenario.model_copy(update={"workload": workload})
    options = evaluate(s, draws=20, volume_search=False).options
    totals = {o: r.cost_total_usd for o, r in options.items() if r.feasible}
    return min(totals, key=totals.get) if totals else None


def test_the_cheapest_feasible_option_at_a_volume_tipping_point_changes_across_it(chat):
    cheapest_points = [p for p in chat.sensitivity.tipping_points if p.kind == "volume_cheapest"]
    assert cheapest_points
    point = cheapest_points[0]
    # Bisection narrows the change to about 2 %; fleets come in whole units, so costs jump and
    # a wider bracket can straddle another change.
    below = cheapest_feasible_at(chat, point.value * 0.97)
    above = cheapest_feasible_at(chat, point.value * 1.03)
    assert below != above
    today_side, far_side = (
        (below, above)
        if point.value > chat.scenario.workload.requests_per_month
        else (above, below)
    )
    assert f"from {OPTION_LABELS[today_side]} to {OPTION_LABELS[far_side]}" in point.sentence


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_a_cheapest_option_tipping_point_names_only_options_feasible_where_they_are_cheapest(
    preset_id,
):
    evaluation = evaluate(preset_by_id(preset_id).scenario, draws=20)
    base = evaluation.scenario.workload.requests_per_month
    for point in evaluation.sensitivity.tipping_points:
        if point.kind != "volume_cheapest":
            continue
        below = cheapest_feasible_at(evaluation, point.value * 0.97)
        above = cheapest_feasible_at(evaluation, point.value * 1.03)
        assert below is not None and above is not None, point.sentence
        named = {below, above}
        assert all(OPTION_LABELS[o] in point.sentence for o in named), point.sentence
        assert (point.value > base) == ("above" in point.sentence)


def test_law_firm_volume_says_once_that_no_option_is_left_and_names_no_ruled_out_option():
    # With the model kept on servers in each office, a large enough volume needs more servers
    # than an office holds. (Left to choose, the engine moves the model into each workstation.)
    # The firm is taken at a volume from which that point lies within the volume search.
    data = scenario_to_dict(preset_by_id("law_firm_documents").scenario)
    data["edge"]["placement"] = "site_server"
    too_much = beyond_every_site(data)["workload"]["requests_per_month"]
    data["workload"]["requests_per_month"] = too_much / 30
    s = scenario_from_dict(data)
    assert evaluate(s, draws=5, volume_search=False).recommendation == "edge"
    evaluation = evaluate(s, draws=20)
    volume_points = [
        p for p in evaluation.sensitivity.tipping_points if p.kind.startswith("volume")
    ]
    assert [p.kind for p in volume_points] == ["volume_recommendation"]
    assert "from Edge to no feasible option" in volume_points[0].sentence
    assert "Hybrid" not in volume_points[0].sentence


def fake_outcomes(changes: dict[float, tuple[str | None, str | None]]):
    """An outcome_at that returns the outcome of the last change at or below the factor."""

    def outcome_at(factor: float):
        return changes[max(f for f in changes if f <= factor)]

    return outcome_at


def test_a_change_of_the_cheapest_option_and_the_recommendation_together_is_said_once():
    outcome_at = fake_outcomes({0.0: ("edge", "edge"), 3.0: ("cloud", "cloud")})
    points = volume_tipping_points(outcome_at, 1000.0)
    assert len(points) == 1
    assert points[0].value == pytest.approx(3000.0, rel=0.03)
    assert "recommendation and the cheapest feasible option both change from Edge to Cloud" in (
        points[0].sentence
    )


def test_where_no_option_is_feasible_no_cheapest_option_is_named():
    outcome_at = fake_outcomes({0.0: ("edge", "edge"), 0.2: ("hybrid", "edge"), 5.0: (None, None)})
    points = volume_tipping_points(outcome_at, 1000.0)
    assert [p.kind for p in points] == ["volume_cheapest", "volume_recommendation"]
    below, above = points
    assert below.value < 1000 < above.value
    # Read from today's volume outwards: today Hybrid is cheapest, below 200 requests Edge.
    assert "changes from Hybrid to Edge below ~" in below.sentence
    assert "changes from Edge to no feasible option above ~" in above.sentence


def test_latency_tipping_points_say_where_an_option_becomes_feasible():
    evaluation = evaluate(scenario(requirements={"max_latency_ms": 0.1}), draws=50)
    latency_points = [p for p in evaluation.sensitivity.tipping_points if p.kind == "latency"]
    assert latency_points
    for point in latency_points:
        assert point.value > 0.1 and "becomes feasible" in point.sentence


# --- near misses on memory and load --------------------------------------------------------


def model_filling(share: float, device_id: str) -> Scenario:
    """A vision model pinned on a device, sized to take `share` of its usable memory."""
    general = CATALOG.general
    device = CATALOG.get("devices", device_id)
    klass = CATALOG.get("serving_classes", device.device_class)
    usable_gb = device.memory_gb * GB_PER_MEMORY_GB * klass.usable_memory_fraction
    # total = weights x (1 + overhead fraction) + the runtime's own memory
    runtime_gb = klass.runtime_memory_gb
    weights_gb = (share * usable_gb - runtime_gb) / (1 + general.runtime_overhead_fraction)
    bytes_per_parameter = CATALOG.get("formats", "int8").bits_per_weight / 8
    return scenario(
        requirements={"max_latency_ms": 600_000_000},
        workload={"kind": "vision", "requests_per_month": 1000},
        model={"params_billion": weights_gb / bytes_per_parameter, "precision": "int8"},
        edge={"device": device_id},
    )


def near_misses(evaluation: Evaluation, option: str, constraint: str) -> list[str]:
    return [w.message for w in evaluation.options[option].warnings if w.constraint == constraint]


@pytest.mark.parametrize("share", [0.85, 0.95])
def test_a_model_taking_over_80_percent_of_the_usable_memory_is_a_near_miss(share):
    device_id = "jetson_agx_orin_64gb"
    evaluation = evaluate(model_filling(share, device_id), draws=20)
    fit = evaluation.options["edge"].deployment.local.choice.closest.fit
    assert fit.share_used == pytest.approx(share)
    assert "model_fit" not in blockers(evaluation, "edge")
    (message,) = near_misses(evaluation, "edge", "model_fit")
    assert message.startswith("Near miss") and percent(fit.share_used) in message
    assert CATALOG.get("devices", device_id).name in message


def test_a_model_with_room_to_spare_is_no_near_miss_and_one_too_big_is_a_blocker():
    device_id = "jetson_agx_orin_64gb"
    roomy = evaluate(model_filling(0.5, device_id), draws=20)
    assert not near_misses(roomy, "edge", "model_fit")
    too_big = evaluate(model_filling(1.1, device_id), draws=20)
    assert "model_fit" in blockers(too_big, "edge")
    assert not near_misses(too_big, "edge", "model_fit")


def test_a_peak_load_close_to_the_units_a_site_holds_is_a_near_miss():
    # The support assistant's hybrid, pinned to escalation, answers most requests on GPU boxes
    # at its site; when a site holds no more boxes than its peak needs, the next rise in load
    # would not fit.
    data = scenario_to_dict(preset_by_id("customer_support_rag").scenario)
    data["hybrid"] = {**data.get("hybrid", {}), "pattern": "escalate_hard_cases"}
    planned = evaluate(scenario_from_dict(data), draws=5, volume_search=False)
    needed = planned.options["hybrid"].deployment.local.choice.closest.units_per_site
    assert needed > 1 and not near_misses(planned, "hybrid", "load")  # a site holds more
    data["assumptions"] = {"general.general.edge_units_per_site_max": needed}
    evaluation = evaluate(scenario_from_dict(data), draws=20)
    device = evaluation.options["hybrid"].deployment.local.choice.closest
    assert device.carries_load
    assert device.units_per_site > 0.8 * device.max_units_per_site
    (message,) = near_misses(evaluation, "hybrid", "load")
    assert (
        f"{device.units_per_site:,} units" in message and str(device.max_units_per_site) in message
    )


# --- wording ---------------------------------------------------------------------------------


def test_when_no_data_may_leave_the_blocker_says_so_in_plain_words():
    evaluation = evaluate(scenario(requirements={"data_leaving": "none"}), draws=20)
    message = next(
        b.message for b in evaluation.options["cloud"].blockers if b.constraint == "data_leaving"
    )
    assert "no data may leave" in message
    assert "only nothing" not in message


@pytest.mark.parametrize(
    "preset_id", ["consumer_chat_service", "smart_home_voice", "warehouse_robot"]
)
def test_no_finding_opens_with_the_name_of_its_option(preset_id):
    evaluation = evaluate(preset_by_id(preset_id).scenario, draws=20)
    findings = [(r, f) for r in evaluation.options.values() for f in (*r.blockers, *r.warnings)]
    assert findings
    for result, finding in findings:
        # The command line, the page and the record put the name in front of each message.
        assert not finding.message.startswith((f"{result.label}:", f"{result.label} ")), finding


def test_the_ruled_out_list_of_the_command_line_names_each_option_once():
    evaluation = evaluate(preset_by_id("consumer_chat_service").scenario, draws=20)
    table = evaluation_table(evaluation)
    ruled_out = table.split("Ruled out:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert ruled_out
    for line in ruled_out:
        label, message = line.strip().split(": ", 1)
        assert label in OPTION_LABELS.values()
        assert not message.startswith(label)


def test_a_latency_tipping_point_of_an_option_ruled_out_otherwise_says_it_is_ruled_out_anyway():
    # Offline required: cloud is out whatever the latency limit, which it meets with room.
    evaluation = evaluate(
        scenario(requirements={"offline": "required", "max_latency_ms": 600_000}), draws=20
    )
    cloud = evaluation.options["cloud"]
    assert cloud.latency_p95_ms < 600_000 and "offline" in blockers(evaluation, "cloud")
    sentence = next(
        p.sentence
        for p in evaluation.sensitivity.tipping_points
        if p.kind == "latency" and p.sentence.startswith("Cloud")
    )
    assert "stays within the latency limit" in sentence
    assert "ruled out anyway by: offline" in sentence


@pytest.mark.parametrize(
    "preset_id", ["factory_qc_camera", "law_firm_documents", "warehouse_robot"]
)
def test_sentences_use_words_never_the_ids_of_the_scenario_file(preset_id):
    evaluation = evaluate(preset_by_id(preset_id).scenario, draws=20)
    sentences = [p.sentence for p in evaluation.sensitivity.tipping_points]
    sentences += [evaluation.reason, evaluation.hybrid.grounds]
    sentences += [o.not_applicable for o in evaluation.hybrid.outcomes]
    sentences += [o.blockers for o in evaluation.hybrid.outcomes]
    sentences += [r.ruled_out_by for r in evaluation.options.values()]
    for sentence in sentences:
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", sentence), sentence


@pytest.mark.parametrize("preset_id", ["factory_qc_camera", "warehouse_robot"])
def test_a_latency_tipping_point_never_puts_a_rack_server_in_each_device(preset_id):
    # The fastest plan of a camera or robot fleet was an 8-GPU server in every camera.
    evaluation = evaluate(preset_by_id(preset_id).scenario, draws=20)
    racks = [d.name for d in default_catalog().all("devices") if d.grade == "datacenter"]
    latency = [p for p in evaluation.sensitivity.tipping_points if p.kind == "latency"]
    assert latency
    for point in latency:
        for rack in racks:
            assert f"{rack} in each device" not in point.sentence


@pytest.mark.parametrize("preset_id", ["law_firm_documents", "factory_qc_camera"])
def test_a_latency_tipping_point_names_the_hardware_it_takes_when_it_is_not_todays(preset_id):
    # Edge reaches the lowest limit only on the fastest catalog hardware: the sentence says
    # which, and what it costs, as planning the edge at that limit does.
    preset = preset_by_id(preset_id).scenario
    evaluation = evaluate(preset, draws=20)
    point = next(
        p
        for p in evaluation.sensitivity.tipping_points
        if p.kind == "latency" and p.option == "edge"
    )
    requirements = preset.requirements.model_copy(update={"max_latency_ms": point.value})
    there = evaluate(preset.model_copy(update={"requirements": requirements}), draws=20)
    then = there.options["edge"].deployment.local.choice.closest
    now = evaluation.options["edge"].deployment.local.choice.closest
    named = (
        f"It takes {then.fleet_units:,} x {then.label} ({usd(then.fleet_price_usd)} of hardware)"
    )
    if (then.device.id, then.placement, then.fleet_units) != (
        now.device.id,
        now.placement,
        now.fleet_units,
    ):
        assert named in point.sentence
        assert f"instead of today's {now.fleet_units:,} x {now.label}" in point.sentence
    else:
        assert "It takes" not in point.sentence


def test_a_latency_hint_on_customers_devices_prices_no_fleet_the_company_does_not_buy():
    # Two million phones of a bank's customers: the fastest catalog device is a laptop, which
    # the bank cannot buy its customers; the hint says what devices it takes, without a price.
    data = {
        "name": "Keyword spotting in a banking app",
        "requirements": {"max_latency_ms": 150, "devices": 2_000_000, "demand": "spiky"},
        "workload": {
            "kind": "speech",
            "requests_per_month": 300_000_000,
            "peak_to_average": 4,
            "input_kb": 32,
            "audio_seconds": 1,
            "output_kb": 0.1,
            "tokens_out": 1,
        },
        "model": {"params_billion": 0.00025, "precision": "int8"},
        "edge": {"devices_owned_by": "customers"},
    }
    evaluation = evaluate(scenario_from_dict(data), draws=20)
    (point,) = [
        p
        for p in evaluation.sensitivity.tipping_points
        if p.kind == "latency" and p.option == "edge"
    ]
    assert "It takes customers' devices as fast as the " in point.sentence
    assert "of hardware" not in point.sentence and "$" not in point.sentence
