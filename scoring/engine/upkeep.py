"""What one unit of company hardware costs over the horizon before its share of the requests:
bought at each refresh and installed, replaced when it fails, powered, on the fleet tooling and
looked after by engineers. Device choice ranks the usable devices by it, so a device that is
cheap to buy but needs ten times the care does not win on its price tag (the cost projection,
scoring.engine.costs and people, itemises the same lines month by month, with the units each
month's peak needs and the share of time they are busy)."""

from __future__ import annotations

from typing import TypeVar

import numpy as np

from scoring.catalog.tables import Device, General, Operations
from scoring.model.units import HOURS_PER_MONTH

T = TypeVar("T", float, np.ndarray)  # a number, or an array of them (the projection)

WORK_HOURS_PER_FTE_YEAR = 1760.0  # 220 working days x 8 h
HOURS_PER_FTE_MONTH = WORK_HOURS_PER_FTE_YEAR / 12
# Device classes that are servers or workstations (in a data centre or a site's server room);
# every other class the company owns is a device in the field.
SERVER_CLASSES = frozenset({"workstation", "server"})
# The choice is made before each unit's load is known: a unit is taken to be busy half the
# time, drawing its idle power
# plus half the rest.
BUSY_SHARE_FOR_CHOICE = 0.5


def refresh_period_months(refresh_years: float) -> int:
    """Months between two purchases of the whole fleet."""
    return max(1, round(refresh_years * 12))


def purchases(horizon_months: int, refresh_years: float) -> int:
    """How often the fleet is bought over the horizon: once, and again at each refresh (the
    months of scoring.engine.costs.refresh_months)."""
    return 1 + (max(horizon_months, 1) - 1) // refresh_period_months(refresh_years)


def load_share(idle_power_fraction: float, busy_share: T) -> T:
    """The share of its full power a unit draws: its idle draw all the time, and the rest while
    busy (`busy_share`, a number or an array, at most 1)."""
    return idle_power_fraction + (1 - idle_power_fraction) * busy_share


def unit_upkeep_usd(
    device: Device, horizon_months: int, general: General, operations: Operations
) -> float:
    """One company unit over the horizon: purchases, installation, failed units replaced,
    power, tooling and engineers' hours."""
    bought = purchases(horizon_months, general.edge_refresh_years)
    replaced = general.edge_failure_rate_pct_per_year / 100 / 12 * horizon_months
    hardware = (bought + replaced) * device.price_usd
    installation = bought * operations.installation_usd_per_device
    draw_kw = device.power_w / 1000 * load_share(general.idle_power_fraction, BUSY_SHARE_FOR_CHOICE)
    power = draw_kw * HOURS_PER_MONTH * general.electricity_usd_per_kwh
    server = device.device_class in SERVER_CLASSES
    hours = operations.server_hours_per_month if server else operations.field_device_hours_per_month
    care = hours * operations.engineer_usd_per_year / WORK_HOURS_PER_FTE_YEAR
    monthly = power + operations.fleet_tooling_usd_per_device_month + care
    return hardware + installation + horizon_months * monthly
