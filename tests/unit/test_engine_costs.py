"""Cost over time: small cases worked by hand to the cent (each cost driver: company and
customer-owned devices, people drivers, serverless minimums, tiered transfer, discounted tokens,
a hybrid sending 15 %), properties of the projection, the break-even month, the seeded Monte
Carlo band and the tornado, and how the two read one list of uncertain inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring.catalog import default_catalog
from scoring.catalog.tables import RANGE_SUFFIXES, Operations, ranged_fields
from scoring.engine.billing import serverless_hours, transfer_usd
from scoring.engine.breakeven import break_even_month, break_evens
from scoring.engine.costs import project_costs, refresh_months
from scoring.engine.deployment import plan_deployments
from scoring.engine.drivers import tornado
from scoring.engine.evaluate import evaluate
from scoring.engine.uncertain import (
    SIGMA_INPUTS,
    Factors,
    draw_factors,
    input_names,
    uncertain_inputs,
)
from scoring.engine.uncertainty import simulate
from scoring.io.presets import preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.model.scenario import Scenario

CATALOG = default_catalog()
CENT = 0.005

# Figures overridden to round numbers so that every cost can be worked out by hand. An engineer
# costs $176,000 a year = $100 an hour (1,760 h); a support agent $88,000 = $50 an hour.
ROUND_FIGURES = {
    "devices.jetson_orin_nano_super.price_usd": 250,
    "devices.jetson_orin_nano_super.power_w": 10,
    "devices.jetson_orin_nano_super.tops_int8": 10,
    "gpus.l4.tops_int8": 100,
    "serving_classes.soc_module.compute_efficiency": 0.1,
    "serving_classes.soc_module.engine_share": 1.0,
    "serving_classes.soc_module.call_overhead_ms": 2,
    "serving_classes.cloud_gpu.compute_efficiency": 0.1,
    "serving_classes.cloud_gpu.call_overhead_ms": 2,
    "general.general.cloud_target_utilisation": 0.6,
    "serverless_gpus.modal_l4.usd_per_gpu_hour": 3.6,
    "serverless_terms.modal.min_containers": 0,
    "serverless_terms.modal.idle_timeout_s": 60,
    "serverless_terms.modal.cold_start_s": 20,
    "serverless_terms.modal.cpu_cores": 1,
    "serverless_terms.modal.usd_per_core_hour": 0.4,
    "serverless_terms.modal.memory_gib": 0,
    "gpu_instances.aws_g6_xlarge.usd_per_hour": 1.0,
    "cloud_egress.aws_internet.usd_per_gb": 0.1,
    "transfer_tiers.aws_internet.free_gb_per_month": 0,
    "cloud_egress.cloudfront.usd_per_gb": 0.1,
    "transfer_tiers.cloudfront.free_gb_per_month": 0,
    "general.general.electricity_usd_per_kwh": 0.1,
    "general.general.idle_power_fraction": 0.3,
    "general.general.edge_failure_rate_pct_per_year": 12,
    "general.general.edge_refresh_years": 4,
    "operations.operations.engineer_usd_per_year": 176_000,
    "operations.operations.support_usd_per_year": 88_000,
    "operations.operations.fleet_platform_hours_per_month": 3,
    "operations.operations.app_platform_hours_per_month": 1,
    "operations.operations.site_hours_per_month": 2,
    "operations.operations.field_device_hours_per_month": 1,
    "operations.operations.server_hours_per_month": 4,
    "operations.operations.release_hours_per_update": 10,
    "operations.operations.rollout_hours_per_device_update": 0.1,
    "operations.operations.app_release_hours_per_update": 5,
    "operations.operations.support_contacts_per_device_year": 1.2,
    "operations.operations.support_minutes_per_contact": 30,
    "operations.operations.app_store_usd_per_year": 120,
    "operations.operations.oncall_usd_per_week": 600,
    "operations.operations.oncall_people_on_duty": 2,
    "operations.operations.hosted_api_hours_per_month": 3,
    "operations.operations.serverless_hours_per_month": 5,
    "operations.operations.gpu_instance_hours_per_month": 8,
    "operations.operations.gpu_instance_hours_per_instance_month": 2,
    "operations.operations.hosted_api_platform_usd_per_month": 40,
    "operations.operations.serverless_platform_usd_per_month": 100,
    "operations.operations.gpu_instance_platform_usd_per_month": 300,
    "operations.operations.hybrid_cloud_floor_share": 0.1,
    "operations.operations.installation_usd_per_device": 150,
    "operations.operations.fleet_tooling_usd_per_device_month": 4,
    "network_profiles.lte_4g.data_usd_per_gb": 5,
    "network_profiles.lte_4g.site_usd_per_month": 10,
    "llm_models.gpt_4o_mini.input_usd_per_mtok": 1,
    "llm_models.gpt_4o_mini.output_usd_per_mtok": 2,
}
ENGINEER_HOUR, SUPPORT_HOUR = 100.0, 50.0

HAND_CASE = {
    "name": "One camera, worked by hand",
    "requirements": {
        "max_latency_ms": 10_000,
        "devices": 1,
        "demand": "steady",
        "model_updates_per_year": 12,
    },
    "workload": {
        "kind": "vision",
        "requests_per_month": 10_000_000,
        "growth_pct_per_month": 0,
        "peak_to_average": 1,
        "input_kb": 100,
        "output_kb": 1,
    },
    "model": {"params_billion": 0.01, "precision": "int8", "gflops": 10},
    "horizon_months": 12,
    "edge": {"device": "jetson_orin_nano_super"},
    "cloud": {"pricing": "per_request", "serverless_gpu": "modal_l4", "egress": "aws_internet"},
    "network": {"profile": "lte_4g"},
    "hybrid": {"pattern": "local_detect_cloud_trends"},
    "assumptions": ROUND_FIGURES,
}
# Validating one model update a month: 10 h of an engineer.
RELEASE_MONTH = 1 * 10 * ENGINEER_HOUR


def build(base: dict, **changes) -> Scenario:
    data = {key: (dict(value) if isinstance(value, dict) else value) for key, value in base.items()}
    for section, value in changes.items():
        data[section] = value
    return scenario_from_dict(data)


def project(s: Scenario, factors: Factors | None = None):
    catalog = CATALOG.with_overrides(s.assumptions)
    deployments = plan_deployments(s, catalog)
    return project_costs(deployments, s, catalog, factors or Factors.neutral()), deployments


def items(projection, month: int) -> dict[str, float]:
    return {name: float(values[0, month - 1]) for name, values in projection.items.items()}


def people(projection, month: int = 1) -> dict[str, float]:
    """Hours a month (USD for a payment) by driver."""
    return {
        line.driver: float((line.hours if line.role != "pay" else line.usd)[0, month - 1])
        for line in projection.people
    }


@pytest.fixture(scope="module")
def hand_case():
    return evaluate(scenario_from_dict(HAND_CASE), draws=200)


# --- small cases worked by hand -----------------------------------------------------------


def test_the_hand_case_runs_on_one_pinned_board_and_a_serverless_gpu(hand_case):
    edge = hand_case.options["edge"].deployment
    assert edge.local.device.id == "jetson_orin_nano_super"
    # Edge: 10 GFLOP at 10 TOPS x 0.1 = 10 ms, + 2 ms per call.
    assert edge.local.unit_seconds_per_request * 1000 == pytest.approx(12.0)
    # Cloud: 10 GFLOP on an L4 at 100 TOPS x 0.1 = 1 ms, + 2 ms per call; one at a time.
    cloud = hand_case.options["cloud"].deployment.cloud
    assert cloud.plan.point.latency_ms == pytest.approx(3.0)
    assert cloud.plan.batch == 1 and cloud.gpu_seconds_per_request == pytest.approx(0.003)
    # 10 M requests a month = 3.8 per second at peak: one board is plenty.
    assert hand_case.options["edge"].costs.fleet_units[0, -1] == 1


def test_one_company_device_costs_what_the_hand_calculation_says_to_the_cent(hand_case):
    edge = hand_case.options["edge"].costs
    failures = 1 * 12 / 100 / 12  # 12 % of one unit a year, replaced every month: 0.01 unit
    # Busy 10 M requests x 12 ms over 730 h = 4.566 % of the time; idle draw is 30 % of load.
    busy = 10_000_000 * 0.012 / (730 * 3600)
    power = 1 * 10 / 1000 * 730 * 0.1 * (0.3 + 0.7 * busy)
    # People: 3 h running the fleet platform + 2 h for the site + 1 h for the device in the
    # field + 0.1 h of hands-on help with its one update + 10 h validating the update = 16.1 h
    # at $100.
    assert people(edge) == pytest.approx(
        {
            "fleet_platform_hours_per_month": 3.0,
            "site_hours_per_month": 2.0,
            "field_device_hours_per_month": 1.0,
            "rollout_hours_per_device_update": 0.1,
            "release_hours_per_update": 10.0,
        }
    )
    month_1 = {
        "hardware": (1 + failures) * 250,  # $252.50
        "installation": 150.0,
        "power": power,
        "operations": 4.0,  # fleet tooling
        "connectivity": 10.0,  # the site's connection fee
        # One model download a month over LTE at $5/GB: 0.01 B int8 weights at 8.5 bits (with
        # their scales) = 0.010625 GB.
        "updates": 1 * 1 * 0.01 * 8.5 / 8 * 5,
        "staff": 16.1 * ENGINEER_HOUR,  # $1,610
        "inference": 0.0,
        "transfer": 0.0,
        "platform": 0.0,
    }
    later = {**month_1, "hardware": failures * 250, "installation": 0.0}  # $2.50 of failures
    for name, expected in month_1.items():
        assert items(edge, 1)[name] == pytest.approx(expected, abs=CENT), name
    for name, expected in later.items():
        assert items(edge, 7)[name] == pytest.approx(expected, abs=CENT), name
    assert hand_case.options["edge"].cost_total_usd == pytest.approx(
        sum(month_1.values()) + 11 * sum(later.values()), abs=CENT
    )
    assert hand_case.options["edge"].cost_summary.staff_fte == pytest.approx(16.1 / (1760 / 12))


def test_a_serverless_cloud_bills_busy_and_idle_container_hours_to_the_cent(hand_case):
    cloud = hand_case.options["cloud"].costs
    # A container serves one request at a time at 3 ms (the load forms no batch): 333 a
    # second, 200 at the 60 % target use: 10 M requests = 13.889 busy hours. 3.8 requests a
    # second arrive, far more than one per 60 s idle timeout, so a container stays up all
    # month: 730 hours, its 13.889 busy hours among them, and no cold start.
    busy = 10_000_000 / 200 / 3600
    hours = max(busy, 730)
    container_hour = 3.6 + 1 * 0.4  # the GPU plus one CPU core
    assert people(cloud) == pytest.approx(
        {"serverless_hours_per_month": 5.0, "release_hours_per_update": 10.0}
    )
    expected = {
        "inference": hours * container_hour,  # $2,920.00
        "transfer": 10_000_000 * 1 * 1e-6 * 0.1,  # 10 GB of answers at $0.10/GB: $1.00
        "connectivity": 10_000_000 * 100 * 1e-6 * 5 + 10,  # 1,000 GB over LTE + the site fee
        "platform": 100.0,
        "staff": 15 * ENGINEER_HOUR,
        "hardware": 0.0,
        "installation": 0.0,
        "power": 0.0,
        "operations": 0.0,
        "updates": 0.0,
    }
    for month in (1, 12):
        for name, value in expected.items():
            assert items(cloud, month)[name] == pytest.approx(value, abs=CENT), name
    assert hand_case.options["cloud"].cost_total_usd == pytest.approx(
        12 * sum(expected.values()), abs=CENT
    )


def test_a_hybrid_detecting_locally_costs_its_edge_part_plus_a_tenth_of_the_cloud_backend(
    hand_case,
):
    edge = hand_case.options["edge"].monthly_usd
    hybrid = hand_case.options["hybrid"].monthly_usd
    reports = 10_000_000 * 1 * 1e-6 * 5  # 1 kB of results per request over LTE at $5/GB = $50
    # It sends no requests for inference: the floor of a tenth of the serverless platform fee
    # and of its 5 h of work.
    backend = 0.1 * 100 + 0.1 * 5 * ENGINEER_HOUR
    assert hybrid == pytest.approx(edge + backend + reports, abs=CENT)


def test_the_hand_case_breaks_even_in_month_1(hand_case):
    assert hand_case.break_even_month == 1


def serverless(requests: float, min_containers: float, limit_ms: float = 10_000):
    s = build(
        HAND_CASE,
        workload={**HAND_CASE["workload"], "requests_per_month": requests},
        requirements={**HAND_CASE["requirements"], "max_latency_ms": limit_ms},
        assumptions={**ROUND_FIGURES, "serverless_terms.modal.min_containers": min_containers},
    )
    return project(s)[0]["cloud"]


def test_a_serverless_service_below_its_warm_minimum_pays_the_minimum_all_month():
    # Two containers kept warm bill 2 x 730 h; 1 M requests need 0.926 busy hours and keep one
    # container up between requests (730 h), so the minimum is the bill.
    cloud = serverless(1_000_000, min_containers=2)
    assert float(cloud.serverless.total[0, 0]) == pytest.approx(1460.0)
    assert items(cloud, 1)["inference"] == pytest.approx(1460 * 4.0, abs=CENT)


def test_a_serverless_service_busy_beyond_its_warm_minimum_pays_its_busy_hours_alone():
    # 2 G requests a month (761 a second at the peak) run four at a time, 6 ms a batch: 667 a
    # second per container, 400 at the 60 % target. They need 2e9 / 400 / 3,600 = 1,388.89
    # busy hours, more than the 730 h one warm container bills. Containers that busy never
    # wait out an idle timeout: nothing is billed on top (730 h more would bill a second
    # container all month for nothing).
    cloud = serverless(2_000_000_000, min_containers=1)
    hours = 2e9 / 400 / 3600
    assert float(cloud.serverless.idle[0, 0]) == 0
    assert float(cloud.serverless.total[0, 0]) == pytest.approx(hours)
    assert items(cloud, 1)["inference"] == pytest.approx(hours * 4.0, abs=0.01)


def test_a_rare_request_meets_a_cold_start_and_pays_its_idle_tail():
    # 10,000 requests a month arrive 0.0038 a second: P(another within 60 s) = 1 - exp(-0.228)
    # = 20.4 %, so the container is up 730 x 0.204 = 148.9 h, its 0.014 busy hours among
    # them; the other 79.6 % meet a 20 s cold start, billed too. A 10 s limit cannot absorb
    # a 20 s start, and 79.6 % of requests would meet one: one container is kept warm
    # instead, 730 h.
    rate = 10_000 / (730 * 3600)
    kept_warm = serverless(10_000, min_containers=0)
    assert float(kept_warm.serverless.kept_warm[0, 0]) == 1
    assert float(kept_warm.serverless.total[0, 0]) == pytest.approx(730.0)
    # With a 2-minute limit the cold start fits within it: no container kept warm.
    cold = serverless(10_000, min_containers=0, limit_ms=120_000)
    up = 730 * (1 - math.exp(-rate * 60))
    starts = 10_000 * math.exp(-rate * 60) * 20 / 3600
    assert float(cold.serverless.kept_warm[0, 0]) == 0
    assert float(cold.serverless.total[0, 0]) == pytest.approx(up + starts)


@given(
    requests=st.floats(0, 1e10),
    per_container_rps=st.floats(0.01, 1e4),
    limit_ms=st.floats(1, 1e8),
    terms_id=st.sampled_from(CATALOG.ids("serverless_terms")),
)
def test_a_serverless_pool_bills_its_busy_hours_and_at_most_one_container_idling_beside_them(
    requests, per_container_rps, limit_ms, terms_id
):
    terms = CATALOG.get("serverless_terms", terms_id)
    # The idle-tail model holds for requests shorter than the idle timeout; a request that
    # keeps a container busy longer is outside it (see docs/how-it-works.md, the limits).
    assume(1 / per_container_rps < terms.idle_timeout_s)
    hours = serverless_hours(np.array([[requests]]), per_container_rps, terms, limit_ms)
    busy = requests / per_container_rps / 3600
    total, cold = float(hours.total[0, 0]), float(hours.cold[0, 0])
    assert total >= busy * (1 - 1e-12)
    if total > float(hours.warm_floor[0, 0]):
        assert total - cold <= max(busy, 730.0) * (1 + 1e-12) + 1e-9


def test_work_that_can_wait_an_hour_wakes_the_pool_once_per_half_hour():
    # A 1 h limit: requests wait up to 30 min, so the pool wakes 2,628,000 / 1,800 = 1,460 times
    # a month, each billing a 20 s start and a 60 s idle timeout: 32.4 h instead of the idle
    # tail and cold starts of sporadic requests.
    cold = serverless(10_000, min_containers=0, limit_ms=3_600_000)
    wakes = 730 * 3600 / 1800
    expected = 10_000 / 200 / 3600 + wakes * (60 + 20) / 3600
    assert float(cold.serverless.total[0, 0]) == pytest.approx(expected)


def test_transfer_is_free_up_to_the_allowance_then_priced_tier_by_tier():
    tiers = CATALOG.get("transfer_tiers", "aws_internet")
    price = np.ones(1)

    def bill(gb: float) -> float:
        return float(transfer_usd(np.array([gb]), 0.09, tiers, price)[0])

    assert bill(100) == 0.0  # AWS's first 100 GB a month are free
    assert bill(1_100) == pytest.approx(1_000 * 0.09)
    # 20,000 GB: 10,140 GB at $0.09 (to 10 TB) and 9,760 GB at $0.085.
    assert bill(20_000) == pytest.approx(10_140 * 0.09 + 9_760 * 0.085)
    # 200,000 GB: also 40 TB at $0.085, 100 TB at $0.07 and the rest above 150 TB at $0.05.
    assert bill(200_000) == pytest.approx(
        10_140 * 0.09 + 40_960 * 0.085 + 102_400 * 0.07 + 46_400 * 0.05
    )
    assert float(transfer_usd(np.array([20_000.0]), 0.09, None, price)[0]) == pytest.approx(1800)


def llm_case(**workload) -> dict:
    return {
        **HAND_CASE,
        "workload": {
            "kind": "llm",
            "requests_per_month": 1_000_000,
            "tokens_in": 1000,
            "tokens_out": 200,
            "input_kb": 4,
            "output_kb": 2,
            **workload,
        },
        "cloud": {"pricing": "per_token", "llm_model": "gpt_4o_mini"},
        "network": {"profile": "metro"},
    }


def test_per_token_cloud_costs_what_the_hand_calculation_says_to_the_cent():
    cloud = project(scenario_from_dict(llm_case()))[0]["cloud"]
    per_request = (1000 * 1 + 200 * 2) / 1e6  # $1/M input, $2/M output: $0.0014
    expected = {
        "inference": 1_000_000 * per_request,  # $1,400.00
        "transfer": 1_000_000 * 2 * 1e-6 * 0.1,  # 2 GB of answers: $0.20
        "connectivity": 0.0,  # metro link: no data or site fee
        "platform": 40.0,
        "staff": (3 + 10) * ENGINEER_HOUR,  # running a hosted API, validating the update
    }
    for name, value in expected.items():
        assert items(cloud, 1)[name] == pytest.approx(value, abs=CENT), name


def test_cached_prompt_tokens_and_a_batch_api_cut_the_token_bill_as_published():
    # 600 of the 1,000 prompt tokens come from the cache at half the input price (OpenAI's
    # cached input for GPT-4o mini); a 24-hour limit lets requests go through the batch API
    # at half price.
    cached = scenario_from_dict(llm_case(tokens_in_cached=600))
    per_request = (400 * 1 + 600 * 0.5 + 200 * 2) / 1e6  # $0.0011
    assert items(project(cached)[0]["cloud"], 1)["inference"] == pytest.approx(
        1_000_000 * per_request, abs=CENT
    )
    batch = llm_case(tokens_in_cached=600)
    batch["requirements"] = {**HAND_CASE["requirements"], "max_latency_ms": 86_400_000}
    assert items(project(scenario_from_dict(batch))[0]["cloud"], 1)["inference"] == (
        pytest.approx(1_000_000 * per_request * 0.5, abs=CENT)
    )


def test_gpu_instances_cost_whole_instance_hours_sized_for_the_peak_with_work_per_instance():
    s = build(HAND_CASE, cloud={"pricing": "gpu_hour", "gpu_instance": "aws_g6_xlarge"})
    cloud = project(s)[0]["cloud"]
    # Peak work: 3.8 requests/s x 3 ms of GPU = 1.1 % of one GPU: one instance, all month.
    assert items(cloud, 1)["inference"] == pytest.approx(1 * 1.0 * 730, abs=CENT)
    assert people(cloud)["gpu_instance_hours_per_instance_month"] == pytest.approx(2.0)
    s = build(
        HAND_CASE,
        cloud={"pricing": "gpu_hour", "gpu_instance": "aws_g6_xlarge"},
        workload={**HAND_CASE["workload"], "requests_per_month": 2_000_000_000},
    )
    projections, deployments = project(s)
    cloud, plan = projections["cloud"], deployments["cloud"].cloud.plan
    # 2e9 / 2,628,000 s = 761 requests/s. A batch of b images takes 2 ms + b x 1 ms on the L4
    # at 10 effective TOPS: one at a time 333 a second, four at a time 667. At the 60 % target
    # one at a time needs ceil(761 / 200) = 4 instances, batches of four ceil(761 / 400) = 2;
    # larger batches need no fewer and each request takes longer.
    peak = 2e9 / (730 * 3600)
    assert plan.batch == 4 and plan.point.latency_ms == pytest.approx(2 + 4 * 1)
    instances = math.ceil(peak / (4 / 0.006 * 0.6))
    assert instances == 2 == plan.units
    assert math.ceil(peak / (1 / 0.003 * 0.6)) == 4  # without batching
    assert items(cloud, 1)["inference"] == pytest.approx(instances * 730, abs=CENT)
    assert people(cloud)["gpu_instance_hours_per_instance_month"] == pytest.approx(2 * 2.0)
    assert items(cloud, 1)["platform"] == pytest.approx(300.0)


def test_a_hybrid_sending_15_percent_pays_15_percent_of_the_cloud_side_above_its_floor():
    s = scenario_from_dict(
        {
            **llm_case(),
            # The local model is the full one here, so the device is the same as edge's.
            "hybrid": {
                "pattern": "escalate_hard_cases",
                "escalation_share": 0.15,
                "local_params_billion": 1,
            },
            "edge": {"device": "rtx4090_workstation"},
            "model": {"params_billion": 1, "precision": "int4"},
        }
    )
    projections = project(s)[0]
    hybrid, cloud, edge = projections["hybrid"], projections["cloud"], projections["edge"]
    # The same local device as edge; 15 % of the requests go to the hosted API.
    assert items(hybrid, 1)["inference"] == pytest.approx(0.15 * 1400.0, abs=CENT)
    assert items(hybrid, 1)["transfer"] == pytest.approx(0.15 * 0.2, abs=CENT)
    # 15 % of the platform fee ($40) and of the 3 h of running the hosted API: above the floor
    # of a tenth.
    assert items(hybrid, 1)["platform"] == pytest.approx(0.15 * 40, abs=CENT)
    assert people(hybrid)["hosted_api_hours_per_month"] == pytest.approx(0.15 * 3)
    # The fleet platform, the site's and the server's work are edge's; one validation a update.
    for driver in (
        "fleet_platform_hours_per_month",
        "site_hours_per_month",
        "server_hours_per_month",
        "release_hours_per_update",
    ):
        assert people(hybrid)[driver] == pytest.approx(people(edge)[driver]), driver
    hybrid_month = float(hybrid.monthly_usd[0, 0])
    assert hybrid_month == pytest.approx(
        float(edge.monthly_usd[0, 0]) + 0.15 * (1400 + 0.2 + 40 + 3 * ENGINEER_HOUR), abs=CENT
    )
    assert hybrid_month < float(edge.monthly_usd[0, 0] + cloud.monthly_usd[0, 0])


def test_a_customer_owned_fleet_costs_app_distribution_downloads_and_support_not_hardware():
    s = build(
        HAND_CASE,
        requirements={**HAND_CASE["requirements"], "devices": 1000},
        edge={"device": "jetson_orin_nano_super", "devices_owned_by": "customers"},
    )
    edge = project(s)[0]["edge"]
    month_1, month_7 = items(edge, 1), items(edge, 7)
    for name in ("hardware", "installation", "power"):
        assert month_1[name] == month_7[name] == 0.0, name
    assert month_1["operations"] == pytest.approx(120 / 12, abs=CENT)  # the app store fee
    assert month_1["connectivity"] == 0.0  # customers pay for their own internet
    # One model update of 0.01 B int8 weights (0.010625 GB with their scales) to 1,000
    # devices over the CDN at $0.10/GB.
    assert month_1["updates"] == pytest.approx(1 * 1000 * 0.01 * 8.5 / 8 * 0.1, abs=CENT)
    # People: no fleet or site work. 1 h keeping the model running on the customers' devices,
    # 5 h shipping the update to them, 10 h validating it; 1,000 devices x 1.2 contacts a year
    # / 12 = 100 contacts x 0.5 h = 50 h of support at $50.
    assert people(edge) == pytest.approx(
        {
            "app_platform_hours_per_month": 1.0,
            "app_release_hours_per_update": 5.0,
            "support_minutes_per_contact": 50.0,
            "release_hours_per_update": 10.0,
        }
    )
    assert month_1["staff"] == pytest.approx(16 * ENGINEER_HOUR + 50 * SUPPORT_HOUR, abs=CENT)
    assert float(edge.monthly_usd[0, 0]) == pytest.approx(10 + 1.0625 + 1600 + 2500, abs=CENT)
    assert float(edge.staff_fte[0, 0]) == pytest.approx(16 / (1760 / 12))  # engineers only


def test_inputs_customers_devices_send_to_the_cloud_travel_on_the_customers_plans():
    # 10 M requests of 100 kB over LTE at $5/GB would be $5,000 a month, on a bill the
    # company does not get: its customers' mobile plans carry their phones' uploads.
    s = build(
        HAND_CASE,
        requirements={**HAND_CASE["requirements"], "devices": 1000},
        edge={"device": "jetson_orin_nano_super", "devices_owned_by": "customers"},
    )
    projections = project(s)[0]
    for option in ("cloud", "hybrid"):
        assert items(projections[option], 1)["connectivity"] == 0.0, option
    company = project(build(HAND_CASE))[0]  # the same requests from the company's one site
    assert items(company["cloud"], 1)["connectivity"] == pytest.approx(
        10_000_000 * 100 * 1e-6 * 5 + 10, abs=CENT
    )


def test_a_safety_critical_service_pays_on_call_for_every_option():
    s = build(
        HAND_CASE, requirements={**HAND_CASE["requirements"], "failure_mode": "safety_critical"}
    )
    for option, projection in project(s)[0].items():
        # Two people on duty at $600 a week: 2 x 600 x 52 / 12 = $5,200 a month.
        assert people(projection)["oncall_usd_per_week"] == pytest.approx(5200.0), option


# --- properties of the projection ---------------------------------------------------------

SETTINGS = settings(max_examples=40)


@given(
    requests=st.floats(0, 10).map(lambda e: 10**e),
    growth=st.floats(-10, 20),
    demand=st.sampled_from(["steady", "seasonal", "spiky"]),
    input_kb=st.floats(0, 1e4, allow_subnormal=False),
    output_kb=st.floats(0, 1e4, allow_subnormal=False),
    tokens=st.tuples(st.integers(0, 8000), st.integers(0, 8000)),
    share=st.floats(0, 1),
)
@SETTINGS
def test_token_bills_and_transfer_without_allowances_are_linear_in_volume(
    requests, growth, demand, input_kb, output_kb, tokens, share
):
    def usage(volume: float) -> dict[str, np.ndarray]:
        s = scenario_from_dict(
            {
                "name": "Linear",
                "requirements": {"demand": demand},
                "workload": {
                    "kind": "llm",
                    "requests_per_month": volume,
                    "growth_pct_per_month": growth,
                    "input_kb": input_kb,
                    "output_kb": output_kb,
                    "tokens_in": tokens[0],
                    "tokens_out": tokens[1],
                },
                "cloud": {"pricing": "per_token"},
                "hybrid": {"pattern": "escalate_hard_cases", "escalation_share": share},
                "horizon_months": 24,
                "assumptions": {"transfer_tiers.aws_internet.free_gb_per_month": 0},
            }
        )
        projections = project(s)[0]
        return {
            f"{option}.{item}": projections[option].items[item][0]
            for option in ("cloud", "hybrid")
            for item in ("inference",)
        }

    once, twice = usage(requests), usage(2 * requests)
    for name in once:
        np.testing.assert_allclose(twice[name], 2 * once[name], rtol=1e-9, atol=1e-9, err_msg=name)


@given(
    sites=st.integers(1, 1000),
    times=st.integers(2, 1000),
    per_site=st.floats(1, 5).map(lambda e: 10**e),
    growth=st.floats(-5, 10),
)
@SETTINGS
def test_company_hardware_and_fleet_work_are_linear_in_device_count_at_equal_units_per_site(
    sites, times, per_site, growth
):
    def edge(count: int):
        s = scenario_from_dict(
            {
                "name": "Fleet",
                "requirements": {"devices": count, "max_latency_ms": 10_000},
                "workload": {
                    "kind": "vision",
                    "requests_per_month": per_site * count,
                    "growth_pct_per_month": growth,
                },
                "model": {"params_billion": 0.011, "precision": "int8"},
                "edge": {"device": "jetson_orin_nano_super"},
                "horizon_months": 60,
            }
        )
        return project(s)[0]["edge"]

    small, large = edge(sites), edge(sites * times)
    assume(np.array_equal(small.fleet_units / sites, large.fleet_units / (sites * times)))
    np.testing.assert_allclose(
        large.items["hardware"], times * small.items["hardware"], rtol=1e-9, atol=1e-9
    )
    for driver in ("site_hours_per_month", "field_device_hours_per_month"):
        np.testing.assert_allclose(
            people(large)[driver], times * people(small)[driver], rtol=1e-9, err_msg=driver
        )


scenario_dicts = st.fixed_dictionaries(
    {
        "name": st.just("Any"),
        "requirements": st.fixed_dictionaries(
            {
                "devices": st.floats(0, 6).map(lambda e: round(10**e)),
                "demand": st.sampled_from(["steady", "seasonal", "spiky"]),
                "model_updates_per_year": st.integers(0, 365),
                "failure_mode": st.sampled_from(["safety_critical", "degrade", "can_wait"]),
                "max_latency_ms": st.floats(1, 8).map(lambda e: 10**e),
            }
        ),
        "workload": st.fixed_dictionaries(
            {
                "kind": st.sampled_from(["vision", "llm", "speech", "tabular", "other"]),
                "requests_per_month": st.one_of(
                    st.just(0.0), st.floats(0, 10).map(lambda e: 10**e)
                ),
                "growth_pct_per_month": st.floats(-10, 20),
                "peak_to_average": st.floats(1, 20),
                "tokens_in": st.integers(0, 8000),
                "tokens_out": st.integers(0, 8000),
            }
        ),
        "model": st.fixed_dictionaries(
            {
                "params_billion": st.floats(-3, 2.7).map(lambda e: 10**e),
                "precision": st.sampled_from(["fp32", "fp16", "int8", "int4"]),
            }
        ),
        "cloud": st.fixed_dictionaries(
            {
                "pricing": st.sampled_from(["auto", "per_token", "per_request", "gpu_hour"]),
                "serverless_gpu": st.sampled_from(["modal_l4", "hf_endpoint_l4"]),
            }
        ),
        "edge": st.fixed_dictionaries(
            {"devices_owned_by": st.sampled_from(["operator", "customers"])}
        ),
        "horizon_months": st.integers(1, 120),
    }
)


@given(data=scenario_dicts)
@SETTINGS
def test_cumulative_cost_never_decreases_and_every_monthly_item_is_finite_and_non_negative(
    data,
):
    projections, _ = project(scenario_from_dict(data))
    for option, projection in projections.items():
        for name, values in projection.items.items():
            assert np.all(np.isfinite(values)), (option, name)
            assert np.all(values >= 0), (option, name)
        for line in projection.people:
            assert np.all(np.isfinite(line.usd)) and np.all(line.usd >= 0), (option, line.driver)
        assert np.all(np.diff(projection.cumulative_usd, axis=1) >= 0), option


@given(
    refresh_months_=st.integers(6, 60),
    extra=st.integers(1, 30),
    sites=st.integers(1, 500),
)
@SETTINGS
def test_a_hardware_refresh_shows_as_a_step_in_its_month(refresh_months_, extra, sites):
    refresh_years = refresh_months_ / 12
    s = build(
        HAND_CASE,
        requirements={**HAND_CASE["requirements"], "devices": sites},
        horizon_months=refresh_months_ + extra,
        assumptions={**ROUND_FIGURES, "general.general.edge_refresh_years": refresh_years},
    )
    hardware = project(s)[0]["edge"].items["hardware"][0]
    month = 1 + round(12 * refresh_years)
    assert hardware[month - 1] == pytest.approx(hardware[0])  # the whole fleet bought again
    assert hardware[month - 1] > 100 * hardware[month - 2]  # against failures only
    if month + 1 <= len(hardware):
        assert hardware[month] == pytest.approx(hardware[month - 2])
    steps = np.flatnonzero(hardware > 100 * hardware.min()) + 1
    assert list(steps) == [1 + k * refresh_months_ for k in range(len(steps))]


def test_refresh_months_are_never_the_first_month():
    flags = refresh_months(60, 4)
    assert list(np.flatnonzero(flags) + 1) == [49]
    assert not refresh_months(12, 4).any()


def test_growth_buys_more_units_in_the_month_they_are_needed():
    s = build(
        HAND_CASE,
        workload={**HAND_CASE["workload"], "requests_per_month": 5e8, "growth_pct_per_month": 10},
        horizon_months=24,
    )
    edge = project(s)[0]["edge"]
    fleet = edge.fleet_units[0]
    assert np.all(np.diff(fleet) >= 0)
    assert fleet[-1] > fleet[0]
    # Each month buys the units added that month plus replacements for 1 % of the fleet.
    added = np.diff(fleet, prepend=0.0)
    assert np.count_nonzero(added[1:]) >= 5
    np.testing.assert_allclose(edge.items["hardware"][0], (added + fleet * 0.01) * 250, rtol=1e-12)
    np.testing.assert_allclose(edge.items["installation"][0], added * 150, rtol=1e-12)
    # Each unit is an hour of fleet work a month.
    np.testing.assert_allclose(people(edge, 24)["field_device_hours_per_month"], fleet[-1])


# --- break-even ---------------------------------------------------------------------------


def assert_break_even_agrees(month: int | None, a: np.ndarray, b: np.ndarray) -> None:
    tolerance = 1e-9 * np.maximum(np.abs(a), np.abs(b))
    if month is None:
        assert np.all(a > b + tolerance)
        return
    assert a[month - 1] <= b[month - 1] + tolerance[month - 1]
    assert np.all(a[: month - 1] > b[: month - 1])


@given(
    st.lists(
        st.tuples(st.floats(0, 1e6), st.floats(0, 1e6)),
        min_size=1,
        max_size=120,
    ),
    st.floats(0, 1e7),
    st.floats(0, 1e7),
)
@SETTINGS
def test_the_break_even_month_is_the_first_month_one_curve_is_at_or_below_the_other(
    monthly, upfront_a, upfront_b
):
    a = upfront_a + np.cumsum([m[0] for m in monthly])
    b = upfront_b + np.cumsum([m[1] for m in monthly])
    assert_break_even_agrees(break_even_month(a, b), a, b)


def test_break_even_compares_cumulative_curves_not_monthly_costs():
    # Edge is far cheaper every month after the first, yet its cumulative cost (1,000, 1,010,
    # ..., 1,040) stays above the cloud's (200, 400, ..., 1,000) for all five months.
    cloud = np.cumsum([200.0, 200, 200, 200, 200])
    assert break_even_month(np.cumsum([1000.0, 10, 10, 10, 10]), cloud) is None
    # 900, 910, 920, 930, 940 against 200, ..., 800, 1,000: at or below in month 5.
    assert break_even_month(np.cumsum([900.0, 10, 10, 10, 10]), cloud) == 5
    assert break_even_month(cloud, np.cumsum([900.0, 10, 10, 10, 10])) == 1
    assert break_even_month(cloud, cloud) == 1  # equal counts as at or below


@pytest.mark.parametrize(
    "preset_id",
    ["batch_document_ocr", "factory_qc_camera", "customer_support_rag", "hospital_dictation"],
)
def test_the_break_even_month_of_an_evaluation_agrees_with_its_cumulative_curves(preset_id):
    evaluation = evaluate(preset_by_id(preset_id).scenario, draws=200)
    curves = {o: r.cumulative_usd for o, r in evaluation.options.items()}
    for found in evaluation.break_evens:
        assert_break_even_agrees(found.month, curves[found.option], curves[found.versus])
    assert evaluation.break_even_month == break_even_month(curves["edge"], curves["cloud"])
    assert len(break_evens(curves)) == 6


# --- extreme inputs -----------------------------------------------------------------------


@pytest.mark.parametrize("requests", [0, 1e9])
@pytest.mark.parametrize("devices", [1, 1_000_000])
@pytest.mark.parametrize("kind", ["vision", "llm"])
def test_extreme_volumes_and_fleets_give_finite_numbers_everywhere(requests, devices, kind):
    tokens = {"tokens_in": 500, "tokens_out": 200} if kind == "llm" else {}
    s = scenario_from_dict(
        {
            "name": "Extreme",
            "requirements": {"devices": devices},
            "workload": {"kind": kind, "requests_per_month": requests, **tokens},
        }
    )
    evaluation = evaluate(s, draws=200)
    for option, result in evaluation.options.items():
        assert np.all(np.isfinite(result.monthly_usd)), option
        assert np.all(np.isfinite(result.cumulative_usd)), option
        assert math.isfinite(result.score), option
        assert all(math.isfinite(c.score) for c in result.criteria.values()), option
        assert math.isfinite(result.latency_p95_ms), option
        assert math.isfinite(result.resilience.lost_hours_per_year), option
        band = evaluation.uncertainty.bands[option]
        for values in (band.p10_usd, band.p50_usd, band.p90_usd):
            assert np.all(np.isfinite(values)), option
    assert math.isfinite(evaluation.tornado.base_difference_usd)
    for driver in evaluation.tornado.drivers:
        assert math.isfinite(driver.low_delta_usd) and math.isfinite(driver.high_delta_usd)
    for point in evaluation.sensitivity.tipping_points:
        assert math.isfinite(point.value)


# --- one list of uncertain inputs ---------------------------------------------------------


def no_spread(catalog=CATALOG) -> dict[str, float]:
    """Overrides that make every uncertain input certain: no sigma, every P10 = P90 = value."""
    overrides = {f"general.general.{field}": 0 for _, field in SIGMA_INPUTS}
    overrides["general.general.growth_uncertainty_pct"] = 0
    for name in ("peak", "payload", "model_updates", "network_prices"):
        overrides.update({f"operations.operations.{name}{s}": 1 for s in RANGE_SUFFIXES})
    for name in ranged_fields(Operations):
        value = catalog.value(f"operations.operations.{name}")
        overrides.update({f"operations.operations.{name}{s}": value for s in RANGE_SUFFIXES})
    return overrides


def with_assumptions(s: Scenario, overrides: dict[str, float]) -> Scenario:
    data = scenario_to_dict(s)
    data["assumptions"] = {**data.get("assumptions", {}), **overrides}
    return scenario_from_dict(data)


def test_every_operating_driver_with_a_range_is_an_uncertain_input_of_both_analyses():
    names = input_names()
    assert set(ranged_fields(Operations)) <= set(names)
    assert {"volume", "growth_pct", "cloud_price", "hardware_price", "failure_rate"} <= set(names)
    assert {"engineer_usd_per_year", "site_hours_per_month", "oncall_usd_per_week"} <= set(names)
    assert tuple(i.name for i in uncertain_inputs(CATALOG)) == names
    for item in uncertain_inputs(CATALOG):
        assert item.low <= (0 if item.shift else 1) <= item.high, item.name


def test_a_drawn_input_has_its_p10_and_p90_where_the_list_puts_them():
    inputs = uncertain_inputs(CATALOG)
    drawn = draw_factors(inputs, 20_000, seed=5)
    for item in inputs:
        p10, p90 = np.percentile(drawn[item.name], (10, 90))
        assert p10 == pytest.approx(item.low, rel=0.05, abs=0.02), item.name
        assert p90 == pytest.approx(item.high, rel=0.05, abs=0.02), item.name


@pytest.fixture(scope="module")
def factory():
    return evaluate(preset_by_id("factory_qc_camera").scenario, draws=2000)


@pytest.mark.parametrize("name", ["engineer_usd_per_year", "site_hours_per_month"])
def test_with_one_input_uncertain_the_band_spans_the_tornado_bars_of_that_input(name):
    """The band and the tornado tell the same story: with every other input certain, the
    recommended option's P10 and P90 are its total with the input at its P10 and P90."""
    s = preset_by_id("factory_qc_camera").scenario
    catalog = CATALOG.with_overrides(s.assumptions)
    overrides = no_spread(catalog)
    for suffix in RANGE_SUFFIXES:
        overrides.pop(f"operations.operations.{name}{suffix}")
    evaluation = evaluate(with_assumptions(s, overrides), draws=4000)
    option = evaluation.recommendation
    own = tornado(
        {option: evaluation.options[option].deployment},
        evaluation.scenario,
        evaluation.catalog,
        option,
        None,
    )
    driver = next(d for d in own.drivers if d.name == name)
    assert [d.name for d in own.drivers] == [name]  # nothing else moves it
    total = evaluation.options[option].cost_total_usd
    band = evaluation.uncertainty.bands[option]
    assert band.total_p10_usd == pytest.approx(total + driver.low_delta_usd, rel=0.01)
    assert band.total_p90_usd == pytest.approx(total + driver.high_delta_usd, rel=0.01)


def test_without_uncertainty_the_band_collapses_onto_the_projection():
    s = preset_by_id("batch_document_ocr").scenario
    evaluation = evaluate(with_assumptions(s, no_spread()), draws=200)
    for option, result in evaluation.options.items():
        band = evaluation.uncertainty.bands[option]
        np.testing.assert_allclose(band.p10_usd, result.cumulative_usd, rtol=1e-12)
        np.testing.assert_allclose(band.p90_usd, result.cumulative_usd, rtol=1e-12)
    assert evaluation.tornado.drivers == ()


# --- the Monte Carlo band -----------------------------------------------------------------


@pytest.fixture(scope="module")
def ocr():
    s = preset_by_id("batch_document_ocr").scenario
    catalog = CATALOG.with_overrides(s.assumptions)
    return s, catalog, plan_deployments(s, catalog)


def test_the_monte_carlo_is_reproducible_with_the_same_seed(ocr):
    s, catalog, deployments = ocr
    first = simulate(deployments, s, catalog, draws=500, seed=11)
    again = simulate(deployments, s, catalog, draws=500, seed=11)
    for option in first.bands:
        for name in ("p10_usd", "p50_usd", "p90_usd"):
            assert np.array_equal(
                getattr(first.bands[option], name), getattr(again.bands[option], name)
            )
    assert first.probability_cheapest == again.probability_cheapest


def test_a_different_seed_gives_a_different_band(ocr):
    s, catalog, deployments = ocr
    first = simulate(deployments, s, catalog, draws=500, seed=11)
    other = simulate(deployments, s, catalog, draws=500, seed=12)
    for option in first.bands:
        assert not np.array_equal(first.bands[option].p50_usd, other.bands[option].p50_usd)


def test_the_evaluation_uses_the_default_seed_so_two_runs_agree():
    s = preset_by_id("factory_qc_camera").scenario
    one, two = evaluate(s, draws=300), evaluate(s, draws=300)
    for option in one.options:
        assert np.array_equal(
            one.uncertainty.bands[option].p90_usd, two.uncertainty.bands[option].p90_usd
        )


@pytest.mark.parametrize(
    "preset_id", ["batch_document_ocr", "smart_home_voice", "clinic_letter_summaries"]
)
def test_p10_p50_p90_are_ordered_every_month_and_the_cheapest_probabilities_sum_to_1(preset_id):
    s = preset_by_id(preset_id).scenario
    catalog = CATALOG.with_overrides(s.assumptions)
    deployments = plan_deployments(s, catalog)
    found = simulate(deployments, s, catalog, draws=1000, seed=3)
    for option, band in found.bands.items():
        assert band.p10_usd.shape == (s.horizon_months,)
        assert np.all(band.p10_usd <= band.p50_usd), option
        assert np.all(band.p50_usd <= band.p90_usd), option
        assert np.all(np.diff(band.p50_usd) >= 0), option
        assert band.total_p10_usd < band.total_p90_usd, option  # the inputs are uncertain
    assert sum(found.probability_cheapest.values()) == pytest.approx(1.0)
    assert all(0 <= p <= 1 for p in found.probability_cheapest.values())


def test_a_ruled_out_option_is_never_counted_cheapest():
    # The law firm's cloud is the cheapest but ruled out (no data may leave): it is nobody's
    # cheapest choice.
    law_firm = evaluate(preset_by_id("law_firm_documents").scenario, draws=200)
    assert not law_firm.options["cloud"].feasible
    assert law_firm.options["cloud"].cost_total_usd < law_firm.options["edge"].cost_total_usd
    assert law_firm.uncertainty.probability_cheapest["cloud"] == 0.0
    assert law_firm.uncertainty.compared == law_firm.feasible
    assert sum(law_firm.uncertainty.probability_cheapest.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "preset_id", ["batch_document_ocr", "factory_qc_camera", "customer_support_rag"]
)
def test_the_band_contains_the_deterministic_projection(preset_id):
    evaluation = evaluate(preset_by_id(preset_id).scenario, draws=1000)
    for option, result in evaluation.options.items():
        band = evaluation.uncertainty.bands[option]
        assert band.total_p10_usd <= result.cost_total_usd <= band.total_p90_usd, option


# --- the tornado --------------------------------------------------------------------------


def test_the_tornado_compares_the_recommendation_with_the_best_feasible_alternative(factory):
    found = factory.tornado
    assert (found.option, found.versus) == ("edge", "hybrid")  # not the ruled-out cloud
    edge, hybrid = factory.options["edge"], factory.options["hybrid"]
    assert found.base_difference_usd == pytest.approx(
        edge.cost_total_usd - hybrid.cost_total_usd, rel=1e-9
    )
    reaches = [d.reach_usd for d in found.drivers]
    assert reaches == sorted(reaches, reverse=True)
    assert all(r >= 0.5 for r in reaches)


def test_with_no_feasible_alternative_the_tornado_shows_the_recommendations_own_total():
    evaluation = evaluate(preset_by_id("law_firm_documents").scenario, draws=100)
    found = evaluation.tornado
    assert evaluation.feasible == ("edge",)
    assert (found.option, found.versus) == ("edge", None)
    assert found.base_difference_usd == pytest.approx(evaluation.options["edge"].cost_total_usd)
    names = {d.name for d in found.drivers}
    assert {"engineer_usd_per_year", "server_hours_per_month", "hardware_price"} <= names
    assert {"fleet_platform_hours_per_month", "release_hours_per_update"} <= names


def test_a_tornado_bar_equals_re_projecting_with_that_input_at_its_p90(ocr):
    s, catalog, deployments = ocr
    found = tornado(deployments, s, catalog)
    volume = next(d for d in found.drivers if d.name == "volume")
    p90 = next(i for i in uncertain_inputs(catalog) if i.name == "volume").high
    moved = project_costs(deployments, s, catalog, Factors.of(1, volume=[p90]))
    difference = float(moved["edge"].total_usd[0] - moved["cloud"].total_usd[0])
    assert volume.high_delta_usd == pytest.approx(difference - found.base_difference_usd)
    assert volume.high_change == f"{p90 - 1:+.0%}"


def recommendation_minus_alternative_usd(s: Scenario, option: str, versus: str) -> float:
    """The difference of a fresh evaluation's totals: the tornado's machinery is not used."""
    evaluation = evaluate(s, draws=50)
    return evaluation.options[option].cost_total_usd - evaluation.options[versus].cost_total_usd


@pytest.mark.parametrize(
    "name",
    [
        "engineer_usd_per_year",
        "site_hours_per_month",
        "field_device_hours_per_month",
        "hybrid_cloud_floor_share",
        "serverless_hours_per_month",
    ],
)
def test_an_operating_driver_bar_equals_re_evaluating_with_the_driver_at_its_p90(factory, name):
    s = factory.scenario
    found = factory.tornado
    key = f"operations.operations.{name}"
    p90 = factory.catalog.value(key + "_high")
    moved = recommendation_minus_alternative_usd(
        with_assumptions(s, {key: p90}), found.option, found.versus
    )
    driver = next((d for d in found.drivers if d.name == name), None)
    delta = moved - found.base_difference_usd
    if driver is None:  # it moves both options alike: no bar
        assert delta == pytest.approx(0, abs=0.5)
        return
    assert driver.high_delta_usd == pytest.approx(delta, abs=0.01)


def test_customers_devices_that_only_queue_requests_cost_no_on_device_model_work():
    # The queue-and-sync hybrid captures on the phone and infers in the cloud: no model of the
    # company's runs on the phones, so none is kept running, shipped or supported there.
    s = build(
        HAND_CASE,
        requirements={**HAND_CASE["requirements"], "devices": 1000},
        edge={"device": "jetson_orin_nano_super", "devices_owned_by": "customers"},
        hybrid={"pattern": "queue_and_sync"},
    )
    projections, deployments = project(s)
    assert not deployments["hybrid"].local.runs_model
    drivers = set(people(projections["hybrid"]))
    assert not drivers & {
        "app_platform_hours_per_month",
        "app_release_hours_per_update",
        "support_minutes_per_contact",
    }
    assert "support_minutes_per_contact" in people(projections["edge"])
