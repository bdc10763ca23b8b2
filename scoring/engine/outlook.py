"""The answer at a glance: its top risk and what would change it, picked from results the
evaluation already holds (the chosen option's warnings, the weight ranges and the tipping
points), for the one-screen verdict.

- Top risk: the nearest miss of the chosen option (the measured quantity closest to its limit:
  p95 against the latency limit, memory against the device's usable memory, units against the
  most a site holds), else its most serious other warning.
- What would change the answer: the tipping point closest to today's scenario that changes the
  recommendation (a volume at which another option wins, a latency limit below which the
  chosen option drops out or above which a better-scoring option becomes feasible), measured
  as the factor between the point and today's value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scoring.engine.constraints import Finding
from scoring.engine.evaluate import Evaluation, OptionResult
from scoring.engine.sensitivity import TippingPoint

# Warnings that are not near misses, most serious first: regulated raw data leaving, an option
# that stops offline while offline is preferred, a retiring hosted model, a pricing gap.
WARNING_ORDER = ("data_leaving", "offline", "deprecation", "pricing")


@dataclass(frozen=True)
class Risk:
    finding: Finding
    margin: float | None  # for a near miss: the share of the limit still unused (0.06 = 6 %)


def top_risk(e: Evaluation) -> Risk | None:
    """The chosen option's nearest miss, else its most serious warning; None when it has no
    warning (or nothing is recommended)."""
    if e.recommendation is None:
        return None
    chosen = e.options[e.recommendation]
    near = [Risk(w, _margin(e, chosen, w)) for w in chosen.warnings if w.near_miss]
    if near:
        return min(near, key=lambda r: math.inf if r.margin is None else r.margin)
    others = sorted(
        chosen.warnings,
        key=lambda w: (
            WARNING_ORDER.index(w.constraint)
            if w.constraint in WARNING_ORDER
            else len(WARNING_ORDER)
        ),
    )
    return Risk(others[0], None) if others else None


def _margin(e: Evaluation, result: OptionResult, warning: Finding) -> float | None:
    """How much of the limit a near miss leaves unused."""
    if warning.constraint == "latency":
        limit = e.scenario.requirements.max_latency_ms
        return (limit - result.latency_p95_ms) / limit
    fit = result.fit
    if warning.constraint == "model_fit" and fit is not None:
        return 1.0 - fit.share_used
    local = result.deployment.local
    if warning.constraint == "load" and local is not None and local.choice is not None:
        device = local.choice.closest
        return 1.0 - device.units_per_site / device.max_units_per_site
    return None


def answer_changing_points(e: Evaluation) -> tuple[TippingPoint, ...]:
    """The tipping points that change the recommendation, nearest to today first."""
    if e.recommendation is None:
        return ()
    s = e.scenario
    limit = s.requirements.max_latency_ms
    chosen = e.options[e.recommendation]
    found: list[tuple[float, TippingPoint]] = []
    for point in e.sensitivity.tipping_points:
        if point.kind == "volume_recommendation" and s.workload.requests_per_month > 0:
            found.append((_factor(point.value, s.workload.requests_per_month), point))
        elif point.kind == "latency" and point.option is not None and point.value > 0:
            if point.option == chosen.option and point.value < limit:
                found.append((_factor(point.value, limit), point))
            elif point.option != chosen.option and point.value > limit:
                rival = e.options[point.option]
                only_latency = all(b.constraint == "latency" for b in rival.blockers)
                if only_latency and rival.score > chosen.score:
                    found.append((_factor(point.value, limit), point))
    return tuple(point for _, point in sorted(found, key=lambda fp: fp[0]))


def _factor(value: float, today: float) -> float:
    """How far a point lies from today, as a factor either way (2 = double or half)."""
    return max(value / today, today / value)
