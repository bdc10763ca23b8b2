"""Criterion weights: defaults derived from the answers, overridden where the user pinned them.

Weights are relative; they are normalised to sum to 1 (shown as percentages). Each adjustment of
the defaults keeps the sentence that explains it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
# Thresholds of the adjustments below.
MANY_DEVICES = 1000  # a fleet this large makes updates and operations weigh more
SOME_DEVICES = 100
FREQUENT_UPDATES_PER_YEAR = 52  # weekly or more often
FAST_GROWTH_PCT_PER_MONTH = 5.0
TIGHT_LATENCY_MS = 100.0


@dataclass(frozen=True)
class Adjustment:
    """One rule that moves the default weights: when `applies`, add `changes`, and say `why`.
    `condition` is the rule as docs/how-it-works.md section 12 lists it."""

    condition: str
    applies: Callable[[Scenario], bool]
    changes: Mapping[Criterion, float]
    why: Callable[[Scenario], str]


def _said(text: str) -> Callable[[Scenario], str]:
    return lambda _: text


# In this order they are applied and their reasons listed.
ADJUSTMENTS: tuple[Adjustment, ...] = (
    Adjustment(
        "failure mode safety_critical",
        lambda s: s.requirements.failure_mode == "safety_critical",
        {"latency": 10, "offline": 10},
        _said("Safety-critical failure mode"),
    ),
    Adjustment(
        "failure mode can_wait",
        lambda s: s.requirements.failure_mode == "can_wait",
        {"latency": -5, "offline": -5},
        _said("Results can wait"),
    ),
    Adjustment(
        "offline required",
        lambda s: s.requirements.offline == "required",
        {"offline": 10},
        _said("Offline operation required"),
    ),
    Adjustment(
        "offline preferred",
        lambda s: s.requirements.offline == "preferred",
        {"offline": 5},
        _said("Offline operation preferred"),
    ),
    Adjustment(
        "sensitivity regulated",
        lambda s: s.requirements.data_sensitivity == "regulated",
        {"privacy": 15},
        _said("Regulated data"),
    ),
    Adjustment(
        "sensitivity confidential",
        lambda s: s.requirements.data_sensitivity == "confidential",
        {"privacy": 5},
        _said("Confidential data"),
    ),
    Adjustment(
        "sensitivity public",
        lambda s: s.requirements.data_sensitivity == "public",
        {"privacy": -10},
        _said("Public data"),
    ),
    Adjustment(
        "data_leaving none",
        lambda s: s.requirements.data_leaving == "none",
        {"privacy": 5},
        _said("No data may leave"),
    ),
    Adjustment(
        f"devices ≥ {MANY_DEVICES:,}",
        lambda s: s.requirements.devices >= MANY_DEVICES,
        {"updates": 5, "operations": 5},
        lambda s: f"{s.requirements.devices:,} devices",
    ),
    Adjustment(
        f"{SOME_DEVICES:,} ≤ devices < {MANY_DEVICES:,}",
        lambda s: SOME_DEVICES <= s.requirements.devices < MANY_DEVICES,
        {"operations": 3},
        lambda s: f"{s.requirements.devices:,} devices to operate",
    ),
    Adjustment(
        f"≥ {FREQUENT_UPDATES_PER_YEAR} model updates a year",
        lambda s: s.requirements.model_updates_per_year >= FREQUENT_UPDATES_PER_YEAR,
        {"updates": 5},
        lambda s: f"{s.requirements.model_updates_per_year} model updates a year",
    ),
    Adjustment(
        "spiky demand",
        lambda s: s.requirements.demand == "spiky",
        {"scaling": 10},
        _said("Spiky demand"),
    ),
    Adjustment(
        "seasonal demand",
        lambda s: s.requirements.demand == "seasonal",
        {"scaling": 5},
        _said("Seasonal demand"),
    ),
    Adjustment(
        f"growth ≥ {FAST_GROWTH_PCT_PER_MONTH:g} % a month",
        lambda s: s.workload.growth_pct_per_month >= FAST_GROWTH_PCT_PER_MONTH,
        {"scaling": 5},
        lambda s: f"{s.workload.growth_pct_per_month:g} % growth a month",
    ),
    Adjustment(
        "LLM workload",
        lambda s: s.workload.kind == "llm",
        {"models": 5},
        _said("LLM workload (model capability matters)"),
    ),
    Adjustment(
        f"max latency ≤ {TIGHT_LATENCY_MS:g} ms",
        lambda s: s.requirements.max_latency_ms <= TIGHT_LATENCY_MS,
        {"latency": 5},
        lambda s: f"Tight {s.requirements.max_latency_ms:g} ms limit",
    ),
)


@dataclass(frozen=True)
class Weights:
    shares: dict[Criterion, float]  # normalised, sum 1
    derived: dict[Criterion, float]  # relative weights from the answers, before pins
    pinned: frozenset[str]
    reasons: tuple[str, ...]

    def percent(self, criterion: Criterion) -> float:
        return 100.0 * self.shares[criterion]


def derive_weights(scenario: Scenario) -> tuple[dict[Criterion, float], tuple[str, ...]]:
    weights = dict(BASE_WEIGHTS)
    reasons: list[str] = []
    for adjustment in ADJUSTMENTS:
        if not adjustment.applies(scenario):
            continue
        for criterion, delta in adjustment.changes.items():
            weights[criterion] = max(MIN_DERIVED_WEIGHT, weights[criterion] + delta)
        reasons.append(f"{adjustment.why(scenario)}: {changes_text(adjustment.changes)}")
    return weights, tuple(reasons)


def changes_text(changes: Mapping[Criterion, float]) -> str:
    """ "latency +10, offline +10": an adjustment as its reason and the docs write it."""
    return ", ".join(
        f"{CRITERION_LABELS[c].lower()} {'+' if d > 0 else ''}{d:g}" for c, d in changes.items()
    )


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
