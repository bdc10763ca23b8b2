"""Which hybrid? Each of the five named patterns that fits the workload is planned, screened,
costed and scored like an option (scoring.engine.evaluate), and the best-scoring one that meets
every hard requirement is shown, unless the user pinned one. A pattern that does not fit the
workload is "not applicable", with the reason, never rated.

A hybrid is a real architecture, not an average of edge and cloud: the pattern decides what
runs on the device, what is sent, and what happens when the link is down.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from scoring.model.scenario import Scenario
from scoring.model.vocabulary import (
    CRITERIA,
    CRITERION_LABELS,
    HYBRID_PATTERN_LABELS,
    HYBRID_PATTERNS,
    Criterion,
    DataLeaving,
    HybridPattern,
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
class Applicability:
    """When a pattern does not fit the workload at all: `condition` as docs/how-it-works.md
    lists it, `rules_out(scenario)` true when it holds, `reason` in words."""

    condition: str
    rules_out: Callable[[Scenario], bool]
    reason: Callable[[Scenario], str]


NOT_APPLICABLE: dict[HybridPattern, tuple[Applicability, ...]] = {
    "local_detect_cloud_trends": (
        Applicability(
            "kind llm or speech, and no results needed centrally",
            lambda s: (
                s.workload.kind in ("llm", "speech") and not s.requirements.results_needed_centrally
            ),
            lambda s: (
                f"{'an LLM' if s.workload.kind == 'llm' else 'a speech model'}'s answers go back "
                "to the user and no results are needed centrally: there are no detections to "
                "collect as trends"
            ),
        ),
    ),
    "safety_local_reporting_central": (
        Applicability(
            "failure mode other than safety_critical",
            lambda s: s.requirements.failure_mode != "safety_critical",
            lambda s: (
                "there is no safety function to keep local (the failure mode is not "
                "safety-critical)"
            ),
        ),
    ),
    "anonymize_then_send": (
        Applicability(
            "data sensitivity public",
            lambda s: s.requirements.data_sensitivity == "public",
            lambda s: "public data has nothing to anonymise",
        ),
    ),
    "queue_and_sync": (
        Applicability(
            "failure mode other than can_wait",
            lambda s: s.requirements.failure_mode != "can_wait",
            lambda s: (
                "a safety function cannot wait for the link to return"
                if s.requirements.failure_mode == "safety_critical"
                else "the answers cannot wait for the link to return"
            ),
        ),
    ),
    "escalate_hard_cases": (),
}


def not_applicable(pattern: HybridPattern, scenario: Scenario) -> str:
    """Why the pattern does not fit the workload ("" when it does)."""
    return "; ".join(r.reason(scenario) for r in NOT_APPLICABLE[pattern] if r.rules_out(scenario))


def applicable_patterns(scenario: Scenario) -> tuple[HybridPattern, ...]:
    return tuple(p for p in HYBRID_PATTERNS if not not_applicable(p, scenario))


@dataclass(frozen=True)
class PatternOutcome:
    """One pattern as the evaluation found it: its weighted score and the hard requirements it
    fails, or why it does not apply (then it is neither scored nor rated)."""

    pattern: HybridPattern
    not_applicable: str = ""  # why the pattern does not fit the workload
    score: float | None = None  # weighted total, 0-100, as the hybrid option would score
    blockers: str = ""  # hard requirements it fails, in words ("" when feasible)
    criteria: Mapping[Criterion, float] | None = None

    @property
    def label(self) -> str:
        return HYBRID_PATTERN_LABELS[self.pattern]

    @property
    def applicable(self) -> bool:
        return not self.not_applicable

    @property
    def feasible(self) -> bool:
        return self.applicable and not self.blockers


@dataclass(frozen=True)
class HybridChoice:
    pattern: HybridPattern
    pinned: bool
    # Every pattern, best first: feasible by score, then ruled out by score, then not
    # applicable. Empty while the deployment is only planned (before the evaluation scores it).
    outcomes: tuple[PatternOutcome, ...] = ()
    grounds: str = ""  # why this pattern, in a sentence that does not repeat its name

    @property
    def label(self) -> str:
        return HYBRID_PATTERN_LABELS[self.pattern]

    @property
    def chosen(self) -> PatternOutcome:
        return self.outcome(self.pattern)

    def outcome(self, pattern: HybridPattern) -> PatternOutcome:
        return next(o for o in self.outcomes if o.pattern == pattern)

    @property
    def none_runs(self) -> bool:
        """No applicable pattern meets every hard requirement."""
        return not any(o.feasible for o in self.outcomes)


def planned_choice(scenario: Scenario, pattern: HybridPattern) -> HybridChoice:
    """The pattern a deployment is planned with, before the evaluation scores it."""
    return HybridChoice(pattern, scenario.hybrid.pattern != "auto")


def default_pattern(scenario: Scenario) -> HybridPattern:
    """The pinned pattern, else the first applicable one: what a plan without an evaluation
    shows (evaluate() chooses by score)."""
    if scenario.hybrid.pattern != "auto":
        return scenario.hybrid.pattern
    applicable = applicable_patterns(scenario)
    return applicable[0] if applicable else HYBRID_PATTERNS[0]


def choose_pattern(
    outcomes: tuple[PatternOutcome, ...],
    pinned: HybridPattern | None,
    shares: Mapping[Criterion, float],
) -> HybridChoice:
    """The best-scoring feasible pattern (the best-scoring applicable one when none is
    feasible), or the pinned one; with the grounds in a sentence."""
    ranked = tuple(
        sorted(
            outcomes,
            key=lambda o: (
                not o.applicable,
                not o.feasible,
                -(o.score if o.score is not None else 0.0),
            ),
        )
    )
    scored = [o for o in ranked if o.applicable]
    if pinned is not None:
        return HybridChoice(pinned, True, ranked, "The pattern is pinned in the scenario.")
    best = scored[0] if scored else ranked[0]
    return HybridChoice(best.pattern, False, ranked, _grounds(best, scored, shares))


TIE_POINTS = 0.05  # scores closer than this read the same at one decimal


def _grounds(
    best: PatternOutcome, scored: list[PatternOutcome], shares: Mapping[Criterion, float]
) -> str:
    applicable = len(scored)
    among = f"the {applicable} applicable hybrid patterns" if applicable > 1 else "one pattern"
    if not best.feasible:
        return (
            f"None of {among} meets every hard requirement; this one scores highest "
            f"({best.score:.1f}/100), so the hybrid is shown with it."
        )
    rivals = [o for o in scored if o is not best]
    if not rivals:
        return "It is the only hybrid pattern that fits this workload."
    runner = rivals[0]
    assert best.score is not None and runner.score is not None
    if runner.feasible and abs(best.score - runner.score) < TIE_POINTS:
        alike = (
            "they score the same on every criterion"
            if best.criteria == runner.criteria
            else "within a twentieth of a point"
        )
        return (
            f'It ties with "{runner.label}" at {best.score:.1f}/100 ({alike}); the first in the '
            "list of patterns is shown."
        )
    assert best.criteria is not None and runner.criteria is not None
    gains = sorted(
        CRITERIA,
        key=lambda c: -shares[c] * (best.criteria[c] - runner.criteria[c]),  # type: ignore[index]
    )
    leads = [
        CRITERION_LABELS[c].lower() for c in gains[:2] if best.criteria[c] > runner.criteria[c]
    ]
    lead_text = f", mainly on {' and '.join(leads)}" if leads else ""
    versus = "the next feasible one" if runner.feasible else f"ruled out by {runner.blockers}"
    return (
        f"It scores highest of {among}: {best.score:.1f}/100 against {runner.score:.1f} for "
        f'"{runner.label}" ({versus}){lead_text}.'
    )
