"""The verdict on one screen, worded once for the Recommendation page and the record's
Decision Outcome: the answer, its price, p95 against the limit, the top risk and what would
change the answer; and how the robustness results read when a chart would have nothing to
show (one feasible option, one winner under every weighting).

Pure functions: an Evaluation in, plain text out; no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.engine.evaluate import Evaluation
from scoring.engine.outlook import answer_changing_points, top_risk
from scoring.engine.sensitivity import VOLUME_GRID
from scoring.model.units import percent
from scoring.model.vocabulary import OPTION_LABELS
from scoring.report.cost_readings import verdict_price_sentence
from scoring.report.latency_readings import latency_readings

# How the criteria matrix reads, on the Recommendation page and in the record's Criteria Matrix.
SCORE_SCALES = (
    "Scores 0-100 on absolute scales, never rescaled between the options, except cost, which "
    "follows the ratio to the cheapest feasible option's cost"
)


@dataclass(frozen=True)
class VerdictReading:
    headline: str  # "Recommended: Edge" or "No option is feasible"
    reason: str
    price: str  # the price of the verdict ("" when nothing is feasible)
    latency: str  # the chosen option's p95 against the limit ("" when nothing is feasible)
    risk: str  # the top risk of the chosen option
    changes: tuple[str, ...]  # what would change the answer: the weights, the nearest point


def verdict_reading(e: Evaluation) -> VerdictReading:
    if e.recommendation is None:
        return VerdictReading(
            "No option is feasible",
            e.reason,
            "",
            "",
            "",
            e.relaxations or ("Every option fails a hard requirement that no change lifts.",),
        )
    label = OPTION_LABELS[e.recommendation]
    chosen = label
    if e.recommendation == "hybrid":
        chosen += f" ({e.hybrid.label.lower()})"
    latency = next(r.sentence for r in latency_readings(e) if r.option == e.recommendation)
    return VerdictReading(
        f"Recommended: {chosen}",
        e.reason,
        verdict_price_sentence(e) or "",
        latency,
        risk_sentence(e),
        (weights_sentence(e), tipping_sentence(e)),
    )


def risk_sentence(e: Evaluation) -> str:
    """The chosen option's top risk, in the words of its warning."""
    risk = top_risk(e)
    if e.recommendation is None:
        return ""
    label = OPTION_LABELS[e.recommendation]
    if risk is None:
        return f"No near miss or warning: {label} is clear of every limit."
    return f"{label}: {risk.finding.message}"


def weights_sentence(e: Evaluation) -> str:
    """Whether a weight can change the answer, and the nearest weight that would."""
    feasible = e.feasible
    if len(feasible) == 1:
        return (
            f"Only {OPTION_LABELS[feasible[0]]} is feasible, so weights cannot change the answer."
        )
    return e.sensitivity.nearest_flip


def tipping_sentence(e: Evaluation) -> str:
    """The nearest tipping point that changes the recommendation, or that none was found."""
    points = answer_changing_points(e)
    if points:
        return points[0].sentence
    low, high = VOLUME_GRID[0], VOLUME_GRID[-1]
    return (
        f"No volume from {percent(low)} to {high:g} times today's and no latency limit changes "
        "the recommendation."
    )


@dataclass(frozen=True)
class RobustnessReading:
    weights: str  # the weight stability in a sentence
    stability_chart: bool  # some weight can move far enough to change the answer
    wins: str  # who wins under random weights, in a sentence
    wins_chart: bool  # more than one option wins under some weighting


def robustness_reading(e: Evaluation) -> RobustnessReading:
    """Charts only where they show something: the weight ranges when a weight can flip the
    answer, the random-weight wins when more than one option wins."""
    ranges = e.sensitivity.ranges
    flips = any(r.below is not None or r.above is not None for r in ranges)
    shares = {o: p for o, p in e.sensitivity.win_shares.items() if p > 0}
    n = e.sensitivity.random_weightings
    if not shares:
        wins = "No option is feasible, so no weighting picks a winner."
    elif len(shares) == 1:
        (only,) = shares
        wins = f"{OPTION_LABELS[only]} wins under every one of {n:,} random weightings."
    else:
        wins = f"Under {n:,} random weightings: " + ", ".join(
            f"{OPTION_LABELS[o]} wins {percent(p)}" for o, p in shares.items()
        )
        wins += "."
    weights = weights_sentence(e) if e.recommendation is not None else e.sensitivity.nearest_flip
    return RobustnessReading(weights, flips, wins, len(shares) > 1)
