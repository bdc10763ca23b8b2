"""Which edge device? The cheapest catalog device that fits the model, meets the latency limit
and carries the per-site load at the horizon's peak, unless the user pinned one.

Each device is assessed the same way so the page can show why the others lost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scoring.catalog import Catalog
from scoring.catalog.tables import Device, General
from scoring.engine.inference import Accelerator, InferenceTime, inference_time
from scoring.engine.latency import LatencyPart, LatencyPath, queue_wait_ms, queueing_part
from scoring.engine.memory import MemoryFit, MemoryNeed, memory_fit, memory_need
from scoring.model.scenario import Scenario
from scoring.model.units import ms, ms_whole


@dataclass(frozen=True)
class DeviceAssessment:
    device: Device
    fit: MemoryFit
    inference: InferenceTime
    units_per_site: int  # needed for the peak at the end of the horizon
    peak_utilisation: float  # of each unit at that peak
    units_for_load: int  # what the load alone needs; more were added to meet the latency limit
    path: LatencyPath  # the local path: pre-processing, queueing, inference
    sites: int
    max_units_per_site: int
    latency_limit_ms: float

    @property
    def carries_load(self) -> bool:
        return self.units_per_site <= self.max_units_per_site

    @property
    def meets_latency(self) -> bool:
        return self.path.p95_ms <= self.latency_limit_ms

    @property
    def runs_precision(self) -> bool:
        return self.device.runs(self.fit.need.precision)

    @property
    def usable(self) -> bool:
        return self.runs_precision and self.fit.fits and self.carries_load and self.meets_latency

    @property
    def fleet_price_usd(self) -> float:
        return self.device.price_usd * self.units_per_site * self.sites

    def shortfalls(self) -> tuple[str, ...]:
        found = []
        if not self.runs_precision:
            found.append(self.precision_shortfall())
        if not self.fit.fits:
            found.append(f"model {self.fit.explain()}")
        if not self.carries_load:
            found.append(
                f"needs {self.units_per_site:,} units per site for the peak load "
                f"(at most {self.max_units_per_site} per site)"
            )
        if not self.meets_latency:
            found.append(
                f"local p95 {ms(self.path.p95_ms)} exceeds the "
                f"{ms_whole(self.latency_limit_ms)} limit"
            )
        return tuple(found)

    def precision_shortfall(self) -> str:
        runs = " or ".join(self.device.precision_names)
        return f"runs only {runs} models, not {self.fit.need.precision}"

    def closeness(self) -> tuple[int, float]:
        """Sort key: fewer shortfalls first, then the smaller overshoot."""
        overshoot = max(
            self.fit.share_used,
            self.path.p95_ms / self.latency_limit_ms,
            self.units_per_site / self.max_units_per_site,
        )
        return (len(self.shortfalls()), overshoot)


@dataclass(frozen=True)
class DeviceChoice:
    assessments: tuple[DeviceAssessment, ...]
    chosen: DeviceAssessment | None  # None: no usable device (and none pinned)
    pinned: bool
    reason: str

    @property
    def closest(self) -> DeviceAssessment:
        """The chosen device, or the one that comes closest when none is usable."""
        if self.chosen is not None:
            return self.chosen
        return min(self.assessments, key=DeviceAssessment.closeness)


def assess_device(
    device: Device,
    scenario: Scenario,
    general: General,
    need: MemoryNeed,
    peak_rps_per_site: float,
) -> DeviceAssessment:
    fit = memory_fit(need, device.memory_gb, general.usable_memory_fraction)
    inference = inference_time(
        Accelerator.of(device),
        need.params_billion,
        need.precision,
        scenario,
        general,
        need.kv_bytes_per_token,
    )
    service_s = inference.p50_ms / 1000
    max_units = int(general.edge_units_per_site_max)
    limit = scenario.requirements.max_latency_ms
    units = max(1, math.ceil(peak_rps_per_site * service_s / general.edge_target_utilisation))
    units_for_load = units
    # A planner adds units until queueing no longer breaks the latency limit, if more units
    # can help at all (they cannot when one inference alone is too slow).
    unqueued_p95 = (general.preprocess_ms + inference.p50_ms) * general.inference_p95_over_p50

    def p95_with(count: int) -> float:
        utilisation = peak_rps_per_site * service_s / count
        return unqueued_p95 + queue_wait_ms(inference.p50_ms, utilisation, count, 0.95)

    if unqueued_p95 <= limit and peak_rps_per_site > 0:
        while p95_with(units) > limit and units < max_units:
            units += 1
    path = _local_path(device, inference, general, peak_rps_per_site, units)
    utilisation = peak_rps_per_site * service_s / units
    return DeviceAssessment(
        device=device,
        fit=fit,
        inference=inference,
        units_per_site=units,
        peak_utilisation=utilisation,
        units_for_load=units_for_load,
        path=path,
        sites=scenario.requirements.devices,
        max_units_per_site=max_units,
        latency_limit_ms=limit,
    )


def _local_path(
    device: Device, inference: InferenceTime, general: General, peak_rps: float, units: int
) -> LatencyPath:
    utilisation = peak_rps * inference.p50_ms / 1000 / units
    return LatencyPath(
        name="local",
        share=1.0,
        parts=(
            LatencyPart(
                "pre-processing",
                general.preprocess_ms,
                general.preprocess_ms * general.inference_p95_over_p50,
                "decode, resize and normalise the input on the device",
            ),
            queueing_part(inference.p50_ms, utilisation, units, f"{device.name} at each site"),
            LatencyPart(
                "local inference",
                inference.p50_ms,
                inference.p50_ms * general.inference_p95_over_p50,
                f"{device.name}: {inference.explain()}",
            ),
        ),
    )


def choose_device(
    scenario: Scenario,
    catalog: Catalog,
    params_billion: float,
    precision: str,
    peak_rps_per_site: float,
) -> DeviceChoice:
    devices: tuple[Device, ...] = catalog.all("devices")
    need = memory_need(scenario, catalog, params_billion, precision)
    assessments = tuple(
        assess_device(d, scenario, catalog.general, need, peak_rps_per_site) for d in devices
    )
    pinned_id = scenario.edge.device
    if pinned_id != "auto":
        pinned = next(a for a in assessments if a.device.id == pinned_id)
        problems = pinned.shortfalls()
        reason = f"{pinned.device.name} is pinned in the scenario" + (
            f", but it falls short: {'; '.join(problems)}" if problems else ""
        )
        return DeviceChoice(assessments, pinned, True, reason)
    usable = [a for a in assessments if a.usable]
    if usable:
        best = min(usable, key=lambda a: (a.fleet_price_usd, a.device.price_usd))
        others = len(assessments) - len(usable)
        reason = (
            f"{best.device.name} is the cheapest of {len(usable)} catalog devices that fit the "
            f"model ({best.fit.need.total_gb:.2f} GB), meet the "
            f"{ms_whole(scenario.requirements.max_latency_ms)} limit (local p95 "
            f"{ms(best.path.p95_ms)}) and carry the peak load with "
            f"{best.units_per_site} {'unit' if best.units_per_site == 1 else 'units'} per site"
            + (
                f"; {others} {'other falls' if others == 1 else 'others fall'} short"
                if others
                else ""
            )
        )
        return DeviceChoice(assessments, best, False, reason)
    closest = min(assessments, key=DeviceAssessment.closeness)
    reason = (
        f"No catalog device fits the model, meets the latency limit and carries the load. "
        f"Closest: {closest.device.name} ({'; '.join(closest.shortfalls())})"
    )
    return DeviceChoice(assessments, None, False, reason)
