"""Cost drivers: which assumption moves the edge-versus-cloud difference most (a tornado).

Each input is moved down and up by the swing (25 % by default; growth by a quarter of its value
or half a percentage point, whichever is larger) with everything else as entered, and the change
in the difference of the cumulative costs at the horizon is recorded. The inputs are the
multipliers of `Factors`: the uncertain ones (volume, prices, failures, ...) and the operating
figures a user is most likely to have guessed (staffing, fleet management, installation,
platform and network fees, update cadence). All variations are projected in one vectorised call.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from scoring.catalog import Catalog
from scoring.engine.costs import Factors, project_costs
from scoring.engine.deployment import Deployment
from scoring.model.scenario import Scenario
from scoring.model.vocabulary import Option

DEFAULT_SWING = 0.25
MIN_GROWTH_SWING_PCT = 0.5

# Labels are read in "Check the <label, lower-cased> assumption first".
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
    "edge_staff": "Edge base staffing",
    "cloud_staff": "Cloud staffing",
    "devices_per_fte": "Devices per edge engineer",
    "device_ops": "Fleet management per device",
    "installation": "Installation per device",
    "cloud_platform": "Cloud platform fees",
    "site_fee": "Site connection fees",
    "data_price": "Network data price",
    "model_updates": "Model updates per year",
}
# Devices the customers own are run with the customer figures.
CUSTOMER_DEVICE_LABELS: dict[str, str] = {
    "devices_per_fte": "Customer devices per engineer",
    "device_ops": "OTA and telemetry per device",
}
# Customers install and connect their own devices: these inputs cannot move their costs.
NOT_FOR_CUSTOMER_DEVICES = frozenset({"installation", "site_fee"})


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
    names = driver_names(scenario)
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
        drivers.append(
            Driver(name, driver_label(name, scenario), *changes, float(low), float(high))
        )
    drivers.sort(key=lambda d: -d.reach_usd)
    return Tornado(option, versus, base, tuple(drivers))


def driver_names(scenario: Scenario) -> tuple[str, ...]:
    """The Factors the tornado moves for this scenario (every one that its costs use)."""
    names = tuple(f.name for f in fields(Factors))
    if scenario.edge.customer_owned:
        return tuple(name for name in names if name not in NOT_FOR_CUSTOMER_DEVICES)
    return names


def driver_label(name: str, scenario: Scenario) -> str:
    if scenario.edge.customer_owned and name in CUSTOMER_DEVICE_LABELS:
        return CUSTOMER_DEVICE_LABELS[name]
    return DRIVER_LABELS[name]
