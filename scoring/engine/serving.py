"""Latency and throughput as functions of concurrency, and pools of units sized for the peak.

One serving model wherever a model runs (in a device, on a site server, on a cloud GPU):

- A *copy* of the model serves up to b requests at once (continuous batching for generative
  models, batched passes otherwise). Its latency and throughput at each b come from
  scoring.engine.inference; b is bounded by the runtime's batch limit (serving_classes.yaml)
  and, for LLMs, by the KV cache that fits beside the weights.
- A *unit* (a device, a site server, a cloud machine) holds one or more copies: a server with
  four GPUs holds four copies of a model that fits on one, or one copy split over all four.
- A *pool* is the units serving one stream of requests. Waiting is an M/M/c queue with
  c = units x copies x b slots, each held for a request's time in service at batch b, with
  Kingman's correction for near-constant service times (close to M/D/c; scoring.engine.latency).

Sizing: for every batch size worth it (one that serves MIN_BATCH_GAIN more than a smaller
one), the fewest units that keep utilisation at the peak under the target and bring the p95
within the limit; the plan is the batch needing fewest units, then the lowest p95. When no
batch meets the limit, the plan is still the cheapest (what the pool would cost at the latency
it gets); the lowest p95 the hardware can reach is sized apart (`fastest`): a blocker names it,
and raising the limit to it makes the pool feasible.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from scoring.catalog.tables import General
from scoring.engine.inference import Hardware, ServingPoint, Work, serving_point
from scoring.engine.latency import queue_wait_ms

BATCH_SIZES = tuple(2**k for k in range(13))  # 1 .. 4,096 requests in flight per copy
# A larger batch is planned only when a copy serves at least this much more at it than at the
# smaller batch before it. Below that the gain is within the accuracy of the throughput model
# (its efficiencies are calibrated to published runs within about 10 %), while the longer time
# in service is certain: a compute-bound vision model served two at a time took twice as long
# for 0.04 % more throughput, and saved one container in 34 only at some volumes.
MIN_BATCH_GAIN = 0.05
UNLIMITED_UNITS = 1_000_000


@dataclass(frozen=True)
class ServingCurve:
    """One copy of the model on given hardware at every batch size it can run."""

    hardware: Hardware
    points: tuple[ServingPoint, ...]  # batch 1, 2, 4, ... up to max_batch
    max_batch: int
    kv_limited: bool  # the KV cache, not the runtime, sets max_batch

    @property
    def single(self) -> ServingPoint:
        return self.points[0]


@functools.lru_cache(maxsize=4096)
def serving_curve(
    hardware: Hardware, work: Work, kv_sequences: int, general: General
) -> ServingCurve:
    """`kv_sequences`: sequences whose KV cache fits in one copy's memory. Cached: the curve
    does not depend on the volume, which the sensitivity analysis varies."""
    runtime = int(hardware.serving_class.max_batch)
    max_batch = max(1, min(runtime, kv_sequences))
    batches = [b for b in BATCH_SIZES if b < max_batch] + [max_batch]
    points = tuple(serving_point(hardware, work, b, general) for b in batches)
    return ServingCurve(hardware, points, max_batch, kv_sequences < runtime)


@dataclass(frozen=True)
class PoolPlan:
    """A pool sized for a peak rate: the batch it runs, its units and the latency it gives."""

    point: ServingPoint
    units: int  # units in the pool (one site's, or the cloud's), spares included
    copies: int  # copies of the model per unit
    units_for_load: int  # what the load alone needs at the target utilisation
    spare_units: int  # kept for a failure (N+1), included in `units`
    min_units: int
    utilisation: float  # of each slot at the peak
    utilisation_cap: float  # the utilisation the plan keeps as load grows
    wait_p50_ms: float
    wait_p95_ms: float
    inference_p95_ms: float  # the judged part of the inference (first token or whole), p95
    fixed_p95_ms: float  # the path's other parts (network, pre-processing), p95
    limit_ms: float
    p95_ms: float  # fixed parts + wait + inference, at p95
    meets: bool  # p95 within the limit

    @property
    def batch(self) -> int:
        return self.point.batch

    @property
    def slots(self) -> int:
        return self.units * self.copies * self.point.batch

    @property
    def capacity_rps(self) -> float:
        """Requests a second the pool completes with every slot busy."""
        return (self.units - self.spare_units) * self.copies * self.point.throughput_rps

    @property
    def unit_seconds_per_request(self) -> float:
        """Busy time of one unit per request served (for power and per-second billing)."""
        return 1.0 / (self.copies * self.point.throughput_rps)

    def units_for(self, peak_rps):
        """Units this plan needs at other peak rates (a number or a numpy array): the same
        batch, kept at the utilisation the plan chose, never fewer than its minimum."""
        per_unit = self.copies * self.point.throughput_rps * self.utilisation_cap
        needed = np.ceil(np.asarray(peak_rps) / per_unit * (1 - 1e-9))
        return np.maximum(needed, self.min_units - self.spare_units) + self.spare_units


def pool_waits(
    point: ServingPoint, units: int, copies: int, peak_rps: float
) -> tuple[float, float, float]:
    """(utilisation of a slot, median wait, p95 wait) of a pool of `units` running `point`'s
    batch at the peak rate: an M/M/c queue of units x copies x batch slots."""
    servers = units * copies * point.batch
    utilisation = peak_rps * point.latency_ms / 1000 / servers
    p50 = queue_wait_ms(point.latency_ms, utilisation, servers, 0.50)
    p95 = queue_wait_ms(point.latency_ms, utilisation, servers, 0.95)
    return utilisation, p50, p95


def size_pool(
    curve: ServingCurve,
    *,
    peak_rps: float,
    copies: int,
    fixed_p95_ms: float,
    limit_ms: float,
    first_token: bool,
    target_utilisation: float,
    p95_factor: float,
    min_units: int = 1,
    max_units: int = UNLIMITED_UNITS,
    spare_units: int = 0,
    fastest: bool = False,
) -> PoolPlan:
    """The pool for `peak_rps`: see the module docstring for how the batch and units are chosen.
    `fixed_p95_ms` is the rest of the path (network, pre-processing) at p95. `fastest`: the
    lowest p95 the hardware reaches with the units allowed, whatever the limit (what a limit
    the pool cannot meet would have to be raised to)."""
    best: PoolPlan | None = None
    for point in _worth_batching(curve.points):
        if (
            best is not None
            and not fastest
            and best.meets
            and best.units == best.min_units
            and best.wait_p95_ms == 0
        ):
            break  # a larger batch cannot need fewer units, and takes longer in service
        if best is not None and _cannot_beat(
            point,
            best,
            peak_rps,
            copies,
            fixed_p95_ms,
            first_token,
            target_utilisation,
            p95_factor,
            min_units,
            spare_units,
            max_units,
            fastest,
        ):
            continue
        plan = _size_at(
            point,
            peak_rps,
            copies,
            fixed_p95_ms,
            limit_ms,
            first_token,
            target_utilisation,
            p95_factor,
            min_units,
            max_units,
            spare_units,
            fastest,
        )
        if best is None or _better(plan, best, max_units, fastest):
            best = plan
    assert best is not None
    return best


def _worth_batching(points: tuple[ServingPoint, ...]) -> tuple[ServingPoint, ...]:
    """The batch sizes worth planning: batch 1, then each larger batch that serves at least
    MIN_BATCH_GAIN more than the last one kept."""
    kept = [points[0]]
    for point in points[1:]:
        if point.throughput_rps >= kept[-1].throughput_rps * (1 + MIN_BATCH_GAIN):
            kept.append(point)
    return tuple(kept)


def _cannot_beat(
    point: ServingPoint,
    best: PoolPlan,
    peak_rps: float,
    copies: int,
    fixed_p95_ms: float,
    first_token: bool,
    target_utilisation: float,
    p95_factor: float,
    min_units: int,
    spare_units: int,
    max_units: int,
    fastest: bool,
) -> bool:
    """True when a plan at `point` is sure to rank below `best` (see _better), from bounds
    that need no queueing: the units the load alone needs, and the p95 without any wait."""
    if best.units > max_units + best.spare_units:
        return False  # best is over the limit of units: anything may beat it
    inference_ms = point.first_token_ms if first_token else point.latency_ms
    p95_floor = fixed_p95_ms + inference_ms * p95_factor
    if fastest:
        return p95_floor >= best.p95_ms
    if not best.meets:
        return False
    serving = max(min_units - spare_units, 1)
    per_unit = copies * point.throughput_rps * target_utilisation
    units_floor = max(serving, math.ceil(peak_rps / per_unit - 1e-9)) + spare_units
    return units_floor > best.units or (units_floor == best.units and p95_floor >= best.p95_ms)


def _better(plan: PoolPlan, best: PoolPlan, max_units: int, fastest: bool) -> bool:
    """Within the units allowed first; then meeting the limit; then fewer units (the cheaper
    plan, also when no batch meets the limit: what it would cost at the latency it gets);
    then the lower p95. `fastest` orders by the p95 alone."""
    if fastest:
        return (plan.units > max_units + plan.spare_units, plan.p95_ms) < (
            best.units > max_units + best.spare_units,
            best.p95_ms,
        )
    return (
        plan.units > max_units + plan.spare_units,
        not plan.meets,
        plan.units,
        plan.p95_ms,
    ) < (best.units > max_units + best.spare_units, not best.meets, best.units, best.p95_ms)


def _size_at(
    point: ServingPoint,
    peak_rps: float,
    copies: int,
    fixed_p95_ms: float,
    limit_ms: float,
    first_token: bool,
    target_utilisation: float,
    p95_factor: float,
    min_units: int,
    max_units: int,
    spare_units: int,
    fastest: bool = False,
) -> PoolPlan:
    inference_ms = point.first_token_ms if first_token else point.latency_ms
    inference_p95 = inference_ms * p95_factor
    per_unit = copies * point.throughput_rps
    serving = max(min_units - spare_units, 1)
    for_load = max(serving, math.ceil(peak_rps / (per_unit * target_utilisation) - 1e-9))

    def waits(units: int) -> tuple[float, float, float]:
        return pool_waits(point, units, copies, peak_rps)

    units = for_load
    utilisation, wait50, wait95 = waits(units)
    unqueued = fixed_p95_ms + inference_p95
    # The p95 the units are added for: the limit, or for the fastest plan the p95 without a
    # wait (whatever the limit: a limit the batch cannot meet must not stop the units that
    # shorten its queue, or a looser limit could end with a faster plan than a tighter one).
    target = unqueued if fastest else limit_ms
    if unqueued <= target and unqueued + wait95 > target and units < max_units:
        # More units shorten the queue: the fewest that bring the p95 within the target, found
        # by doubling and halving (the wait falls as units are added).
        low, high = units, units
        while high < max_units:
            high = min(max_units, high * 2)
            if unqueued + waits(high)[2] <= target:
                break
        while high - low > 1:
            middle = (low + high) // 2
            if unqueued + waits(middle)[2] <= target:
                high = middle
            else:
                low = middle
        units = high
        utilisation, wait50, wait95 = waits(units)
    cap = target_utilisation if units == for_load else min(target_utilisation, utilisation)
    total = units + spare_units
    if spare_units:  # the spares serve too while every unit is up
        utilisation, wait50, wait95 = waits(total)
    p95 = fixed_p95_ms + wait95 + inference_p95
    return PoolPlan(
        point=point,
        units=total,
        copies=copies,
        units_for_load=for_load,
        spare_units=spare_units,
        min_units=max(min_units, serving + spare_units),
        utilisation=utilisation,
        utilisation_cap=max(cap, 1e-9),
        wait_p50_ms=wait50,
        wait_p95_ms=wait95,
        inference_p95_ms=inference_p95,
        fixed_p95_ms=fixed_p95_ms,
        limit_ms=limit_ms,
        p95_ms=p95,
        meets=p95 <= limit_ms,
    )
