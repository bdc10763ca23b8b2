"""Prototype evidence: measured requests summarised per option, and measured figures in the
estimates' place where the scenario says so.

Latency percentiles are taken over the successful requests (a failed request has no result to
time; failures show in the success rates) with linear interpolation between closest ranks
(numpy's default), so p50 of [10, 20, 30, 40] is 25. Cost per task is the cost of all
requests divided by the successful ones. The CSV these come from is read by
scoring.io.measurements.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from scoring.engine.deployment import Deployment
from scoring.engine.latency import LatencyPart, LatencyPath, OptionLatency
from scoring.model.codec import ScenarioError
from scoring.model.scenario import (
    MAX_COST_USD,
    Measurement,
    Scenario,
)
from scoring.model.vocabulary import OPTION_LABELS, OPTIONS, Option


class EvidenceError(ScenarioError):
    """A measurement file that cannot be read; each problem names the line."""


@dataclass(frozen=True)
class Sample:
    option: Option
    latency_ms: float
    cost_usd: float
    ok: bool
    network_up: bool


@dataclass(frozen=True)
class OptionEvidence:
    option: Option
    latencies_ms: np.ndarray
    measurement: Measurement

    @property
    def label(self) -> str:
        return OPTION_LABELS[self.option]


def summarise(samples: tuple[Sample, ...]) -> dict[Option, OptionEvidence]:
    """Per option: latency percentiles, success rates, cost per successful task."""
    result: dict[Option, OptionEvidence] = {}
    for option in OPTIONS:
        mine = [s for s in samples if s.option == option]
        if not mine:
            continue
        timed = [s.latency_ms for s in mine if s.ok] or [s.latency_ms for s in mine]
        latencies = np.array(timed)
        p50, p95, p99 = np.percentile(latencies, [50, 95, 99])
        successes = sum(s.ok for s in mine)
        down = [s for s in mine if not s.network_up]
        total_cost = sum(s.cost_usd for s in mine)
        per_task = total_cost / successes if successes else None
        if per_task is not None and per_task > MAX_COST_USD:
            raise EvidenceError(
                [
                    f"{option}: the cost per successful task is ${per_task:,.0f}, above the "
                    f"${MAX_COST_USD:,} the scenario accepts; check the cost_usd column"
                ]
            )
        measurement = Measurement(
            requests=len(mine),
            latency_p50_ms=float(p50),
            latency_p95_ms=float(p95),
            latency_p99_ms=float(p99),
            success_rate=successes / len(mine),
            requests_during_network_loss=len(down),
            success_rate_during_network_loss=(
                sum(s.ok for s in down) / len(down) if down else None
            ),
            cost_per_task_usd=per_task,
        )
        result[option] = OptionEvidence(option, latencies, measurement)
    return result


def percent_error(estimate: float, measured: float) -> float | None:
    """(measured - estimate) / estimate, in percent; None when the estimate is zero."""
    if estimate == 0 or not math.isfinite(estimate):
        return None
    return 100.0 * (measured - estimate) / estimate


def measured_latency(measurement: Measurement, source: str) -> OptionLatency:
    """A latency 'budget' of one part: what the prototype measured end to end."""
    where = f" ({source})" if source else ""
    part = LatencyPart(
        "measured end to end",
        measurement.latency_p50_ms,
        measurement.latency_p95_ms,
        f"measured on {measurement.requests:,} requests{where}",
    )
    return OptionLatency((LatencyPath("measured", 1.0, (part,)),))


def with_measured_latency(
    deployments: dict[Option, Deployment], scenario: Scenario
) -> dict[Option, Deployment]:
    """Deployments whose latency is the measured one wherever the scenario says to use it."""
    evidence = scenario.evidence
    return {
        option: (
            replace(d, latency=measured_latency(evidence.measured[option], evidence.source))
            if uses_measurement(scenario, option)
            else d
        )
        for option, d in deployments.items()
    }


def judged(deployment: Deployment, scenario: Scenario) -> Deployment:
    """The deployment as the constraints judge it: with the measured latency where it
    replaces the estimate."""
    return with_measured_latency({deployment.option: deployment}, scenario)[deployment.option]


def uses_measurement(scenario: Scenario, option: Option) -> bool:
    """Whether the option's measured figures replace the engine's estimates."""
    evidence = scenario.evidence
    return evidence.replace_estimates and option in evidence.measured
