"""End-to-end response time as a budget of parts, at the median and at p95.

A path (local, or to the cloud and back) is a sum of parts: pre-processing, network round trip,
upload and download of the payload, queueing at peak load, inference. The path's p95 is the sum
of the parts' p95 values, which is conservative. An option whose requests take different paths
(a hybrid that escalates a share of them) gets its p95 from the mixture of the path
distributions, each modelled as a lognormal through its median and p95: averaging the p95s
would hide the slow tail of the escalated requests.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from scoring.catalog.tables import NetworkProfile
from scoring.model.units import ms, percent

if TYPE_CHECKING:  # the pool plan is built on this module's queue
    from scoring.engine.serving import PoolPlan

Z95 = 1.6448536269514722  # standard normal quantile at 0.95
MAX_SERVERS = 1_000_000  # beyond this the wait is nil at any utilisation below 1
LOOP_SERVERS = 64  # above this the Poisson sum is vectorised
# Kingman's correction of M/M/c for service-time variability: waits scale by (ca^2 + cs^2) / 2.
# Requests arrive at random (ca^2 = 1); an inference of a fixed model takes nearly the same time
# every call (cs^2 ~ 0.1), so waits are about half of the exponential-service figure.
ARRIVAL_CV2 = 1.0
SERVICE_CV2 = 0.1
KINGMAN_FACTOR = (ARRIVAL_CV2 + SERVICE_CV2) / 2


@dataclass(frozen=True)
class LatencyPart:
    name: str
    p50_ms: float
    p95_ms: float
    detail: str  # the inputs behind the number, for hovers and the record


@dataclass(frozen=True)
class LatencyPath:
    name: str  # "local", "cloud", "escalated"
    share: float  # share of requests that take this path
    parts: tuple[LatencyPart, ...]

    @property
    def p50_ms(self) -> float:
        return sum(part.p50_ms for part in self.parts)

    @property
    def p95_ms(self) -> float:
        return sum(part.p95_ms for part in self.parts)


@dataclass(frozen=True)
class OptionLatency:
    paths: tuple[LatencyPath, ...]

    @property
    def p95_ms(self) -> float:
        return mixture_quantile(self.paths, 0.95)

    @property
    def p50_ms(self) -> float:
        return mixture_quantile(self.paths, 0.50)

    def breakdown(self) -> str:
        """What the p95 is made of: its parts, or the paths of a mixture."""
        if len(self.paths) == 1:
            return " + ".join(f"{p.name} {ms(p.p95_ms)}" for p in self.paths[0].parts)
        mixes = ", ".join(
            f"{percent(path.share)} {path.name} (p95 {ms(path.p95_ms)})" for path in self.paths
        )
        return f"mixture of {mixes}"

    def explain(self) -> str:
        joiner = " = " if len(self.paths) == 1 else ": "
        return f"{self.breakdown()}{joiner}p95 ~ {ms(self.p95_ms)}"


def network_parts(
    network: NetworkProfile, upload_kb: float, download_kb: float
) -> tuple[LatencyPart, ...]:
    """Round trip plus the time to push the payload through the link in each direction."""
    upload_ms = transfer_ms(upload_kb, network.uplink_mbps)
    download_ms = transfer_ms(download_kb, network.downlink_mbps)
    return (
        LatencyPart(
            "network round trip",
            network.rtt_p50_ms,
            network.rtt_p95_ms,
            f"{network.name}: median {network.rtt_p50_ms:g} ms, p95 {network.rtt_p95_ms:g} ms",
        ),
        LatencyPart(
            "upload",
            upload_ms,
            upload_ms,
            f"{upload_kb:g} kB at {network.uplink_mbps:g} Mbit/s",
        ),
        LatencyPart(
            "download",
            download_ms,
            download_ms,
            f"{download_kb:g} kB at {network.downlink_mbps:g} Mbit/s",
        ),
    )


def transfer_ms(size_kb: float, mbit_per_s: float) -> float:
    """kB to kbit (x 8) over Mbit/s (= kbit per ms)."""
    return size_kb * 8.0 / mbit_per_s


def queueing_part(plan: PoolPlan, where: str) -> LatencyPart:
    """Waiting time at peak load for a slot of a pool (M/M/c, Kingman-corrected)."""
    units = f"{plan.units:,} {'unit' if plan.units == 1 else 'units'}"
    if plan.spare_units:
        units += f" ({plan.spare_units} spare)"
    copies = f" x {plan.copies} copies" if plan.copies > 1 else ""
    return LatencyPart(
        "queueing at peak",
        plan.wait_p50_ms,
        plan.wait_p95_ms,
        f"{where}: {units}{copies} x {plan.point.batch:,} in flight = {plan.slots:,} "
        f"{'slot' if plan.slots == 1 else 'slots'} at "
        f"{percent(plan.utilisation)} utilisation at peak, {ms(plan.point.latency_ms)} in "
        "service each (M/M/c, Kingman-corrected)",
    )


def queue_wait_ms(service_ms: float, utilisation: float, servers: int, quantile: float) -> float:
    """Quantile of the wait: P(W > t) = C(c, a) exp(-c (1 - rho) t / s), C the Erlang C formula."""
    if utilisation >= 1.0:
        return math.inf
    tail = 1.0 - quantile
    waiting = erlang_c(servers, utilisation)
    if waiting <= tail:
        return 0.0
    exponential = math.log(waiting / tail) * service_ms / (servers * (1.0 - utilisation))
    return KINGMAN_FACTOR * exponential


# Halfin-Whitt: with beta = (1 - rho) sqrt(c) at or above 3, fewer than 0.2 % of requests wait
# (P(wait) ~ 1 / (1 + beta Phi(beta) / phi(beta))), so no quantile of interest waits at all.
NO_WAIT_BETA = 3.0


@functools.lru_cache(maxsize=65_536)
def erlang_c(servers: int, utilisation: float) -> float:
    """Probability that a request waits, for c servers each busy `utilisation` of the time.

    Erlang B is the Poisson probability of c over that of at most c, B = p(c) / P(<= c) with
    mean a = c rho; for large pools the terms are summed in log space with numpy, so a pool of
    thousands of replicas stays exact and cheap. Then C = B / (1 - rho (1 - B)).
    """
    if utilisation <= 0 or servers > MAX_SERVERS:
        return 0.0
    if servers > LOOP_SERVERS and (1 - utilisation) * math.sqrt(servers) >= NO_WAIT_BETA:
        return 0.0
    offered = servers * utilisation  # load in erlangs
    if servers <= LOOP_SERVERS:
        blocking = 1.0  # B(0) = 1, then the stable recursion
        for k in range(1, servers + 1):
            blocking = offered * blocking / (k + offered * blocking)
    else:
        # Poisson terms more than 12 standard deviations below the mean add nothing.
        start = max(0, int(offered - 12 * math.sqrt(offered)) - 10)
        counts = np.arange(start, servers + 1)
        log_terms = counts * math.log(offered) - _log_factorials(counts)
        top = log_terms.max()
        blocking = math.exp(log_terms[-1] - top) / float(np.exp(log_terms - top).sum())
    return blocking / (1.0 - utilisation * (1.0 - blocking))


def _log_factorials(k: np.ndarray) -> np.ndarray:
    """ln(k!) for a run of consecutive integers, by one lgamma and a cumulative sum."""
    first = math.lgamma(float(k[0]) + 1.0)
    steps = np.log(np.maximum(k[1:], 1).astype(float))
    return first + np.concatenate(([0.0], np.cumsum(steps)))


def mixture_quantile(paths: tuple[LatencyPath, ...], quantile: float) -> float:
    """Quantile of a share-weighted mixture of lognormal path latencies, by bisection."""
    live = [path for path in paths if path.share > 0]
    if len(live) == 1:
        path = live[0]
        return path.p95_ms if quantile == 0.95 else path.p50_ms
    if any(math.isinf(path.p95_ms) for path in live):
        return math.inf
    total = sum(path.share for path in live)

    def cdf(t: float) -> float:
        return sum(path.share * _lognormal_cdf(t, path) for path in live) / total

    low, high = 0.0, max(path.p95_ms for path in live) * 10 + 1.0
    while high - low > 1e-6 * high:  # about 30 halvings
        middle = (low + high) / 2
        if cdf(middle) < quantile:
            low = middle
        else:
            high = middle
    return high


def _lognormal_cdf(t: float, path: LatencyPath) -> float:
    median, p95 = max(path.p50_ms, 1e-9), max(path.p95_ms, 1e-9)
    sigma = max(math.log(p95 / median) / Z95, 1e-6)
    if t <= 0:
        return 0.0
    return 0.5 * (1 + math.erf(math.log(t / median) / (sigma * math.sqrt(2))))
