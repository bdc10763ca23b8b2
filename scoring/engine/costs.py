"""Monthly cost of each option over the horizon, itemised by component.

Edge: devices bought at month 1, again when growth needs more units, and again at each refresh;
failed units replaced; installation; power (idle draw all month, load draw while busy); fleet
operations, connectivity, update roll-outs and staff. The fleet is sized for the peak
request rate, not the average.
Cloud: inference priced per token, per GPU-second of work, or per GPU-instance-hour with the
instances sized for the peak (so idle capacity is paid for); data transfer; platform; staff.
Hybrid: its local part, plus the cloud part for the share of requests it sends, plus the results
it reports.

Every input that the uncertainty analysis or the tornado varies enters through `Factors`, one
value per draw, so a single vectorised call projects one scenario (n = 1), thousands of draws or
every tornado variation at once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property
from types import MappingProxyType

import numpy as np

from scoring.catalog import Catalog
from scoring.catalog.tables import CloudEgress, General, NetworkProfile
from scoring.engine.demand import monthly_requests, peak_requests_per_second
from scoring.engine.deployment import CloudPart, Deployment, LocalPart
from scoring.model.scenario import Scenario
from scoring.model.units import HOURS_PER_MONTH, SECONDS_PER_MONTH
from scoring.model.vocabulary import Option

WORK_HOURS_PER_FTE_YEAR = 1760.0  # 220 working days x 8 h
GB_PER_KB = 1e-6

COMPONENTS: tuple[str, ...] = (
    "hardware",
    "installation",
    "power",
    "operations",
    "connectivity",
    "updates",
    "staff",
    "inference",
    "transfer",
    "platform",
)
COMPONENT_LABELS: dict[str, str] = {
    "hardware": "Hardware (purchase, refresh, failures)",
    "installation": "Installation",
    "power": "Power",
    "operations": "Fleet operations",
    "connectivity": "Connectivity and site data",
    "updates": "Model updates",
    "staff": "Staff",
    "inference": "Cloud inference",
    "transfer": "Cloud data transfer",
    "platform": "Cloud platform",
}


@dataclass(frozen=True)
class Factors:
    """Multipliers on uncertain inputs (1 = as entered), one element per draw."""

    volume: np.ndarray
    growth_pct: np.ndarray  # added to the monthly growth, in percentage points
    cloud_price: np.ndarray
    hardware_price: np.ndarray
    failure_rate: np.ndarray
    electricity: np.ndarray
    staff_cost: np.ndarray
    peak: np.ndarray
    payload: np.ndarray
    # Operating figures the tornado moves (the Monte Carlo leaves them as entered).
    edge_staff: np.ndarray  # general.edge_staff_fte_base
    cloud_staff: np.ndarray  # general.cloud_staff_fte
    devices_per_fte: np.ndarray  # edge_ or customer_devices_per_fte, whichever applies
    device_ops: np.ndarray  # edge_ops_usd_per_device_month or the customer OTA fee
    installation: np.ndarray  # general.edge_installation_usd_per_device
    cloud_platform: np.ndarray  # general.cloud_platform_usd_per_month
    site_fee: np.ndarray  # network site_usd_per_month
    data_price: np.ndarray  # network data_usd_per_gb (not cloud egress: that is cloud_price)
    model_updates: np.ndarray  # requirements.model_updates_per_year

    @classmethod
    def neutral(cls, n: int = 1) -> Factors:
        values = {f.name: np.ones(n) for f in fields(cls)}
        values["growth_pct"] = np.zeros(n)
        return cls(**values)


@dataclass(frozen=True)
class CostProjection:
    items: MappingProxyType[str, np.ndarray]  # component -> (draws, months) USD per month
    requests: np.ndarray  # (draws, months)
    fleet_units: np.ndarray  # (draws, months) devices in the field, all sites
    staff_fte: np.ndarray  # (draws, months) engineers needed

    @cached_property  # read many times per evaluation; the items never change
    def monthly_usd(self) -> np.ndarray:
        return sum(self.items.values())  # type: ignore[return-value]

    @cached_property
    def cumulative_usd(self) -> np.ndarray:
        return np.cumsum(self.monthly_usd, axis=1)

    @property
    def total_usd(self) -> np.ndarray:
        return self.monthly_usd.sum(axis=1)

    @property
    def total_requests(self) -> np.ndarray:
        return self.requests.sum(axis=1)


def project_costs(
    deployments: dict[Option, Deployment],
    scenario: Scenario,
    catalog: Catalog,
    factors: Factors,
) -> dict[Option, CostProjection]:
    general = catalog.general
    network: NetworkProfile = catalog.get("network_profiles", scenario.network.profile)  # type: ignore[assignment]
    egress: CloudEgress = catalog.get("cloud_egress", scenario.cloud.egress)  # type: ignore[assignment]
    requests = monthly_requests(scenario, general, factors.volume, factors.growth_pct)
    peak_rps = peak_requests_per_second(requests, scenario, general, factors.peak)
    context = _Context(scenario, general, network, egress, factors, requests, peak_rps)
    return {option: _project(d, context) for option, d in deployments.items()}


@dataclass(frozen=True)
class _Context:
    scenario: Scenario
    general: General
    network: NetworkProfile
    egress: CloudEgress
    factors: Factors
    requests: np.ndarray
    peak_rps: np.ndarray

    def column(self, values: np.ndarray) -> np.ndarray:
        """A per-draw factor shaped to broadcast over months."""
        return values[:, None]

    @property
    def staff_usd_per_month(self) -> np.ndarray:
        return self.general.staff_usd_per_fte_year / 12 * self.column(self.factors.staff_cost)

    @property
    def updates_per_month(self) -> np.ndarray:
        return (
            self.scenario.requirements.model_updates_per_year
            / 12
            * self.column(self.factors.model_updates)
        )

    @property
    def data_usd_per_gb(self) -> np.ndarray:
        return self.network.data_usd_per_gb * self.column(self.factors.data_price)


def _project(deployment: Deployment, ctx: _Context) -> CostProjection:
    shape = ctx.requests.shape
    general = ctx.general
    items = {name: np.zeros(shape) for name in COMPONENTS}
    fleet = np.zeros(shape)
    staff_fte = np.zeros(shape)
    if deployment.local is not None:
        fleet = fleet_units(deployment.local, ctx)
        per_fte = (
            general.customer_devices_per_fte
            if ctx.scenario.edge.customer_owned
            else general.edge_devices_per_fte
        ) * ctx.column(ctx.factors.devices_per_fte)
        edge_base = general.edge_staff_fte_base * ctx.column(ctx.factors.edge_staff)
        staff_fte = staff_fte + edge_base + fleet / per_fte
        local_items = (
            _customer_device_items(deployment.local, fleet, ctx)
            if ctx.scenario.edge.customer_owned
            else _local_items(deployment.local, fleet, ctx)
        )
        _add(items, local_items)
    if deployment.cloud is not None:
        _add(items, _cloud_items(deployment.cloud, ctx))
    if deployment.option != "edge":  # a hybrid runs a cloud backend even when it only reports
        staff_fte = staff_fte + general.cloud_staff_fte * ctx.column(ctx.factors.cloud_staff)
        items["platform"] = items["platform"] + general.cloud_platform_usd_per_month * ctx.column(
            ctx.factors.cloud_platform
        )
    items["staff"] = items["staff"] + staff_fte * ctx.staff_usd_per_month
    sites = ctx.scenario.requirements.site_count  # every site needs its connection
    report_gb = ctx.requests * deployment.report_kb * GB_PER_KB * ctx.column(ctx.factors.payload)
    validation = (
        ctx.updates_per_month
        * ctx.general.update_validation_hours
        * ctx.staff_usd_per_month
        * 12
        / WORK_HOURS_PER_FTE_YEAR
    )
    # Customers pay for their own internet; an operator's sites need a connection fee.
    site_fees = (
        0.0
        if ctx.scenario.edge.customer_owned
        else sites * ctx.network.site_usd_per_month * ctx.column(ctx.factors.site_fee)
    )
    _add(
        items,
        {
            "connectivity": site_fees + report_gb * ctx.data_usd_per_gb,
            "updates": np.broadcast_to(validation, shape),
        },
    )
    return CostProjection(MappingProxyType(items), ctx.requests, fleet, staff_fte)


def fleet_units(local: LocalPart, ctx: _Context) -> np.ndarray:
    """Units in the field each month, all sites: sized by the serving model for each month's
    peak (LocalPart.units_at), never sold off."""
    return np.maximum.accumulate(local.units_at(ctx.peak_rps), axis=1)


def _local_items(local: LocalPart, fleet: np.ndarray, ctx: _Context) -> dict[str, np.ndarray]:
    general, factors = ctx.general, ctx.factors
    device = local.device
    added = np.diff(fleet, axis=1, prepend=0.0)
    refresh = refresh_months(ctx.requests.shape[1], general.edge_refresh_years)
    bought = np.where(refresh[None, :], fleet, added)
    unit_price = device.price_usd * ctx.column(factors.hardware_price)
    failures = (
        fleet * general.edge_failure_rate_pct_per_year / 100 / 12 * ctx.column(factors.failure_rate)
    )
    # A unit draws idle power all month and load power for the share of time it is busy.
    busy = ctx.requests / SECONDS_PER_MONTH * local.unit_seconds_per_request / fleet
    load_share = general.idle_power_fraction + (1 - general.idle_power_fraction) * np.minimum(
        busy, 1.0
    )
    kwh = fleet * device.power_w / 1000 * HOURS_PER_MONTH * load_share
    items = {
        "hardware": (bought + failures) * unit_price,
        "installation": bought
        * general.edge_installation_usd_per_device
        * ctx.column(factors.installation),
        "power": kwh * general.electricity_usd_per_kwh * ctx.column(factors.electricity),
        "operations": fleet
        * general.edge_ops_usd_per_device_month
        * ctx.column(factors.device_ops),
    }
    if local.runs_model:
        model_gb = local.weights_gb
        items["updates"] = ctx.updates_per_month * fleet * general.edge_update_usd_per_device
        items["connectivity"] = ctx.updates_per_month * fleet * model_gb * ctx.data_usd_per_gb
    return items


def _customer_device_items(
    local: LocalPart, fleet: np.ndarray, ctx: _Context
) -> dict[str, np.ndarray]:
    """Devices the customers buy, power and replace: the operator pays the on-device AI uplift
    per unit shipped, the OTA channel, and the download of each model update."""
    general = ctx.general
    added = np.diff(fleet, axis=1, prepend=0.0)
    items = {
        "hardware": added
        * general.customer_device_uplift_usd
        * ctx.column(ctx.factors.hardware_price),
        "operations": fleet
        * general.customer_ota_usd_per_device_month
        * ctx.column(ctx.factors.device_ops),
    }
    if local.runs_model:
        model_gb = local.weights_gb
        downloads_gb = ctx.updates_per_month * fleet * model_gb
        items["updates"] = (
            downloads_gb * ctx.egress.usd_per_gb * ctx.column(ctx.factors.cloud_price)
        )
    return items


def _cloud_items(cloud: CloudPart, ctx: _Context) -> dict[str, np.ndarray]:
    factors, workload = ctx.factors, ctx.scenario.workload
    price = ctx.column(factors.cloud_price)
    payload = ctx.column(factors.payload)
    cloud_requests = ctx.requests * cloud.share
    if cloud.pricing == "per_token":
        assert cloud.llm is not None
        usd_per_request = (
            workload.tokens_in * cloud.llm.input_usd_per_mtok
            + workload.tokens_out * cloud.llm.output_usd_per_mtok
        ) / 1e6
        inference = cloud_requests * usd_per_request * payload * price
    elif cloud.pricing == "per_request":
        # Concurrent requests share a GPU at the batch the serving model chose.
        gpu_seconds = cloud.gpu_seconds_per_request
        inference = cloud_requests * gpu_seconds * cloud.usd_per_hour / 3600 * price
    else:  # GPU instances are whole machines sized for each month's peak
        instances = cloud.machines_for(ctx.peak_rps)
        inference = instances * cloud.usd_per_hour * HOURS_PER_MONTH * price
    sent_gb = cloud_requests * cloud.upload_kb * GB_PER_KB * payload
    returned_gb = cloud_requests * cloud.download_kb * GB_PER_KB * payload
    return {
        "inference": inference,
        "transfer": returned_gb * ctx.egress.usd_per_gb * price,
        "connectivity": sent_gb * ctx.data_usd_per_gb,
    }


def refresh_months(horizon_months: int, refresh_years: float) -> np.ndarray:
    """True in the months in which the whole fleet is bought again (never in month 1)."""
    period = max(1, round(refresh_years * 12))
    elapsed = np.arange(horizon_months)
    return (elapsed > 0) & (elapsed % period == 0)


def _add(items: dict[str, np.ndarray], more: dict[str, np.ndarray]) -> None:
    for name, values in more.items():
        items[name] = items[name] + values
