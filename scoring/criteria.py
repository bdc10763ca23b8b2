"""The criteria matrix: each option scored 0-100 on eight criteria, on fixed absolute scales.

The scales never depend on the other options (no min-max rescaling across the three), so a
small difference stays small and adding or removing an option cannot reverse the ranking. Each
score carries the sentence and the inputs that explain it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from scoring.deployment import Deployment
from scoring.latency import OptionLatency
from scoring.resilience import Resilience
from scoring.scenario import Measurement, Scenario
from scoring.units import ms, ms_whole
from scoring.vocabulary import Criterion

RAW_PRIVACY = {"public": 60.0, "internal": 40.0, "confidential": 25.0, "regulated": 10.0}
ANONYMISED_PRIVACY = {"public": 85.0, "internal": 80.0, "confidential": 72.0, "regulated": 62.0}
RESULTS_PRIVACY = {"public": 96.0, "internal": 94.0, "confidential": 92.0, "regulated": 88.0}
# Customer-owned devices update through an automated consumer OTA channel and are looked after by
# their owners: each weighs on updates and operations as a fraction of an operator's device.
CUSTOMER_DEVICE_EFFORT = 0.05
ANONYMISER_UPDATE_SHARE = 0.25  # a small anonymiser changes far less often than the main model
EDGE_MONITORING_PENALTY = 10.0
QUANTISATION_PENALTY = {"fp32": 0.0, "fp16": 0.0, "bf16": 0.0, "int8": 5.0, "int4": 15.0}


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
            f"{offline.sentence} Measured: {rate:.0%} of "
            f"{measured.requests_during_network_loss:,} requests succeeded during network loss.",
            {**offline.inputs, "measured success offline": f"{rate:.0%}"},
        )
    scores = (
        _latency(latency, scenario),
        _privacy(deployment, scenario),
        _scaling(deployment, scenario),
        _updates(deployment, cost, scenario),
        _models(deployment, scenario),
        offline,
        cost_criterion(cost, measured),
        _operations(cost, scenario),
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
    if math.isinf(p95):
        return CriterionScore("latency", 0.0, "Overloaded at peak: the queue grows without bound.")
    share = p95 / limit
    of_limit = "under 1%" if 0 < share < 0.005 else f"{share:.0%}"  # never "0% of it"
    return CriterionScore(
        "latency",
        latency_points(p95, limit),
        f"p95 ~ {ms(p95)} against a {ms_whole(limit)} limit ({of_limit} of it).",
        {"p95": ms(p95), "limit": ms_whole(limit), "budget": latency.explain()},
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
    inputs["share sent"] = f"{share:.0%}"
    return CriterionScore(
        "privacy",
        points,
        f"{share:.0%} of requests send raw {sensitivity} inputs off the device or organisation.",
        inputs,
    )


def _scaling(deployment: Deployment, scenario: Scenario) -> CriterionScore:
    demand = scenario.requirements.demand
    workload = scenario.workload
    horizon_growth = (1 + workload.growth_pct_per_month / 100) ** (scenario.horizon_months - 1)
    fleet_penalty = {"steady": 0.0, "seasonal": 10.0, "spiky": 25.0}[demand]
    fleet_penalty += 10.0 if workload.peak_to_average > 3 else 0.0
    fleet_penalty += 20.0 if horizon_growth > 3 else 10.0 if horizon_growth > 1.5 else 0.0
    inputs = {
        "demand": demand,
        "peak/average": f"{workload.peak_to_average:g}",
        "growth over horizon": f"x{horizon_growth:,.2f}",
    }
    fleet_words = (
        f"a fleet sized for the peak ({workload.peak_to_average:g}x average, {demand} demand, "
        f"x{horizon_growth:,.1f} growth over the horizon)"
    )
    cloud = deployment.cloud
    if deployment.option == "cloud":
        assert cloud is not None
        if cloud.pricing == "gpu_hour":
            points = 85.0 - {"steady": 0.0, "seasonal": 10.0, "spiky": 20.0}[demand]
            sentence = f"GPU instances scale in whole machines; {demand} demand leaves them idle."
        else:
            points = 95.0
            sentence = "Usage-priced cloud capacity follows demand up and down."
        return CriterionScore("scaling", points, sentence, inputs)
    # Without a penalty the fleet is no drawback, and the sentence must not read as one.
    busy_fleet = (
        f"steady demand keeps a fleet sized for the peak busy ({workload.peak_to_average:g}x "
        f"average, x{horizon_growth:,.1f} growth over the horizon)"
    )
    if deployment.option == "edge":
        sentence = (
            f"{busy_fleet[:1].upper()}{busy_fleet[1:]}."
            if fleet_penalty == 0
            else f"Edge needs {fleet_words}."
        )
        return CriterionScore("scaling", clamp(85.0 - fleet_penalty), sentence, inputs)
    pattern = deployment.pattern.pattern if deployment.pattern else ""
    if pattern == "escalate_hard_cases":
        points = clamp(88.0 - fleet_penalty / 2)
        sentence = f"The device takes the base load, the cloud absorbs the rest; {fleet_words}."
    elif pattern in ("anonymize_then_send", "queue_and_sync"):
        points = 88.0
        sentence = "Inference scales in the cloud; the devices only anonymise or queue."
    else:
        points = clamp(88.0 - fleet_penalty)
        sentence = (
            f"The cloud side scales freely, and {busy_fleet}."
            if fleet_penalty == 0
            else f"Local inference needs {fleet_words}; the cloud side scales freely."
        )
    return CriterionScore("scaling", points, sentence, inputs)


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
        f"{per_year} updates a year x {units:,.0f} devices{factor} = {touches:,.0f} device "
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
                "models", 20.0, f"The model does not fit {cloud.service_name}.", {}
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
            "models", 90.0, "All inference runs in the cloud on the full model.", {}
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
        "memory used": f"{assessment.fit.share_used:.0%} of usable",
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
        f"{assessment.fit.share_used:.0%} of {assessment.device.name}'s usable memory; a larger "
        "model means new hardware.",
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
        return CriterionScore("cost", 0.0, "No requests: the cost per request is undefined.", {})
    how = measured or "over the horizon, all costs included"
    return CriterionScore(
        "cost",
        cost_points(per_1k_usd),
        f"${per_1k_usd:,.3f} per 1,000 requests {how}.",
        {"per 1,000 requests": f"${per_1k_usd:,.4f}"},
    )


def _operations(cost: CostSummary, scenario: Scenario) -> CriterionScore:
    units = cost.fleet_units
    customers = scenario.edge.customer_owned
    managed = units * (CUSTOMER_DEVICE_EFFORT if customers else 1.0)
    points = clamp(
        95.0 - 12.0 * math.log10(1.0 + managed) - 15.0 * math.log10(1.0 + 4 * cost.staff_fte)
    )
    owner = "customer-owned " if customers else ""
    where = f"{units:,.0f} {owner}devices in the field and " if units else ""
    return CriterionScore(
        "operations",
        points,
        f"{where}~{cost.staff_fte:,.2f} engineers (FTE) to run it.",
        {"devices": f"{units:,.0f}", "staff": f"{cost.staff_fte:,.2f} FTE"},
    )
