"""Uncertainty: a seeded, vectorised Monte Carlo over every uncertain input.

The inputs and their P10 / P90 are scoring.engine.uncertain's one list, the same the tornado
moves: volume, growth, prices, failures, the peak, payload and update cadence, network fees and
every operating driver (people, fees, installation). One projection call evaluates every draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.catalog import Catalog
from scoring.engine.costs import project_costs
from scoring.engine.deployment import Deployment
from scoring.engine.uncertain import draw_factors, uncertain_inputs
from scoring.model.scenario import Scenario
from scoring.model.vocabulary import Option

DEFAULT_DRAWS = 2000
DEFAULT_SEED = 20261126
PERCENTILES = (10, 50, 90)


@dataclass(frozen=True)
class CostBand:
    p10_usd: np.ndarray  # cumulative cost per month, shape (months,)
    p50_usd: np.ndarray
    p90_usd: np.ndarray

    @property
    def total_p10_usd(self) -> float:
        return float(self.p10_usd[-1])

    @property
    def total_p50_usd(self) -> float:
        return float(self.p50_usd[-1])

    @property
    def total_p90_usd(self) -> float:
        return float(self.p90_usd[-1])


@dataclass(frozen=True)
class Uncertainty:
    draws: int
    bands: dict[Option, CostBand]
    # At the horizon: the share of draws in which each option has the lowest total among the
    # options compared (the feasible ones; all of them when none is feasible), 0 for the rest.
    probability_cheapest: dict[Option, float]
    compared: tuple[Option, ...]  # the options the probabilities compare


def simulate(
    deployments: dict[Option, Deployment],
    scenario: Scenario,
    catalog: Catalog,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    feasible: tuple[Option, ...] | None = None,
) -> Uncertainty:
    """`feasible`: the options that may be cheapest (an option ruled out is nobody's cheapest
    choice); None or empty compares all of them."""
    factors = draw_factors(uncertain_inputs(catalog), draws, seed)
    projections = project_costs(deployments, scenario, catalog, factors)
    bands = {}
    for option, projection in projections.items():
        p10, p50, p90 = np.percentile(projection.cumulative_usd, PERCENTILES, axis=0)
        bands[option] = CostBand(p10, p50, p90)
    compared = tuple(o for o in projections if not feasible or o in feasible)
    totals = np.stack([projections[o].total_usd for o in compared])  # (options, draws)
    cheapest = np.bincount(np.argmin(totals, axis=0), minlength=len(compared)) / draws
    probability = {o: 0.0 for o in projections}
    probability.update({o: float(p) for o, p in zip(compared, cheapest, strict=True)})
    return Uncertainty(
        draws=draws, bands=bands, probability_cheapest=probability, compared=compared
    )
