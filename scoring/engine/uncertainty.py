"""Uncertainty: a seeded, vectorised Monte Carlo over volume, growth, prices and failures.

Each uncertain input is drawn around the value entered (lognormal with median 1 for the
multipliers, normal for the growth shift); the spreads are catalog figures the user can
override. One projection call evaluates every draw at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from scoring.catalog import Catalog
from scoring.catalog.tables import General
from scoring.engine.costs import Factors, project_costs
from scoring.engine.deployment import Deployment
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
    probability_cheapest: dict[Option, float]  # at the horizon, over all draws


def draw_factors(general: General, draws: int, seed: int) -> Factors:
    rng = np.random.default_rng(seed)

    def around_one(sigma: float) -> np.ndarray:
        return rng.lognormal(mean=0.0, sigma=sigma, size=draws)

    # Drawn in this order so that a seed gives the same draws as before; every other factor
    # (staff cost, peak, payload, the operating figures the tornado moves) stays as entered.
    return replace(
        Factors.neutral(draws),
        volume=around_one(general.volume_uncertainty),
        growth_pct=rng.normal(0.0, general.growth_uncertainty_pct, size=draws),
        cloud_price=around_one(general.cloud_price_uncertainty),
        hardware_price=around_one(general.hardware_price_uncertainty),
        failure_rate=around_one(general.failure_rate_uncertainty),
        electricity=around_one(general.electricity_uncertainty),
    )


def simulate(
    deployments: dict[Option, Deployment],
    scenario: Scenario,
    catalog: Catalog,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> Uncertainty:
    factors = draw_factors(catalog.general, draws, seed)
    projections = project_costs(deployments, scenario, catalog, factors)
    bands = {}
    for option, projection in projections.items():
        p10, p50, p90 = np.percentile(projection.cumulative_usd, PERCENTILES, axis=0)
        bands[option] = CostBand(p10, p50, p90)
    options = list(projections)
    totals = np.stack([projections[o].total_usd for o in options])  # (options, draws)
    cheapest = np.bincount(np.argmin(totals, axis=0), minlength=len(options)) / draws
    return Uncertainty(
        draws=draws,
        bands=bands,
        probability_cheapest={o: float(p) for o, p in zip(options, cheapest, strict=True)},
    )
