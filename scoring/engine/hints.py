"""Hints true by construction: what would make an option feasible, and how far the latency
limit can move before an option's standing changes, found by re-running the option's own
planning and screening, never by a separate formula.

A search varies one input (the latency limit) and re-plans only the option it asks about:
its device choice, serving pools and latency paths all follow the limit (a looser limit allows
larger batches and cheaper devices, so the threshold is not simply today's p95). Bisection on a
log scale narrows it to 1 %; the value shown is rounded up to three significant figures, so it
meets the limit it names and lies within a few percent of the smallest one that does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scoring.catalog import Catalog
from scoring.engine.constraints import Finding, screen
from scoring.engine.deployment import Deployment, plan_options
from scoring.engine.devices import CUSTOMER_CLASSES
from scoring.engine.evidence import judged
from scoring.engine.hybrid import applicable_patterns, default_pattern
from scoring.engine.sensitivity import TippingPoint
from scoring.model.scenario import MAX_LATENCY_MS, Scenario
from scoring.model.units import ms, usd
from scoring.model.vocabulary import (
    DATA_WORDS,
    HYBRID_PATTERN_LABELS,
    OPTION_LABELS,
    Option,
    constraint_words,
)

PRECISION = 1.02  # the search stops when the bracket is this narrow (ratio)
HINT_MARGIN = 1.1  # a hint is checked not to overshoot the smallest value that works by this
MARGIN_CHECKS = 4  # searches below a value found, where meeting the limit is not monotone
LEAST = 1e-3  # ms: no limit below this is searched


@dataclass(frozen=True)
class Change:
    """One scenario field set to a value: `field` as dotted path ("requirements.offline")."""

    field: str
    value: Any
    words: str  # the change as advice ("" when it only names what the hint assumes)


@dataclass(frozen=True)
class Relaxation:
    option: Option
    changes: tuple[Change, ...]
    sentence: str
    verified: bool  # the engine applied the changes and the option became feasible


def changed(scenario: Scenario, changes: tuple[Change, ...]) -> Scenario:
    """The scenario with each change applied (validated again by the model's own rules)."""
    sections: dict[str, dict[str, Any]] = {}
    for change in changes:
        section, name = change.field.split(".")
        sections.setdefault(section, {})[name] = change.value
    update = {
        section: getattr(scenario, section).model_copy(update=values)
        for section, values in sections.items()
    }
    return scenario.model_copy(update=update)


def with_limit(scenario: Scenario, limit_ms: float) -> Scenario:
    return changed(scenario, (Change("requirements.max_latency_ms", limit_ms, ""),))


@dataclass(frozen=True)
class LimitSearch:
    """Re-plans one option of `scenario` (whose hybrid pattern is pinned to the one shown) as
    the hints vary it. `statics`: the evaluation's cache of device candidates."""

    scenario: Scenario
    catalog: Catalog
    statics: dict

    def planned(self, option: Option, scenario: Scenario) -> tuple[Deployment, tuple[Finding, ...]]:
        """The option planned and screened in `scenario` (measured latency where it counts)."""
        pattern = default_pattern(scenario)
        planned = plan_options(scenario, self.catalog, (pattern,), self.statics, only=option)
        deployment = judged(planned.option(option, pattern), scenario)
        return deployment, screen({option: deployment}, scenario)[option]

    def findings(self, option: Option, scenario: Scenario) -> tuple[Finding, ...]:
        return self.planned(option, scenario)[1]

    def smallest_limit_ms(
        self, option: Option, guess_ms: float, base: Scenario | None = None
    ) -> tuple[float, tuple[Finding, ...]] | None:
        """The smallest latency limit at which the option has no latency blocker, with its
        findings there; None when no limit up to the largest allowed does."""
        scenario = base or self.scenario

        def at(limit_ms: float) -> Probe:
            deployment, found = self.planned(option, with_limit(scenario, limit_ms))
            blocked = any(f.blocking and f.constraint == "latency" for f in found)
            return Probe(not blocked, found, deployment.latency.p95_ms)

        found = smallest(at, guess_ms, MAX_LATENCY_MS)
        # Where meeting the limit is not monotone in it (a pool re-sized for a looser limit
        # can end slower), the bracket found may not be the lowest: the shown value is checked
        # a margin below, and the search continues from there while that still works.
        for _ in range(MARGIN_CHECKS):
            if found is None:
                return None
            below = round_up(found[0]) / HINT_MARGIN
            probe = at(below)
            if not probe.meets:
                return found
            found = smallest(at, below, below)
        return found


@dataclass(frozen=True)
class Probe:
    """One step of a search: whether the option meets the limit tried, its findings there and
    the p95 it reaches as sized for that limit."""

    meets: bool
    findings: tuple[Finding, ...]
    p95_ms: float


def smallest(
    at: Callable[[float], Probe], guess: float, most: float
) -> tuple[float, tuple[Finding, ...]] | None:
    """The smallest limit x in (0, most] the option meets (assumed to meet every limit from
    some x on), to within PRECISION, with its findings there.

    From `guess` the bracket grows by steps whose size doubles (2 %, 4 %, 8 %, ...) or jumps
    to the p95 the option reaches as sized for the limit tried, whichever goes further: sized
    for a limit, a pool reaches a p95 at or under it, and that p95 is a limit the same plan
    still meets. A threshold at the guess (a hosted API's fixed p95) costs two calls. Then
    bisection on a log scale."""
    guess = min(max(guess, LEAST), most)
    probe = at(guess)
    step = PRECISION
    if probe.meets:
        high, kept, low = guess, probe.findings, 0.0
        reached = probe.p95_ms
        while not low:
            x = min(high / step, reached) if 0 < reached < high else high / step
            if x < LEAST:
                return high, kept
            probe = at(x)
            if probe.meets:
                high, kept, reached = x, probe.findings, probe.p95_ms
            else:
                low = x
            step *= step
    else:
        low, high, kept = guess, 0.0, probe.findings
        reached = probe.p95_ms
        while not high:
            if low >= most:
                return None
            x = min(max(low * step, reached if math.isfinite(reached) else 0.0), most)
            probe = at(x)
            if probe.meets:
                high, kept = x, probe.findings
            else:
                low, reached = x, probe.p95_ms
            step *= step
    while high / low > PRECISION:
        middle = math.sqrt(low * high)
        probe = at(middle)
        if probe.meets:
            high, kept = middle, probe.findings
        else:
            low = middle
    return high, kept


def round_up(value: float) -> float:
    """Up to three significant figures: a limit that still holds, within 1 % of the value."""
    if value <= 0 or not math.isfinite(value):
        return value
    step = 10.0 ** (math.floor(math.log10(value)) - 2)
    return math.ceil(value / step - 1e-9) * step


def latency_tipping_points(
    findings: Mapping[Option, tuple[Finding, ...]],
    guesses_ms: Mapping[Option, float],
    search: LimitSearch,
    today: Mapping[Option, Deployment] | None = None,
) -> tuple[TippingPoint, ...]:
    """For each option, the smallest latency limit it meets: "becomes feasible on latency if
    the limit rises to ~X" or "stays within the limit down to ~X"; the other hard requirements
    it fails there are named, so the sentence never suggests the limit alone is enough, and
    the local hardware it takes there is named when it is not today's (`today`: the options
    as planned now), so the sentence never hides a costlier fleet."""
    limit = search.scenario.requirements.max_latency_ms
    points = []
    for option, option_findings in findings.items():
        found = search.smallest_limit_ms(option, guesses_ms[option])
        if found is None:
            continue
        threshold, there = found
        value = round_up(threshold)
        others = constraint_words(f.constraint for f in there if f.blocking)
        label = OPTION_LABELS[option]
        if any(f.blocking and f.constraint == "latency" for f in option_findings):
            tail = f" (it is also ruled out by: {others})" if others else ""
            sentence = (
                f"{label} becomes feasible on latency if the limit rises to ~{ms(value)}{tail}."
            )
        else:
            value = min(value, limit)
            tail = f" (it is ruled out anyway by: {others})" if others else ""
            sentence = f"{label} stays within the latency limit down to ~{ms(value)}{tail}."
        if today is not None:
            there_planned = search.planned(option, with_limit(search.scenario, value))[0]
            sentence += _hardware_change(today[option], there_planned)
        points.append(TippingPoint("latency", value, "ms", sentence, option))
    return tuple(points)


def _hardware_change(today: Deployment, there: Deployment) -> str:
    """ " It takes 2,000 x <server> in each device ($X of hardware) instead of today's 5 x
    <workstation> on a server at each site ($Y).": the local fleet at the limit, when it is
    not today's."""
    now, then = today.local, there.local
    if now is None or then is None or now.choice is None or then.choice is None:
        return ""
    a, b = now.choice.closest, then.choice.closest
    if (a.device.id, a.placement, a.fleet_units) == (b.device.id, b.placement, b.fleet_units):
        return ""
    if b.device.device_class in CUSTOMER_CLASSES:
        # The customers' own devices: the company buys none, so no fleet price; it can only
        # require devices as fast.
        return (
            f" It takes customers' devices as fast as the {b.device.name}, where today's "
            f"plan assumes the {a.device.name}."
        )
    return (
        f" It takes {b.fleet_units:,} x {b.label} ({usd(b.fleet_price_usd)} of hardware) "
        f"instead of today's {a.fleet_units:,} x {a.label} ({usd(a.fleet_price_usd)})."
    )


def _categorical(finding: Finding, deployment: Deployment) -> Change | None:
    """The change of a requirement that lifts a blocker by itself, if there is one."""
    if finding.constraint == "data_leaving":
        sent = deployment.data_sent
        return Change(
            "requirements.data_leaving",
            sent,
            f"allow {DATA_WORDS[sent]} to leave (data_leaving: {sent})",
        )
    if finding.constraint == "offline":
        return Change(
            "requirements.offline", "preferred", "make offline operation preferred, not required"
        )
    if finding.constraint == "central_results":
        return Change(
            "requirements.results_needed_centrally", False, "drop the need for central results"
        )
    return None


def relaxations(
    blocked: Mapping[Option, tuple[Finding, ...]],
    guesses_ms: Mapping[Option, float],
    search: LimitSearch,
) -> tuple[Relaxation, ...]:
    """When nothing is feasible: for each option, the changes that make it feasible, each
    applied and checked by the engine (the latency limit found by search with the other
    changes in place); the hybrid with whichever applicable pattern needs the fewest. Verified
    hints first, fewest changes first."""
    found: list[Relaxation] = []
    for option in blocked:
        if option == "hybrid":
            shown = default_pattern(search.scenario)
            tries = [
                _relax(option, search, guesses_ms[option], pattern, pattern != shown)
                for pattern in dict.fromkeys((shown, *applicable_patterns(search.scenario)))
            ]
            verified = [t for t in tries if t.verified]
            found.append(min(verified, key=_size) if verified else tries[0])
        else:
            found.append(_relax(option, search, guesses_ms[option]))
    return tuple(sorted(found, key=lambda r: (not r.verified, _size(r))))


def _size(relaxation: Relaxation) -> tuple[int, float]:
    words = [c for c in relaxation.changes if c.words]
    limit = next(
        (c.value for c in relaxation.changes if c.field == "requirements.max_latency_ms"), 0.0
    )
    return len(words), float(limit)


def _relax(
    option: Option,
    search: LimitSearch,
    guess_ms: float,
    pattern: str | None = None,
    name_pattern: bool = False,
) -> Relaxation:
    label = OPTION_LABELS[option]
    changes: list[Change] = []
    if pattern is not None:
        words = f'use the pattern "{HYBRID_PATTERN_LABELS[pattern]}"' if name_pattern else ""
        changes.append(Change("hybrid.pattern", pattern, words))
    scenario = changed(search.scenario, tuple(changes))
    # Requirements that lift their blocker by themselves, until none is left (lifting one
    # can reveal another: a hybrid allowed to send raw data may then need the link).
    for _ in range(4):
        deployment, findings = search.planned(option, scenario)
        lifting = [
            c
            for f in findings
            if f.blocking
            for c in [_categorical(f, deployment)]
            if c is not None and all(c.field != d.field for d in changes)
        ]
        if not lifting:
            break
        changes += lifting
        scenario = changed(search.scenario, tuple(changes))
    findings = search.findings(option, scenario)
    if any(f.blocking and f.constraint == "latency" for f in findings):
        reached = search.smallest_limit_ms(option, guess_ms, scenario)
        if reached is not None:
            value = round_up(reached[0])
            changes.append(
                Change(
                    "requirements.max_latency_ms",
                    value,
                    f"raise the latency limit to {ms(value)}",
                )
            )
            scenario = changed(search.scenario, tuple(changes))
            findings = search.findings(option, scenario)
    advice = [c.words for c in changes if c.words]
    left = [f for f in findings if f.blocking]
    if not left:
        sentence = f"{label} would become feasible if you {'; and '.join(advice)}."
        return Relaxation(option, tuple(changes), sentence, True)
    rest = "; ".join(dict.fromkeys(f.relax for f in left if f.relax))
    sentence = f"{label} stays ruled out by {constraint_words(f.constraint for f in left)}"
    if advice:
        sentence += f" even if you {'; and '.join(advice)}"
    sentence += f"; it needs a change the engine cannot try for you: {rest}." if rest else "."
    return Relaxation(option, tuple(changes), sentence, False)
