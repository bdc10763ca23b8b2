"""Scenario variants side by side: the inputs in which they differ and each one's answer in
words, for the Compare page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scoring.engine.evaluate import Evaluation
from scoring.model.codec import scenario_to_dict as _scenario_to_dict
from scoring.model.scenario import Scenario
from scoring.model.units import ms, usd_whole
from scoring.model.vocabulary import OPTION_LABELS, Option, marked_label

MIN_COMPARED, MAX_COMPARED = 2, 4


@dataclass(frozen=True)
class Difference:
    """One input whose value is not the same in every compared scenario."""

    path: str  # dotted, e.g. requirements.devices
    values: tuple[object, ...]  # one per scenario, in order; None where the field is unset


@dataclass(frozen=True)
class OptionSummary:
    """One option of one variant, as the comparison shows it."""

    option: Option
    label: str
    feasible: bool
    recommended: bool
    score: float  # weighted total, 0-100
    latency_p95_ms: float | None  # None: no bound (the option cannot answer in time)
    cost_total_usd: float  # cumulative at the horizon
    ruled_out_because: str  # the hard requirements it breaks, e.g. "offline, latency"


def flatten(scenario: Scenario) -> dict[str, object]:
    """Every input as dotted path -> value (lists stay whole values)."""
    flat: dict[str, object] = {}

    def walk(node: object, prefix: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{prefix}.{key}" if prefix else str(key))
        else:
            flat[prefix] = tuple(node) if isinstance(node, list) else node

    walk(_scenario_to_dict(scenario), "")
    return flat


def differing_fields(scenarios: Sequence[Scenario]) -> tuple[Difference, ...]:
    """The inputs whose values are not all equal, in the scenario file's order; a field one
    scenario leaves unset (a weight, an override) shows as None there."""
    flats = [flatten(s) for s in scenarios]
    paths: dict[str, None] = {}
    for flat in flats:
        paths.update(dict.fromkeys(flat))
    differences = []
    for path in paths:
        values = tuple(flat.get(path) for flat in flats)
        if any(value != values[0] for value in values[1:]):
            differences.append(Difference(path, values))
    return tuple(differences)


def difference_rows(scenarios: Sequence[Scenario]) -> dict[str, list[str]]:
    """The inputs that differ as the comparison shows them: dotted path -> one text per
    scenario, in order; empty when all agree."""
    return {d.path: [shown_value(value) for value in d.values] for d in differing_fields(scenarios)}


def shown_value(value: object) -> str:
    """An input's value as text; None (the field left unset) reads "— (default)"."""
    if value is None:
        return "— (default)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value) or "(none)"
    return str(value)


def option_summaries(evaluation: Evaluation) -> tuple[OptionSummary, ...]:
    """Recommendation, weighted score, p95 latency and total cost of every option."""
    return tuple(
        OptionSummary(
            option=result.option,
            label=result.label,
            feasible=result.feasible,
            recommended=result.option == evaluation.recommendation,
            score=result.score,
            latency_p95_ms=(
                result.latency_p95_ms if math.isfinite(result.latency_p95_ms) else None
            ),
            cost_total_usd=result.cost_total_usd,
            ruled_out_because=result.ruled_out_by,
        )
        for result in evaluation.options.values()
    )


def comparison_columns(evaluations: Mapping[str, Evaluation]) -> dict[str, dict[str, str]]:
    """Per variant, its column of the comparison as text: the recommendation, then per option
    its weighted score (marked ★ when recommended, or why it is ruled out), p95 latency and total
    cost."""
    columns: dict[str, dict[str, str]] = {}
    for name, evaluation in evaluations.items():
        column = {"Recommended": recommendation_label(evaluation)}
        for s in option_summaries(evaluation):
            mark = " ★" if s.recommended else ""
            if not s.feasible:
                mark = f" (ruled out: {s.ruled_out_because})"
            column[f"{s.label} · score (0-100)"] = f"{s.score:.1f}{mark}"
            column[f"{s.label} · p95 latency"] = (
                "no bound" if s.latency_p95_ms is None else ms(s.latency_p95_ms)
            )
            column[f"{s.label} · total cost"] = (
                f"{usd_whole(s.cost_total_usd)} over {evaluation.scenario.horizon_months} months"
            )
        columns[name] = column
    return columns


def recommendation_label(evaluation: Evaluation) -> str:
    """The recommended option's label, or 'No option' when every option is ruled out."""
    option = evaluation.recommendation
    return "No option" if option is None else OPTION_LABELS[option]


def score_line(evaluation: Evaluation) -> str:
    """'Scores: Edge 79.8, Cloud 58.9 (ruled out), Hybrid 78.5' (weighted totals, 0-100)."""
    parts = [
        marked_label(f"{r.label} {r.score:.1f}", r.feasible) for r in evaluation.options.values()
    ]
    return "Scores: " + ", ".join(parts)


def measurement_variants(scenario: Scenario) -> tuple[Scenario, Scenario]:
    """The scenario evaluated on the engine's estimates, and on its measured figures."""

    def using(replace: bool) -> Scenario:
        evidence = scenario.evidence.model_copy(update={"replace_estimates": replace})
        return scenario.model_copy(update={"evidence": evidence})

    return using(False), using(True)


def recommendation_change(with_estimates: Evaluation, with_measurements: Evaluation) -> str:
    """One sentence: does using the measurements change the recommendation?"""
    before = recommendation_label(with_estimates)
    after = recommendation_label(with_measurements)
    if with_estimates.recommendation == with_measurements.recommendation:
        return f"The measurements do not change the recommendation: {after}."
    if with_measurements.recommendation is None:
        return f"With the measurements no option meets every hard requirement (was {before})."
    return f"The measurements change the recommendation from {before} to {after}."
