"""What happens when the network or a device fails, in expected hours a year.

- The cloud path is up when both the cloud service and the site's link are up:
  availability = cloud SLA x network availability.
- An edge device is down for its repair time after each failure:
  availability = 1 - failures per year x repair hours / 8760. A site with several units
  stops when all of them are down at once: by independent failures, or by a common cause
  (power, the switch, a bad update) that takes a share beta of each unit's failures (the
  beta-factor model of IEC 61508-6). While some are down the rest carry the work, slower at
  peak, which counts as degraded hours in proportion to the capacity lost.
- "Lost" hours are hours in which the essential function is unavailable; "degraded" hours are
  hours in which it works in a reduced way (hard cases answered by the small local model);
  "delayed" hours are hours in which only reports or queued work wait for the link.
The requirement's failure_mode decides how heavily each kind of hour counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.catalog import Catalog
from scoring.catalog.tables import NetworkProfile
from scoring.engine.deployment import Deployment
from scoring.engine.devices import SITE_SERVER
from scoring.engine.hybrid import ESSENTIAL_LOCAL
from scoring.model.scenario import Scenario

HOURS_PER_YEAR = 8760.0

# How much an hour counts, by failure mode: (lost, degraded, delayed).
FAILURE_WEIGHTS: dict[str, tuple[float, float, float]] = {
    "safety_critical": (3.0, 0.5, 0.05),
    "degrade": (1.0, 0.25, 0.05),
    "can_wait": (0.3, 0.05, 0.02),
}


@dataclass(frozen=True)
class Resilience:
    lost_hours_per_year: float  # essential function unavailable
    degraded_hours_per_year: float  # working in a reduced way
    delayed_hours_per_year: float  # only reports or queued work wait
    availability_pct: float  # of the essential function
    during_network_loss: str
    stops_on_network_loss: bool  # the essential function needs the link
    during_device_failure: str
    explanation: str
    failure_mode: str

    @property
    def weighted_hours_per_year(self) -> float:
        lost, degraded, delayed = FAILURE_WEIGHTS[self.failure_mode]
        return (
            lost * self.lost_hours_per_year
            + degraded * self.degraded_hours_per_year
            + delayed * self.delayed_hours_per_year
        )


def cloud_path_availability(scenario: Scenario, catalog: Catalog) -> float:
    network: NetworkProfile = catalog.get("network_profiles", scenario.network.profile)
    return catalog.general.cloud_sla_pct / 100 * network.availability_pct / 100


def device_availability(catalog: Catalog) -> float:
    general = catalog.general
    failures_per_year = general.edge_failure_rate_pct_per_year / 100
    return max(0.0, 1.0 - failures_per_year * general.edge_repair_hours / HOURS_PER_YEAR)


def site_down_hours(device_up: float, units: int, common_share: float) -> tuple[float, float]:
    """Hours a year in which all of a site's units are down, and the hours of reduced capacity
    while only some are, counted by the share of capacity lost: one of 13 units down for a
    day is a thirteenth of a degraded day, not a whole one.

    A share `common_share` of each unit's downtime comes from a cause they all share and takes
    them all down together; the rest is independent. Without it, two units would make a site
    "100.000 %" available, which no shared power feed or switch allows."""
    down = 1 - device_up
    common = common_share * down if units > 1 else 0.0
    # Outside the common outages each unit is down independently, so that each is still down
    # a share `down` of the time: common + (1 - common) x alone = down.
    alone = (down - common) / (1 - common) if common < 1 else 0.0
    all_down = common + (1 - common) * alone**units
    capacity_lost = down - all_down  # expected share of units down, beyond all-down
    return all_down * HOURS_PER_YEAR, capacity_lost * HOURS_PER_YEAR


def device_failure_words(units: int) -> str:
    if units == 1:
        return "That site stops until the device is repaired or swapped."
    others = "other unit carries" if units == 2 else f"other {units - 1} units carry"
    return (
        f"The site's {others} its work, slower at peak, until the failed one is repaired or "
        "swapped; it stops only if all fail at once, as a cause they share can make them "
        "(the power feed, the network switch, a faulty update)."
    )


def resilience(deployment: Deployment, scenario: Scenario, catalog: Catalog) -> Resilience:
    cloud_up = cloud_path_availability(scenario, catalog)
    device_up = device_availability(catalog)
    cloud_down_h = (1 - cloud_up) * HOURS_PER_YEAR
    units = deployment.local.units_per_site if deployment.local is not None else 1
    general = catalog.general
    device_down_h, site_degraded_h = site_down_hours(
        device_up, units, general.edge_common_cause_share
    )
    network: NetworkProfile = catalog.get("network_profiles", scenario.network.profile)
    inputs = (
        f"cloud path {cloud_up:.4%} = SLA {general.cloud_sla_pct:g}% x network "
        f"{network.availability_pct:g}%; device {device_up:.4%} = 1 - "
        f"{general.edge_failure_rate_pct_per_year:g}%/yr x {general.edge_repair_hours:g} h / 8760"
    )
    if units > 1:
        inputs += (
            f"; a site of {units} units stops when all are down: independently, or at once "
            f"from a cause they share ({general.edge_common_cause_share:.0%} of failures)"
        )
    mode = scenario.requirements.failure_mode
    option = deployment.option
    pattern = deployment.pattern.pattern if deployment.pattern else None
    delayed = 0.0
    stops = False
    device_failure = device_failure_words(units)
    local = deployment.local
    # Where the local part runs: a site server keeps working through a cut of the site's
    # outside link, as a device does, but only as long as the site's own network is up.
    on_site = local is not None and local.placement == SITE_SERVER
    where = "on the server at the site" if on_site else "on the device"
    if option == "edge":
        lost, degraded = device_down_h, 0.0
        network_loss = f"Keeps working: inference runs {where}."
    elif option == "cloud":
        lost, degraded = cloud_down_h, 0.0
        network_loss = "Stops: every request needs the cloud."
        stops = True
        device_failure = "Unaffected: no inference hardware at the site."
    elif pattern in ESSENTIAL_LOCAL:
        lost, degraded, delayed = device_down_h, 0.0, cloud_down_h
        network_loss = f"Keeps working locally; results queue {where} and sync later."
    elif pattern == "escalate_hard_cases":
        lost, degraded = device_down_h, cloud_down_h
        network_loss = (
            "Degrades: the local model answers everything, hard cases included, until the "
            "link returns."
        )
    elif pattern == "queue_and_sync" and mode == "can_wait":
        lost, degraded, delayed = device_down_h, 0.0, cloud_down_h
        network_loss = f"Waits: requests queue {where} and are processed when it returns."
        device_failure = "That site cannot capture work until the gateway is replaced."
    else:  # anonymise-then-send, or queueing when results cannot wait: both halves needed
        site_up = 1 - device_down_h / HOURS_PER_YEAR
        lost, degraded = (1 - site_up * cloud_up) * HOURS_PER_YEAR, 0.0
        network_loss = "Stops: inference happens in the cloud; nothing useful runs locally."
        stops = True
    return Resilience(
        lost_hours_per_year=lost,
        degraded_hours_per_year=degraded + site_degraded_h,
        delayed_hours_per_year=delayed,
        availability_pct=100 * (1 - lost / HOURS_PER_YEAR),
        during_network_loss=network_loss,
        stops_on_network_loss=stops,
        during_device_failure=device_failure,
        explanation=inputs,
        failure_mode=mode,
    )
