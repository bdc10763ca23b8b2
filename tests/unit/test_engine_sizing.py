"""Sizing follows the load, not accidents of the plan: fleets, cloud machines, measured latency
and the small local model's memory."""

from __future__ import annotations

import math

import numpy as np
from scenarios import beyond_every_site

from scoring.catalog import default_catalog
from scoring.catalog.tables import RANGE_SUFFIXES, Operations, ranged_fields
from scoring.engine.deployment import peak_rps_total, plan_deployments
from scoring.engine.evaluate import evaluate
from scoring.io.presets import preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.model.scenario import Measurement


def preset_with(preset_id: str, **sections):
    data = scenario_to_dict(preset_by_id(preset_id).scenario)
    for section, values in sections.items():
        data[section] = {**data.get(section, {}), **values} if isinstance(values, dict) else values
    return scenario_from_dict(data)


def test_a_one_percent_rise_in_volume_does_not_double_a_lightly_loaded_fleet():
    base = evaluate(preset_by_id("factory_qc_camera").scenario, draws=50)
    volume = base.scenario.workload.requests_per_month * 1.01
    busier = evaluate(preset_with("factory_qc_camera", workload={"requests_per_month": volume}))
    fleet = base.options["edge"].costs.fleet_units[0, -1]
    assert busier.options["edge"].costs.fleet_units[0, -1] == fleet
    assert busier.options["edge"].cost_total_usd < base.options["edge"].cost_total_usd * 1.02


def test_the_monte_carlo_median_of_edge_stays_near_the_deterministic_projection():
    """Re-sizing the fleet in each draw must not inflate the median: with the operating
    drivers certain (their ranges are skewed upwards on purpose), volume, prices and failures
    alone keep the median near the projection."""
    catalog = default_catalog()
    certain = {
        f"operations.operations.{name}{suffix}": catalog.value(f"operations.operations.{name}")
        for name in ranged_fields(Operations)
        for suffix in RANGE_SUFFIXES
    }
    evaluation = evaluate(preset_with("factory_qc_camera", assumptions=certain))
    median = evaluation.uncertainty.bands["edge"].total_p50_usd
    assert abs(median / evaluation.options["edge"].cost_total_usd - 1) < 0.15


def test_gpu_instances_billed_carry_the_peak_that_the_latency_model_queues_for():
    scenario = preset_with(
        "customer_support_rag", cloud={"pricing": "gpu_hour", "gpu_instance": "aws_p5_48xlarge"}
    )
    catalog = default_catalog()
    cloud = plan_deployments(scenario, catalog)["cloud"].cloud
    evaluation = evaluate(scenario, draws=50)
    billed = evaluation.options["cloud"].costs.items["inference"][0] / (cloud.usd_per_hour * 730)
    peak = peak_rps_total(scenario, catalog)
    plan = cloud.plan
    # The machines billed at the horizon are the machines the latency estimate queues on...
    assert billed[-1] == cloud.machines == plan.units
    # ...whole machines, enough for the peak at the utilisation the plan keeps, no more.
    per_machine = plan.copies * plan.point.throughput_rps
    assert billed[-1] >= peak / (per_machine * plan.utilisation_cap) - 1e-9
    assert billed[-1] < peak / (per_machine * plan.utilisation_cap) + 1


def test_cloud_machines_work_on_one_peak_or_on_an_array_of_them():
    scenario = preset_with("customer_support_rag", cloud={"pricing": "gpu_hour"})
    cloud = plan_deployments(scenario, default_catalog())["cloud"].cloud
    single = cloud.machines_for(10.0)
    many = cloud.machines_for(np.array([10.0, 0.0, 1000.0]))
    assert many[0] == single and many[1] == 1
    per_machine = cloud.plan.copies * cloud.plan.point.throughput_rps * cloud.plan.utilisation_cap
    assert many[2] == math.ceil(1000 / per_machine)


def law_firm_at(limit_ms: float, **requirements):
    return preset_with(
        "law_firm_documents", requirements={"max_latency_ms": limit_ms, **requirements}
    )


def fastest_law_firm_p95_ms() -> float:
    """The lowest p95 any catalog device reaches for the law firm (as the blocker of an
    unreachable limit names it)."""
    choice = evaluate(law_firm_at(1), draws=5, volume_search=False).device_choice
    assert choice.chosen is None
    return choice.fastest.best_p95_ms


def test_a_measured_p95_within_the_limit_lifts_the_estimated_latency_blocker():
    scenario = law_firm_at(round(0.8 * fastest_law_firm_p95_ms()))  # no device's estimate
    estimated = evaluate(scenario, draws=50)
    assert any(b.constraint == "latency" for b in estimated.options["edge"].blockers)
    limit = scenario.requirements.max_latency_ms
    measured = Measurement(
        requests=500,
        latency_p50_ms=limit * 0.3,
        latency_p95_ms=limit * 0.5,
        latency_p99_ms=limit * 0.6,
        success_rate=1.0,
    )
    data = scenario_to_dict(scenario)
    data["evidence"] = {
        "source": "prototype.csv",
        "replace_estimates": True,
        "measured": {"edge": measured.model_dump()},
    }
    with_evidence = evaluate(scenario_from_dict(data), draws=50)
    edge = with_evidence.options["edge"]
    assert not any(b.constraint == "latency" for b in edge.blockers)
    assert edge.latency_p95_ms == limit * 0.5
    assert edge.estimated_p95_ms == estimated.options["edge"].latency_p95_ms


def test_a_hybrids_small_local_model_sizes_its_kv_cache_by_its_own_size():
    scenario = preset_by_id("clinic_letter_summaries").scenario
    deployments = plan_deployments(scenario, default_catalog(), pattern="anonymize_then_send")
    local = deployments["hybrid"].local
    full = deployments["edge"].local.choice.closest.fit.need
    small = local.choice.closest.fit.need
    assert local.params_billion < 1
    assert small.kv_bytes_per_token < full.kv_bytes_per_token
    assert "Llama 3.2 1B" in small.kv_layout.source or "1B" in small.kv_layout.source


def test_a_measured_p95_does_not_hide_a_site_that_cannot_carry_its_load():
    # The whole volume on one site, more than any device carries there.
    data = beyond_every_site(scenario_to_dict(law_firm_at(20_000, devices=1, sites=1)))
    limit = data["requirements"]["max_latency_ms"]
    data["evidence"] = {
        "replace_estimates": True,
        "measured": {
            "edge": {
                "requests": 100,
                "latency_p50_ms": limit * 0.2,
                "latency_p95_ms": limit * 0.4,
                "latency_p99_ms": limit * 0.5,
                "success_rate": 1.0,
            }
        },
    }
    edge = evaluate(scenario_from_dict(data), draws=50).options["edge"]
    constraints = {b.constraint for b in edge.blockers}
    assert "latency" not in constraints
    assert constraints & {"load", "model_fit"}
