"""Which catalog figures this result depends on, established by changing each one.

A record's sources table should list the figures that shaped the result, not every figure of
every catalog entry the evaluation touched (a speech figure on an LLM case, the uplift of a
device nobody owns). The check is empirical: for each candidate figure it evaluates the scenario
again with that figure nudged by a relative PERTURBATION (an absolute one from zero) and keeps
the figure only if the result changed, so every figure it lists is one the result moves with.
The result is the evaluation's outputs as the record reports them (RESULT_PARTS): each
option's feasibility and messages, scores, p95, monthly costs and hours without the function,
the cost band and the tornado.

A 10 % nudge either way changes every output that depends on the figure continuously and leaves
discrete choices alone unless they sit on a tie, so a listed figure is one the result moves
with at today's values. The check evaluates without the searches (the volume and latency
tipping points re-plan the scenario many times; a figure that moves a latency hint moves the
latency it is searched from, which the check sees) and with a few Monte Carlo draws (enough
for a changed range to move the band). Figures are screened in groups first (a figure with
its P10 and P90; the catalog entries the result did not use). About 230 evaluations of 8-15
ms each: 2-5 s of CPU a scenario, which is why scoring.report.figures_in_use keeps its
answer per scenario and the Decision record page runs it only when asked, or when the record
is downloaded or saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from pydantic import ValidationError

from scoring.catalog import Figure
from scoring.catalog.tables import RANGE_SUFFIXES
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
    return (e.recommendation, tuple(options), bands, tornado)


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


def figures_that_matter(
    e: Evaluation, candidates: Iterable[Figure], screened: Iterable[str] = ()
) -> tuple[Figure, ...]:
    """The candidates whose nudge up or down changes the result, in the order given. Both
    directions are tried (the second only when the first changed nothing): the engine reads
    some figures as whole numbers (8.8 key-value heads are 8, 7.2 are 7), and some sit at a
    threshold on one side. A nudge that breaks a rule of the scenario (an override must keep,
    say, a P10 below its value) is skipped.

    Figures are screened in groups first and tried one by one only inside a group whose
    nudge changes the result, which spares most evaluations of the figures that change
    nothing (half of them, a whole family of operating figures for a case that does not use
    it). A group moves all its figures the same way at once, so it hides a figure only when
    another figure of the group cancels it exactly; the groups are chosen where that cannot
    happen in practice:
    - a figure with its P10 and P90 (`<name>`, `<name>_low`, `<name>_high`), which move the
      same outputs the same way;
    - the entries named in `screened` ("devices.rtx4090_workstation": catalog entries the
      result did not use, such as the devices the engine passed over), all together, then
      entry by entry: one of them enters the result only by being chosen instead, and
      improving others too cannot bring back the original choice. This assumes what the
      result reports of them is that choice; a count of the devices that fall short, which
      the record words but the result compared does not hold, could shift unseen.
    A group whose nudge together breaks a rule of the scenario is tried in its parts."""
    scenario = e.scenario
    base = result_fingerprint(_quick(scenario))

    def changes(group: list[Figure]) -> bool:
        for up in (True, False):
            values = {f.key: v for f in group for v in nudges(f) if (v > f.value) == up}
            if not values:
                continue
            nudged = with_figures(scenario, values)
            if nudged is None:
                if len(group) > 1:
                    return True  # the group together breaks a rule: try its parts
                continue
            if result_fingerprint(_quick(nudged)) != base:
                return True
        return False

    found: set[str] = set()

    def search(group: list[Figure], splits: tuple[Callable[[Figure], str], ...]) -> None:
        if not changes(group):
            return
        if len(group) == 1:
            found.add(group[0].key)
            return
        split, *rest = splits or (_key,)
        for part in _grouped(group, split):
            search(part, tuple(rest))

    ordered = tuple(candidates)
    screen = set(screened)
    passed_over = [f for f in ordered if _entry(f) in screen]
    if passed_over:
        search(passed_over, (_entry,))
    for family in _grouped([f for f in ordered if _entry(f) not in screen], _family):
        search(family, ())
    return tuple(f for f in ordered if f.key in found)


def _key(figure: Figure) -> str:
    return figure.key


def _entry(figure: Figure) -> str:
    return figure.key.rsplit(".", 1)[0]


def _family(figure: Figure) -> str:
    """The figure's key without a range suffix: a figure and its P10 and P90 share it."""
    for suffix in RANGE_SUFFIXES:
        if figure.key.endswith(suffix):
            return figure.key.removesuffix(suffix)
    return figure.key


def _grouped(figures: list[Figure], group_of: Callable[[Figure], str]) -> list[list[Figure]]:
    groups: dict[str, list[Figure]] = {}
    for figure in figures:
        groups.setdefault(group_of(figure), []).append(figure)
    return list(groups.values())


def with_figure(scenario: Scenario, key: str, value: float) -> Scenario | None:
    """The scenario with one more override (replacing its own override of that figure),
    validated like a file; None when the override breaks a rule of the scenario."""
    return with_figures(scenario, {key: value})


def with_figures(scenario: Scenario, values: dict[str, float]) -> Scenario | None:
    """The scenario with more overrides (replacing its own of those figures), validated like
    a file; None when they break a rule of the scenario."""
    data = scenario.model_dump()
    data["assumptions"] = {**scenario.assumptions, **values}
    try:
        return Scenario.model_validate(data)
    except ValidationError:
        return None


def _quick(scenario: Scenario) -> Evaluation:
    return evaluate(scenario, draws=CHECK_DRAWS, volume_search=False, shared=False, hints=False)
