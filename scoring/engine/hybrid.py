"""Which hybrid? Each of the five named patterns is rated against the answers, and the
best-rated one that meets every hard requirement is chosen (unless the user pinned one), with
the reasons that decided it.

A hybrid is a real architecture, not an average of edge and cloud: the pattern decides what
runs on the device, what is sent, and what happens when the link is down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from scoring.model.scenario import Requirements, Scenario
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


def _fleet_words(req: Requirements) -> str:
    """ "40 devices at 1 site", "800 sites", "12 devices": what the trends are collected from."""
    devices, sites = req.devices, req.site_count
    if devices == sites:
        return f"{sites:,} sites" if sites > 1 else f"{devices:,} device"
    return f"{devices:,} devices at {sites:,} {'site' if sites == 1 else 'sites'}"


# Thresholds of the rules below.
TREND_SITES_MIN = 10  # sites from which trends across sites are worth collecting
HARD_REAL_TIME_MS = 100.0  # a limit at or under this favours local control
FLAKY_LINK_PCT = 99.5  # a link less available than this drops often


@dataclass(frozen=True)
class RatingInputs:
    """What a pattern's rules read: the scenario, whether the full model fits a catalog device
    (memory only), and the availability of the site's link."""

    scenario: Scenario
    model_fits_a_device: bool
    network_availability_pct: float

    @property
    def offline_needs_local(self) -> bool:
        req = self.scenario.requirements
        return req.offline == "required" or req.failure_mode == "safety_critical"


@dataclass(frozen=True)
class Rule:
    """Points for (or against) a pattern when `holds`; `reason` says why, `condition` is the
    rule as docs/how-it-works.md section 7 lists it."""

    condition: str
    points: int
    holds: Callable[[RatingInputs], bool]
    reason: Callable[[RatingInputs], str]


def _said(text: str) -> Callable[[RatingInputs], str]:
    return lambda _: text


def _fits_nowhere(i: RatingInputs) -> bool:
    return not i.model_fits_a_device


# Every pattern: sending more than may leave.
DATA_RULE_POINTS = -6
# Each pattern's own rules, in the order their reasons are listed.
PATTERN_RULES: dict[HybridPattern, tuple[Rule, ...]] = {
    "local_detect_cloud_trends": (
        Rule(
            "data_leaving = results_only",
            3,
            lambda i: i.scenario.requirements.data_leaving == "results_only",
            _said("only results may leave the site"),
        ),
        Rule(
            "kind vision or tabular",
            2,
            lambda i: i.scenario.workload.kind in ("vision", "tabular"),
            lambda i: f"{i.scenario.workload.kind} detections summarise well as trends",
        ),
        Rule(
            "offline required",
            2,
            lambda i: i.scenario.requirements.offline == "required",
            _said("detection keeps working offline"),
        ),
        Rule(
            f"sites or devices ≥ {TREND_SITES_MIN}",
            1,
            lambda i: (
                max(i.scenario.requirements.site_count, i.scenario.requirements.devices)
                >= TREND_SITES_MIN
            ),
            lambda i: f"trends across {_fleet_words(i.scenario.requirements)} are worth collecting",
        ),
        Rule(
            "results needed centrally",
            3,
            lambda i: i.scenario.requirements.results_needed_centrally,
            _said("results are needed centrally"),
        ),
        Rule(
            "the model fits no catalog device",
            -5,
            _fits_nowhere,
            _said("the model does not fit any catalog device"),
        ),
    ),
    "safety_local_reporting_central": (
        Rule(
            "failure mode safety_critical",
            4,
            lambda i: i.scenario.requirements.failure_mode == "safety_critical",
            _said("the safety function must never wait"),
        ),
        Rule(
            "offline required",
            2,
            lambda i: i.scenario.requirements.offline == "required",
            _said("the product must work offline"),
        ),
        Rule(
            f"max latency ≤ {HARD_REAL_TIME_MS:g} ms",
            1,
            lambda i: i.scenario.requirements.max_latency_ms <= HARD_REAL_TIME_MS,
            _said("a hard real-time limit favours local control"),
        ),
        Rule(
            "results needed centrally",
            2,
            lambda i: i.scenario.requirements.results_needed_centrally,
            _said("reports are needed centrally"),
        ),
        Rule(
            "fits no device",
            -5,
            _fits_nowhere,
            _said("the model does not fit any catalog device"),
        ),
    ),
    "escalate_hard_cases": (
        Rule(
            "kind llm",
            3,
            lambda i: i.scenario.workload.kind == "llm",
            _said("LLM requests vary in difficulty"),
        ),
        Rule(
            "kind speech",
            3,
            lambda i: i.scenario.workload.kind == "speech",
            _said("speech requests vary in difficulty"),
        ),
        Rule(
            "fits no device",
            2,
            _fits_nowhere,
            _said("the full model is too big for the device"),
        ),
        Rule(
            "spiky demand",
            1,
            lambda i: i.scenario.requirements.demand == "spiky",
            _said("the device absorbs the base load, the cloud the spikes"),
        ),
        Rule(
            "offline preferred",
            1,
            lambda i: i.scenario.requirements.offline == "preferred",
            _said("easy requests still work offline"),
        ),
        Rule(
            "offline required or safety_critical",
            -2,
            lambda i: i.offline_needs_local,
            _said("hard cases degrade while offline"),
        ),
    ),
    "anonymize_then_send": (
        Rule(
            "data_leaving = anonymized",
            3,
            lambda i: i.scenario.requirements.data_leaving == "anonymized",
            _said("only anonymised data may leave"),
        ),
        Rule(
            "fits no device",
            2,
            _fits_nowhere,
            _said("the full model is too big for the device"),
        ),
        Rule(
            "sensitivity confidential or regulated",
            1,
            lambda i: i.scenario.requirements.data_sensitivity in ("confidential", "regulated"),
            lambda i: (
                f"{i.scenario.requirements.data_sensitivity} data is stripped before it leaves"
            ),
        ),
        Rule(
            "offline required or safety_critical",
            -4,
            lambda i: i.offline_needs_local,
            _said("every request needs the cloud"),
        ),
    ),
    "queue_and_sync": (
        Rule(
            "failure mode can_wait",
            3,
            lambda i: i.scenario.requirements.failure_mode == "can_wait",
            _said("results can wait for the link to return"),
        ),
        Rule(
            f"network availability < {FLAKY_LINK_PCT:g} %",
            2,
            lambda i: i.network_availability_pct < FLAKY_LINK_PCT,
            _said("the link drops often"),
        ),
        Rule(
            "offline preferred",
            1,
            lambda i: i.scenario.requirements.offline == "preferred",
            _said("work continues to be captured offline"),
        ),
        Rule(
            "safety_critical",
            -5,
            lambda i: i.scenario.requirements.failure_mode == "safety_critical",
            _said("a safety function cannot wait"),
        ),
        Rule(
            "offline required",
            -3,
            lambda i: i.scenario.requirements.offline == "required",
            _said("inference itself needs the cloud"),
        ),
    ),
}


def rate_pattern(
    pattern: HybridPattern,
    scenario: Scenario,
    model_fits_a_device: bool,
    network_availability_pct: float,
) -> PatternRating:
    inputs = RatingInputs(scenario, model_fits_a_device, network_availability_pct)
    sent = DATA_SENT[pattern]
    checks: list[tuple[bool, int, str]] = [
        (
            not allows_data(scenario.requirements.data_leaving, sent),
            DATA_RULE_POINTS,
            f"sends {DATA_WORDS[sent]}, more than may leave",
        )
    ]
    checks += [
        (rule.holds(inputs), rule.points, rule.reason(inputs)) for rule in PATTERN_RULES[pattern]
    ]
    points = sum(weight for holds, weight, _ in checks if holds)
    reasons = tuple(
        f"{'+' if weight > 0 else '-'} {text}" for holds, weight, text in checks if holds
    )
    return PatternRating(pattern, points, reasons)
