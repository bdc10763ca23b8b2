"""Monthly cost of each option over the horizon, itemised by component.

Edge, company devices: devices bought at month 1, again when growth needs more units, and again
at each refresh; failed units replaced; installation; power (idle draw all month, load draw while
busy); fleet tooling; site connections; model downloads over the site's network.
Edge, devices the customers own: no hardware, installation, power or site fees; app
distribution and model downloads over a CDN.
Cloud: inference priced per token (with cached-input and batch prices where published), per
container-hour of a serverless pool (busy, idle between requests, cold starts, warm minimums,
CPU and memory) or per GPU-instance-hour with whole instances sized for the peak; data transfer
through free allowances and volume tiers; platform fees by kind of service.
Hybrid: its local part, plus the cloud part for the share of requests it sends, plus the results
it reports; its cloud platform work and fees scale with the share it sends, above a floor.
People: from drivers (scoring.engine.people), for every option.

Every uncertain input enters through `Factors`, one value per draw, so a single vectorised call
projects one scenario (n = 1), thousands of Monte Carlo draws or every tornado row at once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

import numpy as np

from scoring.catalog import Catalog
from scoring.catalog.tables import CloudEgress, General, NetworkProfile, Operations
from scoring.engine.billing import (
    ServerlessHours,
    llm_discounts,
    serverless_hours,
    serverless_terms,
    serverless_usd_per_hour,
    token_price,
    transfer_tiers,
    transfer_usd,
)
from scoring.engine.demand import monthly_requests, peak_requests_per_second, sites_of
from scoring.engine.deployment import CloudPart, Deployment, LocalPart
from scoring.engine.people import (
    ENGINEER,
    HOURS_PER_FTE_MONTH,
    PeopleLine,
    cloud_kind,
    cloud_scale,
    people_lines,
)
from scoring.engine.uncertain import Factors
from scoring.engine.upkeep import load_share, refresh_period_months
from scoring.model.scenario import Scenario
from scoring.model.units import HOURS_PER_MONTH, SECONDS_PER_MONTH
from scoring.model.vocabulary import Option

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
    "operations": "Fleet tooling and app distribution",
    "connectivity": "Connectivity and site data",
    "updates": "Model downloads",
    "staff": "People (see the people drivers)",
    "inference": "Cloud inference",
    "transfer": "Cloud data transfer",
    "platform": "Cloud platform fees",
}


@dataclass(frozen=True)
class CostProjection:
    items: MappingProxyType[str, np.ndarray]  # component -> (draws, months) USD per month
    requests: np.ndarray  # (draws, months)
    fleet_units: np.ndarray  # (draws, months) devices in the field, all sites
    people: tuple[PeopleLine, ...]  # the people drivers behind the staff component
    serverless: ServerlessHours | None = None  # container-hours of a serverless cloud part

    @cached_property  # read many times per evaluation; the items never change
    def monthly_usd(self) -> np.ndarray:
        return sum(self.items.values())  # type: ignore[return-value]  # arrays sum to an array

    @cached_property
    def cumulative_usd(self) -> np.ndarray:
        return np.cumsum(self.monthly_usd, axis=1)

    @property
    def total_usd(self) -> np.ndarray:
        return self.monthly_usd.sum(axis=1)

    @property
    def total_requests(self) -> np.ndarray:
        return self.requests.sum(axis=1)

    @cached_property
    def staff_fte(self) -> np.ndarray:
        """(draws, months) engineers the people drivers need (support agents not counted)."""
        hours = sum(
            (line.hours for line in self.people if line.role == ENGINEER),
            np.zeros(self.requests.shape),
        )
        return hours / HOURS_PER_FTE_MONTH


def project_costs(
    deployments: dict[Option, Deployment],
    scenario: Scenario,
    catalog: Catalog,
    factors: Factors,
) -> dict[Option, CostProjection]:
    options = tuple(deployments)
    projections = project_each(tuple(deployments.values()), scenario, catalog, factors)
    return dict(zip(options, projections, strict=True))


def project_each(
    deployments: tuple[Deployment, ...],
    scenario: Scenario,
    catalog: Catalog,
    factors: Factors,
) -> tuple[CostProjection, ...]:
    """The projection of each deployment (several hybrid patterns, say), the demand worked out
    once."""
    general = catalog.general
    network: NetworkProfile = catalog.get("network_profiles", scenario.network.profile)
    requests = monthly_requests(scenario, general, factors["volume"], factors["growth_pct"])
    peak_rps = peak_requests_per_second(requests, scenario, general, factors["peak"])
    context = _Context(
        scenario, catalog, general, catalog.operations, network, factors, requests, peak_rps
    )
    return tuple(_project(d, context) for d in deployments)


@dataclass(frozen=True)
class _Context:
    scenario: Scenario
    catalog: Catalog
    general: General
    operations: Operations
    network: NetworkProfile
    factors: Factors
    requests: np.ndarray
    peak_rps: np.ndarray

    def column(self, name: str) -> np.ndarray:
        """An uncertain input for each draw, shaped to broadcast over months."""
        return self.factors[name][:, None]

    def operating(self, name: str) -> np.ndarray:
        """An operating figure for each draw (its value times its uncertain input)."""
        return getattr(self.operations, name) * self.column(name)

    @property
    def updates_per_month(self) -> np.ndarray:
        return self.scenario.requirements.model_updates_per_year / 12 * self.column("model_updates")

    @property
    def data_usd_per_gb(self) -> np.ndarray:
        return self.network.data_usd_per_gb * self.column("network_prices")

    @property
    def uplink_usd_per_gb(self) -> np.ndarray | float:
        """What the company pays a GB its devices send (inputs, reports): the network's price
        at its own sites; nothing for customers' devices, whose owners pay their plans."""
        return 0.0 if self.scenario.edge.customer_owned else self.data_usd_per_gb

    def transfer(self, gb: np.ndarray, egress_id: str) -> np.ndarray:
        """Transfer out of a cloud account or CDN, through its free allowance and tiers."""
        egress: CloudEgress = self.catalog.get("cloud_egress", egress_id)
        tiers = transfer_tiers(self.catalog, egress_id)
        return transfer_usd(gb, egress.usd_per_gb, tiers, self.column("cloud_price"))


def _project(deployment: Deployment, ctx: _Context) -> CostProjection:
    shape = ctx.requests.shape
    items: dict[str, np.ndarray] = {}
    fleet = np.zeros(shape)
    customers = ctx.scenario.edge.customer_owned
    if deployment.local is not None:
        fleet = fleet_units(deployment.local, ctx)
        local_items = (
            _customer_device_items(deployment.local, fleet, ctx)
            if customers
            else _local_items(deployment.local, fleet, ctx)
        )
        _add(items, local_items)
    instances = None
    serverless = None
    if deployment.cloud is not None:
        cloud_items, instances, serverless = _cloud_items(deployment.cloud, ctx)
        _add(items, cloud_items)
    if deployment.option != "edge":  # a hybrid runs a cloud backend even when it only reports
        kind = cloud_kind(deployment, ctx.scenario)
        fee = ctx.operating(f"{kind}_platform_usd_per_month")
        scale = cloud_scale(deployment, ctx.operations, ctx.factors)
        _add(items, {"platform": np.zeros(shape) + fee * scale})
    people = people_lines(
        deployment,
        ctx.scenario,
        ctx.operations,
        ctx.factors,
        fleet,
        ctx.updates_per_month,
        instances,
    )
    _add(items, {"staff": sum((line.usd for line in people), np.zeros(shape))})
    report_gb = ctx.requests * deployment.report_kb * GB_PER_KB * ctx.column("payload")
    # A company site needs a connection fee and pays for its data, whichever option runs
    # there; customers pay for their own internet (ctx.uplink_usd_per_gb is zero for them).
    site_fees = (
        0.0
        if customers
        else sites_of(ctx.scenario) * ctx.network.site_usd_per_month * ctx.column("network_prices")
    )
    _add(items, {"connectivity": site_fees + report_gb * ctx.uplink_usd_per_gb})
    # Components the option has none of share one read-only row of zeros.
    none = _zeros(shape)
    ordered = {name: items.get(name, none) for name in COMPONENTS}
    return CostProjection(MappingProxyType(ordered), ctx.requests, fleet, people, serverless)


def fleet_units(local: LocalPart, ctx: _Context) -> np.ndarray:
    """Units in the field each month, all sites: sized by the serving model for each month's
    peak (LocalPart.units_at), never sold off."""
    return np.maximum.accumulate(local.units_at(ctx.peak_rps), axis=1)


def _local_items(local: LocalPart, fleet: np.ndarray, ctx: _Context) -> dict[str, np.ndarray]:
    general = ctx.general
    device = local.device
    added = np.diff(fleet, axis=1, prepend=0.0)
    refresh = refresh_months(ctx.requests.shape[1], general.edge_refresh_years)
    bought = np.where(refresh[None, :], fleet, added)
    unit_price = device.price_usd * ctx.column("hardware_price")
    failures = (
        fleet * general.edge_failure_rate_pct_per_year / 100 / 12 * ctx.column("failure_rate")
    )
    # A unit draws idle power all month and load power for the share of time it is busy.
    busy = ctx.requests / SECONDS_PER_MONTH * local.unit_seconds_per_request / fleet
    drawn = load_share(general.idle_power_fraction, np.minimum(busy, 1.0))
    kwh = fleet * device.power_w / 1000 * HOURS_PER_MONTH * drawn
    items = {
        "hardware": (bought + failures) * unit_price,
        "installation": bought * ctx.operating("installation_usd_per_device"),
        "power": kwh * general.electricity_usd_per_kwh * ctx.column("electricity"),
        "operations": fleet * ctx.operating("fleet_tooling_usd_per_device_month"),
    }
    if local.runs_model:
        downloads_gb = ctx.updates_per_month * fleet * local.weights_gb
        items["updates"] = downloads_gb * ctx.data_usd_per_gb
    return items


def _customer_device_items(
    local: LocalPart, fleet: np.ndarray, ctx: _Context
) -> dict[str, np.ndarray]:
    """Devices the customers buy, power, connect and replace: the company pays to distribute
    its app and to deliver each model update to every device over a CDN."""
    items = {
        "operations": np.full(ctx.requests.shape, ctx.operations.app_store_usd_per_year / 12),
    }
    if local.runs_model:
        downloads_gb = ctx.updates_per_month * fleet * local.weights_gb
        items["updates"] = ctx.transfer(downloads_gb, ctx.scenario.edge.model_cdn)
    return items


def _cloud_items(
    cloud: CloudPart, ctx: _Context
) -> tuple[dict[str, np.ndarray], np.ndarray | None, ServerlessHours | None]:
    """The cloud part's bill, the GPU instances it runs (GPU-hour pricing) and the
    container-hours of a serverless pool."""
    price = ctx.column("cloud_price")
    payload = ctx.column("payload")
    cloud_requests = ctx.requests * cloud.share
    instances = None
    hours = None
    if cloud.pricing == "per_token":
        assert cloud.llm is not None
        billed = token_price(ctx.scenario, cloud.llm, llm_discounts(ctx.catalog, cloud.llm))
        inference = cloud_requests * billed.usd_per_request * payload * price
    elif cloud.pricing == "per_request":
        # A container serves requests at the batch and utilisation the serving model planned.
        terms = serverless_terms(ctx.catalog, cloud.provider)
        hours = serverless_hours(
            cloud_requests,
            cloud.requests_per_s_per_machine,
            terms,
            ctx.scenario.requirements.max_latency_ms,
        )
        inference = hours.total * serverless_usd_per_hour(cloud.usd_per_hour, terms) * price
    else:  # GPU instances are whole machines sized for each month's peak
        instances = cloud.machines_for(ctx.peak_rps)
        inference = instances * cloud.usd_per_hour * HOURS_PER_MONTH * price
    sent_gb = cloud_requests * cloud.upload_kb * GB_PER_KB * payload
    returned_gb = cloud_requests * cloud.download_kb * GB_PER_KB * payload
    items = {
        "inference": inference,
        "transfer": ctx.transfer(returned_gb, ctx.scenario.cloud.egress),
        "connectivity": sent_gb * ctx.uplink_usd_per_gb,
    }
    return items, instances, hours


def refresh_months(horizon_months: int, refresh_years: float) -> np.ndarray:
    """True in the months in which the whole fleet is bought again (never in month 1)."""
    elapsed = np.arange(horizon_months)
    return (elapsed > 0) & (elapsed % refresh_period_months(refresh_years) == 0)


def _add(items: dict[str, np.ndarray], more: dict[str, np.ndarray]) -> None:
    for name, values in more.items():
        items[name] = items[name] + values if name in items else values


@functools.lru_cache(maxsize=16)
def _zeros(shape: tuple[int, ...]) -> np.ndarray:
    values = np.zeros(shape)
    values.setflags(write=False)
    return values
