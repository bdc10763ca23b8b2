"""Which catalog figures this result depends on, established by changing each one.

A record's sources table should list the figures that shaped the result, not every figure of
every catalog entry the evaluation touched (a speech figure on an LLM case, the uplift of a
device nobody owns). The check is true by construction: for each candidate figure it evaluates
the scenario again with that figure nudged by a relative PERTURBATION (an absolute one from
zero) and keeps the figure only if the result changed. The result is the evaluation's outputs
as the record reports them (RESULT_PARTS): each option's feasibility and messages, scores,
p95, monthly costs and hours without the function, the cost band, the tornado and the
latency tipping points.

A 10 % nudge either way changes every output that depends on the figure continuously and leaves
discrete choices alone unless they sit on a tie, so a listed figure is one the result moves
with at today's values. The check evaluates without the volume search (the tipping points
along the volume axis re-plan the scenario at 17 and more volumes) and with a few Monte Carlo
draws (enough for a changed range to move the band); each evaluation takes 5-10 ms, the
whole check (~200 candidates, those that change nothing tried both ways) 2-3 s on an idle
2-core machine, which is why scoring.report.figures_in_use keeps its answer per scenario.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from pydantic import ValidationError

from scoring.catalog import Figure
from scoring.engine.evaluate import Evaluation, evaluate
from scoring.model.scenario import Scenario

PERTURBATION = 0.10  # relative change of a figure
ABSOLUTE_NUDGE = 1e-3  # the change of a figure that is zero
CHECK_DRAWS = 20
RESULT_PARTS = (
    "feasibility and messages",
    "criterion scores and weighted totals",
    "p95 latency",
    "monthly cost by component",
    "hours without the function",
    "cost band",
    "tornado",
    "latency tipping points",
)


def result_fingerprint(e: Evaluation) -> tuple:
    """Every output of the evaluation the record reports, as exact numbers and texts."""
    options = []
    for result in e.options.values():
        items = result.costs.items
        options.append(
            (
                result.option,
                tuple(f.message for f in result.blockers + result.warnings),
                round(result.score, 12),
                tuple(c.score for c in result.criteria.values()),
                tuple(c.sentence for c in result.criteria.values()),
                result.latency_p95_ms,
                tuple(np.round(np.concatenate([items[k][0] for k in items]), 9)),
                result.resilience.lost_hours_per_year,
                result.resilience.degraded_hours_per_year,
                result.resilience.delayed_hours_per_year,
            )
        )
    bands = tuple(
        (b.total_p10_usd, b.total_p50_usd, b.total_p90_usd) for b in e.uncertainty.bands.values()
    )
    tornado = tuple((d.label, d.low_delta_usd, d.high_delta_usd) for d in e.tornado.drivers)
    tipping = tuple((p.kind, p.option, p.value) for p in e.sensitivity.tipping_points)
    return (e.recommendation, tuple(options), bands, tornado, tipping)


def nudges(figure: Figure) -> tuple[float, ...]:
    """The figure's value moved up, then down, by PERTURBATION, within the range an override
    may take (from zero: by ABSOLUTE_NUDGE)."""
    value = figure.value
    moves = (
        (value * (1 + PERTURBATION), value * (1 - PERTURBATION))
        if value
        else (
            ABSOLUTE_NUDGE,
            -ABSOLUTE_NUDGE,
        )
    )
    return tuple(v for v in moves if figure.minimum <= v <= figure.maximum and v != value)


def figures_that_matter(e: Evaluation, candidates: Iterable[Figure]) -> tuple[Figure, ...]:
    """The candidates whose nudge up or down changes the result, in the order given. Both
    directions are tried (the second only when the first changed nothing): the engine reads
    some figures as whole numbers (8.8 key-value heads are 8, 7.2 are 7), and some sit at a
    threshold on one side. A nudge that breaks a rule of the scenario (an override must keep,
    say, a P10 below its value) is skipped."""
    scenario = e.scenario
    base = result_fingerprint(_quick(scenario))
    return tuple(
        figure
        for figure in candidates
        if any(
            result_fingerprint(_quick(nudged)) != base
            for value in nudges(figure)
            if (nudged := with_figure(scenario, figure.key, value)) is not None
        )
    )


def with_figure(scenario: Scenario, key: str, value: float) -> Scenario | None:
    """The scenario with one more override (replacing its own override of that figure),
    validated like a file; None when the override breaks a rule of the scenario."""
    data = scenario.model_dump()
    data["assumptions"] = {**scenario.assumptions, key: value}
    try:
        return Scenario.model_validate(data)
    except ValidationError:
        return None


def _quick(scenario: Scenario) -> Evaluation:
    return evaluate(scenario, draws=CHECK_DRAWS, volume_search=False, shared=False)
