"""Cost drivers: which uncertain input moves the cost difference of the verdict most (a
tornado).

The tornado compares the recommended option with the best feasible alternative (the runner-up
by score); with no feasible alternative it shows what moves the recommended option's own total.
Each input of scoring.engine.uncertain's list, the one the Monte Carlo draws from, is moved to
its P10 and to its P90 with everything else as entered, and the change in the difference of the
totals at the horizon is recorded. All rows are projected in one vectorised call; inputs that
move nothing are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.catalog import Catalog
from scoring.engine.costs import project_costs
from scoring.engine.deployment import Deployment
from scoring.engine.uncertain import UncertainInput, swings, uncertain_inputs
from scoring.model.scenario import Scenario
from scoring.model.vocabulary import Option

NO_EFFECT_USD = 0.5  # a bar shorter than half a dollar moves nothing


@dataclass(frozen=True)
class Driver:
    name: str
    label: str
    low_change: str  # what "low" means, e.g. "-32%" (the input's P10)
    high_change: str
    low_delta_usd: float  # change of the difference at the horizon with the input at its P10
    high_delta_usd: float

    @property
    def reach_usd(self) -> float:
        return max(abs(self.low_delta_usd), abs(self.high_delta_usd))

    def reverses(self, base_difference_usd: float) -> bool:
        """Whether moving this input alone changes which of the two options costs less."""
        return any(
            (base_difference_usd + delta) * base_difference_usd < 0
            or (base_difference_usd != 0 and base_difference_usd + delta == 0)
            for delta in (self.low_delta_usd, self.high_delta_usd)
        )


@dataclass(frozen=True)
class Tornado:
    option: Option
    versus: Option | None  # None: the option's own total, no alternative to compare with
    base_difference_usd: float  # option minus versus (or the option's total) at the horizon
    drivers: tuple[Driver, ...]  # largest reach first


def tornado(
    deployments: dict[Option, Deployment],
    scenario: Scenario,
    catalog: Catalog,
    option: Option = "edge",
    versus: Option | None = "cloud",
    inputs: tuple[UncertainInput, ...] | None = None,
) -> Tornado:
    inputs = uncertain_inputs(catalog) if inputs is None else inputs
    pair = {k: deployments[k] for k in (option, versus) if k is not None}
    projections = project_costs(pair, scenario, catalog, swings(inputs))
    difference = projections[option].total_usd
    if versus is not None:
        difference = difference - projections[versus].total_usd
    base = float(difference[0])
    drivers = []
    for i, item in enumerate(inputs):
        low, high = difference[1 + 2 * i] - base, difference[2 + 2 * i] - base
        driver = Driver(
            item.name, item.label, item.low_change, item.high_change, float(low), float(high)
        )
        if driver.reach_usd >= NO_EFFECT_USD:
            drivers.append(driver)
    drivers.sort(key=lambda d: -d.reach_usd)
    return Tornado(option, versus, base, tuple(drivers))
