"""Cost over time: small cases worked by hand to the cent, properties of the projection, the
break-even month, the seeded Monte Carlo band and the tornado of cost drivers."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring.catalog import default_catalog
from scoring.engine.breakeven import break_even_month, break_evens
from scoring.engine.costs import Factors, project_costs, refresh_months
from scoring.engine.deployment import plan_deployments
from scoring.engine.drivers import DRIVER_LABELS, driver_names, tornado
from scoring.engine.evaluate import evaluate
from scoring.engine.inference import serving_point
from scoring.engine.uncertainty import simulate
from scoring.io.presets import preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.model.scenario import Scenario

CATALOG = default_catalog()
CENT = 0.005

# Figures overridden to round numbers so that every cost can be worked out by hand.
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
    "serverless_gpus.modal_l4.usd_per_gpu_hour": 3.6,
    "gpu_instances.aws_g6_xlarge.usd_per_hour": 1.0,
    "cloud_egress.aws_internet.usd_per_gb": 0.1,
    "general.general.electricity_usd_per_kwh": 0.1,
    "general.general.idle_power_fraction": 0.3,
    "general.general.edge_installation_usd_per_device": 150,
    "general.general.edge_ops_usd_per_device_month": 4,
    "general.general.edge_update_usd_per_device": 0.5,
    "general.general.update_validation_hours": 17.6,
    "general.general.staff_usd_per_fte_year": 120_000,
    "general.general.edge_staff_fte_base": 0.5,
    "general.general.edge_devices_per_fte": 400,
    "general.general.edge_failure_rate_pct_per_year": 12,
    "general.general.edge_refresh_years": 4,
    "general.general.cloud_platform_usd_per_month": 500,
    "general.general.cloud_staff_fte": 0.25,
    "general.general.customer_device_uplift_usd": 5,
    "general.general.customer_ota_usd_per_device_month": 0.05,
    "general.general.customer_devices_per_fte": 100_000,
    "network_profiles.lte_4g.data_usd_per_gb": 5,
    "network_profiles.lte_4g.site_usd_per_month": 10,
    "llm_models.gpt_4o_mini.input_usd_per_mtok": 1,
    "llm_models.gpt_4o_mini.output_usd_per_mtok": 2,
}

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

# The arithmetic shared by the hand cases (staff at $120,000 a year = $10,000 a month).
STAFF_MONTH = 120_000 / 12
# Validating one update: 17.6 h of an engineer working 1,760 h a year; 12 updates a year.
VALIDATION_MONTH = 12 / 12 * 17.6 * STAFF_MONTH * 12 / 1760  # = 1,200.00


def build(base: dict, **changes) -> Scenario:
    data = {key: (dict(value) if isinstance(value, dict) else value) for key, value in base.items()}
    for dotted, value in changes.items():
        section, _, field = dotted.partition("__")
        if field:
            data[section] = {**data.get(section, {}), field: value}
        else:
            data[section] = value
    return scenario_from_dict(data)


def project(s: Scenario, factors: Factors | None = None):
    catalog = CATALOG.with_overrides(s.assumptions)
    deployments = plan_deployments(s, catalog)
    return project_costs(deployments, s, catalog, factors or Factors.neutral()), deployments


def items(projection, month: int) -> dict[str, float]:
    return {name: float(values[0, month - 1]) for name, values in projection.items.items()}


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
    assert cloud.gpu_seconds_per_request == pytest.approx(0.003)
    # 10 M requests a month = 3.8 per second at peak: one board is plenty.
    assert hand_case.options["edge"].costs.fleet_units[0, -1] == 1


def test_one_edge_site_costs_what_the_hand_calculation_says_to_the_cent(hand_case):
    edge = hand_case.options["edge"].costs
    failures = 1 * 12 / 100 / 12  # 12 % of one unit a year, replaced every month: 0.01 unit
    # Busy 10 M requests x 12 ms over 730 h = 4.566 % of the time; idle draw is 30 % of load.
    busy = 10_000_000 * 0.012 / (730 * 3600)
    power = 1 * 10 / 1000 * 730 * 0.1 * (0.3 + 0.7 * busy)  # $0.73 at full load -> $0.24
    # Site fee + one update a month: 0.01 B int8 weights at 8.5 bits = 0.010625 GB at $5/GB.
    connectivity = 10 + 1 * 1 * 0.01 * 8.5 / 8 * 5
    updates = 1 * 1 * 0.5 + VALIDATION_MONTH  # roll-out to one device + validation
    staff = (0.5 + 1 / 400) * STAFF_MONTH  # base 0.5 FTE + 1 device / 400 per FTE = $5,025
    month_1 = {
        "hardware": (1 + failures) * 250,  # $252.50
        "installation": 150.0,
        "power": power,
        "operations": 4.0,
        "connectivity": connectivity,
        "updates": updates,
        "staff": staff,
    }
    later = {**month_1, "hardware": failures * 250, "installation": 0.0}  # $2.50 of failures
    for name, expected in month_1.items():
        assert items(edge, 1)[name] == pytest.approx(expected, abs=CENT), name
    for name, expected in later.items():
        assert items(edge, 7)[name] == pytest.approx(expected, abs=CENT), name
    assert hand_case.options["edge"].monthly_usd[0] == pytest.approx(6642.30, abs=CENT)
    assert hand_case.options["edge"].monthly_usd[1] == pytest.approx(6242.30, abs=CENT)
    assert hand_case.options["edge"].cost_total_usd == pytest.approx(
        sum(month_1.values()) + 11 * sum(later.values()), abs=CENT
    )


def test_serverless_cloud_costs_what_the_hand_calculation_says_to_the_cent(hand_case):
    cloud = hand_case.options["cloud"].costs
    requests = 10_000_000
    # 3.8 requests a second at the peak leave the GPU idle between requests: each is served
    # alone, 3 ms of GPU time (pre-processing runs on the host CPU).
    gpu_seconds = 3 / 1000
    expected = {
        "inference": requests * gpu_seconds * 3.6 / 3600,  # $30.00
        "transfer": requests * 1 * 1e-6 * 0.1,  # 10 GB of answers at $0.10/GB egress = $1.00
        "connectivity": requests * 100 * 1e-6 * 5 + 10,  # 1,000 GB uploaded over LTE + site fee
        "platform": 500.0,
        "staff": 0.25 * STAFF_MONTH,  # $2,500
        "updates": VALIDATION_MONTH,  # $1,200: a model is validated wherever it runs
        "hardware": 0.0,
        "installation": 0.0,
        "power": 0.0,
        "operations": 0.0,
    }
    for month in (1, 12):
        for name, value in expected.items():
            assert items(cloud, month)[name] == pytest.approx(value, abs=CENT), name
    assert hand_case.options["cloud"].monthly_usd[0] == pytest.approx(9241.00, abs=CENT)
    assert hand_case.options["cloud"].cost_total_usd == pytest.approx(12 * 9241.00, abs=CENT)


def test_a_hybrid_detecting_locally_costs_its_edge_part_plus_the_cloud_backend_and_reports(
    hand_case,
):
    edge = hand_case.options["edge"].monthly_usd
    hybrid = hand_case.options["hybrid"].monthly_usd
    reports = 10_000_000 * 1 * 1e-6 * 5  # 1 kB of results per request over LTE at $5/GB = $50
    backend = 500 + 0.25 * STAFF_MONTH  # platform + cloud staff
    assert hybrid[0] == pytest.approx(edge[0] + backend + reports, abs=CENT)
    assert hybrid == pytest.approx(edge + backend + reports, abs=CENT)


def test_the_hand_case_breaks_even_in_month_1(hand_case):
    assert hand_case.break_even_month == 1


def test_per_token_cloud_costs_what_the_hand_calculation_says_to_the_cent():
    s = build(
        HAND_CASE,
        workload={
            "kind": "llm",
            "requests_per_month": 1_000_000,
            "tokens_in": 1000,
            "tokens_out": 200,
            "input_kb": 4,
            "output_kb": 2,
        },
        cloud={"pricing": "per_token", "llm_model": "gpt_4o_mini"},
        network={"profile": "metro"},
    )
    cloud = project(s)[0]["cloud"]
    per_request = (1000 * 1 + 200 * 2) / 1e6  # $1/M input, $2/M output: $0.0014
    expected = {
        "inference": 1_000_000 * per_request,  # $1,400.00
        "transfer": 1_000_000 * 2 * 1e-6 * 0.1,  # 2 GB of answers: $0.20
        "connectivity": 0.0,  # metro link: no data or site fee
        "platform": 500.0,
        "staff": 2500.0,
        "updates": VALIDATION_MONTH,
    }
    for name, value in expected.items():
        assert items(cloud, 1)[name] == pytest.approx(value, abs=CENT), name
    assert float(cloud.monthly_usd[0, 0]) == pytest.approx(5600.20, abs=CENT)


def test_gpu_instances_cost_whole_instance_hours_sized_for_the_peak():
    s = build(HAND_CASE, cloud={"pricing": "gpu_hour", "gpu_instance": "aws_g6_xlarge"})
    cloud = project(s)[0]["cloud"]
    # Peak work: 3.8 requests/s x 3 ms of GPU = 1.1 % of one GPU: one instance, all month.
    assert items(cloud, 1)["inference"] == pytest.approx(1 * 1.0 * 730, abs=CENT)
    s = build(
        HAND_CASE,
        cloud={"pricing": "gpu_hour", "gpu_instance": "aws_g6_xlarge"},
        workload={**HAND_CASE["workload"], "requests_per_month": 2_000_000_000},
    )
    projections, deployments = project(s)
    plan = deployments["cloud"].cloud.plan
    # 2e9 / 2,628,000 s = 761 requests/s. A batch of b images takes 2 ms + b x 1 ms on the L4
    # at 10 effective TOPS: one at a time 333 a second, four at a time 667. At the 60 % target
    # one at a time needs ceil(761 / 200) = 4 instances, batches of four ceil(761 / 400) = 2;
    # larger batches need no fewer and each request waits longer for its batch.
    peak = 2e9 / (730 * 3600)
    assert plan.batch == 4
    assert plan.point.latency_ms == pytest.approx(2 + 4 * 1)
    instances = math.ceil(peak / (4 / 0.006 * 0.6))
    assert instances == 2 == plan.units
    assert math.ceil(peak / (1 / 0.003 * 0.6)) == 4  # without batching
    assert items(projections["cloud"], 1)["inference"] == pytest.approx(instances * 730, abs=CENT)


@pytest.mark.parametrize("pricing", ["per_token", "per_request"])
@pytest.mark.parametrize("share", [0.0, 0.15, 0.5, 1.0])
def test_an_escalating_hybrid_pays_its_share_of_the_cloud_usage(pricing, share):
    s = build(
        HAND_CASE,
        workload={
            **HAND_CASE["workload"],
            "kind": "llm" if pricing == "per_token" else "vision",
            "tokens_in": 800 if pricing == "per_token" else 0,
            "tokens_out": 100 if pricing == "per_token" else 0,
        },
        cloud={"pricing": pricing},
        hybrid={"pattern": "escalate_hard_cases", "escalation_share": share},
    )
    projections, deployments = project(s)
    # Per token, the bill is proportional; per request, the hybrid's own pool serves its share
    # at its own batch (a smaller load batches less), so its GPU time per request is its own.
    names = ("inference", "transfer") if pricing == "per_token" else ("transfer",)
    for name in names:
        np.testing.assert_allclose(
            projections["hybrid"].items[name],
            share * projections["cloud"].items[name],
            rtol=1e-12,
            atol=1e-12,
        )
    if pricing == "per_request":
        remote = deployments["hybrid"].cloud
        requests = projections["hybrid"].requests[0]
        np.testing.assert_allclose(
            projections["hybrid"].items["inference"][0],
            requests * share * remote.gpu_seconds_per_request * remote.usd_per_hour / 3600,
            rtol=1e-12,
        )


def test_customer_owned_devices_cost_the_uplift_the_ota_channel_and_the_downloads():
    s = build(
        HAND_CASE,
        requirements={**HAND_CASE["requirements"], "devices": 1000},
        edge={"device": "jetson_orin_nano_super", "devices_owned_by": "customers"},
    )
    edge = project(s)[0]["edge"]
    month_1, month_2 = items(edge, 1), items(edge, 2)
    assert month_1["hardware"] == pytest.approx(1000 * 5, abs=CENT)  # uplift per unit shipped
    assert month_2["hardware"] == pytest.approx(0.0, abs=CENT)  # the customers replace them
    assert month_1["installation"] == month_1["power"] == 0.0
    assert month_1["operations"] == pytest.approx(1000 * 0.05, abs=CENT)
    # One update of 0.01 B int8 weights (8.5 bits: 0.010625 GB) to 1,000 devices at $0.10/GB.
    downloads = 1 * 1000 * 0.01 * 8.5 / 8 * 0.1
    assert month_1["updates"] == pytest.approx(downloads + VALIDATION_MONTH, abs=CENT)
    assert month_1["staff"] == pytest.approx((0.5 + 1000 / 100_000) * STAFF_MONTH, abs=CENT)


# --- properties of the projection ---------------------------------------------------------

SETTINGS = settings(max_examples=40, deadline=None)


@given(
    requests=st.floats(0, 10).map(lambda e: 10**e),
    growth=st.floats(-10, 20),
    demand=st.sampled_from(["steady", "seasonal", "spiky"]),
    pricing=st.sampled_from(["per_token", "per_request"]),
    input_kb=st.floats(0, 1e4, allow_subnormal=False),
    output_kb=st.floats(0, 1e4, allow_subnormal=False),
    tokens=st.tuples(st.integers(0, 8000), st.integers(0, 8000)),
    share=st.floats(0, 1),
)
@SETTINGS
def test_cloud_usage_cost_is_linear_in_volume_at_the_plans_gpu_time(
    requests, growth, demand, pricing, input_kb, output_kb, tokens, share
):
    """Per-token and transfer costs double with the volume. Per-second billing charges each
    request the GPU time of the batch its pool runs: a larger volume may run a larger batch
    (less time per request) or spread over more machines at a smaller one, but the time per
    request always lies between the curve's largest batch and batch 1."""
    kind = "llm" if pricing == "per_token" else "vision"

    def usage(volume: float):
        s = scenario_from_dict(
            {
                "name": "Linear",
                "requirements": {"demand": demand},
                "workload": {
                    "kind": kind,
                    "requests_per_month": volume,
                    "growth_pct_per_month": growth,
                    "input_kb": input_kb,
                    "output_kb": output_kb,
                    "tokens_in": tokens[0] if kind == "llm" else 0,
                    "tokens_out": tokens[1] if kind == "llm" else 0,
                },
                "cloud": {"pricing": pricing},
                "hybrid": {"pattern": "escalate_hard_cases", "escalation_share": share},
                "horizon_months": 24,
            }
        )
        projections, deployments = project(s)
        costs = {
            f"{option}.{item}": projections[option].items[item][0]
            for option in ("cloud", "hybrid")
            for item in ("inference", "transfer")
        }
        return costs, deployments

    (once, plans_once), (twice, plans_twice) = usage(requests), usage(2 * requests)
    for name in once:
        option = name.split(".")[0]
        if pricing == "per_request" and name.endswith("inference"):
            cloud_once, cloud_twice = plans_once[option].cloud, plans_twice[option].cloud
            ratio = cloud_twice.gpu_seconds_per_request / cloud_once.gpu_seconds_per_request
            np.testing.assert_allclose(twice[name], 2 * ratio * once[name], rtol=1e-9, atol=1e-9)
            for cloud in (cloud_once, cloud_twice):
                hardware, general = cloud.hardware, CATALOG.general
                largest = int(hardware.serving_class.max_batch)
                fastest = 1 / serving_point(hardware, cloud.work, largest, general).throughput_rps
                slowest = 1 / serving_point(hardware, cloud.work, 1, general).throughput_rps
                per_copy = cloud.gpu_seconds_per_request / (cloud.gpus_per_copy * cloud.plan.copies)
                assert fastest * (1 - 1e-9) <= per_copy <= slowest * (1 + 1e-9), name
            continue
        np.testing.assert_allclose(twice[name], 2 * once[name], rtol=1e-9, atol=1e-9, err_msg=name)


@given(
    sites=st.integers(1, 1000),
    times=st.integers(2, 1000),
    per_site=st.floats(1, 5).map(lambda e: 10**e),
    growth=st.floats(-5, 10),
    owned_by=st.sampled_from(["operator", "customers"]),
)
@SETTINGS
def test_edge_hardware_cost_is_linear_in_device_count_when_units_per_site_stay_equal(
    sites, times, per_site, growth, owned_by
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
                "edge": {"device": "jetson_orin_nano_super", "devices_owned_by": owned_by},
                "horizon_months": 60,
            }
        )
        return project(s)[0]["edge"]

    small, large = edge(sites), edge(sites * times)
    assume(np.array_equal(small.fleet_units / sites, large.fleet_units / (sites * times)))
    np.testing.assert_allclose(
        large.items["hardware"], times * small.items["hardware"], rtol=1e-9, atol=1e-9
    )


scenario_dicts = st.fixed_dictionaries(
    {
        "name": st.just("Any"),
        "requirements": st.fixed_dictionaries(
            {
                "devices": st.floats(0, 6).map(lambda e: round(10**e)),
                "demand": st.sampled_from(["steady", "seasonal", "spiky"]),
                "model_updates_per_year": st.integers(0, 365),
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
            {"pricing": st.sampled_from(["auto", "per_token", "per_request", "gpu_hour"])}
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
        assert math.isfinite(result.latency.p50_ms), option
        assert math.isfinite(result.resilience.lost_hours_per_year), option
        band = evaluation.uncertainty.bands[option]
        for values in (band.p10_usd, band.p50_usd, band.p90_usd):
            assert np.all(np.isfinite(values)), option
    assert math.isfinite(evaluation.tornado.base_difference_usd)
    for driver in evaluation.tornado.drivers:
        assert math.isfinite(driver.low_delta_usd) and math.isfinite(driver.high_delta_usd)
    for point in evaluation.sensitivity.tipping_points:
        assert math.isfinite(point.value)


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


@pytest.mark.parametrize(
    "preset_id", ["batch_document_ocr", "factory_qc_camera", "customer_support_rag"]
)
def test_the_band_contains_the_deterministic_projection(preset_id):
    evaluation = evaluate(preset_by_id(preset_id).scenario, draws=1000)
    for option, result in evaluation.options.items():
        band = evaluation.uncertainty.bands[option]
        assert band.total_p10_usd <= result.cost_total_usd <= band.total_p90_usd, option


def test_without_uncertainty_the_band_collapses_onto_the_projection(ocr):
    s, _, _ = ocr
    no_spread = {
        f"general.general.{name}": 0
        for name in (
            "volume_uncertainty",
            "growth_uncertainty_pct",
            "cloud_price_uncertainty",
            "hardware_price_uncertainty",
            "failure_rate_uncertainty",
            "electricity_uncertainty",
        )
    }
    s = s.model_copy(update={"assumptions": {**s.assumptions, **no_spread}})
    evaluation = evaluate(s, draws=200)
    for option, result in evaluation.options.items():
        band = evaluation.uncertainty.bands[option]
        np.testing.assert_allclose(band.p10_usd, result.cumulative_usd, rtol=1e-12)
        np.testing.assert_allclose(band.p90_usd, result.cumulative_usd, rtol=1e-12)


# --- the tornado --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "preset_id", ["batch_document_ocr", "factory_qc_camera", "smart_home_voice"]
)
def test_the_tornado_base_is_edge_minus_cloud_and_every_driver_is_finite(preset_id):
    evaluation = evaluate(preset_by_id(preset_id).scenario, draws=200)
    found = evaluation.tornado
    edge, cloud = evaluation.options["edge"], evaluation.options["cloud"]
    assert (found.option, found.versus) == ("edge", "cloud")
    assert found.base_difference_usd == pytest.approx(
        edge.cost_total_usd - cloud.cost_total_usd, rel=1e-9
    )
    assert {d.name for d in found.drivers} == set(driver_names(evaluation.scenario))
    assert {"edge_staff", "cloud_staff", "devices_per_fte", "model_updates"} <= {
        d.name for d in found.drivers
    }
    for driver in found.drivers:
        assert math.isfinite(driver.low_delta_usd), driver.name
        assert math.isfinite(driver.high_delta_usd), driver.name
    reaches = [d.reach_usd for d in found.drivers]
    assert reaches == sorted(reaches, reverse=True)


def test_cheaper_hardware_makes_edge_relatively_cheaper_in_the_tornado(ocr):
    s, catalog, deployments = ocr
    found = tornado(deployments, s, catalog)
    hardware = next(d for d in found.drivers if d.name == "hardware_price")
    cloud_price = next(d for d in found.drivers if d.name == "cloud_price")
    assert hardware.low_delta_usd < 0 < hardware.high_delta_usd
    assert cloud_price.low_delta_usd > 0 > cloud_price.high_delta_usd


def test_a_tornado_driver_equals_re_projecting_with_that_input_moved(ocr):
    s, catalog, deployments = ocr
    found = tornado(deployments, s, catalog)
    volume = next(d for d in found.drivers if d.name == "volume")
    high = replace(Factors.neutral(), volume=np.array([1.25]))
    moved = project_costs(deployments, s, catalog, high)
    difference = float(moved["edge"].total_usd[0] - moved["cloud"].total_usd[0])
    assert volume.high_delta_usd == pytest.approx(difference - found.base_difference_usd)


# The operating figures the tornado moves, and the catalog figure each stands for
# ({network} is the scenario's network profile).
FIGURE_DRIVERS = {
    "edge_staff": "general.general.edge_staff_fte_base",
    "cloud_staff": "general.general.cloud_staff_fte",
    "devices_per_fte": "general.general.edge_devices_per_fte",
    "device_ops": "general.general.edge_ops_usd_per_device_month",
    "installation": "general.general.edge_installation_usd_per_device",
    "cloud_platform": "general.general.cloud_platform_usd_per_month",
    "site_fee": "network_profiles.{network}.site_usd_per_month",
    "data_price": "network_profiles.{network}.data_usd_per_gb",
}


def edge_minus_cloud_usd(s: Scenario) -> float:
    """The edge-minus-cloud total of a fresh evaluation: the tornado's machinery is not used."""
    evaluation = evaluate(s, draws=50)
    return evaluation.options["edge"].cost_total_usd - evaluation.options["cloud"].cost_total_usd


def with_assumption(s: Scenario, key: str, value: float) -> Scenario:
    data = scenario_to_dict(s)
    data["assumptions"] = {**data.get("assumptions", {}), key: value}
    return scenario_from_dict(data)


@pytest.fixture(scope="module")
def offshore():
    """Operator-owned devices on a satellite link: every operating figure costs something."""
    s = preset_by_id("offshore_field_equipment").scenario
    return s, evaluate(s, draws=50).tornado


@pytest.mark.parametrize("name", sorted(FIGURE_DRIVERS))
def test_an_operating_figure_bar_equals_re_evaluating_with_that_figure_overridden(offshore, name):
    s, found = offshore
    key = FIGURE_DRIVERS[name].format(network=s.network.profile)
    value = CATALOG.with_overrides(s.assumptions).value(key)
    driver = next(d for d in found.drivers if d.name == name)
    assert driver.label == DRIVER_LABELS[name]
    assert (driver.low_change, driver.high_change) == ("-25%", "+25%")
    low = edge_minus_cloud_usd(with_assumption(s, key, 0.75 * value))
    high = edge_minus_cloud_usd(with_assumption(s, key, 1.25 * value))
    assert driver.low_delta_usd == pytest.approx(low - found.base_difference_usd, abs=0.01)
    assert driver.high_delta_usd == pytest.approx(high - found.base_difference_usd, abs=0.01)
    if name == "site_fee":
        # Edge and cloud both pay each site's connection fee, so it cancels in edge - cloud
        # (it used to pass on a 1e-10 rounding residue).
        assert driver.reach_usd == pytest.approx(0, abs=0.01)
    else:
        assert driver.reach_usd > 0, "the preset should make every operating figure count"


def test_the_model_updates_bar_equals_re_evaluating_with_fewer_and_more_updates(offshore):
    s, found = offshore
    updates = s.requirements.model_updates_per_year
    assert updates % 4 == 0, "a quarter of the updates must be a whole number to re-enter it"
    driver = next(d for d in found.drivers if d.name == "model_updates")
    for count, delta in (
        (updates * 3 // 4, driver.low_delta_usd),
        (updates * 5 // 4, driver.high_delta_usd),
    ):
        requirements = s.requirements.model_copy(update={"model_updates_per_year": count})
        moved = edge_minus_cloud_usd(s.model_copy(update={"requirements": requirements}))
        assert delta == pytest.approx(moved - found.base_difference_usd, abs=0.01), count


def test_a_law_firms_cloud_staffing_is_a_bar_and_the_one_to_check_first():
    """The audit's case: cloud staff moves the difference as much as the whole saving."""
    s = preset_by_id("law_firm_documents").scenario
    found = evaluate(s, draws=50).tornado
    key = "general.general.cloud_staff_fte"
    value = CATALOG.with_overrides(s.assumptions).value(key)
    high = edge_minus_cloud_usd(with_assumption(s, key, 1.25 * value))
    top = found.drivers[0]
    assert top.name == "cloud_staff"
    assert top.high_delta_usd == pytest.approx(high - found.base_difference_usd, abs=0.01)


def test_customer_owned_devices_move_the_customer_figures_and_have_no_install_or_site_bar():
    s = preset_by_id("smart_home_voice").scenario
    assert s.edge.customer_owned
    found = evaluate(s, draws=50).tornado
    names = {d.name for d in found.drivers}
    assert "installation" not in names and "site_fee" not in names
    per_fte = next(d for d in found.drivers if d.name == "devices_per_fte")
    assert per_fte.label == "Customer devices per engineer"
    key = "general.general.customer_devices_per_fte"
    value = CATALOG.with_overrides(s.assumptions).value(key)
    low = edge_minus_cloud_usd(with_assumption(s, key, 0.75 * value))
    assert per_fte.low_delta_usd == pytest.approx(low - found.base_difference_usd, abs=0.01)
    assert per_fte.low_delta_usd > 0  # fewer devices per engineer: more edge staff


# Figures that enter the costs in proportion: a quarter less and a quarter more move the
# difference by the same amount in opposite directions.
LINEAR_DRIVERS = (
    "edge_staff",
    "cloud_staff",
    "device_ops",
    "installation",
    "cloud_platform",
    "site_fee",
    "data_price",
    "model_updates",
)


@given(data=scenario_dicts)
@SETTINGS
def test_a_tornado_bar_of_a_proportional_figure_is_symmetric_and_the_bars_are_sorted(data):
    s = scenario_from_dict(data)
    projections, deployments = project(s)
    found = tornado(deployments, s, CATALOG.with_overrides(s.assumptions))
    # A bar is a difference of two totals: it carries their rounding, not its own.
    rounding = 1e-9 * max(float(projections[o].total_usd[0]) for o in ("edge", "cloud"))
    reaches = [d.reach_usd for d in found.drivers]
    assert reaches == sorted(reaches, reverse=True)
    for driver in found.drivers:
        assert math.isfinite(driver.low_delta_usd) and math.isfinite(driver.high_delta_usd)
        if driver.name in LINEAR_DRIVERS:
            assert driver.low_delta_usd == pytest.approx(
                -driver.high_delta_usd, abs=rounding + 1e-6
            ), driver.name
