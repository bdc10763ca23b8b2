"""Does the model fit? Memory needed = weights + KV cache (LLMs) + runtime overhead.

Weights are parameters x bytes per parameter. The KV cache holds keys and values for every
layer, key/value head and position: 2 x layers x kv_heads x head_dim x bytes per value, per
token of context (grouped-query attention uses the KV heads, not the query heads).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scoring.catalog import Catalog
from scoring.catalog.tables import BYTES_PER_PARAMETER, Architecture
from scoring.model.scenario import Model, Scenario

GB = 1e9
KV_BYTES_PER_VALUE = 2.0  # runtimes keep the KV cache in fp16/bf16 whatever the weights use


@dataclass(frozen=True)
class KvLayout:
    layers: int
    kv_heads: int
    head_dim: int
    source: str  # where the layout comes from, for the explanation
    architecture: str | None = None  # catalog id of the published layout used, if one was

    @property
    def bytes_per_token(self) -> float:
        return 2 * self.layers * self.kv_heads * self.head_dim * KV_BYTES_PER_VALUE


@dataclass(frozen=True)
class MemoryNeed:
    params_billion: float
    precision: str
    weights_gb: float
    kv_cache_gb: float
    overhead_gb: float
    context_tokens: int
    kv_layout: KvLayout | None

    @property
    def total_gb(self) -> float:
        return self.weights_gb + self.kv_cache_gb + self.overhead_gb

    @property
    def kv_bytes_per_token(self) -> float:
        return self.kv_layout.bytes_per_token if self.kv_layout else 0.0

    def explain(self) -> str:
        parts = [
            f"weights {self.params_billion:g} bn parameters x "
            f"{BYTES_PER_PARAMETER[self.precision]:g} bytes each ({self.precision}) "
            f"= {self.weights_gb:.2f} GB"
        ]
        if self.kv_layout:
            parts.append(
                f"KV cache {self.kv_bytes_per_token / 1024:.0f} KiB/token x "
                f"{self.context_tokens:,} tokens = {self.kv_cache_gb:.2f} GB "
                f"({self.kv_layout.source})"
            )
        parts.append(f"runtime overhead {self.overhead_gb:.2f} GB")
        return "; ".join(parts) + f"; total {self.total_gb:.2f} GB"


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
            f"needs {self.need.total_gb:.2f} GB of {self.usable_gb:.2f} GB usable "
            f"({self.device_memory_gb:g} GB installed): {verdict}"
        )


def memory_need(
    scenario: Scenario, catalog: Catalog, params_billion: float, precision: str
) -> MemoryNeed:
    general = catalog.general
    weights_gb = params_billion * BYTES_PER_PARAMETER[precision]
    layout = None
    context = 0
    kv_cache_gb = 0.0
    if scenario.workload.kind == "llm":
        layout = kv_layout(scenario.model, catalog, params_billion)
        context = context_tokens(scenario)
        kv_cache_gb = layout.bytes_per_token * context / GB
    overhead_gb = general.runtime_overhead_gb + general.runtime_overhead_fraction * weights_gb
    return MemoryNeed(
        params_billion=params_billion,
        precision=precision,
        weights_gb=weights_gb,
        kv_cache_gb=kv_cache_gb,
        overhead_gb=overhead_gb,
        context_tokens=context,
        kv_layout=layout,
    )


def memory_fit(need: MemoryNeed, device_memory_gb: float, usable_fraction: float) -> MemoryFit:
    return MemoryFit(
        need=need, device_memory_gb=device_memory_gb, usable_gb=device_memory_gb * usable_fraction
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
    if model.layers and model.kv_heads and model.head_dim:
        return KvLayout(model.layers, model.kv_heads, model.head_dim, "layout from the scenario")
    architectures: tuple[Architecture, ...] = catalog.all("architectures")
    if model.architecture != "auto":
        reference = next(a for a in architectures if a.id == model.architecture)
        how = "pinned architecture"
    else:
        reference = min(
            architectures, key=lambda a: abs(math.log(a.params_billion / params_billion))
        )
        how = "nearest published size"  # by ratio, so 0.5 B is nearer 1 B than 3 B
    return KvLayout(
        layers=model.layers or int(reference.layers),
        kv_heads=model.kv_heads or int(reference.kv_heads),
        head_dim=model.head_dim or int(reference.head_dim),
        source=f"{reference.name} layout, {how}",
        architecture=reference.id,
    )
