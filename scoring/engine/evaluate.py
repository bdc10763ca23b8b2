"""One evaluation of a scenario: screen, then score, then show how robust the answer is.

`evaluate(scenario)` is the single entry point the pages, the command line and the decision
record share.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from scoring.catalog import Catalog, default_catalog
from scoring.engine.breakeven import BreakEven, break_evens
from scoring.engine.constraints import Finding, hard_failures, relaxations, screen
from scoring.engine.costs import CostProjection, project_costs
from scoring.engine.criteria import (
    CostReference,
    CostSummary,
    CriterionScore,
    cost_basis,
    cost_criterion,
    score_criteria,
)
from scoring.engine.demand import months
from scoring.engine.deployment import Deployment, peak_rps_per_site, plan_deployments
from scoring.engine.devices import DeviceChoice
from scoring.engine.drivers import Tornado, tornado
from scoring.engine.evidence import uses_measurement, with_measured_latency
from scoring.engine.hybrid import HybridChoice
from scoring.engine.immutable import deep_freeze
from scoring.engine.latency import OptionLatency
from scoring.engine.memory import MemoryFit
from scoring.engine.resilience import Resilience, resilience
from scoring.engine.sensitivity import (
    RANDOM_WEIGHTINGS,
    Sensitivity,
    TippingPoint,
    latency_tipping_point,
    nearest_flip_sentence,
    random_win_shares,
    volume_tipping_points,
    weight_ranges,
    weighted_totals,
)
from scoring.engine.uncertain import Factors
from scoring.engine.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED, Uncertainty, simulate
from scoring.engine.verdict import VerdictPrice, price_of_verdict
from scoring.engine.weights import Weights, resolve_weights
from scoring.model.scenario import Measurement, Scenario
from scoring.model.vocabulary import (
    CRITERIA,
    CRITERION_LABELS,
    OPTION_LABELS,
    OPTIONS,
    Criterion,
    Option,
    constraint_words,
)


@dataclass(frozen=True)
class OptionResult:
    option: Option
    deployment: Deployment
    blockers: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    criteria: Mapping[Criterion, CriterionScore]
    score: float  # weighted total, 0-100
    latency: OptionLatency
    resilience: Resilience
    costs: CostProjection  # the deterministic projection (one draw)
    estimated_latency: OptionLatency  # the engine's estimate, even when a measurement replaces it

    @property
    def feasible(self) -> bool:
        return not self.blockers

    @property
    def label(self) -> str:
        return OPTION_LABELS[self.option]

    @property
    def ruled_out_by(self) -> str:
        """The hard requirements that rule the option out, in words ("" when feasible)."""
        return constraint_words(b.constraint for b in self.blockers)

    @property
    def latency_p95_ms(self) -> float:
        return self.latency.p95_ms

    @property
    def estimated_p95_ms(self) -> float:
        return self.estimated_latency.p95_ms

    @property
    def fit(self) -> MemoryFit | None:
        """How the model fits where the option runs it: the local device's fit when a model
        runs at the site (edge, most hybrids), else the cloud GPU's; None for a hosted LLM,
        whose memory is the provider's concern."""
        local = self.deployment.local
        if local is not None and local.choice is not None:
            return local.choice.closest.fit
        cloud = self.deployment.cloud
        return cloud.fit if cloud is not None else None

    @property
    def downtime_hours_per_year(self) -> float:
        return self.resilience.lost_hours_per_year

    @property
    def monthly_usd(self) -> np.ndarray:
        return self.costs.monthly_usd[0]

    @property
    def cumulative_usd(self) -> np.ndarray:
        return self.costs.cumulative_usd[0]

    @cached_property
    def cost_summary(self) -> CostSummary:
        """The projection's totals, as the cost criterion reads them."""
        return cost_summary(self.costs)

    @property
    def cost_total_usd(self) -> float:
        return self.cost_summary.total_usd

    @property
    def total_requests(self) -> float:
        return self.cost_summary.total_requests

    @property
    def cost_per_1k_requests_usd(self) -> float | None:
        return self.cost_summary.per_1k_requests_usd

    def component_totals_usd(self) -> dict[str, float]:
        return {name: float(values[0].sum()) for name, values in self.costs.items.items()}


@dataclass(frozen=True)
class Evaluation:
    scenario: Scenario
    catalog: Catalog  # with the scenario's overrides applied
    options: Mapping[Option, OptionResult]
    weights: Weights
    recommendation: Option | None
    reason: str
    relaxations: tuple[str, ...]
    break_evens: tuple[BreakEven, ...]
    uncertainty: Uncertainty
    tornado: Tornado
    sensitivity: Sensitivity
    peak_rps_per_site: float
    verdict_price: VerdictPrice | None  # None when no option is feasible

    @property
    def months(self) -> np.ndarray:
        return months(self.scenario.horizon_months)

    @property
    def hybrid(self) -> HybridChoice:
        pattern = self.options["hybrid"].deployment.pattern
        assert pattern is not None
        return pattern

    @property
    def device_choice(self) -> DeviceChoice:
        local = self.options["edge"].deployment.local
        assert local is not None and local.choice is not None
        return local.choice

    @property
    def feasible(self) -> tuple[Option, ...]:
        return tuple(o for o, r in self.options.items() if r.feasible)

    def break_even(self, option: Option, versus: Option) -> int | None:
        return next(b.month for b in self.break_evens if (b.option, b.versus) == (option, versus))

    @property
    def break_even_month(self) -> int | None:
        """First month in which edge's cumulative cost is at or below cloud's (the contract)."""
        return self.break_even("edge", "cloud")


def evaluate(
    scenario: Scenario,
    catalog: Catalog | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    volume_search: bool = True,
    shared: bool = True,
) -> Evaluation:
    """Everything the pages and the record show. `volume_search=False` leaves out the volume
    tipping points (two-thirds of the time), for a second look that needs only the scores.
    `shared=False` skips making the result read-only, for a throwaway evaluation that no
    session keeps (the figure dependency check runs ~150 of them)."""
    catalog = (catalog or default_catalog()).with_overrides(scenario.assumptions)
    statics: dict = {}  # what the volume search would otherwise work out again at every volume
    plan = _plan(scenario, catalog, statics)
    deployments, findings = plan.deployments, plan.findings
    weights = resolve_weights(scenario)
    blockers = {o: tuple(f for f in findings[o] if f.blocking) for o in OPTIONS}
    summaries = {o: cost_summary(plan.projections[o]) for o in OPTIONS}
    cheapest = cheapest_reference(scenario, summaries, tuple(o for o in OPTIONS if not blockers[o]))
    options: dict[Option, OptionResult] = {}
    for option in OPTIONS:
        deployment = deployments[option]
        option_resilience = resilience(deployment, scenario, catalog)
        criteria = score_criteria(
            deployment,
            deployment.latency,
            option_resilience,
            summaries[option],
            cheapest,
            scenario,
            measurement_of(scenario, option),
        )
        options[option] = OptionResult(
            option=option,
            deployment=deployment,
            blockers=blockers[option],
            warnings=tuple(f for f in findings[option] if not f.blocking),
            criteria=criteria,
            score=sum(weights.shares[c] * criteria[c].score for c in CRITERIA),
            latency=deployment.latency,
            resilience=option_resilience,
            costs=plan.projections[option],
            estimated_latency=plan.estimates[option].latency,
        )
    feasible = tuple(o for o in OPTIONS if options[o].feasible)
    recommendation = max(feasible, key=lambda o: options[o].score, default=None)
    scores = {o: {c: r.criteria[c].score for c in CRITERIA} for o, r in options.items()}
    cumulative = {o: r.cumulative_usd for o, r in options.items()}

    # Along the volume axis the hybrid keeps today's pattern: a tipping point compares the
    # architectures on the page, and re-screening five patterns at every volume would
    # double the time of an evaluation.
    pattern = deployments["hybrid"].pattern
    assert pattern is not None  # plan_deployments gives the hybrid its pattern
    hybrid_today = scenario.hybrid.model_copy(update={"pattern": pattern.pattern})
    searched = scenario.model_copy(update={"hybrid": hybrid_today})

    def outcome_at(volume_factor: float) -> tuple[Option | None, Option | None]:
        return _outcome_at_volume(searched, catalog, scores, weights, volume_factor, statics)

    volume_points = (
        volume_tipping_points(outcome_at, scenario.workload.requests_per_month)
        if volume_search
        else ()
    )
    tipping = volume_points + latency_tipping_points(options, scenario)
    if recommendation is not None:
        ranges = weight_ranges(scores, weights.shares, recommendation, feasible)
        flip = nearest_flip_sentence(ranges, recommendation, len(feasible) == 1)
    else:
        ranges, flip = (), "No option is feasible, so no weighting can choose one."
    sensitivity = Sensitivity(
        ranges=ranges,
        nearest_flip=flip,
        win_shares=random_win_shares(scores, feasible),
        random_weightings=RANDOM_WEIGHTINGS,
        tipping_points=tipping,
    )
    # Shared by every session that asks for this scenario: read-only all the way down.
    freeze = deep_freeze if shared else _as_is
    return freeze(
        Evaluation(
            scenario=scenario,
            catalog=catalog,
            options=options,
            weights=weights,
            recommendation=recommendation,
            reason=_reason(options, recommendation, weights),
            relaxations=relaxations(findings) if recommendation is None else (),
            break_evens=break_evens(cumulative),
            uncertainty=simulate(deployments, scenario, catalog, draws, seed, feasible),
            tornado=tornado(
                deployments, scenario, catalog, *_tornado_pair(options, recommendation)
            ),
            sensitivity=sensitivity,
            peak_rps_per_site=peak_rps_per_site(scenario, catalog),
            verdict_price=price_of_verdict(options, recommendation, weights.shares),
        )
    )


def _as_is(evaluation: Evaluation) -> Evaluation:
    return evaluation


def _tornado_pair(
    options: dict[Option, OptionResult], recommendation: Option | None
) -> tuple[Option, Option | None]:
    """The recommendation against the best feasible alternative (the runner-up by score); the
    recommendation alone when nothing else is feasible; edge against cloud when nothing is."""
    if recommendation is None:
        return "edge", "cloud"
    rivals = [r for r in options.values() if r.feasible and r.option != recommendation]
    if not rivals:
        return recommendation, None
    return recommendation, max(rivals, key=lambda r: r.score).option


def cheapest_reference(
    scenario: Scenario, summaries: dict[Option, CostSummary], feasible: tuple[Option, ...]
) -> CostReference:
    """The cheapest feasible option's cost, the cost criterion's yardstick (the cheapest of all
    when none is feasible); measured costs replace estimates where the scenario says so."""
    basis = {
        o: cost_basis(summaries[o], measurement_of(scenario, o)) for o in (feasible or OPTIONS)
    }
    option = min(basis, key=basis.__getitem__)
    return CostReference(OPTION_LABELS[option], basis[option])


@dataclass(frozen=True)
class _Plan:
    """What runs where, screened and costed: the steps `evaluate` and the volume search share."""

    estimates: dict[Option, Deployment]  # as the engine estimates them
    deployments: dict[Option, Deployment]  # with measured latency where it replaces estimates
    findings: dict[Option, tuple[Finding, ...]]
    projections: dict[Option, CostProjection]  # deterministic, one draw


def _plan(scenario: Scenario, catalog: Catalog, statics: dict | None = None) -> _Plan:
    estimates = plan_deployments(scenario, catalog, _hybrid_failures(scenario), statics)
    deployments = with_measured_latency(estimates, scenario)
    return _Plan(
        estimates=estimates,
        deployments=deployments,
        findings=screen(deployments, scenario),
        projections=project_costs(deployments, scenario, catalog, Factors.neutral()),
    )


def _hybrid_failures(scenario: Scenario) -> Callable[[Deployment], str]:
    """The hard requirements a planned hybrid fails, judged as the options are: with the
    measured latency where it replaces the estimate."""

    def failures(hybrid: Deployment) -> str:
        judged = with_measured_latency({"hybrid": hybrid}, scenario)["hybrid"]
        return hard_failures(judged, scenario)

    return failures


def cost_summary(projection: CostProjection) -> CostSummary:
    return CostSummary(
        total_usd=float(projection.total_usd[0]),
        total_requests=float(projection.total_requests[0]),
        fleet_units=float(projection.fleet_units[0, -1]),
        staff_fte=float(projection.staff_fte[0, -1]),
    )


def measurement_of(scenario: Scenario, option: Option) -> Measurement | None:
    """The prototype measurement that replaces the option's estimates, if any."""
    return scenario.evidence.measured[option] if uses_measurement(scenario, option) else None


def _outcome_at_volume(
    scenario: Scenario,
    catalog: Catalog,
    scores: dict[Option, dict[Criterion, float]],
    weights: Weights,
    volume_factor: float,
    statics: dict | None = None,
) -> tuple[Option | None, Option | None]:
    """(cheapest feasible option, recommended option) with the volume scaled and the scenario
    re-planned; criteria other than cost keep today's scores."""
    workload = scenario.workload.model_copy(
        update={"requests_per_month": scenario.workload.requests_per_month * volume_factor}
    )
    varied = scenario.model_copy(update={"workload": workload})
    plan = _plan(varied, catalog, statics)
    feasible = [o for o in OPTIONS if not any(f.blocking for f in plan.findings[o])]
    if not feasible:
        return None, None
    # An option ruled out at this volume is no one's cheapest choice.
    totals = {o: float(plan.projections[o].total_usd[0]) for o in feasible}
    cheapest = min(totals, key=totals.__getitem__)
    summaries = {o: cost_summary(plan.projections[o]) for o in OPTIONS}
    reference = cheapest_reference(varied, summaries, tuple(feasible))
    rescored = {
        o: {
            **scores[o],
            "cost": cost_criterion(summaries[o], reference, measurement_of(varied, o)).score,
        }
        for o in feasible
    }
    weighted = weighted_totals(rescored, weights.shares)
    return cheapest, max(feasible, key=weighted.__getitem__)


def latency_tipping_points(
    options: dict[Option, OptionResult], scenario: Scenario
) -> tuple[TippingPoint, ...]:
    limit = scenario.requirements.max_latency_ms
    points = []
    for result in options.values():
        threshold = _latency_reachable_ms(result, scenario)
        if threshold is None:
            continue
        # In words, as ruled_out_by names them: "data leaving", not the field data_leaving.
        others = constraint_words(
            f.constraint for f in result.blockers if f.constraint != "latency"
        )
        points.append(latency_tipping_point(result.label, threshold, limit, others, result.option))
    return tuple(points)


def _latency_reachable_ms(result: OptionResult, scenario: Scenario) -> float | None:
    """The lowest limit the option can meet (for edge: with the fastest device that runs the
    model's precision, fits it and carries the load)."""
    local = result.deployment.local
    measured = uses_measurement(scenario, result.option)
    if result.option == "edge" and local is not None and local.choice is not None and not measured:
        candidates = [a.best_p95_ms for a in local.choice.assessments if a.runnable]
        return min(candidates) if candidates else None
    p95 = result.latency_p95_ms
    return None if np.isinf(p95) else p95


def _reason(
    options: dict[Option, OptionResult], recommendation: Option | None, weights: Weights
) -> str:
    if recommendation is None:
        return "No option meets every hard requirement."
    chosen = options[recommendation]
    feasible = [r for r in options.values() if r.feasible]
    ruled_out = [r for r in options.values() if not r.feasible]
    if len(feasible) == 1:
        why = "; ".join(
            dict.fromkeys(
                f"{r.label}: {constraint_words([r.blockers[0].constraint])}" for r in ruled_out
            )
        )
        return (
            f"{chosen.label} is the only option that meets every hard requirement "
            f"({why}); it scores {chosen.score:.0f}/100."
        )
    runner_up = max((r for r in feasible if r.option != recommendation), key=lambda r: r.score)
    advantages = sorted(
        CRITERIA,
        key=lambda c: (
            -(weights.shares[c] * (chosen.criteria[c].score - runner_up.criteria[c].score))
        ),
    )
    leads = [
        CRITERION_LABELS[c].lower()
        for c in advantages[:2]
        if chosen.criteria[c].score > runner_up.criteria[c].score
    ]
    lead_text = f", mainly on {' and '.join(leads)}" if leads else ""
    shown, runner_shown = distinct_scores(chosen.score, runner_up.score)
    return (
        f"{chosen.label} scores highest: {shown}/100 against {runner_shown} "
        f"for {runner_up.label}{lead_text}."
    )


def distinct_scores(score: float, other: float) -> tuple[str, str]:
    """Two scores rounded only as far as still tells them apart: "63/100 against 63" would
    contradict "scores highest"."""
    for digits in (0, 1, 2):
        shown = f"{score:.{digits}f}", f"{other:.{digits}f}"
        if shown[0] != shown[1]:
            return shown
    return f"{score:.1f}", f"{other:.1f}"  # a tie to the hundredth: the order decided
