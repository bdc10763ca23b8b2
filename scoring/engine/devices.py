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
kits not where data is regulated or failure is safety-critical; rack servers only on a server
at each site, never in each device. A device the user pins is taken as the user says.

The choice is the cheapest fleet (unit price x units) among the usable assessments, the lower
p95 breaking a tie. When none is usable the plan shows the fastest one that fits, sized for the
lowest p95 it reaches: a tighter limit never ends with a slower device than a looser one.
"""

from __future__ import annotations

import functools
import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace

from scoring.catalog import Catalog
from scoring.catalog.tables import Device, General, ServingClass
from scoring.engine.inference import Hardware, Work
from scoring.engine.latency import LatencyPart, LatencyPath, queueing_part, transfer_ms
from scoring.engine.memory import (
    GB_PER_MEMORY_GB,
    MemoryFit,
    MemoryNeed,
    memory_fit,
    memory_need,
)
from scoring.engine.request import InputSize, input_size, request_work
from scoring.engine.serving import PoolPlan, ServingCurve, serving_curve, size_pool
from scoring.engine.upkeep import unit_upkeep_usd
from scoring.model.scenario import Scenario
from scoring.model.units import memory_size, ms, ms_whole, usd

IN_DEVICE = "in_device"
SITE_SERVER = "site_server"
PLACEMENT_WORDS = {IN_DEVICE: "in each device", SITE_SERVER: "on a server at each site"}
CUSTOMER_CLASSES = frozenset({"phone_npu", "laptop_npu"})
# Hardware built for a server room: it serves a site's devices, never sits inside one.
RACK_GRADES = frozenset({"datacenter"})
POWERS_OF_TWO = (1, 2, 4, 8, 16, 32, 64)


# What an assessment works out only when asked: its latency paths and its fastest sizing. Kept
# beside the (shared, read-only) assessments rather than in them, for as long as they live.
_PATHS: weakref.WeakKeyDictionary[DeviceAssessment, tuple[LatencyPath, LatencyPath]] = (
    weakref.WeakKeyDictionary()
)
_BEST_P95: weakref.WeakKeyDictionary[DeviceAssessment, float] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, eq=False)
class DeviceAssessment:
    device: Device
    placement: str  # IN_DEVICE or SITE_SERVER
    fit: MemoryFit  # of one copy of the model
    split: int  # accelerators one copy is split over
    copies: int  # copies of the model in one unit
    curve: ServingCurve
    plan: PoolPlan  # one pool: a site's servers, or one device
    before: tuple[LatencyPart, ...]  # network hop and pre-processing, before the queue
    pools: int  # sites for site servers, devices for in-device
    max_units_per_site: int
    latency_limit_ms: float
    excluded: str  # the requirement that rules the device out ("" when allowed)
    work: Work
    size: InputSize
    runs_precision: bool
    candidate: Candidate  # what does not depend on the volume, to size it again
    peak_rps: float  # the peak rate of one pool
    general: General

    @property
    def _paths(self) -> tuple[LatencyPath, LatencyPath]:
        # Built on demand: most assessments are only compared by their numbers (and kept
        # outside the object, so freezing a shared evaluation does not build them all).
        found = _PATHS.get(self)
        if found is None:
            where = f"{self.device.name} {PLACEMENT_WORDS[self.placement]}"
            found = _PATHS[self] = local_paths(self.plan, self.before, where, self.general)
        return found

    @property
    def response(self) -> LatencyPath:
        """The whole response."""
        return self._paths[0]

    @property
    def first_token(self) -> LatencyPath:
        """Until the first output token (the response itself for a single pass)."""
        return self._paths[1]

    @property
    def path(self) -> LatencyPath:
        """What the limit applies to: the whole response or the first token."""
        return self._paths[1] if self.candidate.sizing["first_token"] else self._paths[0]

    @property
    def p95_ms(self) -> float:
        """The p95 of `path`: the parts before the queue, the wait and the inference."""
        return self.plan.p95_ms

    @property
    def best_p95_ms(self) -> float:
        """The lowest p95 this device reaches in this placement with as many units as allowed:
        the tightest limit it can meet (sized on demand, once)."""
        found = _BEST_P95.get(self)
        if found is None:
            sizing = {
                **self.candidate.sizing,
                "limit_ms": self.latency_limit_ms,
                "peak_rps": self.peak_rps,
                "fastest": True,
            }
            found = _BEST_P95[self] = size_pool(self.curve, **sizing).p95_ms
        return found

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
        return self.plan.p95_ms <= self.latency_limit_ms

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

    @functools.cached_property
    def _shortfalls(self) -> tuple[str, ...]:
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
                f"p95 {ms(self.p95_ms)} exceeds the {ms_whole(self.latency_limit_ms)} limit"
            )
        return tuple(found)

    def shortfalls(self) -> tuple[str, ...]:
        return self._shortfalls

    def precision_shortfall(self) -> str:
        runs = " or ".join(self.device.precision_names)
        return f"runs only {runs} models, not {self.fit.need.precision}"

    def closeness(self) -> tuple[int, float]:
        """Sort key: fewer shortfalls first, then the smaller overshoot."""
        overshoot = max(
            self.fit.share_used,
            self.p95_ms / self.latency_limit_ms,
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

    @functools.cached_property
    def closest(self) -> DeviceAssessment:
        """The chosen device; when none is usable, the fastest that could serve (at its sized
        concurrency), else the one with the fewest and smallest shortfalls."""
        if self.chosen is not None:
            return self.chosen
        if self.fastest is not None:
            return self.fastest
        return closest_of(self.assessments)

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


def closest_of(assessments: tuple[DeviceAssessment, ...]) -> DeviceAssessment:
    """The assessment with the fewest and smallest shortfalls, among the devices the
    requirements allow when there are any: a device they rule out (a customer's phone for a
    company fleet, a data-centre server for customers' own devices) is no plan to show."""
    allowed = [a for a in assessments if a.allowed] or assessments
    return min(allowed, key=DeviceAssessment.closeness)


def fastest_of(assessments: tuple[DeviceAssessment, ...]) -> DeviceAssessment | None:
    serving = [a for a in assessments if a.runnable and a.carries_load]
    return min(serving, key=lambda a: (a.best_p95_ms, a.fleet_price_usd), default=None)


def _rank(a: DeviceAssessment) -> tuple[bool, float, int, float]:
    return (not a.usable, a.fleet_price_usd if a.usable else a.closeness()[1], a.split, a.p95_ms)


def _cheapest(
    a: DeviceAssessment, upkeep: Callable[[Device], float]
) -> tuple[float, int, float, float]:
    """The cheapest fleet over the horizon (`upkeep`: one unit's cost); at the same cost a copy
    on fewer accelerators (a model split over eight GPUs only where it must be: its p95 is lower
    on paper, but a small model gains nothing from tensor parallelism), then the lower p95."""
    return (a.fleet_units * upkeep(a.device), a.split, a.p95_ms, a.device.price_usd)


def _upkeep(scenario: Scenario, catalog: Catalog) -> Callable[[Device], float]:
    """One unit's cost over the horizon to the company (scoring.engine.upkeep). Customers' own
    devices cost the company nothing to buy or keep: among them the cheaper device is the one
    more customers have."""
    if scenario.edge.customer_owned:
        return lambda device: device.price_usd
    general, operations = catalog.general, catalog.operations
    months = scenario.horizon_months
    return functools.cache(lambda device: unit_upkeep_usd(device, months, general, operations))


def placements(scenario: Scenario) -> tuple[str, ...]:
    """The placements the scenario allows: customers' own devices run their own model."""
    if scenario.edge.customer_owned:
        return (IN_DEVICE,)
    pinned = scenario.edge.placement
    return (IN_DEVICE, SITE_SERVER) if pinned == "auto" else (pinned,)


def candidates_for(
    scenario: Scenario, catalog: Catalog, params_billion: float, precision: str
) -> tuple[Candidate, ...]:
    devices: tuple[Device, ...] = catalog.all("devices")
    need = memory_need(scenario, catalog, params_billion, precision)
    size = input_size(scenario, catalog.general)
    work = request_work(scenario, catalog, need, size)
    lan = lan_parts(scenario, catalog.general)
    pinned_id = scenario.edge.device
    found = []
    for d in devices:
        for placement in placements(scenario):
            excluded = exclusion(d, placement, scenario, pinned=d.id == pinned_id)
            fewest = candidate(d, placement, scenario, catalog, need, size, work, excluded, lan)
            found.append(fewest)
            if fewest.serves:
                # A copy over more of the unit's accelerators: fewer copies, each faster and
                # with room for a larger batch (a 70 B model on one of eight GPUs leaves no room
                # for its KV cache, and one at a time takes 274 ms a prefill).
                found += [
                    candidate(d, placement, scenario, catalog, need, size, work, excluded, lan, n)
                    for n in splits_from(fewest.split, int(d.accelerator_count))[1:]
                ]
    return tuple(found)


def exclusion(device: Device, placement: str, scenario: Scenario, pinned: bool) -> str:
    """Why the requirements, or where the hardware can stand, rule the device out in this
    placement ("" when nothing does). A device the user pins is taken as the user says (a smart
    speaker represented by a board, a kit on purpose)."""
    if pinned:
        return ""
    req = scenario.requirements
    customer_class = device.device_class in CUSTOMER_CLASSES
    if scenario.edge.customer_owned and not customer_class:
        return "the devices are the customers' own phones or laptops, so the model runs on those"
    if not scenario.edge.customer_owned and customer_class:
        return "a customer's own device, not one the company deploys"
    if placement == IN_DEVICE and device.grade in RACK_GRADES:
        # Otherwise the fastest plan for a fleet of cameras or robots is a rack server in each.
        return "a rack server: it stands in a server room, not in each device"
    if device.grade == "devkit":
        if req.data_sensitivity == "regulated":
            return "a development kit, not for production with regulated data"
        if req.failure_mode == "safety_critical":
            return "a development kit, not for production where failure is safety-critical"
    return ""


@dataclass(frozen=True, eq=False)
class Candidate:
    """A device in a placement, with everything about it that does not depend on the volume:
    sizing it for a peak rate is then all that is left (the volume search sizes many)."""

    device: Device
    placement: str
    fit: MemoryFit
    split: int
    copies: int
    curve: ServingCurve
    serves: bool
    runs_precision: bool
    excluded: str
    before: tuple[LatencyPart, ...]
    pools: int
    max_units: int
    limit_ms: float
    work: Work
    size: InputSize
    sizing: dict  # size_pool's arguments but the peak

    def with_limit(self, limit_ms: float) -> Candidate:
        """The same device judged against another latency limit (its fit and curve stay)."""
        # A shallow copy with two fields changed: dataclasses.replace would validate and
        # rebuild every field, for each device at each step of a search.
        other = object.__new__(Candidate)
        other.__dict__.update(self.__dict__)
        other.__dict__["limit_ms"] = limit_ms
        sized_for = limit_ms if self.serves else math.inf
        other.__dict__["sizing"] = {**self.sizing, "limit_ms": sized_for}
        return other


def candidate(
    device: Device,
    placement: str,
    scenario: Scenario,
    catalog: Catalog,
    need: MemoryNeed,
    size: InputSize,
    work: Work,
    excluded: str,
    lan: tuple[LatencyPart, ...],
    split: int | None = None,
) -> Candidate:
    """`split`: the accelerators one copy is split over; by default the fewest that hold it."""
    general = catalog.general
    klass: ServingClass = catalog.get("serving_classes", device.device_class)
    need = class_need(need, klass, general)
    accelerators = int(device.accelerator_count)
    if split is None:
        split = copy_split(need, device.memory_gb, accelerators, klass.usable_memory_fraction)
    fit = memory_fit(need, device.memory_gb * split, klass.usable_memory_fraction)
    hardware = Hardware(
        device.name, klass, device.tops_int8, device.memory_bandwidth_gbps, device.memory_gb, split
    )
    runs = device.runs(need.precision)
    serves = not excluded and runs and fit.fits
    sequences = need.sequences_fitting(fit.usable_gb) if serves else 1
    curve = serving_curve(hardware, work, max(1, sequences), general)
    if not serves:  # sized at batch 1 only: enough to show how far it is
        curve = ServingCurve(hardware, curve.points[:1], 1, curve.kv_limited)
    req = scenario.requirements
    in_device = placement == IN_DEVICE
    before = (*(() if in_device else lan), preprocess_part(size, klass, general))
    max_units = 1 if in_device else int(general.edge_units_per_site_max)
    spare = 0
    if not in_device and req.failure_mode == "safety_critical":
        spare = int(general.safety_spare_units)
    sizing = dict(
        copies=max(1, accelerators // split),
        fixed_p95_ms=sum(p.p95_ms for p in before),
        # A device that cannot serve is sized for the load alone: enough to show how far it is.
        limit_ms=req.max_latency_ms if serves else math.inf,
        first_token=req.latency_applies_to == "first_token",
        target_utilisation=general.edge_target_utilisation,
        p95_factor=general.inference_p95_over_p50,
        min_units=1 + spare,
        max_units=max_units,
        spare_units=spare,
    )
    return Candidate(
        device=device,
        placement=placement,
        fit=fit,
        split=split,
        copies=sizing["copies"],  # type: ignore[arg-type]
        curve=curve,
        serves=serves,
        runs_precision=runs,
        excluded=excluded,
        before=before,
        pools=req.devices if in_device else req.site_count,
        max_units=max_units,
        limit_ms=req.max_latency_ms,
        work=work,
        size=size,
        sizing=sizing,
    )


def assess(c: Candidate, peak_rps_total: float, general: General) -> DeviceAssessment:
    """The candidate sized for the peak of all devices together, spread over its pools."""
    peak = peak_rps_total / c.pools
    return DeviceAssessment(
        device=c.device,
        placement=c.placement,
        fit=c.fit,
        split=c.split,
        copies=c.copies,
        curve=c.curve,
        plan=size_pool(c.curve, peak_rps=peak, **c.sizing),
        before=c.before,
        pools=c.pools,
        max_units_per_site=c.max_units,
        latency_limit_ms=c.limit_ms,
        excluded=c.excluded,
        work=c.work,
        size=c.size,
        runs_precision=c.runs_precision,
        candidate=c,
        peak_rps=peak,
        general=general,
    )


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
    """One device in one placement, sized for the peak (choose_device assesses them all)."""
    work = request_work(scenario, catalog, need, size)
    lan = lan_parts(scenario, catalog.general)
    c = candidate(device, placement, scenario, catalog, need, size, work, excluded, lan)
    return assess(c, peak_rps_total, catalog.general)


@functools.lru_cache(maxsize=1024)
def class_need(need: MemoryNeed, klass: ServingClass, general: General) -> MemoryNeed:
    """The need on hardware of this class: its runtime takes its own memory; the rest of the
    need does not depend on the hardware."""
    return replace(
        need,
        overhead_gb=klass.runtime_memory_gb + general.runtime_overhead_fraction * need.weights_gb,
    )


def copy_split(need: MemoryNeed, memory_gb: float, accelerators: int, usable: float) -> int:
    """Accelerators one copy of the model is split over: the fewest (a power of two, at most
    the unit's) whose memory holds it; all of them when even that is too little."""
    for split in POWERS_OF_TWO:
        if split > accelerators:
            break
        if need.total_gb <= memory_gb * GB_PER_MEMORY_GB * split * usable:
            return split
    return max(s for s in POWERS_OF_TWO if s <= accelerators)


def splits_from(fewest: int, accelerators: int) -> tuple[int, ...]:
    """The ways to split one copy over a unit's accelerators, narrowest first: from the fewest
    that hold it to all of them, in powers of two."""
    return tuple(n for n in POWERS_OF_TWO if fewest <= n <= accelerators) or (fewest,)


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


@functools.lru_cache(maxsize=256)
def preprocess_part(size: InputSize, klass: ServingClass, general: General) -> LatencyPart:
    """Decoding, resizing or tokenising the input on the host, from its decoded size."""
    p50 = size.decoded_mb / klass.preprocess_mb_per_s * 1000
    return LatencyPart(
        "pre-processing",
        p50,
        p50 * general.inference_p95_over_p50,
        f"{size.describe()}, {size.decoded_mb:,.3g} MB decoded at "
        f"{klass.preprocess_mb_per_s:g} MB/s on the host ({klass.name})",
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
    text = (
        f"{where}: one at a time"
        if point.batch == 1
        else f"{where}: batch of up to {point.batch:,} per copy"
    )
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
    statics: dict | None = None,
) -> DeviceChoice:
    """`statics`: a cache the caller keeps while only the volume changes (the volume search),
    so each device's fit, serving curve and rules are worked out once."""
    key = (params_billion, precision, scenario.workload.tokens_out)
    limit_ms = scenario.requirements.max_latency_ms
    # The same device, limit and peak give the same choice: a search of the hybrid visits the
    # limits a search of edge did, when both run the same model.
    memo_key = ("choice", *key, limit_ms, peak_rps_total)
    if statics is not None and memo_key in statics:
        return statics[memo_key]
    choice = _choose_device(scenario, catalog, params_billion, precision, peak_rps_total, statics)
    if statics is not None:
        statics[memo_key] = choice
    return choice


def _choose_device(
    scenario: Scenario,
    catalog: Catalog,
    params_billion: float,
    precision: str,
    peak_rps_total: float,
    statics: dict | None,
) -> DeviceChoice:
    key = (params_billion, precision, scenario.workload.tokens_out)
    candidates = statics.get(key) if statics is not None else None
    if candidates is None:
        candidates = candidates_for(scenario, catalog, params_billion, precision)
        if statics is not None:
            statics[key] = candidates
    limit_ms = scenario.requirements.max_latency_ms
    if candidates and candidates[0].limit_ms != limit_ms:  # a search along the limit
        candidates = tuple(c.with_limit(limit_ms) for c in candidates)
    general = catalog.general
    assessments = tuple(assess(c, peak_rps_total, general) for c in candidates)
    pinned_id = scenario.edge.device
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
        upkeep = _upkeep(scenario, catalog)
        best = min(usable, key=lambda a: _cheapest(a, upkeep))
        others = len({a.device.id for a in assessments}) - len({a.device.id for a in usable})
        options = len({(a.device.id, a.placement) for a in usable})  # a split is no new option
        units = best.units_per_site
        over = (
            ""
            if scenario.edge.customer_owned
            else f" over {scenario.horizon_months} months (bought, powered and looked after: "
            f"{usd(best.fleet_units * upkeep(best.device))})"
        )
        reason = (
            f"{best.label} is the cheapest{over} of {options} usable catalog options: it fits the "
            f"model ({memory_size(best.fit.need.total_gb)}), meets the {limit} limit (p95 "
            f"{ms(best.p95_ms)}) and carries the peak load with {units} "
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
        closest = closest_of(assessments)
        reason = (
            "No catalog device fits the model, meets the latency limit and carries the load. "
            f"Closest: {closest.label} ({'; '.join(closest.shortfalls())})"
        )
    return DeviceChoice(assessments, None, False, reason)
