"""The price of the verdict: what the recommended option costs against the cheapest feasible
alternative over the horizon, and, when it is the dearer one, the criteria that outweigh the
extra money in the weighted sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scoring.model.vocabulary import CRITERIA, Criterion, Option

if TYPE_CHECKING:
    from scoring.engine.evaluate import OptionResult


@dataclass(frozen=True)
class VerdictPrice:
    option: Option
    alternative: Option | None  # the cheapest other feasible option; None when there is none
    difference_usd: float  # option minus alternative at the horizon (> 0: the option costs more)
    difference_per_1k_usd: float | None  # the same per 1,000 requests (None without requests)
    ratio: float | None  # option total / alternative total
    # When the option costs more: the criteria on which it leads the alternative, with the
    # weighted points of its lead, largest first, as many as it takes to outweigh what it
    # trails by (cost included); empty otherwise.
    buys: tuple[tuple[Criterion, float], ...]
    trails_by: float  # weighted points the alternative leads by, over the criteria it leads on

    @property
    def cheapest(self) -> bool:
        """The option is the cheapest feasible one (or the only one)."""
        return self.difference_usd <= 0


def price_of_verdict(
    results: dict[Option, OptionResult],
    recommendation: Option | None,
    shares: dict[Criterion, float],
) -> VerdictPrice | None:
    if recommendation is None:
        return None
    chosen = results[recommendation]
    others = [r for r in results.values() if r.feasible and r.option != recommendation]
    if not others:
        return VerdictPrice(recommendation, None, 0.0, None, None, (), 0.0)
    alternative = min(others, key=lambda r: r.cost_total_usd)
    difference = chosen.cost_total_usd - alternative.cost_total_usd
    requests = chosen.total_requests
    per_1k = difference / requests * 1000 if requests > 0 else None
    ratio = (
        chosen.cost_total_usd / alternative.cost_total_usd
        if alternative.cost_total_usd > 0
        else None
    )
    leads = {
        c: shares[c] * (chosen.criteria[c].score - alternative.criteria[c].score) for c in CRITERIA
    }
    trails_by = -sum(v for v in leads.values() if v < 0)
    buys: list[tuple[Criterion, float]] = []
    if difference > 0:
        gained = 0.0
        for criterion, lead in sorted(leads.items(), key=lambda kv: -kv[1]):
            if lead <= 0 or (buys and gained > trails_by):
                break
            buys.append((criterion, lead))
            gained += lead
    return VerdictPrice(
        recommendation, alternative.option, difference, per_1k, ratio, tuple(buys), trails_by
    )
