"""People costs from explicit drivers: each is a quantity (sites, devices, updates, support
contacts, a cloud service) times a rate (hours each), worked at a loaded cost per hour.

- Fleet work, by who owns the hardware and where it stands: a fixed platform (images, the
  deployment pipeline, monitoring) for any company fleet, hours per site with company
  hardware, per company device in the field (boards, embedded modules, industrial and mini PCs)
  or per company server or workstation; hands-on roll-out work per device and update.
- Devices the customers own: no fleet work; a fixed effort to keep the model running across
  their devices, a release per model update (app or OTA) and support contacts, answered by
  support agents.
- Model releases: validating each update, once whatever the option.
- Cloud platform work by the kind of service (hosted API, serverless GPUs, GPU instances, plus
  hours per running instance). A hybrid's cloud side does its share of that work, the share of
  requests it sends, never less than the stated floor.
- On-call where a failure is safety-critical: paid on-call for the people on duty.

Every rate is an operating figure with a range (operations.yaml), moved by its own uncertain
input, so the Monte Carlo and the tornado vary people costs driver by driver.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.catalog.tables import Operations
from scoring.engine.demand import sites_of
from scoring.engine.deployment import Deployment, resolved_pricing
from scoring.engine.uncertain import Factors
from scoring.engine.upkeep import HOURS_PER_FTE_MONTH, SERVER_CLASSES, WORK_HOURS_PER_FTE_YEAR
from scoring.model.scenario import Scenario
from scoring.model.vocabulary import CloudPricing

WEEKS_PER_MONTH = 52.0 / 12
# The kind of cloud service by pricing: the operations figures of its work and its fees.
CLOUD_KINDS: dict[CloudPricing, str] = {
    "per_token": "hosted_api",
    "per_request": "serverless",
    "gpu_hour": "gpu_instance",
}
CLOUD_KIND_WORDS = {
    "hosted_api": "a hosted API",
    "serverless": "a serverless GPU service",
    "gpu_instance": "GPU instances",
}

ENGINEER, SUPPORT, PAY = "engineer", "support", "pay"


@dataclass(frozen=True)
class PeopleLine:
    """One people driver of one option: quantity x rate, at the role's loaded cost."""

    driver: str  # the operating figure of the rate (also its uncertain input)
    label: str
    quantity: np.ndarray  # (draws, months)
    quantity_unit: str  # "sites", "devices", "updates a month", ...
    rate: np.ndarray  # (draws, 1): hours per unit (USD per unit for PAY)
    rate_unit: str
    role: str  # ENGINEER, SUPPORT or PAY (a payment, not hours)
    usd: np.ndarray  # (draws, months)

    @property
    def hours(self) -> np.ndarray:
        """Hours a month (none for a payment)."""
        return self.quantity * self.rate if self.role != PAY else np.zeros_like(self.usd)

    @property
    def fte(self) -> np.ndarray:
        return self.hours / HOURS_PER_FTE_MONTH


def cloud_kind(deployment: Deployment, scenario: Scenario) -> str:
    pricing = deployment.cloud.pricing if deployment.cloud else resolved_pricing(scenario)
    return CLOUD_KINDS[pricing]


def cloud_scale(deployment: Deployment, operations: Operations, factors: Factors) -> np.ndarray:
    """The share of a full cloud service's platform work and fees an option carries: all of
    it for cloud; for a hybrid, the share of requests it sends, at least the floor."""
    if deployment.option == "cloud":
        return np.ones((factors.draws, 1))
    share = deployment.cloud.share if deployment.cloud is not None else 0.0
    floor = operations.hybrid_cloud_floor_share * factors["hybrid_cloud_floor_share"]
    return np.minimum(np.maximum(share, floor), 1.0)[:, None]


def people_lines(
    deployment: Deployment,
    scenario: Scenario,
    operations: Operations,
    factors: Factors,
    fleet: np.ndarray,
    updates_per_month: np.ndarray,
    instances: np.ndarray | None,
) -> tuple[PeopleLine, ...]:
    """The people drivers of one option. `fleet`: devices in the field each month;
    `instances`: GPU instances running each month (GPU-hour pricing)."""
    shape = np.broadcast_shapes(fleet.shape, updates_per_month.shape)
    engineer_hour = _rate(operations, factors, "engineer_usd_per_year") / WORK_HOURS_PER_FTE_YEAR
    support_hour = _rate(operations, factors, "support_usd_per_year") / WORK_HOURS_PER_FTE_YEAR
    lines: list[PeopleLine] = []

    per_hour = {ENGINEER: engineer_hour, SUPPORT: support_hour, PAY: 1.0}
    zeros = np.zeros(shape)

    def add(driver, label, quantity, unit, rate_unit, role=ENGINEER, rate=None):
        rate = _rate(operations, factors, driver) if rate is None else rate
        quantity = zeros + quantity  # every driver's quantity month by month, draw by draw
        usd = quantity * rate * per_hour[role]
        lines.append(PeopleLine(driver, label, quantity, unit, rate, rate_unit, role, usd))

    local = deployment.local
    if local is not None and scenario.edge.customer_owned:
        # Customers' devices that only queue requests for the cloud run no model of the
        # company's: no model to keep running, ship or answer questions about, as for cloud.
        if local.runs_model:
            add(
                "app_platform_hours_per_month",
                "Keeping the model running on customers' devices",
                1.0,
                "product",
                "h a month",
            )
            add(
                "app_release_hours_per_update",
                "Shipping model updates to customers' devices",
                updates_per_month,
                "updates a month",
                "h per update",
            )
            contacts = _rate(operations, factors, "support_contacts_per_device_year") / 12
            add(
                "support_minutes_per_contact",
                "Support contacts about the on-device model",
                fleet * contacts,
                "contacts a month",
                "h per contact",
                SUPPORT,
                _rate(operations, factors, "support_minutes_per_contact") / 60,
            )
    elif local is not None:
        add(
            "fleet_platform_hours_per_month",
            "Running the fleet platform",
            1.0,
            "fleet",
            "h a month",
        )
        add(
            "site_hours_per_month",
            "Fleet work per site",
            float(sites_of(scenario)),
            "sites",
            "h per site a month",
        )
        server = local.device.device_class in SERVER_CLASSES
        add(
            "server_hours_per_month" if server else "field_device_hours_per_month",
            "Fleet work per server or workstation" if server else "Fleet work per device",
            fleet,
            "servers" if server else "devices",
            "h per unit a month",
        )
        if local.runs_model:
            add(
                "rollout_hours_per_device_update",
                "Hands-on help with device updates",
                fleet * updates_per_month,
                "device updates a month",
                "h per device update",
            )
    if deployment.option != "edge":
        kind = cloud_kind(deployment, scenario)
        scale = cloud_scale(deployment, operations, factors)
        add(
            f"{kind}_hours_per_month",
            f"Running {CLOUD_KIND_WORDS[kind]}",
            scale,
            "of a full service",
            "h a month",
        )
        if kind == "gpu_instance" and instances is not None:
            add(
                "gpu_instance_hours_per_instance_month",
                "Work per running GPU instance",
                instances,
                "instances",
                "h per instance a month",
            )
    add(
        "release_hours_per_update",
        "Validating model updates",
        updates_per_month,
        "updates a month",
        "h per update",
    )
    if scenario.requirements.failure_mode == "safety_critical":
        add(
            "oncall_usd_per_week",
            "Paid on-call (safety-critical)",
            operations.oncall_people_on_duty,
            "people on duty",
            "USD a month each",
            PAY,
            _rate(operations, factors, "oncall_usd_per_week") * WEEKS_PER_MONTH,
        )
    return tuple(lines)


def _rate(operations: Operations, factors: Factors, name: str) -> np.ndarray:
    """An operating figure for each draw, shaped to broadcast over months."""
    return (getattr(operations, name) * factors[name])[:, None]
