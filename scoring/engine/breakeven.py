"""Break-even: the first month in which one option's cumulative cost is at or below another's."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

import numpy as np

from scoring.model.vocabulary import Option

# Cumulative costs are sums of many floats; a difference below this share of the larger total is
# treated as equal so that "at or below" does not hinge on rounding.
RELATIVE_TOLERANCE = 1e-9
# The pairs a reader asks about: does the capex option catch the cloud, or the hybrid?
PAIRS: tuple[tuple[Option, Option], ...] = (
    ("edge", "cloud"),
    ("hybrid", "cloud"),
    ("edge", "hybrid"),
)


@dataclass(frozen=True)
class BreakEven:
    option: Option
    versus: Option
    month: int | None  # 1-based; None when not within the horizon


def break_even_month(cumulative_a: np.ndarray, cumulative_b: np.ndarray) -> int | None:
    """First month (1-based) in which a's cumulative cost is at or below b's."""
    scale = np.maximum(np.abs(cumulative_a), np.abs(cumulative_b))
    at_or_below = cumulative_a <= cumulative_b + RELATIVE_TOLERANCE * scale
    hits = np.flatnonzero(at_or_below)
    return int(hits[0]) + 1 if hits.size else None


def break_evens(cumulative_usd: dict[Option, np.ndarray]) -> tuple[BreakEven, ...]:
    """For every ordered pair of options."""
    return tuple(
        BreakEven(a, b, break_even_month(cumulative_usd[a], cumulative_usd[b]))
        for a, b in permutations(cumulative_usd, 2)
    )
