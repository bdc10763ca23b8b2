"""The criteria matrix: each option scored 0-100 on eight criteria.

Seven scales are fixed and absolute: they never depend on the other options (no min-max
rescaling across the three), so a small difference stays small and adding or removing an option
cannot reverse the ranking. Cost is the one criterion read against the others: its score follows
the ratio of the option's cost to the cheapest feasible option's, on a documented curve (see
COST_RATIO_EXPONENT). Each score carries the sentence and the inputs that explain it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from scoring.engine.deployment import CloudPart, Deployment, LocalPart
from scoring.engine.latency import OptionLatency
from scoring.engine.resilience import Resilience
from scoring.model.scenario import Measurement, Scenario
from scoring.model.units import ms, ms_whole, percent, significant, usd, usd_per_1k
from scoring.model.vocabulary import Criterion

# The scales of the eight criteria, 0-100 each; docs/how-it-works.md section 11 is generated
# from these (python -m scoring.io.docs_tables).
FULL_MARKS = 100.0

# Latency, by r = p95 / limit: full marks up to a quarter of the limit, 60 at the limit, 0 at
# twice the limit, linear in between.
LATENCY_FULL_MARKS_RATIO = 0.25
LATENCY_POINTS_AT_LIMIT = 60.0
LATENCY_ZERO_RATIO = 2.0

# Privacy, by what leaves the device or organisation and how sensitive the data is.
NOTHING_SENT_PRIVACY = 100.0
RAW_PRIVACY = {"public": 60.0, "internal": 40.0, "confidential": 25.0, "regulated": 10.0}
ANONYMISED_PRIVACY = {"public": 85.0, "internal": 80.0, "confidential": 72.0, "regulated": 62.0}
RESULTS_PRIVACY = {"public": 96.0, "internal": 94.0, "confidential": 92.0, "regulated": 88.0}
# Raw data sent for a share s < 1 of requests: R + (1 - s) x (100 - R) x this.
RAW_SHARE_RELIEF = 0.5

# Updates: deployed once, centrally, by updates a year (at most, points); more score the last.
CENTRAL_UPDATE_POINTS = ((12, 95.0), (52, 90.0))
CENTRAL_UPDATE_POINTS_ABOVE = 85.0
# With devices: the ceiling less these points per tenfold of device updates, never below floor.
DEVICE_UPDATES_CEILING = 95.0
DEVICE_UPDATE_POINTS_PER_DECADE = 15.0
DEVICE_UPDATES_FLOOR = 5.0
# Customer-owned devices update through an automated consumer OTA channel and are looked after by
# their owners: each weighs on updates and operations as a fraction of an operator's device.
CUSTOMER_DEVICE_EFFORT = 0.05
ANONYMISER_UPDATE_SHARE = 0.25  # a small anonymiser changes far less often than the main model
EDGE_MONITORING_PENALTY = 10.0

# Model capability: points by where the model runs, less a penalty for how it runs there. The
# penalty is the same wherever the model runs (the same weights at the same precision answer
# alike); the cloud starts higher because a larger model there is a configuration change, not
# new hardware. A hosted model whose size its provider does not publish is taken as the
# provider's large model.
MODEL_POINTS = {
    "cloud, hosted LLM of undisclosed size": 95.0,
    "cloud, own model or hosted LLM of published size": 90.0,  # less the penalty
    "edge and local-first hybrids": 85.0,  # less the penalty
    # Another GPU instance or device would hold it: the choice, not the model, falls short.
    "the model does not fit the GPU or device it is given": 20.0,
    "no device the requirements allow can hold the local model": 0.0,
}
# anonymize_then_send: the cloud model answers without the names and numbers taken out.
ANONYMISED_INPUT_PENALTY = 5.0
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
NON_LLM_QUANTISATION_SHARE = 0.4  # vision, speech and tabular models lose less to quantisation
FULL_MEMORY_SHARE, FULL_MEMORY_PENALTY = 0.8, 10.0  # a model filling the memory leaves no room
SMALL_LLM_BILLION, SMALL_LLM_PENALTY = 10.0, 10.0
# A local model smaller than the one asked for (escalation's): points per halving of the size
# (team estimate; a tenth of the model loses about 17). Escalation weighs the local model's
# points by the share it answers and the full model's by the share escalated.
SMALLER_MODEL_POINTS_PER_HALVING = 5.0

# Offline & failure: points lost per tenfold of weighted hours a year, and the caps of an
# option that stops when the network does.
OFFLINE_POINTS_PER_DECADE = 25.0
OFFLINE_STOP_CAP = {"required": 5.0, "preferred": 40.0}

# Operations effort: the ceiling less points per tenfold of managed devices, of sites and of
# staff (4 x FTE, so a quarter engineer already counts).
OPERATIONS_CEILING = 95.0
DEVICE_POINTS_PER_DECADE = 12.0
STAFF_POINTS_PER_DECADE, STAFF_FTE_SCALE = 15.0, 4.0
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
# Scaling ceilings: what each kind of capacity scores when demand never moves.
USAGE_PRICED_SCALING = 95.0  # cloud priced per token or per request
OWNED_CAPACITY_SCALING = 85.0  # an edge fleet, or cloud GPU instances
HYBRID_SCALING = 88.0
# GPU instances rented by the hour are added and released in minutes, not bought for years:
# their idle hours cost a share of what an owned fleet's idle months cost.
GPU_HOUR_IDLE_SHARE = 0.5
# The anonymising devices run a small model; the heavy inference scales in the cloud.
ANONYMISER_FLEET_SHARE = 0.5
ESCALATION_FLEET_SHARE = 0.5  # the devices take the base load, the cloud the hard cases
QUEUE_FLEET_SHARE = 0.0  # the devices only queue requests
LOCAL_FIRST_FLEET_SHARE = 1.0  # the devices run the model for every request
# Each site beyond the first is another place to reach: its own network, power, spares and
# visits, however many units it holds.
SITE_POINTS_PER_DECADE = 8.0
# Cost is the one criterion read against the other options: an option's score follows the
# ratio of its cost per 1,000 requests to the cheapest feasible option's, on the curve
# 100 x (cheapest / cost) ^ COST_RATIO_EXPONENT, so a dearer option loses points in proportion
# to how much dearer it is (exponent 1: 1.25x dearer 80, 2x 50, 4.6x 22) and an option several
# times dearer than a feasible alternative cannot pass for cost-neutral.
COST_FULL_MARKS = 100.0
COST_RATIO_EXPONENT = 1.0


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
    cheapest: CostReference,
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
        cost_criterion(cost, cheapest, measured),
        operations_criterion(deployment, cost, scenario),
    )
    return {s.criterion: s for s in scores}


def clamp(value: float) -> float:
    return max(0.0, min(FULL_MARKS, value))


def latency_points(p95_ms: float, limit_ms: float) -> float:
    """100 at a quarter of the limit or less, 60 at the limit, 0 at twice the limit."""
    ratio = p95_ms / limit_ms
    if ratio <= LATENCY_FULL_MARKS_RATIO:
        return FULL_MARKS
    if ratio <= 1.0:
        return FULL_MARKS - (ratio - LATENCY_FULL_MARKS_RATIO) / (
            1.0 - LATENCY_FULL_MARKS_RATIO
        ) * (FULL_MARKS - LATENCY_POINTS_AT_LIMIT)
    slope = LATENCY_POINTS_AT_LIMIT / (LATENCY_ZERO_RATIO - 1.0)
    return clamp(LATENCY_POINTS_AT_LIMIT - (ratio - 1.0) * slope)


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
    inputs: dict[str, str] = {"data sent": sent, "sensitivity": sensitivity}
    if sent == "none":
        return CriterionScore(
            "privacy", NOTHING_SENT_PRIVACY, "No data leaves the device or site.", inputs
        )
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
    points = raw + (1.0 - share) * (100.0 - raw) * RAW_SHARE_RELIEF
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
    fleet_points = clamp(OWNED_CAPACITY_SCALING - penalty)  # an owned fleet sized for the peak
    busy = use_of_capacity(fleet_points)
    fleet = (f"a fleet sized for {peak} stays {busy}", is_good(fleet_points))
    gpu_points = clamp(OWNED_CAPACITY_SCALING - GPU_HOUR_IDLE_SHARE * penalty)
    gpu = (
        f"GPU instances rented by the hour for {peak} stay {use_of_capacity(gpu_points)}",
        is_good(gpu_points),
    )
    if deployment.option == "cloud":
        if gpu_hours:
            return _scaling_score(
                gpu_points, OWNED_CAPACITY_SCALING, _sentence([gpu], gpu_points), inputs
            )
        sentence = "Usage-priced cloud capacity follows demand up and down."
        return _scaling_score(USAGE_PRICED_SCALING, USAGE_PRICED_SCALING, sentence, inputs)
    if deployment.option == "edge":
        return _scaling_score(
            fleet_points, OWNED_CAPACITY_SCALING, _sentence([fleet], fleet_points), inputs
        )
    pattern = deployment.pattern.pattern if deployment.pattern else ""
    # Per pattern: the share of the fleet's penalty its devices carry, and what they do.
    if pattern == "escalate_hard_cases":
        share, freely = ESCALATION_FLEET_SHARE, "the cloud takes the hard cases and scales freely"
        local = f"the device fleet that answers most requests, sized for {peak}, stays {busy}"
    elif pattern == "anonymize_then_send":
        share, freely = ANONYMISER_FLEET_SHARE, "inference scales freely in the cloud"
        local = f"the anonymising devices, sized for {peak}, stay {busy}"
    elif pattern == "queue_and_sync":
        share, freely = QUEUE_FLEET_SHARE, "inference scales freely in the cloud"
        local = "the devices only queue requests and need no capacity for the peak"
    else:
        share, freely = LOCAL_FIRST_FLEET_SHARE, "the cloud side scales freely"
        local = f"the local inference fleet, sized for {peak}, stays {busy}"
    clauses = [(local, fleet[1] or share == 0.0)]
    points = HYBRID_SCALING - share * penalty
    if gpu_hours:
        assert cloud is not None
        points -= cloud.share * GPU_HOUR_IDLE_SHARE * penalty
        clauses.append((f"in the cloud, {gpu[0]}", gpu[1]))
    else:
        clauses.append((freely, True))
    points = clamp(points)
    return _scaling_score(points, HYBRID_SCALING, _sentence(clauses, points), inputs)


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
        points = next(
            (p for most, p in CENTRAL_UPDATE_POINTS if per_year <= most),
            CENTRAL_UPDATE_POINTS_ABOVE,
        )
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
    points = clamp(
        DEVICE_UPDATES_CEILING - DEVICE_UPDATE_POINTS_PER_DECADE * math.log10(1.0 + touches)
    )
    sentence = (
        f"{per_year} updates a year x {units:,.0f} {'device' if round(units) == 1 else 'devices'}"
        f"{factor} = {touches:,.0f} device "
        "updates a year to roll out, verify and roll back if needed"
    )
    if deployment.option == "edge":
        # Nothing leaves, so a new version's quality can only be checked site by site.
        points -= EDGE_MONITORING_PENALTY
        sentence += "; with nothing sent centrally, quality is measured site by site"
    return CriterionScore(
        "updates", clamp(max(points, DEVICE_UPDATES_FLOOR)), sentence + ".", inputs
    )


def _models(deployment: Deployment, scenario: Scenario) -> CriterionScore:
    cloud, local = deployment.cloud, deployment.local
    if deployment.option == "cloud":
        assert cloud is not None
        return _cloud_model(cloud, scenario)
    assert local is not None
    pattern = deployment.pattern.pattern if deployment.pattern else ""
    if local.choice is None or pattern == "anonymize_then_send":
        # All inference runs in the cloud: behind a gateway, or on anonymised inputs.
        assert cloud is not None
        full = _cloud_model(cloud, scenario)
        if local.choice is None:
            runs = "" if _misfit(cloud) else "All inference runs in the cloud. "
            return replace(full, sentence=runs + full.sentence)
        return CriterionScore(
            "models",
            clamp(full.score - ANONYMISED_INPUT_PENALTY),
            f"{full.sentence[:-1]}; on anonymised inputs it loses "
            f"{ANONYMISED_INPUT_PENALTY:g} more points (the names and numbers taken out).",
            {
                **full.inputs,
                "anonymiser": f"{_billions(local.params_billion)} at {local.precision}",
            },
        )
    on_device = _local_model(local, scenario)
    if pattern != "escalate_hard_cases":
        return on_device
    assert cloud is not None  # escalation sends the hard cases to the cloud
    full = _cloud_model(cloud, scenario)
    share = cloud.share
    points = (1.0 - share) * on_device.score + share * full.score
    if cloud.llm is not None:
        escalated_to = cloud.llm.name
    else:
        escalated_to = f"The full {_billions(scenario.model.params_billion)} model"
    misfit = f" ({full.sentence[0].lower()}{full.sentence[1:-1]})" if _misfit(cloud) else ""
    return CriterionScore(
        "models",
        clamp(points),
        f"The local {_billions(local.params_billion)} model answers {percent(1.0 - share)} of "
        f"requests and scores {on_device.score:.0f}: {on_device.sentence[0].lower()}"
        f"{on_device.sentence[1:-1]}. {escalated_to} in the cloud answers the escalated "
        f"{percent(share)} and scores {full.score:.0f}{misfit}. The two are weighted by the "
        "shares they answer.",
        {
            **on_device.inputs,
            "answered locally": percent(1.0 - share),
            "answered in the cloud": f"{percent(share)} on {cloud.service_name}",
        },
    )


def _billions(params_billion: float) -> str:
    """A model's size: "0.074 B", "9.6 B", "70.6 B", "1,200 B"."""
    return f"{significant(params_billion)} B"


def _misfit(cloud: CloudPart) -> bool:
    return cloud.fit is not None and not cloud.fit.fits


def _penalty(
    params_billion: float, precision: str | None, llm: bool, asked_billion: float
) -> list[tuple[float, str]]:
    """The points a model loses for how it runs, wherever it runs, each with its reason:
    quantisation (none when the precision is not published), an LLM's small size, and a
    smaller model than the one asked for (per halving)."""
    parts = []
    if precision is not None and QUANTISATION_PENALTY[precision]:
        share = 1.0 if llm else NON_LLM_QUANTISATION_SHARE
        parts.append((QUANTISATION_PENALTY[precision] * share, f"{precision} weights"))
    if llm and params_billion < SMALL_LLM_BILLION:
        parts.append((SMALL_LLM_PENALTY, f"an LLM under {SMALL_LLM_BILLION:g} B parameters"))
    if params_billion < asked_billion:
        halvings = math.log2(asked_billion / params_billion)
        parts.append(
            (
                SMALLER_MODEL_POINTS_PER_HALVING * halvings,
                f"a smaller model than the {_billions(asked_billion)} asked for",
            )
        )
    return parts


def _less(parts: list[tuple[float, str]]) -> str:
    """The penalty in words: ", less 15 for int4 weights, 10 for ... and 5 for ..." or nothing."""
    if not parts:
        return ""
    said = [f"{points:.3g} for {why}" for points, why in parts]
    return ", less " + (", ".join(said[:-1]) + " and " if len(said) > 1 else "") + said[-1]


def _cloud_model(cloud: CloudPart, scenario: Scenario) -> CriterionScore:
    """The model as the cloud runs it: the user's own on a GPU, or a hosted one."""
    if cloud.fit is not None and not cloud.fit.fits:
        return CriterionScore(
            "models",
            MODEL_POINTS["the model does not fit the GPU or device it is given"],
            f"The model does not fit {cloud.service_name}.",
            {
                "service": cloud.service_name,
                "needed": f"{cloud.fit.need.total_gb:,.1f} GB",
                "usable": f"{cloud.fit.usable_gb:,.1f} GB",
            },
        )
    base = MODEL_POINTS["cloud, own model or hosted LLM of published size"]
    model = scenario.model
    if cloud.llm is not None:
        size = cloud.llm.params_billion
        if size is None:
            return CriterionScore(
                "models",
                MODEL_POINTS["cloud, hosted LLM of undisclosed size"],
                f"Hosted {cloud.llm.name}: its size is not published, so it is scored as the "
                "provider's large model; swapped without touching devices.",
                {"model": cloud.llm.name, "size": "not published"},
            )
        parts = _penalty(size, None, True, model.params_billion)
        return CriterionScore(
            "models",
            clamp(base - sum(points for points, _ in parts)),
            f"Hosted {cloud.llm.name}, {_billions(size)} parameters ({base:g} points"
            f"{_less(parts)}); a larger hosted model is a configuration change.",
            {"model": cloud.llm.name, "size": f"{_billions(size)} (published)"},
        )
    llm = scenario.workload.kind == "llm"
    parts = _penalty(model.params_billion, model.precision, llm, model.params_billion)
    return CriterionScore(
        "models",
        clamp(base - sum(points for points, _ in parts)),
        f"The full {_billions(model.params_billion)} model runs at {model.precision} on "
        f"{cloud.service_name} ({base:g} points{_less(parts)}); larger models are a "
        "configuration change.",
        {
            "service": cloud.service_name,
            "model": f"{_billions(model.params_billion)} at {model.precision}",
        },
    )


def _local_model(local: LocalPart, scenario: Scenario) -> CriterionScore:
    """The model as the device runs it: quantised, perhaps filling the memory, perhaps a
    smaller model than the one asked for."""
    assert local.choice is not None
    assessment = local.choice.closest
    size = _billions(local.params_billion)
    if not (assessment.fit.fits and assessment.runs_precision):
        needed = {"needed": f"{assessment.fit.need.total_gb:,.1f} GB"}
        device = assessment.device.name
        if not any(a.runnable for a in local.choice.assessments):
            return CriterionScore(
                "models",
                MODEL_POINTS["no device the requirements allow can hold the local model"],
                f"No catalog device these requirements allow can run the {size} model at "
                f"{local.precision}; the closest is {device}.",
                needed,
            )
        why = (
            f"does not fit {device} ({assessment.fit.need.total_gb:,.1f} GB needed, "
            f"{assessment.fit.usable_gb:,.1f} GB usable)"
            if not assessment.fit.fits
            else f"cannot run at {local.precision} on {device}, which lacks that precision"
        )
        return CriterionScore(
            "models",
            MODEL_POINTS["the model does not fit the GPU or device it is given"],
            f"The {size} model {why}; another catalog device these requirements allow runs it.",
            {**needed, "usable": f"{assessment.fit.usable_gb:,.1f} GB"},
        )
    llm = scenario.workload.kind == "llm"
    full = scenario.model.params_billion
    parts = _penalty(local.params_billion, local.precision, llm, full)
    if assessment.fit.share_used > FULL_MEMORY_SHARE:
        parts.append((FULL_MEMORY_PENALTY, f"more than {percent(FULL_MEMORY_SHARE)} of memory"))
    inputs = {
        "local model": f"{size} at {local.precision}",
        "memory used": f"{percent(assessment.fit.share_used)} of usable",
    }
    if local.params_billion < full:
        inputs["full model"] = _billions(full)
    base = MODEL_POINTS["edge and local-first hybrids"]
    return CriterionScore(
        "models",
        clamp(base - sum(points for points, _ in parts)),
        f"The {size} model runs at {local.precision} in "
        f"{percent(assessment.fit.share_used)} of {assessment.device.name}'s usable memory "
        f"({base:g} points{_less(parts)}); a larger model means new hardware.",
        inputs,
    )


def _offline(deployment: Deployment, resilience: Resilience, scenario: Scenario) -> CriterionScore:
    weighted = resilience.weighted_hours_per_year
    points = clamp(FULL_MARKS - OFFLINE_POINTS_PER_DECADE * math.log10(1.0 + weighted))
    offline = scenario.requirements.offline
    stops = resilience.stops_on_network_loss
    if stops and offline in OFFLINE_STOP_CAP:
        points = min(points, OFFLINE_STOP_CAP[offline])
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


def cost_points(cost_usd: float, cheapest_usd: float) -> float:
    """100 x (cheapest / cost) ^ COST_RATIO_EXPONENT: 100 for the cheapest feasible option, 50
    for one twice as dear, 20 for one five times as dear (with the exponent 1)."""
    if cost_usd <= cheapest_usd or cost_usd <= 0:
        return COST_FULL_MARKS
    return clamp(COST_FULL_MARKS * (max(cheapest_usd, 0.0) / cost_usd) ** COST_RATIO_EXPONENT)


@dataclass(frozen=True)
class CostReference:
    """What the cost criterion compares with: the cheapest feasible option's cost per 1,000
    requests (its total when there are no requests)."""

    label: str  # the option's name
    usd: float
    feasible: bool = True  # False when no option is feasible and the cheapest of all stands in

    @property
    def cheapest(self) -> str:
        """How the sentences name it: "the cheapest feasible option", or, when none is
        feasible, "the cheapest option (none is feasible)"."""
        return (
            "the cheapest feasible option"
            if self.feasible
            else "the cheapest option (none is feasible)"
        )


def cost_basis(cost: CostSummary, measured: Measurement | None = None) -> float:
    """The cost the criterion compares: per 1,000 requests (measured on a prototype where it
    replaces the estimate), or the total when there are no requests."""
    if measured is not None and measured.cost_per_task_usd is not None:
        return measured.cost_per_task_usd * 1000
    per_1k = cost.per_1k_requests_usd
    return cost.total_usd if per_1k is None else per_1k


def cost_criterion(
    cost: CostSummary, reference: CostReference, measured: Measurement | None = None
) -> CriterionScore:
    """The cost score: this option's cost against the cheapest feasible option's, from the
    projection or from a prototype's measured cost per task."""
    basis = cost_basis(cost, measured)
    measured_cost = measured is not None and measured.cost_per_task_usd is not None
    per_1k = measured_cost or cost.per_1k_requests_usd is not None

    def amount(value: float) -> str:
        return usd_per_1k(value) if per_1k else usd(value)

    how = (
        f"measured on {measured.requests:,} requests"  # type: ignore[union-attr]
        if measured_cost
        else "over the horizon, all costs included"
    )
    what = f"{amount(basis)} per 1,000 requests" if per_1k else f"{amount(basis)} in total"
    points = cost_points(basis, reference.usd)
    inputs = {
        "per 1,000 requests" if per_1k else "total": amount(basis),
        ("cheapest feasible" if reference.feasible else "cheapest"): (
            f"{reference.label}, {amount(reference.usd)}"
        ),
    }
    if basis < reference.usd * (1 - 1e-9):
        # A ruled-out option can undercut every feasible one; it is not then "the cheapest
        # feasible option" itself.
        return CriterionScore(
            "cost",
            points,
            f"{what} {how}: below {reference.cheapest} ({reference.label}, "
            f"{amount(reference.usd)}).",
            inputs,
        )
    if basis <= reference.usd:
        return CriterionScore("cost", points, f"{what} {how}: {reference.cheapest}.", inputs)
    ratio = basis / reference.usd if reference.usd > 0 else math.inf
    inputs["ratio"] = f"{ratio:,.2f}x"
    return CriterionScore(
        "cost",
        points,
        f"{what} {how}, {ratio:,.2f} times {reference.cheapest} ({reference.label}, "
        f"{amount(reference.usd)}): 100 x (1 / {ratio:,.2f})^{COST_RATIO_EXPONENT:g} = "
        f"{points:.0f} points.",
        inputs,
    )


def operations_criterion(
    deployment: Deployment, cost: CostSummary, scenario: Scenario
) -> CriterionScore:
    units = cost.fleet_units
    customers = scenario.edge.customer_owned
    managed = units * (CUSTOMER_DEVICE_EFFORT if customers else 1.0)
    # Customers' homes are no sites the operator runs: their owners look after them.
    sites = deployment.sites
    points = clamp(
        OPERATIONS_CEILING
        - DEVICE_POINTS_PER_DECADE * math.log10(1.0 + managed)
        - SITE_POINTS_PER_DECADE * math.log10(max(sites, 1))
        - STAFF_POINTS_PER_DECADE * math.log10(1.0 + STAFF_FTE_SCALE * cost.staff_fte)
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
