"""Which hybrid? Each of the five named patterns is rated against the answers, and the
best-rated one that meets every hard requirement is chosen (unless the user pinned one), with
the reasons that decided it.

A hybrid is a real architecture, not an average of edge and cloud: the pattern decides what
runs on the device, what is sent, and what happens when the link is down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from scoring.model.scenario import Scenario
from scoring.model.vocabulary import (
    DATA_WORDS,
    HYBRID_PATTERN_LABELS,
    HYBRID_PATTERNS,
    DataLeaving,
    HybridPattern,
    allows_data,
)

# What each pattern sends off the device, for the data-leaving constraint.
DATA_SENT: dict[str, DataLeaving] = {
    "local_detect_cloud_trends": "results_only",
    "escalate_hard_cases": "raw",
    "anonymize_then_send": "anonymized",
    "queue_and_sync": "raw",
    "safety_local_reporting_central": "results_only",
}

# Patterns whose essential function runs on the device, so it survives a network loss.
ESSENTIAL_LOCAL = {"local_detect_cloud_trends", "safety_local_reporting_central"}


@dataclass(frozen=True)
class PatternRating:
    pattern: HybridPattern
    points: int
    reasons: tuple[str, ...]  # for and against, as "+ ..." and "- ..."

    @property
    def label(self) -> str:
        return HYBRID_PATTERN_LABELS[self.pattern]

    @property
    def in_favour(self) -> tuple[str, ...]:
        """The reasons that speak for the pattern, without their sign."""
        return tuple(reason[2:] for reason in self.reasons if reason.startswith("+"))


@dataclass(frozen=True)
class HybridChoice:
    pattern: HybridPattern
    pinned: bool
    ratings: tuple[PatternRating, ...]  # best first
    # Patterns planned, screened and passed over because they fail a hard requirement, with
    # the requirements in words; empty when the top-rated pattern runs (or was not screened).
    failing: tuple[tuple[HybridPattern, str], ...] = ()

    @property
    def label(self) -> str:
        return HYBRID_PATTERN_LABELS[self.pattern]

    @property
    def chosen(self) -> PatternRating:
        return next(r for r in self.ratings if r.pattern == self.pattern)

    def fails(self, pattern: HybridPattern) -> str:
        """The hard requirements the pattern was found to fail ("" when none, or not tried)."""
        return dict(self.failing).get(pattern, "")

    @property
    def none_runs(self) -> bool:
        """Every pattern fails a hard requirement: the top-rated one stands in."""
        return len(self.failing) == len(self.ratings)

    @property
    def grounds(self) -> str:
        """Why this pattern, in a sentence that does not repeat its name (the heading does)."""
        if self.pinned:
            return "The pattern is pinned in the scenario."
        count = len(self.ratings)
        if self.none_runs:
            return (
                f"None of the {count} hybrid patterns meets every hard requirement; this one "
                "rates highest, so the hybrid is shown with it."
            )
        favour = self.chosen.in_favour
        if not favour:
            text = f"It rates highest of the {count} hybrid patterns"
        else:
            text = f"Chosen among {count} hybrid patterns because {'; '.join(favour)}"
        if self.failing:
            passed_over = "; ".join(
                f'"{HYBRID_PATTERN_LABELS[p]}" fails on {why}' for p, why in self.failing
            )
            text += f". Rated higher but passed over: {passed_over}"
        return text + "."


def choose_pattern(
    scenario: Scenario, model_fits_a_device: bool, network_availability_pct: float
) -> HybridChoice:
    ratings = tuple(
        sorted(
            (
                rate_pattern(p, scenario, model_fits_a_device, network_availability_pct)
                for p in HYBRID_PATTERNS
            ),
            key=lambda r: -r.points,  # stable: ties keep the vocabulary's order
        )
    )
    pinned = scenario.hybrid.pattern
    if pinned != "auto":
        return HybridChoice(pinned, True, ratings)
    return HybridChoice(ratings[0].pattern, False, ratings)


def first_runnable(
    choice: HybridChoice, hard_failures: Callable[[HybridPattern], str]
) -> HybridChoice:
    """The best-rated pattern that meets every hard requirement: a pattern that cannot run
    would make the whole hybrid infeasible when another one could have carried it.

    `hard_failures(pattern)` names the hard requirements the planned pattern fails ("" when
    none). Patterns are tried in rating order and no further than the first that runs; when
    none runs, the top-rated pattern stays. A pinned pattern is the user's: never replaced.
    """
    if choice.pinned:
        return choice
    failing: list[tuple[HybridPattern, str]] = []
    for rating in choice.ratings:
        failed = hard_failures(rating.pattern)
        if not failed:
            return replace(choice, pattern=rating.pattern, failing=tuple(failing))
        failing.append((rating.pattern, failed))
    return replace(choice, failing=tuple(failing))  # unpinned: the top-rated pattern


def _fleet_words(devices: int, sites: int) -> str:
    """ "40 devices at 1 site", "800 sites", "12 devices": what the trends are collected from."""
    if devices == sites:
        return f"{sites:,} sites" if sites > 1 else f"{devices:,} device"
    return f"{devices:,} devices at {sites:,} {'site' if sites == 1 else 'sites'}"


def rate_pattern(
    pattern: HybridPattern,
    scenario: Scenario,
    model_fits_a_device: bool,
    network_availability_pct: float,
) -> PatternRating:
    req, kind = scenario.requirements, scenario.workload.kind
    checks: list[tuple[bool, int, str]] = []
    allowed = allows_data(req.data_leaving, DATA_SENT[pattern])
    checks.append((not allowed, -6, f"sends {DATA_WORDS[DATA_SENT[pattern]]}, more than may leave"))
    offline_needs_local = req.offline == "required" or req.failure_mode == "safety_critical"
    if pattern == "local_detect_cloud_trends":
        checks += [
            (req.data_leaving == "results_only", 3, "only results may leave the site"),
            (kind in ("vision", "tabular"), 2, f"{kind} detections summarise well as trends"),
            (req.offline == "required", 2, "detection keeps working offline"),
            (
                req.site_count >= 10 or req.devices >= 10,
                1,
                f"trends across {_fleet_words(req.devices, req.site_count)} are worth collecting",
            ),
            (req.results_needed_centrally, 3, "results are needed centrally"),
            (not model_fits_a_device, -5, "the model does not fit any catalog device"),
        ]
    elif pattern == "safety_local_reporting_central":
        checks += [
            (req.failure_mode == "safety_critical", 4, "the safety function must never wait"),
            (req.offline == "required", 2, "the product must work offline"),
            (req.max_latency_ms <= 100, 1, "a hard real-time limit favours local control"),
            (req.results_needed_centrally, 2, "reports are needed centrally"),
            (not model_fits_a_device, -5, "the model does not fit any catalog device"),
        ]
    elif pattern == "escalate_hard_cases":
        checks += [
            (kind == "llm", 3, "LLM requests vary in difficulty"),
            (kind == "speech", 3, "speech requests vary in difficulty"),
            (not model_fits_a_device, 2, "the full model is too big for the device"),
            (req.demand == "spiky", 1, "the device absorbs the base load, the cloud the spikes"),
            (req.offline == "preferred", 1, "easy requests still work offline"),
            (offline_needs_local, -2, "hard cases degrade while offline"),
        ]
    elif pattern == "anonymize_then_send":
        checks += [
            (req.data_leaving == "anonymized", 3, "only anonymised data may leave"),
            (not model_fits_a_device, 2, "the full model is too big for the device"),
            (
                req.data_sensitivity in ("confidential", "regulated"),
                1,
                f"{req.data_sensitivity} data is stripped before it leaves",
            ),
            (offline_needs_local, -4, "every request needs the cloud"),
        ]
    elif pattern == "queue_and_sync":
        checks += [
            (req.failure_mode == "can_wait", 3, "results can wait for the link to return"),
            (network_availability_pct < 99.5, 2, "the link drops often"),
            (req.offline == "preferred", 1, "work continues to be captured offline"),
            (req.failure_mode == "safety_critical", -5, "a safety function cannot wait"),
            (req.offline == "required", -3, "inference itself needs the cloud"),
        ]
    points = sum(weight for holds, weight, _ in checks if holds)
    reasons = tuple(
        f"{'+' if weight > 0 else '-'} {text}" for holds, weight, text in checks if holds
    )
    return PatternRating(pattern, points, reasons)
