"""Resilience: availability of each path, behaviour during a network loss, and the expected
hours of lost essential function a year."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.catalog import default_catalog
from scoring.engine.deployment import plan_deployments
from scoring.engine.evaluate import evaluate
from scoring.engine.resilience import (
    HOURS_PER_YEAR,
    cloud_path_availability,
    device_availability,
    resilience,
    site_down_hours,
)
from scoring.model.codec import scenario_from_dict
from scoring.model.scenario import Scenario

CATALOG = default_catalog()

SAFETY_CRITICAL = {
    "name": "Line-side safety check",
    "requirements": {
        "max_latency_ms": 100,
        "offline": "required",
        "data_leaving": "results_only",
        "failure_mode": "safety_critical",
        "devices": 40,
    },
    "workload": {"kind": "vision", "requests_per_month": 5_000_000, "input_kb": 200},
    "model": {"params_billion": 0.011, "precision": "int8"},
}


def scenario(**sections) -> Scenario:
    return scenario_from_dict({"name": "Resilience test", **sections})


def resiliences(s: Scenario):
    catalog = CATALOG.with_overrides(s.assumptions)
    deployments = plan_deployments(s, catalog)
    return {o: resilience(d, s, catalog) for o, d in deployments.items()}, deployments


@pytest.fixture(scope="module")
def safety_critical():
    return evaluate(scenario_from_dict(SAFETY_CRITICAL))


# --- availability from the catalog --------------------------------------------------------


@pytest.mark.parametrize("profile", CATALOG.ids("network_profiles"))
def test_the_cloud_path_is_up_when_both_the_cloud_and_the_network_are_up(profile):
    s = scenario(network={"profile": profile})
    sla = CATALOG.value("general.general.cloud_sla_pct") / 100
    network = CATALOG.value(f"network_profiles.{profile}.availability_pct") / 100
    assert cloud_path_availability(s, CATALOG) == pytest.approx(sla * network)
    cloud = resiliences(s)[0]["cloud"]
    assert cloud.lost_hours_per_year == pytest.approx((1 - sla * network) * HOURS_PER_YEAR)


def test_a_metro_link_and_a_99_9_percent_sla_lose_about_17_5_hours_a_year():
    cloud = resiliences(scenario(network={"profile": "metro"}))[0]["cloud"]
    assert cloud.lost_hours_per_year == pytest.approx((1 - 0.999 * 0.999) * 8760)
    assert cloud.lost_hours_per_year == pytest.approx(17.51, abs=0.01)


def test_edge_availability_is_one_minus_failures_times_repair_time_over_a_year():
    general = CATALOG.general
    expected = 1 - general.edge_failure_rate_pct_per_year / 100 * general.edge_repair_hours / 8760
    assert device_availability(CATALOG) == pytest.approx(expected)
    edge = resiliences(scenario())[0]["edge"]
    assert edge.lost_hours_per_year == pytest.approx(0.03 * 72)  # 3 %/yr x 72 h


@given(afr=st.floats(0, 100), repair=st.floats(0, 8760))
@settings(max_examples=40)
def test_edge_availability_follows_the_overridden_failure_rate_and_repair_time(afr, repair):
    catalog = CATALOG.with_overrides(
        {
            "general.general.edge_failure_rate_pct_per_year": afr,
            "general.general.edge_repair_hours": repair,
        }
    )
    assert device_availability(catalog) == pytest.approx(max(0.0, 1 - afr / 100 * repair / 8760))
    assert 0.0 <= device_availability(catalog) <= 1.0


def test_a_tenth_of_devices_failing_a_year_with_a_36_day_repair_is_99_percent_available():
    catalog = CATALOG.with_overrides(
        {
            "general.general.edge_failure_rate_pct_per_year": 10,
            "general.general.edge_repair_hours": 876,
        }
    )
    assert device_availability(catalog) == pytest.approx(0.99)


# --- behaviour during a network loss ------------------------------------------------------


def test_during_a_network_loss_edge_keeps_working_and_cloud_stops():
    found, _ = resiliences(scenario())
    assert found["edge"].during_network_loss.startswith("Keeps working")
    assert found["cloud"].during_network_loss.startswith("Stops")


@pytest.mark.parametrize(
    ("placement", "where"),
    [("in_device", "on the device"), ("site_server", "on the server at the site")],
)
def test_during_a_network_loss_edge_says_where_its_inference_keeps_running(placement, where):
    found, deployments = resiliences(scenario(edge={"placement": placement}))
    assert deployments["edge"].local.placement == placement
    assert found["edge"].during_network_loss == f"Keeps working: inference runs {where}."


@pytest.mark.parametrize("pattern", ["local_detect_cloud_trends", "safety_local_reporting_central"])
def test_during_a_network_loss_a_hybrid_detecting_locally_keeps_working_and_queues(pattern):
    found, deployments = resiliences(scenario(hybrid={"pattern": pattern}))
    hybrid = found["hybrid"]
    assert deployments["hybrid"].pattern.pattern == pattern
    assert hybrid.during_network_loss.startswith("Keeps working")
    assert "queue" in hybrid.during_network_loss
    # Its essential function is lost only when the device fails; the link only delays reports.
    assert hybrid.lost_hours_per_year == pytest.approx(found["edge"].lost_hours_per_year)
    assert hybrid.delayed_hours_per_year == pytest.approx(found["cloud"].lost_hours_per_year)


def test_during_a_network_loss_a_hybrid_escalating_hard_cases_degrades():
    found, _ = resiliences(scenario(hybrid={"pattern": "escalate_hard_cases"}))
    hybrid = found["hybrid"]
    assert hybrid.during_network_loss.startswith("Degrades")
    assert hybrid.degraded_hours_per_year == pytest.approx(found["cloud"].lost_hours_per_year)
    assert hybrid.lost_hours_per_year == pytest.approx(found["edge"].lost_hours_per_year)


def test_an_anonymising_hybrid_needs_both_halves():
    found, _ = resiliences(scenario(hybrid={"pattern": "anonymize_then_send"}))
    hybrid = found["hybrid"]
    assert hybrid.during_network_loss.startswith("Stops")
    # Down whenever either half is down: 1 - (device up) x (cloud path up).
    device_up = 1 - found["edge"].lost_hours_per_year / 8760
    cloud_up = 1 - found["cloud"].lost_hours_per_year / 8760
    assert hybrid.lost_hours_per_year == pytest.approx((1 - device_up * cloud_up) * 8760)


def test_a_queueing_hybrid_waits_when_results_can_wait():
    found, _ = resiliences(
        scenario(hybrid={"pattern": "queue_and_sync"}, requirements={"failure_mode": "can_wait"})
    )
    assert found["hybrid"].during_network_loss.startswith("Waits")
    assert found["hybrid"].delayed_hours_per_year == pytest.approx(
        found["cloud"].lost_hours_per_year
    )


# --- lost hours for a safety-critical scenario --------------------------------------------


def test_a_safety_critical_scenario_loses_fewest_hours_on_edge_and_most_on_cloud(safety_critical):
    lost = {o: r.resilience.lost_hours_per_year for o, r in safety_critical.options.items()}
    assert safety_critical.hybrid.pattern in (
        "local_detect_cloud_trends",
        "safety_local_reporting_central",
    )
    assert lost["edge"] <= lost["hybrid"] < lost["cloud"]


def test_a_safety_critical_scenario_scores_offline_use_highest_on_edge(safety_critical):
    offline = {o: r.criteria["offline"].score for o, r in safety_critical.options.items()}
    assert offline["edge"] >= offline["hybrid"] > offline["cloud"]
    assert offline["cloud"] <= 5  # offline is required and the cloud stops without the link


def test_a_lost_hour_counts_more_when_the_failure_is_safety_critical():
    weighted = {}
    for mode in ("safety_critical", "degrade", "can_wait"):
        found, _ = resiliences(scenario(requirements={"failure_mode": mode}))
        weighted[mode] = found["cloud"].weighted_hours_per_year
    assert weighted["safety_critical"] > weighted["degrade"] > weighted["can_wait"]


def test_a_cloud_sla_of_zero_evaluates_to_a_cloud_that_is_always_down():
    evaluation = evaluate(scenario(assumptions={"general.general.cloud_sla_pct": 0}), draws=50)
    assert evaluation.options["cloud"].resilience.lost_hours_per_year == pytest.approx(8760)


def test_lost_hours_never_exceed_a_year_and_availability_stays_within_0_and_100():
    found, _ = resiliences(
        scenario(
            hybrid={"pattern": "anonymize_then_send"},
            assumptions={"network_profiles.metro.availability_pct": 0},
        )
    )
    for result in found.values():
        assert 0 <= result.lost_hours_per_year <= HOURS_PER_YEAR
        assert 0 <= result.availability_pct <= 100


# --- several units at a site ------------------------------------------------------------------


def busy_site(devices: int) -> Scenario:
    """A law-firm style LLM load that needs two Mac minis on the server shelf at each site
    (pinned: left to choose, one larger unit costs less to keep than two)."""
    return scenario(
        requirements={"max_latency_ms": 60_000, "devices": devices},
        workload={"kind": "llm", "requests_per_month": 200_000, "tokens_in": 3000},
        model={"params_billion": 8, "precision": "int4"},
        edge={"device": "mac_mini_m4", "placement": "site_server"},
    )


def test_a_site_with_several_units_stops_only_when_all_are_down_and_degrades_otherwise():
    independent = {"general.general.edge_common_cause_share": 0}
    found, deployments = resiliences(busy_site(2).model_copy(update={"assumptions": independent}))
    units = deployments["edge"].local.choice.closest.units_per_site
    assert units > 1
    device_down = 1 - device_availability(CATALOG)
    edge = found["edge"]
    assert edge.lost_hours_per_year == pytest.approx(device_down**units * HOURS_PER_YEAR)
    # Degraded by the share of capacity lost: on average device_down of the units are down.
    capacity_lost = device_down - device_down**units
    assert edge.degraded_hours_per_year == pytest.approx(capacity_lost * HOURS_PER_YEAR)
    single = resiliences(scenario())[0]["edge"]
    assert edge.lost_hours_per_year + edge.degraded_hours_per_year == pytest.approx(
        single.lost_hours_per_year
    )
    others = "other unit carries" if units == 2 else f"other {units - 1} units carry"
    assert others in edge.during_device_failure


def test_units_at_one_site_are_down_together_for_the_common_cause_share_of_one_units_downtime():
    # Two servers in one room share power, a switch and a software build: redundancy cannot
    # make the site more than 1 / share times as available as one unit.
    found, deployments = resiliences(busy_site(2))
    units = deployments["edge"].local.choice.closest.units_per_site
    assert units > 1
    share = CATALOG.value("general.general.edge_common_cause_share")
    assert share > 0
    one_unit_h = (1 - device_availability(CATALOG)) * HOURS_PER_YEAR
    edge = found["edge"]
    assert share * one_unit_h <= edge.lost_hours_per_year < one_unit_h
    assert edge.availability_pct < 100 - 100 * share * one_unit_h / HOURS_PER_YEAR + 1e-9
    assert f"{share:.0%} of failures" in edge.explanation
    assert "a cause they share" in edge.during_device_failure
    single = resiliences(scenario())[0]["edge"]
    assert edge.lost_hours_per_year + edge.degraded_hours_per_year == pytest.approx(
        single.lost_hours_per_year
    )


@given(
    device_up=st.floats(0, 1),
    share=st.floats(0, 1),
    units=st.integers(1, 64),
)
def test_more_units_never_lose_more_hours_nor_fewer_than_their_common_cause(
    device_up, share, units
):
    lost, degraded = site_down_hours(device_up, units, share)
    more_lost, _ = site_down_hours(device_up, units + 1, share)
    one_unit_h = (1 - device_up) * HOURS_PER_YEAR
    assert more_lost <= lost + 1e-9
    assert lost <= one_unit_h + 1e-9
    assert lost + degraded == pytest.approx(one_unit_h, abs=1e-6)
    assert degraded >= -1e-9
    if units > 1:
        assert lost >= share * one_unit_h - 1e-9
    else:
        assert lost == pytest.approx(one_unit_h, abs=1e-9)


def test_a_site_with_one_unit_stops_when_it_fails():
    found, deployments = resiliences(scenario())
    assert deployments["edge"].local.choice.closest.units_per_site == 1
    edge = found["edge"]
    assert edge.lost_hours_per_year == pytest.approx(
        (1 - device_availability(CATALOG)) * HOURS_PER_YEAR
    )
    assert edge.degraded_hours_per_year == 0
    assert edge.during_device_failure.startswith("That site stops")
