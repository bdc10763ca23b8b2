"""How the cloud bills, as the providers publish it: tiered transfer with free allowances,
serverless containers kept up between requests (and warm minimums, cold starts, CPU and memory),
and hosted APIs' cached-input and batch prices.

Pure functions over arrays of shape (draws, months), like the rest of the cost projection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from scoring.catalog import Catalog
from scoring.catalog.tables import LlmDiscounts, LlmModel, ServerlessTerms, TransferTiers
from scoring.model.scenario import Scenario
from scoring.model.units import HOURS_PER_MONTH, SECONDS_PER_MONTH

# A request that meets a cold start waits for it; when more than this share of requests would,
# the p95 includes a cold start.
COLD_START_SHARE_LIMIT = 0.05
MS_PER_HOUR = 3_600_000.0


def slug(text: str) -> str:
    """A provider's name as a catalog id: "Hugging Face" -> hugging_face."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


# --- data transfer ------------------------------------------------------------------------------


def transfer_usd(
    gb: np.ndarray, usd_per_gb: float, tiers: TransferTiers | None, price: np.ndarray
) -> np.ndarray:
    """A month's transfer priced through the free allowance and the volume tiers (each GB at the
    price of the tier it falls in); without tiers, every GB at `usd_per_gb`. `price` scales
    every paid tier (the cloud price factor)."""
    if tiers is None:
        return gb * usd_per_gb * price
    bands = (
        (tiers.free_gb_per_month, tiers.tier1_up_to_gb, usd_per_gb),
        (tiers.tier1_up_to_gb, tiers.tier2_up_to_gb, tiers.tier2_usd_per_gb),
        (tiers.tier2_up_to_gb, tiers.tier3_up_to_gb, tiers.tier3_usd_per_gb),
        (tiers.tier3_up_to_gb, np.inf, tiers.beyond_usd_per_gb),
    )
    total: np.ndarray | float = 0.0
    for start, end, rate in bands:
        if rate:
            total = total + np.minimum(np.maximum(gb - start, 0.0), end - start) * rate
    return np.zeros(np.shape(gb)) + total * price


def transfer_tiers(catalog: Catalog, egress_id: str) -> TransferTiers | None:
    if egress_id not in catalog.ids("transfer_tiers"):
        return None
    return catalog.get("transfer_tiers", egress_id)


# --- serverless GPUs -----------------------------------------------------------------------------


def serverless_terms(catalog: Catalog, provider: str) -> ServerlessTerms:
    entry_id = catalog.id_or_default("serverless_terms", slug(provider))
    return catalog.get("serverless_terms", entry_id)


@dataclass(frozen=True)
class ServerlessHours:
    """Container-hours a serverless pool bills in each month, and what they are made of."""

    busy: np.ndarray  # serving requests at the pool's target utilisation
    idle: np.ndarray  # kept up between requests (the idle timeout), beyond the busy hours
    cold: np.ndarray  # start-ups billed on cold starts
    warm_floor: np.ndarray  # the hours the warm minimum bills when it exceeds the rest
    cold_share: np.ndarray  # share of requests that meet a cold start
    kept_warm: np.ndarray  # containers kept warm (configured, or one to protect the p95)
    protects_p95: np.ndarray  # True where one is kept warm only because of the cold starts

    @property
    def total(self) -> np.ndarray:
        return np.maximum(self.busy + self.idle + self.cold, self.warm_floor)


def serverless_hours(
    requests: np.ndarray,
    requests_per_s_per_container: float,
    terms: ServerlessTerms,
    latency_limit_ms: float,
) -> ServerlessHours:
    """Container-hours billed for `requests` a month.

    busy = requests / (requests a second one container serves at the target utilisation)
    idle = the hours one container is kept up while requests arrive within the idle timeout of
           each other, beyond the hours containers are busy: a container is up
           730 h x P(a request in the last idle_timeout_s) = 730 (1 - exp(-rate x timeout)),
           and its busy hours are among those (a pool busy all month idles none)
    cold = requests that find no container (P = exp(-rate x timeout)) x the billed start-up
    Work that can wait is gathered and served in bursts: requests wait up to half the latency
    limit, so the pool wakes at most once in that time, and each wake bills one start-up and
    one idle timeout; the cheaper of the two ways is taken.
    With a warm minimum the pool bills at least min x 730 h and has no cold starts. When more
    than 5 % of requests would wait for a cold start longer than the latency limit, one
    container is kept warm, as a team that must meet the p95 would configure it.
    """
    rate = requests / SECONDS_PER_MONTH
    cold_share = np.exp(-rate * terms.idle_timeout_s)
    within = 1.0 - cold_share
    busy = requests / requests_per_s_per_container / 3600
    idle = np.maximum(HOURS_PER_MONTH * within - busy, 0.0)
    cold = requests * cold_share * terms.cold_start_s / 3600
    wait_s = latency_limit_ms / 1000 / 2
    if wait_s > terms.idle_timeout_s + terms.cold_start_s:
        wakes = np.minimum(SECONDS_PER_MONTH / wait_s, requests)
        burst_idle = wakes * terms.idle_timeout_s / 3600
        burst_cold = wakes * terms.cold_start_s / 3600
        bursts = burst_idle + burst_cold < idle + cold
        idle, cold = np.where(bursts, burst_idle, idle), np.where(bursts, burst_cold, cold)
    protect = (
        (requests > 0)
        & (cold_share > COLD_START_SHARE_LIMIT)
        & (terms.cold_start_s * 1000 > latency_limit_ms)
    )
    kept_warm = np.maximum(terms.min_containers, np.where(protect, 1.0, 0.0))
    warm = kept_warm > 0
    return ServerlessHours(
        busy=busy,
        idle=idle,
        cold=np.where(warm, 0.0, cold),
        warm_floor=kept_warm * HOURS_PER_MONTH,
        cold_share=np.where(warm, 0.0, cold_share),
        kept_warm=kept_warm,
        protects_p95=protect & (terms.min_containers < 1),
    )


def serverless_usd_per_hour(gpu_usd_per_hour: float, terms: ServerlessTerms) -> float:
    """A container-hour: the GPU plus the CPU and memory billed beside it."""
    return (
        gpu_usd_per_hour
        + terms.cpu_cores * terms.usd_per_core_hour
        + terms.memory_gib * terms.usd_per_gib_hour
    )


# --- hosted LLM APIs -----------------------------------------------------------------------------


def llm_discounts(catalog: Catalog, llm: LlmModel) -> LlmDiscounts:
    entry_id = catalog.id_or_default("llm_discounts", llm.id, slug(llm.provider))
    return catalog.get("llm_discounts", entry_id)


def uses_batch(scenario: Scenario, discounts: LlmDiscounts) -> bool:
    """Whether requests can go through the provider's batch API: it is cheaper and the latency
    limit waits for its completion window."""
    return (
        discounts.batch_price_share < 1
        and scenario.requirements.max_latency_ms >= discounts.batch_window_hours * MS_PER_HOUR
    )


@dataclass(frozen=True)
class TokenPrice:
    """The price of one request to a hosted API, as billed."""

    input_usd: float  # uncached prompt tokens
    cached_usd: float  # prompt tokens read from the provider's cache
    output_usd: float
    batch_share: float  # 1, or the batch price share when the batch API is used

    @property
    def usd_per_request(self) -> float:
        return (self.input_usd + self.cached_usd + self.output_usd) * self.batch_share


def token_price(scenario: Scenario, llm: LlmModel, discounts: LlmDiscounts) -> TokenPrice:
    workload = scenario.workload
    cached = workload.tokens_in_cached
    return TokenPrice(
        input_usd=(workload.tokens_in - cached) * llm.input_usd_per_mtok / 1e6,
        cached_usd=cached * llm.input_usd_per_mtok * discounts.cached_input_share / 1e6,
        output_usd=workload.tokens_out * llm.output_usd_per_mtok / 1e6,
        batch_share=discounts.batch_price_share if uses_batch(scenario, discounts) else 1.0,
    )
