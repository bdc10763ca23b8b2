"""The scoring rules as docs/how-it-works.md shows them, written from the engine's own constants
(criterion scales, weight adjustments, hybrid pattern rules), so the documentation cannot drift
from the code: `python -m scoring.io.docs_tables` rewrites the marked blocks, and a test fails
when they differ.

Pure functions: Markdown text out; no I/O.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from scoring.engine import criteria as c
from scoring.engine import hybrid, weights
from scoring.model.units import percent
from scoring.model.vocabulary import CRITERION_LABELS, HYBRID_PATTERNS

SENSITIVITIES = ("public", "internal", "confidential", "regulated")


def rule_blocks() -> dict[str, str]:
    """Marker name -> the Markdown between its markers in docs/how-it-works.md."""
    return {
        "criteria-latency": latency_block(),
        "criteria-privacy": privacy_block(),
        "criteria-scaling": scaling_block(),
        "criteria-updates": updates_block(),
        "criteria-models": models_block(),
        "criteria-offline": offline_block(),
        "criteria-cost": cost_block(),
        "criteria-operations": operations_block(),
        "criteria-verdicts": verdicts_block(),
        "weights": weights_block(),
        "hybrid-rules": hybrid_rules_block(),
    }


def _prose(text: str) -> str:
    """A paragraph wrapped as the rest of the document is (100 columns)."""
    return textwrap.fill(text, 100, break_long_words=False, break_on_hyphens=False)


def _n(value: float) -> str:
    """A rule's number as the docs write it: 85, 0.25, 1,000."""
    return f"{value:,g}" if abs(value) < 1e6 else f"{value:,.0f}"


def _signed(value: float) -> str:
    return f"+{_n(value)}" if value > 0 else f"−{_n(-value)}"


def _code(*lines: str) -> str:
    return "\n".join(("```", *lines, "```"))


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _dollars(value: float) -> str:
    return f"${value:,.2f}" if value < 1 else f"${value:,.0f}"


def latency_block() -> str:
    full, at_limit, zero = (
        c.LATENCY_FULL_MARKS_RATIO,
        c.LATENCY_POINTS_AT_LIMIT,
        c.LATENCY_ZERO_RATIO,
    )
    span, drop = 1 - full, c.FULL_MARKS - at_limit
    slope = at_limit / (zero - 1)
    return _code(
        f"r ≤ {_n(full)}          {_n(c.FULL_MARKS)}",
        f"{_n(full)} < r ≤ 1      {_n(c.FULL_MARKS)} − (r − {_n(full)}) / {_n(span)} × {_n(drop)}"
        f"        ({_n(at_limit)} at the limit)",
        f"r > 1             max(0, {_n(at_limit)} − {_n(slope)} (r − 1))"
        f"            (0 at {'twice' if zero == 2 else f'{_n(zero)} times'} the limit)",
        "overloaded        0",
    )


def privacy_block() -> str:
    rows = [("nothing", *(_n(c.NOTHING_SENT_PRIVACY),) * len(SENSITIVITIES))]
    for sent, table in (
        ("results only", c.RESULTS_PRIVACY),
        ("anonymised", c.ANONYMISED_PRIVACY),
        ("raw (base R)", c.RAW_PRIVACY),
    ):
        rows.append((sent, *(_n(table[s]) for s in SENSITIVITIES)))
    relief = _n(c.RAW_SHARE_RELIEF)
    return (
        _table(("Sent", *SENSITIVITIES), rows)
        + "\n\n"
        + _prose(
            "For raw data, a share s < 1 sent (escalation) gives R + (1 − s) × (100 − R) × "
            f"{relief}. Raw data leaving at all remains an exposure."
        )
    )


def scaling_block() -> str:
    demand = ", ".join(f"{name} {_n(points)}" for name, points in c.DEMAND_PENALTY.items())
    formula = _code(
        "growth = (1 + g/100)^(H−1)                                   over the horizon of H months",
        f"P      = demand ({demand})",
        f"       + min({_n(c.PEAK_PENALTY_MAX)}, {_n(c.PEAK_POINTS_PER_LOG)} × ln(peak_to_average))"
        f" + min({_n(c.GROWTH_PENALTY_MAX)}, {_n(c.GROWTH_POINTS_PER_LOG)} × ln(growth))",
        "                                   a ratio or growth below 1 counts as 1 (no penalty)",
    )

    def less(ceiling: float, share: float) -> str:
        if share == 0:
            return _n(ceiling)
        return f"{_n(ceiling)} − P" if share == 1 else f"{_n(ceiling)} − {_n(share)} × P"

    owned, hybrid_top = c.OWNED_CAPACITY_SCALING, c.HYBRID_SCALING
    rows = [
        ("Cloud, per token or per request", _n(c.USAGE_PRICED_SCALING)),
        (
            "Cloud, GPU-hour (instances are released in minutes, so idle hours cost less)",
            less(owned, c.GPU_HOUR_IDLE_SHARE),
        ),
        ("Edge", less(owned, 1.0)),
        (
            "Hybrid `escalate_hard_cases` (devices take the base load)",
            less(hybrid_top, c.ESCALATION_FLEET_SHARE),
        ),
        (
            "Hybrid `anonymize_then_send` (small anonymiser fleet)",
            less(hybrid_top, c.ANONYMISER_FLEET_SHARE),
        ),
        ("Hybrid `queue_and_sync` (devices only queue)", less(hybrid_top, c.QUEUE_FLEET_SHARE)),
        ("Hybrid local-first patterns", less(hybrid_top, c.LOCAL_FIRST_FLEET_SHARE)),
    ]
    return f"{formula}\n\n{_table(('Option', 'Points'), rows)}\n\n" + _prose(
        "A hybrid whose cloud part rents GPU hours also loses cloud share × "
        f"{_n(c.GPU_HOUR_IDLE_SHARE)} × P."
    )


def updates_block() -> str:
    central = ", ".join(
        f"{_n(p)} for ≤ {most} updates a year" for most, p in c.CENTRAL_UPDATE_POINTS
    )
    return (
        _prose(
            f"Without devices that run a model, the score is {central} and "
            f"{_n(c.CENTRAL_UPDATE_POINTS_ABOVE)} above. With devices:"
        )
        + "\n\n"
        + _code(
            "touches = updates_per_year × devices running a model at the horizon",
            f"          × {_n(c.ANONYMISER_UPDATE_SHARE)} for an anonymiser (it rarely changes "
            "with the main model)",
            f"          × {_n(c.CUSTOMER_DEVICE_EFFORT)} for customer-owned devices (automated "
            "consumer OTA)",
            f"points  = {_n(c.DEVICE_UPDATES_CEILING)} − "
            f"{_n(c.DEVICE_UPDATE_POINTS_PER_DECADE)} × log10(1 + touches)",
            f"          − {_n(c.EDGE_MONITORING_PENALTY)} for pure edge (nothing is sent "
            "centrally, so quality is measured site by site)",
            f"score   = clamp(max(points, {_n(c.DEVICE_UPDATES_FLOOR)}), 0, 100)",
        )
    )


MISFIT = "the model does not fit the GPU or device it is given"
NOTHING_HOLDS = "no device the requirements allow can hold the local model"


def models_block() -> str:
    less_penalty = (
        "cloud, own model or hosted LLM of published size",
        "edge and local-first hybrids",
    )
    rows = [
        (
            case[:1].upper() + case[1:],
            f"{_n(points)} − penalty" if case in less_penalty else _n(points),
        )
        for case, points in c.MODEL_POINTS.items()
    ]
    quantisation = ", ".join(
        f"{precision} {_n(points)}"
        for precision, points in c.QUANTISATION_PENALTY.items()
        if points
    )
    return (
        _table(("Case", "Points"), rows)
        + "\n\n"
        + _prose(
            f"The penalty is the same wherever the model runs: the quantisation penalty "
            f"({quantisation}; × {_n(c.NON_LLM_QUANTISATION_SHARE)} for non-LLMs; none for a "
            f"hosted LLM, whose serving precision is not published), plus "
            f"{_n(c.SMALL_LLM_PENALTY)} for an LLM below {_n(c.SMALL_LLM_BILLION)} B parameters, "
            f"plus {_n(c.SMALLER_MODEL_POINTS_PER_HALVING)} per halving from the model asked for "
            "to a smaller model that answers instead (escalation's small model on the device, "
            f"or a smaller hosted LLM). On a device it adds {_n(c.FULL_MEMORY_PENALTY)} if the "
            f"model uses more than {percent(c.FULL_MEMORY_SHARE)} of usable memory. A model "
            "that does not fit the GPU or device it is given, or whose precision the device "
            f"lacks, scores {_n(c.MODEL_POINTS[MISFIT])} when another device the requirements "
            f"allow runs it, else {_n(c.MODEL_POINTS[NOTHING_HOLDS])}. A "
            "hybrid gateway scores the cloud's points; `anonymize_then_send` the cloud's points "
            f"less {_n(c.ANONYMISED_INPUT_PENALTY)} for the names and numbers taken out; "
            "`escalate_hard_cases` the local model's points weighted by the share it answers "
            "(1 − `escalation_share`) plus the cloud's points weighted by the share escalated. "
            "A hosted LLM's size is the one its maker publishes (catalog "
            "`llm_models`, `parameters`)."
        )
    )


def offline_block() -> str:
    caps = [
        f"capped at {_n(cap)} if the option stops when the network does and offline is {kind}"
        for kind, cap in c.OFFLINE_STOP_CAP.items()
    ]
    return _code(
        f"points = {_n(c.FULL_MARKS)} − {_n(c.OFFLINE_POINTS_PER_DECADE)} × "
        "log10(1 + weighted hours a year)      (section 8)",
        *caps,
    )


def cost_block() -> str:
    ratios = (1.0, 1.25, 2.0, 4.6, 10.0)
    anchors = ", ".join(f"{_n(r)} → {_n(round(c.cost_points(r, 1.0)))}" for r in ratios)
    return _code(
        "ratio  = usd_per_1k / cheapest feasible usd_per_1k",
        f"points = {_n(c.COST_FULL_MARKS)} × (1 / ratio) ^ k,  k = COST_RATIO_EXPONENT = "
        f"{_n(c.COST_RATIO_EXPONENT)}       ({_n(c.COST_FULL_MARKS)} at or below the cheapest)",
        f"ratio {anchors}",
    )


def operations_block() -> str:
    return _code(
        f"managed = devices in the field at the horizon × ({_n(c.CUSTOMER_DEVICE_EFFORT)} if "
        "customer-owned, else 1)",
        "sites   = requirements.sites (else devices) when the option has local hardware the "
        "operator runs, else 0",
        f"points  = clamp({_n(c.OPERATIONS_CEILING)} − {_n(c.DEVICE_POINTS_PER_DECADE)} × "
        f"log10(1 + managed) − {_n(c.SITE_POINTS_PER_DECADE)} × log10(max(sites, 1))",
        f"                   − {_n(c.STAFF_POINTS_PER_DECADE)} × log10(1 + "
        f"{_n(c.STAFF_FTE_SCALE)} × staff FTE))",
    )


def verdicts_block() -> str:
    return _prose(
        f"**Verdicts**. The record and the pages call a score Good from {c.GOOD_FROM}, Bad below "
        f"{c.BAD_BELOW} and Neutral in between, judged on the whole number shown."
    )


def weights_block() -> str:
    base = ", ".join(
        f"{CRITERION_LABELS[name].lower()} {_n(weight)}"
        for name, weight in weights.BASE_WEIGHTS.items()
    )
    rows = [
        (
            adjustment.condition,
            ", ".join(
                f"{CRITERION_LABELS[name].lower()} {_signed(delta)}"
                for name, delta in adjustment.changes.items()
            ),
        )
        for adjustment in weights.ADJUSTMENTS
    ]
    return (
        _prose(
            f"The base weights are {base} (sum {_n(sum(weights.BASE_WEIGHTS.values()))}). The "
            "answers adjust them, and no adjusted weight goes below "
            f"{_n(weights.MIN_DERIVED_WEIGHT)}:"
        )
        + "\n\n"
        + _table(("Condition", "Adjustment"), rows)
    )


def hybrid_rules_block() -> str:
    rows = [
        (f"`{pattern}`", "; ".join(rule.condition for rule in hybrid.NOT_APPLICABLE[pattern]))
        for pattern in HYBRID_PATTERNS
    ]
    return _table(("Pattern", "Not applicable when"), [(p, r or "always applies") for p, r in rows])
