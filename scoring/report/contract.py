"""Plain-data views of an evaluation: the JSON contract of `evaluate --json` and a text table."""

from __future__ import annotations

import math

from scoring.engine.evaluate import Evaluation
from scoring.model.vocabulary import CRITERIA, CRITERION_LABELS, OPTION_LABELS
from scoring.report.cost_readings import verdict_price_sentence


def finite_or_none(value: float | None, digits: int = 2) -> float | None:
    """JSON has no infinity or NaN; an unbounded value is reported as null."""
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def evaluation_json(evaluation: Evaluation) -> dict:
    """The object DESIGN section 5 specifies, plus `price_of_verdict` (a key added after it;
    the specified keys keep their meaning)."""
    return {
        "name": evaluation.scenario.name,
        "recommendation": evaluation.recommendation,
        "horizon_months": evaluation.scenario.horizon_months,
        "break_even_month": evaluation.break_even_month,
        "options": {
            option: {
                "feasible": result.feasible,
                "blockers": [blocker.message for blocker in result.blockers],
                "score": finite_or_none(result.score),
                "criteria": {c: finite_or_none(result.criteria[c].score) for c in CRITERIA},
                "latency_p95_ms": finite_or_none(result.latency_p95_ms),
                "cost_total_usd": finite_or_none(result.cost_total_usd),
            }
            for option, result in evaluation.options.items()
        },
        "price_of_verdict": price_of_verdict_json(evaluation),
    }


def price_of_verdict_json(evaluation: Evaluation) -> dict | None:
    """The recommendation's cost against the cheapest feasible alternative (null without a
    recommendation): `alternative` (null when no other option is feasible), `difference_usd`
    (recommendation minus alternative over the horizon; negative when the recommendation is
    cheaper), `difference_per_1k_requests_usd`, `ratio` (recommendation / alternative total),
    `cheapest_feasible`, `outweighing_criteria` (what the extra money buys, when it costs more)
    and the `sentence` the pages and the record show."""
    price = evaluation.verdict_price
    if price is None:
        return None
    return {
        "option": price.option,
        "alternative": price.alternative,
        "difference_usd": finite_or_none(price.difference_usd),
        "difference_per_1k_requests_usd": finite_or_none(price.difference_per_1k_usd, 4),
        "ratio": finite_or_none(price.ratio, 3),
        "cheapest_feasible": price.cheapest,
        "outweighing_criteria": [criterion for criterion, _ in price.buys],
        "sentence": verdict_price_sentence(evaluation),
    }


def evaluation_table(evaluation: Evaluation) -> str:
    """A readable summary for the terminal."""
    options = list(evaluation.options.values())
    width = max(len(label) for label in CRITERION_LABELS.values()) + 10
    lines = [
        evaluation.scenario.name,
        "",
        f"Recommendation: {OPTION_LABELS.get(evaluation.recommendation or '', 'none')}",
        evaluation.reason,
    ]
    price = verdict_price_sentence(evaluation)
    if price:
        lines.append(f"Price of the verdict: {price}")
    lines += [
        "",
        f"{'':<{width}}" + "".join(f"{r.label:>12}" for r in options),
        f"{'Feasible':<{width}}" + "".join(f"{'yes' if r.feasible else 'NO':>12}" for r in options),
        f"{'Weighted score':<{width}}" + "".join(f"{r.score:>12.1f}" for r in options),
    ]
    for criterion in CRITERIA:
        label = f"  {CRITERION_LABELS[criterion]} ({evaluation.weights.percent(criterion):.0f}%)"
        lines.append(
            f"{label:<{width}}" + "".join(f"{r.criteria[criterion].score:>12.0f}" for r in options)
        )
    lines += [
        f"{'p95 latency (ms)':<{width}}"
        + "".join(f"{_number(r.latency_p95_ms, 1):>12}" for r in options),
        f"{'Total cost (USD)':<{width}}"
        + "".join(f"{_number(r.cost_total_usd, 0):>12}" for r in options),
        f"{'USD per 1k requests':<{width}}"
        + "".join(f"{_number(r.cost_per_1k_requests_usd, 3):>12}" for r in options),
        "",
        f"Break-even (edge vs cloud): {_month(evaluation.break_even_month)} "
        f"of {evaluation.scenario.horizon_months} months",
    ]
    ruled_out = [(r, b) for r in options for b in r.blockers]
    if ruled_out:
        lines += ["", "Ruled out:"] + [f"  {r.label}: {b.message}" for r, b in ruled_out]
    warnings = [(r, w) for r in options for w in r.warnings]
    if warnings:
        lines += ["", "Warnings:"] + [f"  {r.label}: {w.message}" for r, w in warnings]
    if evaluation.relaxations:
        lines += ["", "To make an option feasible:"] + [f"  {s}" for s in evaluation.relaxations]
    lines += ["", f"Robustness: {evaluation.sensitivity.nearest_flip}"]
    return "\n".join(lines)


def _number(value: float | None, digits: int) -> str:
    if value is None or not math.isfinite(value):
        return "-"
    return f"{value:,.{digits}f}"


def _month(month: int | None) -> str:
    return "not within the horizon" if month is None else f"month {month}"
