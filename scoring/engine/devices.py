"""Which edge device, and where it runs: in each device, or on servers at each site?

Every catalog device is assessed in each placement the scenario allows, the same way, so the
page can show why the others lost:

- in_device: the model runs in each device on its own requests; one unit per device, no
  network hop.
- site_server: servers at each site serve that site's devices over the local network (the LAN
  round trip and the input's transfer are added); up to `edge_units_per_site_max` units per
  site, plus a spare where failure is safety-critical (N+1).

A device may be ruled out by the requirements before it is sized: customers' phones and laptops
only when the devices are the customers' own (and then only those, in the device); development
kits not where data is regulated or failure is safety-critical, unless the user pins one.

The choice is the cheapest fleet (unit price x units) among the usable assessments, the lower
p95 breaking a tie. When none is usable the plan shows the fastest one that fits, sized for the
lowest p95 it reaches: a tighter limit never ends with a slower device than a looser one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from scoring.catalog import Catalog
from scoring.catalog.tables import Device, General, ServingClass
from scoring.engine.inference import Hardware, Work
from scoring.engine.latency import LatencyPart, LatencyPath, queueing_part, transfer_ms
from scoring.engine.memory import MemoryFit, MemoryNeed, memory_fit, memory_need
from scoring.engine.request import InputSize, input_size, request_work
from scoring.engine.serving import PoolPlan, ServingCurve, serving_curve, size_pool
from scoring.model.scenario import Scenario
from scoring.model.units import ms, ms_whole

IN_DEVICE = "in_device"
SITE_SERVER = "site_server"
PLACEMENT_WORDS = {IN_DEVICE: "in each device", SITE_SERVER: "on a server at each site"}
CUSTOMER_CLASSES = frozenset({"phone_npu", "laptop_npu"})
POWERS_OF_TWO = (1, 2, 4, 8, 16, 32, 64)


@dataclass(frozen=True, eq=False)
class DeviceAssessment:
    device: Device
    placement: str  # IN_DEVICE or SITE_SERVER
    fit: MemoryFit  # of one copy of the model
    split: int  # accelerators one copy is split over
    copies: int  # copies of the model in one unit
    curve: ServingCurve
    plan: PoolPlan  # one pool: a site's servers, or one device
    path: LatencyPath  # what the limit applies to (whole response or first token)
    response: LatencyPath  # the whole response
    first_token: LatencyPath  # until the first output token (the response for one pass)
    pools: int  # sites for site servers, devices for in-device
    max_units_per_site: int
    latency_limit_ms: float
    excluded: str  # the requirement that rules the device out ("" when allowed)
    work: Work
    size: InputSize
    sizing: dict  # the arguments the pool was sized with, to size it again for another limit

    @functools.cached_property
    def best_p95_ms(self) -> float:
        """The lowest p95 this device reaches in this placement with as many units as allowed:
        the tightest limit it can meet."""
        return size_pool(self.curve, **{**self.sizing, "fastest": True}).p95_ms

    @property
    def units_per_site(self) -> int:
        """Units in each pool: a site's servers, or 1 for a device running its own model."""
        return self.plan.units

    @property
    def units_for_load(self) -> int:
        return self.plan.units_for_load

    @property
    def peak_utilisation(self) -> float:
        return self.plan.utilisation

    @property
    def fleet_units(self) -> int:
        return self.pools * self.plan.units

    @property
    def per_pool(self) -> str:
        return "device" if self.placement == IN_DEVICE else "site"

    @property
    def carries_load(self) -> bool:
        return self.plan.units <= self.max_units_per_site + self.plan.spare_units

    @property
    def meets_latency(self) -> bool:
        return self.path.p95_ms <= self.latency_limit_ms

    @property
    def runs_precision(self) -> bool:
        return self.device.runs(self.fit.need.precision)

    @property
    def allowed(self) -> bool:
        return not self.excluded

    @property
    def runnable(self) -> bool:
        """Allowed, runs the precision and holds the model: a device that could serve."""
        return self.allowed and self.runs_precision and self.fit.fits

    @property
    def usable(self) -> bool:
        return self.runnable and self.carries_load and self.meets_latency

    @property
    def fleet_price_usd(self) -> float:
        return self.device.price_usd * self.fleet_units

    @property
    def label(self) -> str:
        return f"{self.device.name} {PLACEMENT_WORDS[self.placement]}"

    def shortfalls(self) -> tuple[str, ...]:
        found = []
        if self.excluded:
            found.append(self.excluded)
        if not self.runs_precision:
            found.append(self.precision_shortfall())
        if not self.fit.fits:
            found.append(f"model {self.fit.explain()}")
        if not self.carries_load:
            if self.placement == IN_DEVICE:
                found.append(
                    f"one device cannot carry its own peak load (it would take "
                    f"{self.plan.units_for_load:,})"
                )
            else:
                found.append(
                    f"needs {self.plan.units:,} units per site for the peak load "
                    f"(at most {self.max_units_per_site} per site)"
                )
        if not self.meets_latency:
            found.append(
                f"p95 {ms(self.path.p95_ms)} exceeds the {ms_whole(self.latency_limit_ms)} limit"
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
            self.plan.units / self.max_units_per_site,
        )
        return (len(self.shortfalls()), overshoot)


@dataclass(frozen=True, eq=False)
class DeviceChoice:
    assessments: tuple[DeviceAssessment, ...]
    chosen: DeviceAssessment | None  # None: no usable device (and none pinned)
    pinned: bool
    reason: str

    @functools.cached_property
    def fastest(self) -> DeviceAssessment | None:
        """The device that reaches the lowest p95 of those that could serve (allowed, running
        the precision, holding the model, carrying the load), each at its fastest sizing."""
        return fastest_of(self.assessments)

    @property
    def closest(self) -> DeviceAssessment:
        """The chosen device; when none is usable, the fastest that could serve (at its sized
        concurrency), else the one with the fewest and smallest shortfalls."""
        if self.chosen is not None:
            return self.chosen
        if self.fastest is not None:
            return self.fastest
        return min(self.assessments, key=DeviceAssessment.closeness)

    def per_device(self) -> tuple[DeviceAssessment, ...]:
        """Each device once, in its better placement (usable first, then cheaper)."""
        best: dict[str, DeviceAssessment] = {}
        for a in self.assessments:
            held = best.get(a.device.id)
            if held is None or _rank(a) < _rank(held):
                best[a.device.id] = a
        if self.chosen is not None:
            best[self.chosen.device.id] = self.chosen
        return tuple(best.values())


def fastest_of(assessments: tuple[DeviceAssessment, ...]) -> DeviceAssessment | None:
    serving = [a for a in assessments if a.runnable and a.carries_load]
    return min(serving, key=lambda a: (a.best_p95_ms, a.fleet_price_usd), default=None)


def _rank(a: DeviceAssessment) -> tuple[bool, float, float]:
    return (not a.usable, a.fleet_price_usd if a.usable else a.closeness()[1], a.path.p95_ms)


def placements(scenario: Scenario) -> tuple[str, ...]:
    """The placements the scenario allows: customers' own devices run their own model."""
    if scenario.edge.customer_owned:
        return (IN_DEVICE,)
    pinned = scenario.edge.placement
    return (IN_DEVICE, SITE_SERVER) if pinned == "auto" else (pinned,)


def exclusion(device: Device, scenario: Scenario, pinned: bool) -> str:
    """Why the requirements rule the device out ("" when they do not). A device the user pins
    is taken as the user says (a smart speaker represented by a board, a kit on purpose)."""
    if pinned:
        return ""
    req = scenario.requirements
    customer_class = device.device_class in CUSTOMER_CLASSES
    if scenario.edge.customer_owned and not customer_class:
        return "the devices are the customers' own phones or laptops, so the model runs on those"
    if not scenario.edge.customer_owned and customer_class:
        return "a customer's own device, not one the company deploys"
    if device.grade == "devkit":
        if req.data_sensitivity == "regulated":
            return "a development kit, not for production with regulated data"
        if req.failure_mode == "safety_critical":
            return "a development kit, not for production where failure is safety-critical"
    return ""


def assess_device(
    device: Device,
    placement: str,
    scenario: Scenario,
    catalog: Catalog,
    need: MemoryNeed,
    size: InputSize,
    peak_rps_total: float,
    excluded: str = "",
) -> DeviceAssessment:
    general = catalog.general
    klass: ServingClass = catalog.get("serving_classes", device.device_class)  # type: ignore[assignment]
    # The runtime's own memory depends on the hardware; the rest of the need does not.
    need = replace(
        need,
        overhead_gb=klass.runtime_memory_gb + general.runtime_overhead_fraction * need.weights_gb,
    )
    accelerators = int(device.accelerator_count)
    split = copy_split(need, device.memory_gb, accelerators, general)
    fit = memory_fit(need, device.memory_gb * split, general.usable_memory_fraction)
    copies = max(1, accelerators // split)
    hardware = Hardware(
        device.name, klass, device.tops_int8, device.memory_bandwidth_gbps, device.memory_gb, split
    )
    work = request_work(scenario, catalog, need, size)
    serves = not excluded and device.runs(need.precision) and fit.fits
    sequences = need.sequences_fitting(fit.usable_gb) if serves else 1
    curve = serving_curve(hardware, work, max(1, sequences), general)
    if not serves:  # sized at batch 1 only: enough to show how far it is
        curve = ServingCurve(hardware, curve.points[:1], 1, curve.kv_limited)
    req = scenario.requirements
    in_device = placement == IN_DEVICE
    pools = req.devices if in_device else req.site_count
    peak = peak_rps_total / pools
    lan = () if in_device else lan_parts(scenario, general)
    pre = preprocess_part(size, klass, general, device.name)
    fixed_p95 = sum(p.p95_ms for p in lan) + pre.p95_ms
    max_units = 1 if in_device else int(general.edge_units_per_site_max)
    spare = 0
    if not in_device and req.failure_mode == "safety_critical":
        spare = int(general.safety_spare_units)
    first_token = req.latency_applies_to == "first_token"
    sizing = dict(
        peak_rps=peak,
        copies=copies,
        fixed_p95_ms=fixed_p95,
        limit_ms=req.max_latency_ms,
        first_token=first_token,
        target_utilisation=general.edge_target_utilisation,
        p95_factor=general.inference_p95_over_p50,
        min_units=1 + spare,
        max_units=max_units,
        spare_units=spare,
    )
    plan = size_pool(curve, **sizing)
    where = f"{device.name} {PLACEMENT_WORDS[placement]}"
    response, first = local_paths(plan, (*lan, pre), where, general)
    return DeviceAssessment(
        device=device,
        placement=placement,
        fit=fit,
        split=split,
        copies=copies,
        curve=curve,
        plan=plan,
        path=first if first_token else response,
        response=response,
        first_token=first,
        pools=pools,
        max_units_per_site=max_units,
        latency_limit_ms=req.max_latency_ms,
        excluded=excluded,
        work=work,
        size=size,
        sizing=sizing,
    )


def copy_split(need: MemoryNeed, memory_gb: float, accelerators: int, general: General) -> int:
    """Accelerators one copy of the model is split over: the fewest (a power of two, at most
    the unit's) whose memory holds it; all of them when even that is too little."""
    for split in POWERS_OF_TWO:
        if split > accelerators:
            break
        if need.total_gb <= memory_gb * split * general.usable_memory_fraction:
            return split
    return max(s for s in POWERS_OF_TWO if s <= accelerators)


def lan_parts(scenario: Scenario, general: General) -> tuple[LatencyPart, ...]:
    """The hop from a device to its site's server and back over the local network."""
    workload = scenario.workload
    transfer = transfer_ms(workload.input_kb + workload.output_kb, general.site_lan_mbps)
    return (
        LatencyPart(
            "site network",
            general.site_lan_rtt_p50_ms + transfer,
            general.site_lan_rtt_p95_ms + transfer,
            f"local network to the site server: round trip {general.site_lan_rtt_p50_ms:g} ms "
            f"(p95 {general.site_lan_rtt_p95_ms:g} ms) + {workload.input_kb:g} kB up and "
            f"{workload.output_kb:g} kB down at {general.site_lan_mbps:g} Mbit/s",
        ),
    )


def preprocess_part(
    size: InputSize, klass: ServingClass, general: General, where: str
) -> LatencyPart:
    """Decoding, resizing or tokenising the input on the host, from its decoded size."""
    p50 = size.decoded_mb / klass.preprocess_mb_per_s * 1000
    return LatencyPart(
        "pre-processing",
        p50,
        p50 * general.inference_p95_over_p50,
        f"{where}: {size.describe()}, {size.decoded_mb:,.3g} MB decoded at "
        f"{klass.preprocess_mb_per_s:g} MB/s ({klass.name})",
    )


def local_paths(
    plan: PoolPlan,
    before: tuple[LatencyPart, ...],
    where: str,
    general: General,
    label: str = "inference",
) -> tuple[LatencyPath, LatencyPath]:
    """(whole response, first token) paths through the pool: the parts before inference,
    queueing at the peak, then inference."""
    queue = queueing_part(plan, where)
    point = plan.point
    factor = general.inference_p95_over_p50
    detail = inference_detail(plan, where)
    whole = LatencyPart(label, point.latency_ms, point.latency_ms * factor, detail)
    first = LatencyPart(
        f"{label} to first token", point.first_token_ms, point.first_token_ms * factor, detail
    )
    return (
        LatencyPath("local", 1.0, (*before, queue, whole)),
        LatencyPath("local", 1.0, (*before, queue, first)),
    )


def inference_detail(plan: PoolPlan, where: str) -> str:
    point = plan.point
    text = f"{where}: batch of up to {point.batch:,} per copy"
    if point.steps:
        text += (
            f"; prefill {ms(point.prefill_ms)}, then {point.steps:,.0f} tokens at "
            f"{point.tokens_per_s:,.1f} tokens/s ({ms(point.step_ms)} a step)"
        )
    else:
        text += f"; {ms(point.latency_ms)} a batch"
    return text + f"; {plan.copies * point.throughput_rps:,.1f} requests/s per unit"


def choose_device(
    scenario: Scenario,
    catalog: Catalog,
    params_billion: float,
    precision: str,
    peak_rps_total: float,
) -> DeviceChoice:
    devices: tuple[Device, ...] = catalog.all("devices")  # type: ignore[assignment]
    need = memory_need(scenario, catalog, params_billion, precision)
    size = input_size(scenario, catalog.general)
    pinned_id = scenario.edge.device
    assessments = tuple(
        assess_device(
            d,
            placement,
            scenario,
            catalog,
            need,
            size,
            peak_rps_total,
            exclusion(d, scenario, pinned=d.id == pinned_id),
        )
        for d in devices
        for placement in placements(scenario)
    )
    limit = ms_whole(scenario.requirements.max_latency_ms)
    if pinned_id != "auto":
        mine = [a for a in assessments if a.device.id == pinned_id]
        pinned = min(mine, key=_rank)
        problems = pinned.shortfalls()
        reason = f"{pinned.device.name} is pinned in the scenario" + (
            f", but it falls short: {'; '.join(problems)}" if problems else ""
        )
        return DeviceChoice(assessments, pinned, True, reason)
    usable = [a for a in assessments if a.usable]
    if usable:
        best = min(usable, key=lambda a: (a.fleet_price_usd, a.path.p95_ms, a.device.price_usd))
        others = len({a.device.id for a in assessments}) - len({a.device.id for a in usable})
        units = best.units_per_site
        reason = (
            f"{best.label} is the cheapest of {len(usable)} usable catalog options: it fits the "
            f"model ({best.fit.need.total_gb:.2f} GB), meets the {limit} limit (p95 "
            f"{ms(best.path.p95_ms)}) and carries the peak load with {units} "
            f"{'unit' if units == 1 else 'units'} per {best.per_pool}"
            + (
                f"; {others} other {'device falls' if others == 1 else 'devices fall'} short"
                if others
                else ""
            )
        )
        return DeviceChoice(assessments, best, False, reason)
    fastest = fastest_of(assessments)
    if fastest is not None:
        reason = (
            "No catalog device meets every requirement. Fastest that could serve: "
            f"{fastest.label}, p95 ~ {ms(fastest.best_p95_ms)} at best "
            f"({'; '.join(fastest.shortfalls())})"
        )
    else:
        closest = min(assessments, key=DeviceAssessment.closeness)
        reason = (
            "No catalog device fits the model, meets the latency limit and carries the load. "
            f"Closest: {closest.label} ({'; '.join(closest.shortfalls())})"
        )
    return DeviceChoice(assessments, None, False, reason)
