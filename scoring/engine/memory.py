"""Does the model fit? Memory needed = weights + KV cache (LLMs) + runtime overhead.

Weights are parameters x the bits per weight of their format (formats.yaml: int4 with its
scales and the layers kept at higher precision, not a flat half byte). The KV cache holds keys
and values for every layer, key/value head and position: 2 x layers x kv_heads x head_dim x
bytes per value, per token of context (grouped-query attention uses the KV heads, not the query
heads). One sequence's context is counted for the fit; more sequences in flight take more KV
cache, which bounds the batch (scoring.engine.serving).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scoring.catalog import Catalog
from scoring.catalog.tables import CLOUD_GPU_CLASS, Architecture, WeightFormat
from scoring.model.scenario import Model, Scenario
from scoring.model.units import memory_size

GB = 1e9
# Memory is sold in binary gigabytes: a "48 GB" card, a "8 GB" Jetson and a "2 MB" SRAM hold
# 48 x 2^30 bytes, 8 x 2^30, 2 x 2^20. Model sizes here are decimal (1e9 bytes).
GB_PER_MEMORY_GB = 2**30 / GB


@dataclass(frozen=True)
class KvLayout:
    layers: int
    kv_heads: int
    head_dim: int
    source: str  # where the layout comes from, for the explanation
    architecture: str | None = None  # catalog id of the published layout used, if one was
    bytes_per_value: float = 2.0  # general.kv_bytes_per_value: FP16/BF16 unless quantised

    @property
    def bytes_per_token(self) -> float:
        return 2 * self.layers * self.kv_heads * self.head_dim * self.bytes_per_value


@dataclass(frozen=True)
class MemoryNeed:
    params_billion: float
    precision: str
    weights_gb: float
    kv_cache_gb: float
    overhead_gb: float
    context_tokens: int
    kv_layout: KvLayout | None
    fmt: WeightFormat

    @property
    def total_gb(self) -> float:
        return self.weights_gb + self.kv_cache_gb + self.overhead_gb

    @property
    def kv_bytes_per_token(self) -> float:
        return self.kv_layout.bytes_per_token if self.kv_layout else 0.0

    @property
    def kv_gb_per_sequence(self) -> float:
        return self.kv_cache_gb

    def sequences_fitting(self, usable_gb: float) -> int:
        """Sequences whose KV cache fits beside the weights and runtime in `usable_gb` (at least
        one when the model fits at all; unbounded without a KV cache)."""
        if self.kv_cache_gb <= 0:
            return 1_000_000
        room = usable_gb - self.weights_gb - self.overhead_gb
        return max(0, int(room / self.kv_cache_gb))

    def explain(self) -> str:
        parts = [
            f"weights {self.params_billion:g} bn parameters x {self.fmt.bits_per_weight:g} "
            f"bits each ({self.fmt.name}) = {memory_size(self.weights_gb)}"
        ]
        if self.kv_layout:
            parts.append(
                f"KV cache {self.kv_bytes_per_token / 1024:.0f} KiB/token x "
                f"{self.context_tokens:,} tokens = {memory_size(self.kv_cache_gb)} "
                f"({self.kv_layout.source})"
            )
        parts.append(f"runtime overhead {memory_size(self.overhead_gb)}")
        return "; ".join(parts) + f"; total {memory_size(self.total_gb)}"


@dataclass(frozen=True)
class MemoryFit:
    need: MemoryNeed
    device_memory_gb: float
    usable_gb: float

    @property
    def fits(self) -> bool:
        return self.need.total_gb <= self.usable_gb

    @property
    def share_used(self) -> float:
        return self.need.total_gb / self.usable_gb if self.usable_gb > 0 else float("inf")

    def explain(self) -> str:
        verdict = "fits" if self.fits else "does not fit"
        return (
            f"needs {memory_size(self.need.total_gb)} of {memory_size(self.usable_gb)} usable "
            f"({_installed(self.device_memory_gb)} installed): {verdict}"
        )


def _installed(gb: float) -> str:
    """Memory as sold: "48 GB", "4.2 MB"."""
    return f"{gb:g} GB" if gb >= 0.1 else f"{gb * 1000:g} MB"


def memory_need(
    scenario: Scenario,
    catalog: Catalog,
    params_billion: float,
    precision: str,
    serving_class: str = CLOUD_GPU_CLASS,
) -> MemoryNeed:
    """What one copy of the model needs on hardware of `serving_class`, whose runtime takes
    its own memory beside the model (a CUDA context, an NPU driver, a tensor arena)."""
    general = catalog.general
    runtime_gb = catalog.get("serving_classes", serving_class).runtime_memory_gb
    fmt: WeightFormat = catalog.get("formats", precision)
    weights_gb = params_billion * fmt.bytes_per_parameter
    layout = None
    context = 0
    kv_cache_gb = 0.0
    if scenario.workload.kind == "llm":
        layout = kv_layout(scenario.model, catalog, params_billion)
        context = context_tokens(scenario)
        kv_cache_gb = layout.bytes_per_token * context / GB
    overhead_gb = runtime_gb + general.runtime_overhead_fraction * weights_gb
    return MemoryNeed(
        params_billion=params_billion,
        precision=precision,
        weights_gb=weights_gb,
        kv_cache_gb=kv_cache_gb,
        overhead_gb=overhead_gb,
        context_tokens=context,
        kv_layout=layout,
        fmt=fmt,
    )


def memory_fit(need: MemoryNeed, device_memory_gb: float, usable_fraction: float) -> MemoryFit:
    """`device_memory_gb` as the catalog gives it: a memory size as sold, in binary gigabytes."""
    return MemoryFit(
        need=need,
        device_memory_gb=device_memory_gb,
        usable_gb=device_memory_gb * GB_PER_MEMORY_GB * usable_fraction,
    )


def context_tokens(scenario: Scenario) -> int:
    given = scenario.model.context_tokens
    return given if given else max(1, scenario.workload.tokens_in + scenario.workload.tokens_out)


def kv_layout(model: Model, catalog: Catalog, params_billion: float) -> KvLayout:
    """The model's own layout when given, else a published configuration (pinned or nearest).

    A pinned or explicit layout describes the scenario's model; a smaller local model (a
    hybrid's) takes the published layout nearest its own size instead."""
    if params_billion != model.params_billion:
        model = Model(params_billion=params_billion, precision=model.precision)
    kv_bytes = catalog.general.kv_bytes_per_value
    if model.layers and model.kv_heads and model.head_dim:
        return KvLayout(
            model.layers, model.kv_heads, model.head_dim, "layout from the scenario", None, kv_bytes
        )
    reference = nearest_architecture(model, catalog, params_billion)
    how = "pinned architecture" if model.architecture != "auto" else "nearest published size"
    return KvLayout(
        layers=model.layers or int(reference.layers),
        kv_heads=model.kv_heads or int(reference.kv_heads),
        head_dim=model.head_dim or int(reference.head_dim),
        source=f"{reference.name} layout, {how}",
        architecture=reference.id,
        bytes_per_value=kv_bytes,
    )


def nearest_architecture(model: Model, catalog: Catalog, params_billion: float) -> Architecture:
    """The published configuration a model of this size is read as: the pinned one, else the
    nearest in parameter count, by ratio (so 0.5 B is nearer 1 B than 3 B)."""
    architectures: tuple[Architecture, ...] = catalog.all("architectures")
    if model.architecture != "auto" and params_billion == model.params_billion:
        return next(a for a in architectures if a.id == model.architecture)
    return min(architectures, key=lambda a: abs(math.log(a.params_billion / params_billion)))
