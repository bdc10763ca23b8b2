"""How robust is the recommendation?

- Weight stability: for each criterion, the range its weight can take (the other weights scaled
  in proportion) before another feasible option wins. The weighted sum is linear in that change,
  so each range has a closed form: with S_a = sum_k w_k v_ak and R_a = S_a - w_k v_ak, moving
  w_k by d gives S_a(d) = (w_k + d) v_ak + (1 - w_k - d) / (1 - w_k) R_a.
- Random weightings: the share of uniformly random weight vectors in which each option wins.
- Tipping points: the monthly volume at which the cheapest feasible option, and the
  recommendation, change (the scenario is re-planned at each volume: devices, fleet and
  feasibility follow; the criteria other than cost keep today's scores); the latency limit at
  which an option becomes feasible, or down to which it stays within the limit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from scoring.model.units import format_volume, percent
from scoring.model.vocabulary import CRITERIA, CRITERION_LABELS, OPTION_LABELS, Criterion, Option

RANDOM_WEIGHTINGS = 4000
RANDOM_SEED = 7
# 1 % to 100 x the entered volume, 2 per decade: each point re-plans every option, and the
# bisection below finds where between two of them the outcome changes.
VOLUME_GRID = 10.0 ** np.linspace(-2, 2, 9)
BISECTION_STEPS = 6  # narrows a half decade to about 2 %
# How far either side of a change of the cheapest option the full evaluation checks it, as a share
# of the volume (bisection narrows a change to about 2 %).
CHEAPEST_CHECK_MARGIN = 0.03


@dataclass(frozen=True)
class WeightRange:
    criterion: Criterion
    share: float  # current weight, 0-1
    low: float  # the winner stays the winner for weights in [low, high]
    high: float
    below: Option | None  # who wins just below `low` (None: no flip down to 0)
    above: Option | None  # who wins just above `high` (None: no flip up to 1)


@dataclass(frozen=True)
class TippingPoint:
    kind: str  # volume_cheapest | volume_recommendation | latency
    value: float
    unit: str
    sentence: str
    option: Option | None = None  # the option a latency tipping point is about


@dataclass(frozen=True)
class Sensitivity:
    ranges: tuple[WeightRange, ...]
    nearest_flip: str
    win_shares: dict[Option, float]
    random_weightings: int
    tipping_points: tuple[TippingPoint, ...]


def weighted_totals(
    scores: dict[Option, dict[Criterion, float]], shares: dict[Criterion, float]
) -> dict[Option, float]:
    return {o: sum(shares[c] * s[c] for c in CRITERIA) for o, s in scores.items()}


def weight_ranges(
    scores: dict[Option, dict[Criterion, float]],
    shares: dict[Criterion, float],
    winner: Option,
    feasible: tuple[Option, ...],
) -> tuple[WeightRange, ...]:
    totals = weighted_totals(scores, shares)
    ranges = []
    for k in CRITERIA:
        w = shares[k]
        low, high, below, above = 0.0, 1.0, None, None
        for rival in feasible:
            if rival == winner or w >= 1.0:
                continue
            gap = totals[winner] - totals[rival]
            rest_gap = (totals[winner] - w * scores[winner][k]) - (
                totals[rival] - w * scores[rival][k]
            )
            slope = (scores[winner][k] - scores[rival][k]) - rest_gap / (1.0 - w)
            if slope == 0:
                continue
            flip = w - gap / slope  # the weight at which the two totals are equal
            if slope < 0 and w <= flip < high:
                high, above = flip, rival
            elif slope > 0 and low < flip <= w:
                low, below = flip, rival
        ranges.append(WeightRange(k, w, max(low, 0.0), min(high, 1.0), below, above))
    return tuple(ranges)


def nearest_flip_sentence(ranges: tuple[WeightRange, ...], winner: Option, single: bool) -> str:
    if single:
        return f"{OPTION_LABELS[winner]} is the only feasible option: no weighting changes that."
    candidates = []
    for r in ranges:
        if r.below is not None:
            candidates.append((r.share - r.low, r, "fell below", r.low, r.below))
        if r.above is not None:
            candidates.append((r.high - r.share, r, "rose above", r.high, r.above))
    if not candidates:
        return f"{OPTION_LABELS[winner]} wins whatever single weight changes."
    _, r, verb, at, rival = min(candidates, key=lambda c: c[0])
    return (
        f"{OPTION_LABELS[rival]} would win if the {CRITERION_LABELS[r.criterion].lower()} "
        f"weight {verb} {percent(at)} (now {percent(r.share)})."
    )


def random_win_shares(
    scores: dict[Option, dict[Criterion, float]],
    feasible: tuple[Option, ...],
    draws: int = RANDOM_WEIGHTINGS,
    seed: int = RANDOM_SEED,
) -> dict[Option, float]:
    """Share of uniformly random weightings (Dirichlet(1, ..., 1)) in which each option wins."""
    shares = {o: 0.0 for o in scores}
    if not feasible:
        return shares
    rng = np.random.default_rng(seed)
    weightings = rng.dirichlet(np.ones(len(CRITERIA)), size=draws)  # (draws, criteria)
    matrix = np.array([[scores[o][c] for c in CRITERIA] for o in feasible])  # (options, crit)
    winners = np.argmax(weightings @ matrix.T, axis=1)
    counts = np.bincount(winners, minlength=len(feasible)) / draws
    shares.update({o: float(p) for o, p in zip(feasible, counts, strict=True)})
    return shares


def volume_tipping_points(
    outcome_at: Callable[[float], tuple[Option | None, Option | None]],
    base_requests_per_month: float,
    checked_at: Callable[[float], tuple[Option | None, Option | None]] | None = None,
) -> tuple[TippingPoint, ...]:
    """Where along the volume axis the cheapest feasible option and the recommendation change.

    `outcome_at(factor)` re-plans the scenario at `factor` times the entered volume and returns
    (cheapest feasible option, recommended option), None where no option is feasible. A coarse
    grid finds each change; bisection narrows it to a few percent. Each sentence reads away
    from today's volume: "from" is the option on today's side of the point.

    `outcome_at` may hold something fixed to stay fast (evaluate keeps today's hybrid pattern);
    `checked_at(factor)`, a full evaluation returning the same pair, then checks the first
    change of the recommendation on each side of today (_confirmed) and each change of the
    cheapest option (_holds).
    """
    if base_requests_per_month <= 0:
        return ()
    outcomes = [outcome_at(float(f)) for f in VOLUME_GRID]
    found: dict[str, list[tuple[float, Option | None, Option | None]]] = {}
    for which, kind in ((0, "volume_cheapest"), (1, "volume_recommendation")):
        found[kind] = []
        for i in range(1, len(VOLUME_GRID)):
            before, after = outcomes[i - 1][which], outcomes[i][which]
            if before == after:
                continue
            low, high = float(VOLUME_GRID[i - 1]), float(VOLUME_GRID[i])
            for _ in range(BISECTION_STEPS):
                middle = math.sqrt(low * high)
                if outcome_at(middle)[which] == before:
                    low = middle
                else:
                    high = middle
            volume = base_requests_per_month * math.sqrt(low * high)
            if volume < base_requests_per_month:
                before, after = after, before  # today's side first
            found[kind].append((volume, before, after))
    if checked_at is not None:
        found["volume_recommendation"] = _confirmed(
            lambda factor: checked_at(factor)[1],
            found["volume_recommendation"],
            base_requests_per_month,
        )
        found["volume_cheapest"] = [
            change
            for change in found["volume_cheapest"]
            if _holds(checked_at, change, base_requests_per_month)
        ]
    today = format_volume(base_requests_per_month)
    points: list[TippingPoint] = []
    for change in found["volume_cheapest"]:
        volume, before, after = change
        # Where no option is feasible there is no cheapest one: the recommendation says so.
        # Where both change alike at the same volume, one sentence says it.
        if before is None or after is None or _among(change, found["volume_recommendation"]):
            continue
        points.append(
            TippingPoint(
                "volume_cheapest",
                volume,
                "requests/month",
                f"The cheapest feasible option changes from {_name(before)} to {_name(after)} "
                f"{_side(volume, base_requests_per_month)} ~{format_volume(volume)} requests a "
                f"month (today {today}).",
            )
        )
    for change in found["volume_recommendation"]:
        volume, before, after = change
        what = (
            "recommendation and the cheapest feasible option both change"
            if before is not None and after is not None and _among(change, found["volume_cheapest"])
            else "recommendation changes"
        )
        points.append(
            TippingPoint(
                "volume_recommendation",
                volume,
                "requests/month",
                f"The {what} from {_name(before)} to {_name(after)} "
                f"{_side(volume, base_requests_per_month)} ~{format_volume(volume)} requests a "
                f"month (today {today}).",
            )
        )
    return tuple(sorted(points, key=lambda p: p.value))


def _holds(
    checked_at: Callable[[float], tuple[Option | None, Option | None]],
    change: tuple[float, Option | None, Option | None],
    base_requests_per_month: float,
) -> bool:
    """Whether full evaluations a little either side of a change of the cheapest option (found
    with today's hybrid pattern held) show that change: the full evaluation re-chooses the
    pattern, and a hybrid cheaper than both named options makes the sentence untrue."""
    volume, today_side, far_side = change
    factor = volume / base_requests_per_month
    step = 1 + CHEAPEST_CHECK_MARGIN
    near, far = (factor / step, factor * step) if factor > 1 else (factor * step, factor / step)
    return checked_at(near)[0] == today_side and checked_at(far)[0] == far_side


def _confirmed(
    recommended_at: Callable[[float], Option | None],
    found: list[tuple[float, Option | None, Option | None]],
    base_requests_per_month: float,
) -> list[tuple[float, Option | None, Option | None]]:
    """The first change of the recommendation on each side of today's volume, as the full
    evaluation (`recommended_at`) has it. The fast search holds today's hybrid pattern, so its
    change may come later than the full evaluation's, which re-chooses the pattern, or name
    another option: the full evaluation walks the grid from today out to the fast search's
    first change and bisects the cell where it changes. A change it does not find there is
    left out rather than told wrongly; changes beyond the first are left out too."""
    confirmed = []
    for up in (True, False):
        side = sorted(
            (c for c in found if (c[0] > base_requests_per_month) == up),
            key=lambda c: c[0] if up else -c[0],
        )
        if not side:
            continue
        volume, today, _ = side[0]
        factor = volume / base_requests_per_month
        grid = sorted((float(g) for g in VOLUME_GRID if g != 1 and (g > 1) == up), reverse=not up)
        reach = next((i for i, g in enumerate(grid) if (g >= factor) == up), len(grid) - 1)
        inner = 1.0
        for outer in grid[: reach + 1]:
            past = recommended_at(outer)
            if past == today:
                inner = outer
                continue
            for _ in range(BISECTION_STEPS):
                middle = math.sqrt(inner * outer)
                shown = recommended_at(middle)
                if shown == today:
                    inner = middle
                else:
                    outer, past = middle, shown
            confirmed.append((base_requests_per_month * math.sqrt(inner * outer), today, past))
            break
    return confirmed


def _among(
    change: tuple[float, Option | None, Option | None],
    others: list[tuple[float, Option | None, Option | None]],
) -> bool:
    """The same change (same options, same volume within the bisection's few percent)."""
    volume, before, after = change
    return any((b, a) == (before, after) and abs(math.log(v / volume)) < 0.05 for v, b, a in others)


def _side(volume: float, base: float) -> str:
    return "above" if volume > base else "below"


def _name(option: Option | None) -> str:
    return OPTION_LABELS[option] if option else "no feasible option"
