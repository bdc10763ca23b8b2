"""The criteria matrix: each option scored 0-100 on eight criteria, on fixed absolute scales.

The scales never depend on the other options (no min-max rescaling across the three), so a
small difference stays small and adding or removing an option cannot reverse the ranking. Each
score carries the sentence and the inputs that explain it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from scoring.engine.deployment import Deployment
from scoring.engine.latency import OptionLatency
from scoring.engine.resilience import Resilience
from scoring.model.scenario import Measurement, Scenario
from scoring.model.units import ms, ms_whole, percent, usd_per_1k
from scoring.model.vocabulary import Criterion

RAW_PRIVACY = {"public": 60.0, "internal": 40.0, "confidential": 25.0, "regulated": 10.0}
ANONYMISED_PRIVACY = {"public": 85.0, "internal": 80.0, "confidential": 72.0, "regulated": 62.0}
RESULTS_PRIVACY = {"public": 96.0, "internal": 94.0, "confidential": 92.0, "regulated": 88.0}
# Customer-owned devices update through an automated consumer OTA channel and are looked after by
# their owners: each weighs on updates and operations as a fraction of an operator's device.
CUSTOMER_DEVICE_EFFORT = 0.05
ANONYMISER_UPDATE_SHARE = 0.25  # a small anonymiser changes far less often than the main model
EDGE_MONITORING_PENALTY = 10.0
# fp8 (E4M3) keeps a floating-point range and loses less quality than int8 post-training
# quantisation, so it costs less capability.
QUANTISATION_PENALTY = {
    "fp32": 0.0,
    "fp16": 0.0,
    "bf16": 0.0,
    "fp8": 2.0,
    "int8": 5.0,
    "int4": 15.0,
}
# The record calls a score good from 70 and bad below 40; a sentence chooses its words by the
# same bands, so a drawback never sits in the list of good consequences.
GOOD_FROM = 70
BAD_BELOW = 40
# Capacity sized for the peak sits idle off-peak: points lost per natural log of the
# peak-to-average ratio and of the growth over the horizon, each bounded so one extreme input
# cannot decide the criterion alone, plus the shape of demand: spikes come unannounced, so more
# headroom stays idle than for a season one can plan for. From a 2.5x peak a fleet is idle more
# than half the time, which no longer scores as good.
DEMAND_PENALTY = {"steady": 0.0, "seasonal": 5.0, "spiky": 10.0}
PEAK_POINTS_PER_LOG, PEAK_PENALTY_MAX = 17.0, 30.0
GROWTH_POINTS_PER_LOG, GROWTH_PENALTY_MAX = 12.0, 25.0
# GPU instances rented by the hour are added and released in minutes, not bought for years:
# their idle hours cost a share of what an owned fleet's idle months cost.
GPU_HOUR_IDLE_SHARE = 0.5
# The anonymising devices run a small model; the heavy inference scales in the cloud.
ANONYMISER_FLEET_SHARE = 0.5
ESCALATION_FLEET_SHARE = 0.5  # the devices take the base load, the cloud the hard cases
# Each site beyond the first is another place to reach: its own network, power, spares and
# visits, however many units it holds.
SITE_POINTS_PER_DECADE = 8.0


@dataclass(frozen=True)
class CriterionScore:
    criterion: Criterion
    score: float  # 0-100
    sentence: str
    inputs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CostSummary:
    """What the cost criterion needs from the projection."""

    total_usd: float
    total_requests: float
    fleet_units: float  # devices in the field at the horizon (0 for cloud)
    staff_fte: float

    @property
    def per_1k_requests_usd(self) -> float | None:
        if self.total_requests <= 0:
            return None
        return self.total_usd / self.total_requests * 1000


def score_criteria(
    deployment: Deployment,
    latency: OptionLatency,
    resilience: Resilience,
    cost: CostSummary,
    scenario: Scenario,
    measured: Measurement | None = None,
) -> dict[Criterion, CriterionScore]:
    """`measured`: prototype results that replace the estimates of cost and offline behaviour."""
    offline = _offline(deployment, resilience, scenario)
    if measured is not None and measured.success_rate_during_network_loss is not None:
        rate = measured.success_rate_during_network_loss
        offline = CriterionScore(
            "offline",
            min(offline.score, 100.0 * rate),
            f"{offline.sentence} Measured: {percent(rate)} of "
            f"{measured.requests_during_network_loss:,} requests succeeded during network loss.",
            {**offline.inputs, "measured success offline": percent(rate)},
        )
    scores = (
        _latency(latency, scenario),
        _privacy(deployment, scenario),
        scaling_criterion(deployment, scenario),
        _updates(deployment, cost, scenario),
        _models(deployment, scenario),
        offline,
        cost_criterion(cost, measured),
        operations_criterion(deployment, cost, scenario),
    )
    return {s.criterion: s for s in scores}


def clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def latency_points(p95_ms: float, limit_ms: float) -> float:
    """100 at a quarter of the limit or less, 60 at the limit, 0 at twice the limit."""
    ratio = p95_ms / limit_ms
    if ratio <= 0.25:
        return 100.0
    if ratio <= 1.0:
        return 100.0 - (ratio - 0.25) / 0.75 * 40.0
    return clamp(60.0 - (ratio - 1.0) * 60.0)


def _latency(latency: OptionLatency, scenario: Scenario) -> CriterionScore:
    limit = scenario.requirements.max_latency_ms
    p95 = latency.p95_ms
    inputs = {"p95": ms(p95), "limit": ms_whole(limit)}
    if math.isinf(p95):
        return CriterionScore(
            "latency", 0.0, "Overloaded at peak: the queue grows without bound.", inputs
        )
    of_limit = percent(p95 / limit)  # never "0 % of it"
    return CriterionScore(
        "latency",
        latency_points(p95, limit),
        f"p95 ~ {ms(p95)} against a {ms_whole(limit)} limit ({of_limit} of it).",
        {**inputs, "budget": latency.explain()},
    )


def _privacy(deployment: Deployment, scenario: Scenario) -> CriterionScore:
    sensitivity = scenario.requirements.data_sensitivity
    sent = deployment.data_sent
    inputs = {"data sent": sent, "sensitivity": sensitivity}
    if sent == "none":
        return CriterionScore("privacy", 100.0, "No data leaves the device or site.", inputs)
    if sent == "results_only":
        return CriterionScore(
            "privacy",
            RESULTS_PRIVACY[sensitivity],
            f"Only results leave the site; the {sensitivity} inputs stay local.",
            inputs,
        )
    if sent == "anonymized":
        return CriterionScore(
            "privacy",
            ANONYMISED_PRIVACY[sensitivity],
            f"Inputs are anonymised before they leave; {sensitivity} data is exposed only as "
            "far as anonymisation fails.",
            inputs,
        )
    share = deployment.cloud.share if deployment.cloud else 1.0
    raw = RAW_PRIVACY[sensitivity]
    # Raw data leaving at all is an exposure; a smaller share limits it but does not remove it.
    points = raw + (1.0 - share) * (100.0 - raw) * 0.5
    inputs["share sent"] = percent(share)
    return CriterionScore(
        "privacy",
        points,
        f"{percent(share)} of requests send raw {sensitivity} inputs off the device or "
        "organisation.",
        inputs,
    )


def peak_penalty(demand: str, peak_to_average: float, horizon_growth: float) -> float:
    """Points lost by capacity sized for the peak: the shape of demand, then continuously in the
    log of the peak-to-average ratio and of the growth over the horizon (shrinking demand counts
    as none), each term bounded."""
    peak = min(PEAK_PENALTY_MAX, PEAK_POINTS_PER_LOG * math.log(max(peak_to_average, 1.0)))
    growth = min(GROWTH_PENALTY_MAX, GROWTH_POINTS_PER_LOG * math.log(max(horizon_growth, 1.0)))
    return DEMAND_PENALTY[demand] + peak + growth


def verdict(score: float) -> str:
    """Good, Neutral or Bad for a 0-100 score, judged on the whole number the record shows."""
    shown = round(score)
    return "Good" if shown >= GOOD_FROM else "Bad" if shown < BAD_BELOW else "Neutral"


def is_good(points: float) -> bool:
    """Good as the record judges it: on the whole number it shows."""
    return verdict(points) == "Good"


def use_of_capacity(points: float) -> str:
    """How busy capacity sized for the peak is, in the words of its score's band."""
    band = verdict(points)
    if band == "Good":
        return "mostly busy"
    return "partly idle" if band == "Neutral" else "idle much of the time"


def scaling_criterion(deployment: Deployment, scenario: Scenario) -> CriterionScore:
    demand = scenario.requirements.demand
    workload = scenario.workload
    horizon_growth = (1 + workload.growth_pct_per_month / 100) ** (scenario.horizon_months - 1)
    penalty = peak_penalty(demand, workload.peak_to_average, horizon_growth)
    cloud = deployment.cloud
    gpu_hours = cloud is not None and cloud.pricing == "gpu_hour"
    inputs = {
        "demand": demand,
        "peak/average": f"{workload.peak_to_average:g}",
        "growth over horizon": f"x{horizon_growth:,.2f}",
    }
    if cloud is not None:
        inputs["cloud capacity"] = "GPU hours" if gpu_hours else "priced per use"
    peak = (
        f"the {workload.peak_to_average:g}x peak ({demand} demand, x{horizon_growth:,.1f} "
        "growth over the horizon)"
    )
    # A clause is (text, is an advantage); capacity is an advantage while it stays mostly busy.
    fleet_points = clamp(85.0 - penalty)  # a fleet the operator owns, sized for the peak
    busy = use_of_capacity(fleet_points)
    fleet = (f"a fleet sized for {peak} stays {busy}", is_good(fleet_points))
    gpu_points = clamp(85.0 - GPU_HOUR_IDLE_SHARE * penalty)
    gpu = (
        f"GPU instances rented by the hour for {peak} stay {use_of_capacity(gpu_points)}",
        is_good(gpu_points),
    )
    if deployment.option == "cloud":
        if gpu_hours:
            return _scaling_score(gpu_points, 85.0, _sentence([gpu], gpu_points), inputs)
        sentence = "Usage-priced cloud capacity follows demand up and down."
        return _scaling_score(95.0, 95.0, sentence, inputs)
    if deployment.option == "edge":
        return _scaling_score(fleet_points, 85.0, _sentence([fleet], fleet_points), inputs)
    pattern = deployment.pattern.pattern if deployment.pattern else ""
    # Per pattern: the share of the fleet's penalty its devices carry, and what they do.
    if pattern == "escalate_hard_cases":
        share, freely = ESCALATION_FLEET_SHARE, "the cloud takes the hard cases and scales freely"
        local = f"the device fleet that answers most requests, sized for {peak}, stays {busy}"
    elif pattern == "anonymize_then_send":
        share, freely = ANONYMISER_FLEET_SHARE, "inference scales freely in the cloud"
        local = f"the anonymising devices, sized for {peak}, stay {busy}"
    elif pattern == "queue_and_sync":
        share, freely = 0.0, "inference scales freely in the cloud"
        local = "the devices only queue requests and need no capacity for the peak"
    else:
        share, freely = 1.0, "the cloud side scales freely"
        local = f"the local inference fleet, sized for {peak}, stays {busy}"
    clauses = [(local, fleet[1] or share == 0.0)]
    points = 88.0 - share * penalty
    if gpu_hours:
        assert cloud is not None
        points -= cloud.share * GPU_HOUR_IDLE_SHARE * penalty
        clauses.append((f"in the cloud, {gpu[0]}", gpu[1]))
    else:
        clauses.append((freely, True))
    points = clamp(points)
    return _scaling_score(points, 88.0, _sentence(clauses, points), inputs)


def _scaling_score(
    points: float, ceiling: float, sentence: str, inputs: dict[str, str]
) -> CriterionScore:
    """`ceiling`: the score of this kind of capacity when demand never moves."""
    lost = {"lost to idle capacity": f"{ceiling - points:,.1f} points"}
    return CriterionScore("scaling", points, sentence, {**inputs, **lost})


def _sentence(clauses: list[tuple[str, bool]], points: float) -> str:
    """One sentence from (clause, is an advantage) pairs that reads right in the list its score
    files it under: the clauses that agree with the verdict lead, the others follow "while"."""
    good = is_good(points)
    leading = [text for text, advantage in clauses if advantage == good]
    following = [text for text, advantage in clauses if advantage != good]
    text = "; ".join(leading or following)
    if leading and following:
        text += ", while " + "; ".join(following)
    return f"{text[:1].upper()}{text[1:]}."


def _updates(deployment: Deployment, cost: CostSummary, scenario: Scenario) -> CriterionScore:
    per_year = scenario.requirements.model_updates_per_year
    local = deployment.local
    units = cost.fleet_units if local is not None and local.runs_model else 0.0
    inputs = {"updates per year": str(per_year), "devices to update": f"{units:,.0f}"}
    if units == 0:
        points = 95.0 if per_year <= 12 else 90.0 if per_year <= 52 else 85.0
        return CriterionScore(
            "updates",
            points,
            f"{per_year} updates a year are deployed once, centrally.",
            inputs,
        )
    touches = per_year * units
    factor = ""
    pattern = deployment.pattern.pattern if deployment.pattern else ""
    if pattern == "anonymize_then_send":
        touches *= ANONYMISER_UPDATE_SHARE
        factor += f" x {ANONYMISER_UPDATE_SHARE:g} (the anonymiser rarely changes)"
    if scenario.edge.customer_owned:
        touches *= CUSTOMER_DEVICE_EFFORT
        factor += f" x {CUSTOMER_DEVICE_EFFORT:g} (automated consumer OTA)"
    points = clamp(95.0 - 15.0 * math.log10(1.0 + touches))
    sentence = (
        f"{per_year} updates a year x {units:,.0f} {'device' if round(units) == 1 else 'devices'}"
        f"{factor} = {touches:,.0f} device "
        "updates a year to roll out, verify and roll back if needed"
    )
    if deployment.option == "edge":
        # Nothing leaves, so a new version's quality can only be checked site by site.
        points -= EDGE_MONITORING_PENALTY
        sentence += "; with nothing sent centrally, quality is measured site by site"
    return CriterionScore("updates", clamp(max(points, 5.0)), sentence + ".", inputs)


def _models(deployment: Deployment, scenario: Scenario) -> CriterionScore:
    cloud, local = deployment.cloud, deployment.local
    llm = scenario.workload.kind == "llm"
    if deployment.option == "cloud":
        assert cloud is not None
        if cloud.fit is not None and not cloud.fit.fits:
            return CriterionScore(
                "models",
                20.0,
                f"The model does not fit {cloud.service_name}.",
                {
                    "service": cloud.service_name,
                    "needed": f"{cloud.fit.need.total_gb:,.1f} GB",
                    "usable": f"{cloud.fit.usable_gb:,.1f} GB",
                },
            )
        if cloud.llm is not None:
            return CriterionScore(
                "models",
                95.0,
                f"Hosted {cloud.llm.name}: large models, swapped without touching devices.",
                {"model": cloud.llm.name},
            )
        return CriterionScore(
            "models",
            90.0,
            f"The full model runs at {scenario.model.precision} on {cloud.service_name}; "
            "larger models are a configuration change.",
            {"service": cloud.service_name},
        )
    assert local is not None
    if local.choice is None:  # a gateway: all inference in the cloud
        return CriterionScore(
            "models",
            90.0,
            "All inference runs in the cloud on the full model.",
            {
                "model": f"{scenario.model.params_billion:g} B at {scenario.model.precision}",
                "runs on": cloud.service_name if cloud is not None else "the cloud",
            },
        )
    assessment = local.choice.closest
    if not any(a.fit.fits for a in local.choice.assessments):
        return CriterionScore(
            "models",
            0.0,
            f"No catalog device can hold the {local.params_billion:g} B model.",
            {"needed": f"{assessment.fit.need.total_gb:,.1f} GB"},
        )
    penalty = QUANTISATION_PENALTY[local.precision] * (1.0 if llm else 0.4)
    penalty += 10.0 if assessment.fit.share_used > 0.8 else 0.0
    penalty += 10.0 if llm and local.params_billion < 10 else 0.0
    inputs = {
        "local model": f"{local.params_billion:g} B at {local.precision}",
        "memory used": f"{percent(assessment.fit.share_used)} of usable",
    }
    pattern = deployment.pattern.pattern if deployment.pattern else ""
    if pattern == "anonymize_then_send":
        return CriterionScore(
            "models",
            85.0,
            "The full model runs in the cloud on anonymised inputs.",
            inputs,
        )
    if pattern == "escalate_hard_cases":
        return CriterionScore(
            "models",
            clamp(90.0 - penalty / 2),
            f"A {local.params_billion:g} B local model answers most requests; hard cases "
            "reach the full model in the cloud.",
            inputs,
        )
    return CriterionScore(
        "models",
        clamp(85.0 - penalty),
        f"The {local.params_billion:g} B model runs at {local.precision} in "
        f"{percent(assessment.fit.share_used)} of {assessment.device.name}'s usable memory; a "
        "larger model means new hardware.",
        inputs,
    )


def _offline(deployment: Deployment, resilience: Resilience, scenario: Scenario) -> CriterionScore:
    weighted = resilience.weighted_hours_per_year
    points = clamp(100.0 - 25.0 * math.log10(1.0 + weighted))
    offline = scenario.requirements.offline
    stops = resilience.stops_on_network_loss
    if stops and offline == "required":
        points = min(points, 5.0)
    elif stops and offline == "preferred":
        points = min(points, 40.0)
    # A stop scores well when the work can wait; the sentence says why first.
    waits = (
        "The work can wait for the link. "
        if stops and resilience.failure_mode == "can_wait"
        else ""
    )
    mode = resilience.failure_mode.replace("_", "-")  # safety-critical, not safety_critical
    return CriterionScore(
        "offline",
        points,
        f"{waits}{resilience.during_network_loss} Essential function lost "
        f"~{resilience.lost_hours_per_year:,.1f} h a year, degraded "
        f"~{resilience.degraded_hours_per_year:,.1f} h, delayed "
        f"~{resilience.delayed_hours_per_year:,.1f} h ({mode} failure mode).",
        {
            "lost h/yr": f"{resilience.lost_hours_per_year:,.1f}",
            "degraded h/yr": f"{resilience.degraded_hours_per_year:,.1f}",
            "delayed h/yr": f"{resilience.delayed_hours_per_year:,.1f}",
            "offline": offline,
        },
    )


def cost_points(per_1k_usd: float) -> float:
    """100 at $0.01 per 1,000 requests or less, 20 points less per tenfold, 0 at $1,000."""
    if per_1k_usd <= 0:
        return 100.0
    return clamp(100.0 - 20.0 * (math.log10(per_1k_usd) + 2.0))


def cost_criterion(cost: CostSummary, measured: Measurement | None = None) -> CriterionScore:
    """The cost score: from the projection, or from a prototype's measured cost per task."""
    if measured is not None and measured.cost_per_task_usd is not None:
        return cost_score(
            measured.cost_per_task_usd * 1000, f"measured on {measured.requests:,} requests"
        )
    return cost_score(cost.per_1k_requests_usd)


def cost_score(per_1k_usd: float | None, measured: str = "") -> CriterionScore:
    if per_1k_usd is None:
        return CriterionScore(
            "cost", 0.0, "No requests: the cost per request is undefined.", {"requests": "0"}
        )
    how = measured or "over the horizon, all costs included"
    return CriterionScore(
        "cost",
        cost_points(per_1k_usd),
        f"{usd_per_1k(per_1k_usd)} per 1,000 requests {how}.",
        {"per 1,000 requests": f"${per_1k_usd:,.4f}"},
    )


def operations_criterion(
    deployment: Deployment, cost: CostSummary, scenario: Scenario
) -> CriterionScore:
    units = cost.fleet_units
    customers = scenario.edge.customer_owned
    managed = units * (CUSTOMER_DEVICE_EFFORT if customers else 1.0)
    # Customers' homes are no sites the operator runs: their owners look after them.
    sites = scenario.requirements.devices if deployment.local is not None and not customers else 0
    points = clamp(
        95.0
        - 12.0 * math.log10(1.0 + managed)
        - SITE_POINTS_PER_DECADE * math.log10(max(sites, 1))
        - 15.0 * math.log10(1.0 + 4 * cost.staff_fte)
    )
    owner = "customer-owned " if customers else ""
    devices = f"{units:,.0f} {owner}{'device' if round(units) == 1 else 'devices'}"
    if customers:
        where = f"{devices} in the field and " if units else ""
        site_input = "none (customers' homes)"
    else:
        at = f" at {sites:,} {'site' if sites == 1 else 'sites'}" if sites else ""
        where = f"{devices}{at} and " if units or sites else ""
        site_input = f"{sites:,}" if sites else "none (no local hardware)"
    return CriterionScore(
        "operations",
        points,
        f"{where}~{cost.staff_fte:,.2f} engineers (FTE) to run it.",
        {"devices": f"{units:,.0f}", "sites": site_input, "staff": f"{cost.staff_fte:,.2f} FTE"},
    )
