"""Cost drivers: which assumption moves the edge-versus-cloud difference most (a tornado).

Each input is moved down and up by the swing (25 % by default; growth by a quarter of its value
or half a percentage point, whichever is larger) with everything else as entered, and the change
in the difference of the cumulative costs at the horizon is recorded. All variations are
projected in one vectorised call.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from scoring.catalog import Catalog
from scoring.costs import Factors, project_costs
from scoring.deployment import Deployment
from scoring.scenario import Scenario
from scoring.vocabulary import Option

DEFAULT_SWING = 0.25
MIN_GROWTH_SWING_PCT = 0.5

DRIVER_LABELS: dict[str, str] = {
    "volume": "Request volume",
    "growth_pct": "Monthly growth",
    "cloud_price": "Cloud prices",
    "hardware_price": "Hardware prices",
    "failure_rate": "Device failure rate",
    "electricity": "Electricity price",
    "staff_cost": "Staff cost",
    "peak": "Peak-to-average ratio",
    "payload": "Payload size and tokens",
}


@dataclass(frozen=True)
class Driver:
    name: str
    label: str
    low_change: str  # what "low" means, e.g. "-25%"
    high_change: str
    low_delta_usd: float  # change of (edge - cloud) at the horizon when the input is low
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
    versus: Option
    base_difference_usd: float  # cumulative option minus versus at the horizon
    drivers: tuple[Driver, ...]  # largest reach first


def tornado(
    deployments: dict[Option, Deployment],
    scenario: Scenario,
    catalog: Catalog,
    option: Option = "edge",
    versus: Option = "cloud",
    swing: float = DEFAULT_SWING,
) -> Tornado:
    names = [f.name for f in fields(Factors)]
    growth_swing = max(abs(scenario.workload.growth_pct_per_month) * swing, MIN_GROWTH_SWING_PCT)
    rows = 1 + 2 * len(names)
    neutral = Factors.neutral(rows)
    columns = {name: getattr(neutral, name).copy() for name in names}
    for i, name in enumerate(names):
        low, high = 1 + 2 * i, 2 + 2 * i
        if name == "growth_pct":
            columns[name][low], columns[name][high] = -growth_swing, growth_swing
        else:
            columns[name][low], columns[name][high] = 1 - swing, 1 + swing
    factors = replace(neutral, **columns)
    pair = {k: deployments[k] for k in (option, versus)}
    projections = project_costs(pair, scenario, catalog, factors)
    difference = projections[option].total_usd - projections[versus].total_usd
    base = float(difference[0])
    drivers = []
    for i, name in enumerate(names):
        low, high = difference[1 + 2 * i] - base, difference[2 + 2 * i] - base
        changes = (
            (f"-{growth_swing:g} pp", f"+{growth_swing:g} pp")
            if name == "growth_pct"
            else (f"-{swing:.0%}", f"+{swing:.0%}")
        )
        drivers.append(Driver(name, DRIVER_LABELS[name], *changes, float(low), float(high)))
    drivers.sort(key=lambda d: -d.reach_usd)
    return Tornado(option, versus, base, tuple(drivers))
