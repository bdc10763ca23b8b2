"""One evaluation of a scenario: screen, then score, then show how robust the answer is.

`evaluate(scenario)` is the single entry point the pages, the command line and the decision
record share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from scoring.catalog import Catalog, default_catalog
from scoring.engine.breakeven import BreakEven, break_evens
from scoring.engine.constraints import Finding, screen
from scoring.engine.costs import CostProjection, project_each
from scoring.engine.criteria import (
    CostReference,
    CostSummary,
    CriterionScore,
    cost_basis,
    score_criteria,
)
from scoring.engine.demand import months
from scoring.engine.deployment import Deployment, peak_rps_per_site, plan_options
from scoring.engine.devices import DeviceChoice
from scoring.engine.drivers import Tornado, tornado
from scoring.engine.evidence import judged, uses_measurement
from scoring.engine.hints import LimitSearch, Relaxation, latency_tipping_points, relaxations
from scoring.engine.hybrid import (
    HybridChoice,
    PatternOutcome,
    applicable_patterns,
    choose_pattern,
    default_pattern,
    not_applicable,
)
from scoring.engine.immutable import deep_freeze
from scoring.engine.latency import OptionLatency
from scoring.engine.memory import MemoryFit
from scoring.engine.resilience import Resilience, resilience
from scoring.engine.sensitivity import (
    RANDOM_WEIGHTINGS,
    Sensitivity,
    nearest_flip_sentence,
    random_win_shares,
    volume_tipping_points,
    weight_ranges,
)
from scoring.engine.uncertain import Factors
from scoring.engine.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED, Uncertainty, simulate
from scoring.engine.verdict import VerdictPrice, price_of_verdict
from scoring.engine.weights import Weights, resolve_weights
from scoring.model.scenario import Measurement, Scenario
from scoring.model.vocabulary import (
    CRITERIA,
    CRITERION_LABELS,
    HYBRID_PATTERNS,
    OPTION_LABELS,
    OPTIONS,
    Criterion,
    HybridPattern,
    Option,
    constraint_words,
)

# The evaluation past a volume tipping point that names the recommendation there: its choice
# reads the scores, which come from the deterministic projection, not from the draws.
VOLUME_CHECK_DRAWS = 20


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
    # The relaxations with the changes they stand for (the sentences are `relaxations`).
    relaxation_changes: tuple[Relaxation, ...] = ()

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
    hints: bool = True,
) -> Evaluation:
    """Everything the pages and the record show. `volume_search=False` leaves out the volume
    tipping points (two-thirds of the time), for a second look that needs only the scores.
    `shared=False` skips making the result read-only, for a throwaway evaluation that no
    session keeps (the figure dependency check runs ~230 of them); `hints=False` leaves out the
    latency tipping points and relaxations (the searches over the limit, a third of the time)."""
    shipped = catalog or default_catalog()
    catalog = shipped.with_overrides(scenario.assumptions)
    statics: dict = {}  # what the searches would otherwise work out again at every step
    pinned = None if scenario.hybrid.pattern == "auto" else scenario.hybrid.pattern
    # Every pattern that fits the workload, and the pinned one even if it does not.
    patterns = tuple(dict.fromkeys((*applicable_patterns(scenario), *([pinned] if pinned else []))))
    plan = _plan(scenario, catalog, patterns or (default_pattern(scenario),), statics)
    weights = resolve_weights(scenario)
    choice, hybrid, cheapest = _choose_hybrid(plan, scenario, catalog, weights, pinned)
    slots = plan.slots(choice.pattern)
    options: dict[Option, OptionResult] = {
        "edge": _assess(slots["edge"], cheapest, scenario, catalog, weights),
        "cloud": _assess(slots["cloud"], cheapest, scenario, catalog, weights),
        "hybrid": hybrid,
    }
    deployments = {o: r.deployment for o, r in options.items()}
    feasible = tuple(o for o in OPTIONS if options[o].feasible)
    recommendation = max(feasible, key=lambda o: options[o].score, default=None)
    scores = {o: {c: r.criteria[c].score for c in CRITERIA} for o, r in options.items()}
    cumulative = {o: r.cumulative_usd for o, r in options.items()}

    # Along the volume axis and the latency limit the hybrid keeps today's pattern: a tipping
    # point compares the architectures on the page, and re-scoring five patterns at every
    # step would double the time of an evaluation. The first change of the recommendation
    # each way is then checked with full evaluations, every pattern tried (checked_at).
    hybrid_today = scenario.hybrid.model_copy(update={"pattern": choice.pattern})
    searched = scenario.model_copy(update={"hybrid": hybrid_today})

    def outcome_at(volume_factor: float) -> tuple[Option | None, Option | None]:
        return _outcome_at_volume(searched, catalog, weights, volume_factor, statics)

    def checked_at(volume_factor: float) -> tuple[Option | None, Option | None]:
        at_volume = _at_volume(scenario, volume_factor)
        quick = evaluate(
            at_volume,
            shipped,
            VOLUME_CHECK_DRAWS,
            seed,
            volume_search=False,
            shared=False,
            hints=False,
        )
        feasible = [o for o, r in quick.options.items() if r.feasible]
        totals = {o: quick.options[o].cost_total_usd for o in feasible}
        return min(feasible, key=totals.__getitem__, default=None), quick.recommendation

    volume_points = (
        volume_tipping_points(outcome_at, scenario.workload.requests_per_month, checked_at)
        if volume_search
        else ()
    )
    limits = LimitSearch(searched, catalog, statics)
    findings = {o: slots[o].findings for o in OPTIONS}
    guesses = {o: _latency_guess_ms(r) for o, r in options.items()}
    planned_today = {o: slots[o].deployment for o in OPTIONS}
    tipping = volume_points + (
        latency_tipping_points(findings, guesses, limits, planned_today) if hints else ()
    )
    relaxed = relaxations(findings, guesses, limits) if hints and recommendation is None else ()
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
            relaxations=tuple(r.sentence for r in relaxed),
            break_evens=break_evens(cumulative),
            uncertainty=simulate(deployments, scenario, catalog, draws, seed, feasible),
            tornado=tornado(
                deployments, scenario, catalog, *_tornado_pair(options, recommendation)
            ),
            sensitivity=sensitivity,
            peak_rps_per_site=peak_rps_per_site(scenario, catalog),
            verdict_price=price_of_verdict(options, recommendation, weights.shares),
            relaxation_changes=relaxed,
        )
    )


def _as_is(evaluation: Evaluation) -> Evaluation:
    return evaluation


def _choose_hybrid(
    plan: _Plan,
    scenario: Scenario,
    catalog: Catalog,
    weights: Weights,
    pinned: HybridPattern | None,
) -> tuple[HybridChoice, OptionResult, CostReference]:
    """Each planned pattern scored exactly as the hybrid option would score with it (its cost
    read against the cheapest feasible of edge, cloud and that pattern); the best feasible one,
    or the pinned one, becomes the hybrid option. Returns the choice, the hybrid's result and
    the cost yardstick of the options."""
    outcomes: list[PatternOutcome] = []
    scored: dict[HybridPattern, tuple[OptionResult, CostReference]] = {}
    for pattern in HYBRID_PATTERNS:
        reason = not_applicable(pattern, scenario)
        if pattern not in plan.hybrids:
            outcomes.append(PatternOutcome(pattern, reason))
            continue
        slots = plan.slots(pattern)
        cheapest = _cheapest_of(scenario, slots)
        result = _assess(slots["hybrid"], cheapest, scenario, catalog, weights)
        scored[pattern] = result, cheapest
        criteria = {c: result.criteria[c].score for c in CRITERIA}
        outcomes.append(
            PatternOutcome(pattern, reason, result.score, result.ruled_out_by, criteria)
        )
    choice = choose_pattern(tuple(outcomes), pinned, weights.shares)
    result, cheapest = scored[choice.pattern]
    hybrid = replace(result, deployment=replace(result.deployment, pattern=choice))
    return choice, hybrid, cheapest


def _cheapest_of(scenario: Scenario, slots: dict[Option, _Slot]) -> CostReference:
    feasible = tuple(o for o in OPTIONS if slots[o].feasible)
    return cheapest_reference(scenario, {o: s.summary for o, s in slots.items()}, feasible)


def _assess(
    slot: _Slot, cheapest: CostReference, scenario: Scenario, catalog: Catalog, weights: Weights
) -> OptionResult:
    """One option (or one hybrid pattern) scored on every criterion."""
    deployment = slot.deployment
    option = deployment.option
    option_resilience = resilience(deployment, scenario, catalog)
    criteria = score_criteria(
        deployment,
        deployment.latency,
        option_resilience,
        slot.summary,
        cheapest,
        scenario,
        measurement_of(scenario, option),
    )
    return OptionResult(
        option=option,
        deployment=deployment,
        blockers=tuple(f for f in slot.findings if f.blocking),
        warnings=tuple(f for f in slot.findings if not f.blocking),
        criteria=criteria,
        score=sum(weights.shares[c] * criteria[c].score for c in CRITERIA),
        latency=deployment.latency,
        resilience=option_resilience,
        costs=slot.projection,
        estimated_latency=slot.estimate.latency,
    )


def _latency_guess_ms(result: OptionResult) -> float:
    """Where a search of the option's latency limit starts: its p95 today (for edge, the
    lowest any device reaches); the search itself decides."""
    local = result.deployment.local
    # A local-first hybrid runs the edge's device choice: the same start gives the same steps,
    # which the device choices already made answer (devices.choose_device).
    local_first = result.option == "hybrid" and result.deployment.cloud is None
    if (result.option == "edge" or local_first) and local is not None and local.choice is not None:
        reached = [a.best_p95_ms for a in local.choice.assessments if a.runnable]
        if reached:
            return min(reached)
    p95 = result.latency_p95_ms
    return p95 if np.isfinite(p95) else 1000.0


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
    return CostReference(OPTION_LABELS[option], basis[option], feasible=bool(feasible))


@dataclass(frozen=True)
class _Slot:
    """One option (or one hybrid pattern) planned, screened and costed."""

    estimate: Deployment  # as the engine estimates it
    deployment: Deployment  # with measured latency where it replaces the estimate
    findings: tuple[Finding, ...]
    projection: CostProjection  # deterministic, one draw

    @property
    def feasible(self) -> bool:
        return not any(f.blocking for f in self.findings)

    @cached_property
    def summary(self) -> CostSummary:
        return cost_summary(self.projection)


@dataclass(frozen=True)
class _Plan:
    """What runs where, screened and costed: the steps `evaluate` and the volume search share."""

    edge: _Slot
    cloud: _Slot
    hybrids: dict[HybridPattern, _Slot]

    def slots(self, pattern: HybridPattern) -> dict[Option, _Slot]:
        return {"edge": self.edge, "cloud": self.cloud, "hybrid": self.hybrids[pattern]}


def _plan(
    scenario: Scenario,
    catalog: Catalog,
    patterns: tuple[HybridPattern, ...],
    statics: dict | None = None,
) -> _Plan:
    planned = plan_options(scenario, catalog, patterns, statics)
    first = planned.options(patterns[0])
    estimates = (first["edge"], first["cloud"], *planned.hybrids.values())
    deployments = tuple(judged(d, scenario) for d in estimates)
    projections = project_each(deployments, scenario, catalog, Factors.neutral())
    slots = [
        _Slot(e, d, screen({d.option: d}, scenario)[d.option], p)
        for e, d, p in zip(estimates, deployments, projections, strict=True)
    ]
    return _Plan(slots[0], slots[1], dict(zip(planned.hybrids, slots[2:], strict=True)))


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


def _at_volume(scenario: Scenario, volume_factor: float) -> Scenario:
    workload = scenario.workload.model_copy(
        update={"requests_per_month": scenario.workload.requests_per_month * volume_factor}
    )
    return scenario.model_copy(update={"workload": workload})


def _outcome_at_volume(
    scenario: Scenario,
    catalog: Catalog,
    weights: Weights,
    volume_factor: float,
    statics: dict | None = None,
) -> tuple[Option | None, Option | None]:
    """(cheapest feasible option, recommended option) with the volume scaled and the scenario
    re-planned and re-scored on every criterion (queueing moves latency, the fleet moves
    updates and operations, not only cost)."""
    varied = _at_volume(scenario, volume_factor)
    pattern = default_pattern(varied)  # the searched scenario pins today's pattern
    slots = _plan(varied, catalog, (pattern,), statics).slots(pattern)
    feasible = [o for o in OPTIONS if slots[o].feasible]
    if not feasible:
        return None, None
    summaries = {o: slots[o].summary for o in OPTIONS}
    # An option ruled out at this volume is no one's cheapest choice.
    cheapest = min(feasible, key=lambda o: summaries[o].total_usd)
    reference = cheapest_reference(varied, summaries, tuple(feasible))
    score = {o: _assess(slots[o], reference, varied, catalog, weights).score for o in feasible}
    return cheapest, max(feasible, key=score.__getitem__)


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
