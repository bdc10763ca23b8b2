"""Criterion weights: defaults derived from the answers, overridden where the user pinned them.

Weights are relative; they are normalised to sum to 1 (shown as percentages). Each adjustment of
the defaults keeps the sentence that explains it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.model.scenario import Scenario
from scoring.model.vocabulary import CRITERIA, CRITERION_LABELS, Criterion

BASE_WEIGHTS: dict[Criterion, float] = {
    "latency": 15.0,
    "privacy": 15.0,
    "scaling": 10.0,
    "updates": 10.0,
    "models": 10.0,
    "offline": 10.0,
    "cost": 20.0,
    "operations": 10.0,
}
MIN_DERIVED_WEIGHT = 2.0


@dataclass(frozen=True)
class Weights:
    shares: dict[Criterion, float]  # normalised, sum 1
    derived: dict[Criterion, float]  # relative weights from the answers, before pins
    pinned: frozenset[str]
    reasons: tuple[str, ...]

    def percent(self, criterion: Criterion) -> float:
        return 100.0 * self.shares[criterion]


def derive_weights(scenario: Scenario) -> tuple[dict[Criterion, float], tuple[str, ...]]:
    req, workload = scenario.requirements, scenario.workload
    weights = dict(BASE_WEIGHTS)
    reasons: list[str] = []

    def adjust(condition: bool, changes: dict[Criterion, float], why: str) -> None:
        if not condition:
            return
        for criterion, delta in changes.items():
            weights[criterion] = max(MIN_DERIVED_WEIGHT, weights[criterion] + delta)
        shown = ", ".join(
            f"{CRITERION_LABELS[c].lower()} {'+' if d > 0 else ''}{d:g}" for c, d in changes.items()
        )
        reasons.append(f"{why}: {shown}")

    adjust(
        req.failure_mode == "safety_critical",
        {"latency": 10, "offline": 10},
        "Safety-critical failure mode",
    )
    adjust(req.failure_mode == "can_wait", {"latency": -5, "offline": -5}, "Results can wait")
    adjust(req.offline == "required", {"offline": 10}, "Offline operation required")
    adjust(req.offline == "preferred", {"offline": 5}, "Offline operation preferred")
    adjust(req.data_sensitivity == "regulated", {"privacy": 15}, "Regulated data")
    adjust(req.data_sensitivity == "confidential", {"privacy": 5}, "Confidential data")
    adjust(req.data_sensitivity == "public", {"privacy": -10}, "Public data")
    adjust(req.data_leaving == "none", {"privacy": 5}, "No data may leave")
    adjust(req.devices >= 1000, {"updates": 5, "operations": 5}, f"{req.devices:,} devices")
    adjust(100 <= req.devices < 1000, {"operations": 3}, f"{req.devices:,} devices to operate")
    adjust(
        req.model_updates_per_year >= 52,
        {"updates": 5},
        f"{req.model_updates_per_year} model updates a year",
    )
    adjust(req.demand == "spiky", {"scaling": 10}, "Spiky demand")
    adjust(req.demand == "seasonal", {"scaling": 5}, "Seasonal demand")
    adjust(
        workload.growth_pct_per_month >= 5,
        {"scaling": 5},
        f"{workload.growth_pct_per_month:g} % growth a month",
    )
    adjust(workload.kind == "llm", {"models": 5}, "LLM workload (model capability matters)")
    adjust(req.max_latency_ms <= 100, {"latency": 5}, f"Tight {req.max_latency_ms:g} ms limit")
    return weights, tuple(reasons)


def resolve_weights(scenario: Scenario) -> Weights:
    derived, reasons = derive_weights(scenario)
    relative = {c: scenario.weights.get(c, derived[c]) for c in CRITERIA}
    total = sum(relative.values())
    if total <= 0:  # every criterion pinned to 0 is refused by the scenario model
        relative = dict(derived)
        total = sum(relative.values())
    return Weights(
        shares={c: relative[c] / total for c in CRITERIA},
        derived=derived,
        pinned=frozenset(scenario.weights),
        reasons=reasons,
    )
