"""How long one inference takes on a given accelerator, at batch 1 (the median, p50).

A roofline estimate: the time is bounded by compute (operations / effective TOPS) or by memory
(bytes read / effective bandwidth), whichever is slower, plus a fixed overhead per call. LLM
requests have two phases: the prompt (prefill, compute-bound, 2 x parameters operations per
token) and generation (decode, memory-bound: every token reads all weights plus the KV cache),
so decode speed is bounded by memory bandwidth / bytes read per token.

Prefill runs large matrix products that reach a far larger share of peak TOPS than a small
vision model at batch 1 does, so it has its own efficiencies, one for discrete GPUs and one for
SoCs and NPU boards (each derived from a published prompt-processing rate in general.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.catalog.tables import BYTES_PER_PARAMETER, Device, General, Gpu
from scoring.model.scenario import Scenario

TERA = 1e12
GIGA = 1e9
# Device classes whose TOPS are one discrete GPU's; the other classes (NPU boards, SoC modules,
# mini PCs) publish a platform figure that counts engines an LLM runtime leaves idle.
DISCRETE_GPU_CLASSES = frozenset({"workstation", "server"})


@dataclass(frozen=True)
class Accelerator:
    """What a model runs on: an edge device or a cloud GPU."""

    name: str
    tops_int8: float
    memory_bandwidth_gbps: float
    memory_gb: float
    discrete_gpu: bool = True  # cloud GPUs are; an edge device says by its class

    @classmethod
    def of(cls, hardware: Device | Gpu) -> Accelerator:
        return cls(
            name=hardware.name,
            tops_int8=hardware.tops_int8,
            memory_bandwidth_gbps=hardware.memory_bandwidth_gbps,
            memory_gb=hardware.memory_gb,
            discrete_gpu=not isinstance(hardware, Device)
            or hardware.device_class in DISCRETE_GPU_CLASSES,
        )

    def prefill_ops_per_s(self, general: General) -> float:
        efficiency = (
            general.prefill_efficiency_discrete_gpu
            if self.discrete_gpu
            else general.prefill_efficiency_embedded
        )
        return self.tops_int8 * TERA * efficiency


@dataclass(frozen=True)
class InferenceTime:
    p50_ms: float
    overhead_ms: float
    compute_ms: float  # prefill for an LLM
    memory_ms: float  # decode for an LLM
    tokens_per_s: float  # LLM decode rate; 0 otherwise
    llm: bool
    prompt_tokens_per_s: float = 0.0  # LLM prefill rate; 0 otherwise

    @property
    def bound(self) -> str:
        return "memory bandwidth" if self.memory_ms >= self.compute_ms else "compute"

    def explain(self) -> str:
        if self.llm:
            return (
                f"prefill {self.compute_ms:.0f} ms at {self.prompt_tokens_per_s:,.0f} prompt "
                f"tokens/s + decode {self.memory_ms:.0f} ms at "
                f"{self.tokens_per_s:.1f} tokens/s + {self.overhead_ms:g} ms overhead"
            )
        return (
            f"max(compute {self.compute_ms:.2f} ms, memory {self.memory_ms:.2f} ms) + "
            f"{self.overhead_ms:g} ms overhead; {self.bound}-bound"
        )


def inference_time(
    accelerator: Accelerator,
    params_billion: float,
    precision: str,
    scenario: Scenario,
    general: General,
    kv_bytes_per_token: float = 0.0,
) -> InferenceTime:
    workload = scenario.workload
    weight_bytes = params_billion * GIGA * BYTES_PER_PARAMETER[precision]
    ops_per_s = accelerator.tops_int8 * TERA * general.compute_efficiency
    bytes_per_s = accelerator.memory_bandwidth_gbps * GIGA * general.bandwidth_efficiency
    overhead_ms = general.inference_overhead_ms
    if workload.kind == "llm":
        prompt_tokens = max(1, workload.tokens_in)
        prompt_tokens_per_s = accelerator.prefill_ops_per_s(general) / (2 * params_billion * GIGA)
        prefill_ms = prompt_tokens / prompt_tokens_per_s * 1000
        mean_context = workload.tokens_in + workload.tokens_out / 2
        bytes_per_token = weight_bytes + kv_bytes_per_token * mean_context
        tokens_per_s = bytes_per_s / bytes_per_token
        decode_ms = workload.tokens_out / tokens_per_s * 1000
        return InferenceTime(
            p50_ms=overhead_ms + prefill_ms + decode_ms,
            overhead_ms=overhead_ms,
            compute_ms=prefill_ms,
            memory_ms=decode_ms,
            tokens_per_s=tokens_per_s,
            llm=True,
            prompt_tokens_per_s=prompt_tokens_per_s,
        )
    ops = ops_per_parameter(workload.kind, general) * params_billion * GIGA
    compute_ms = ops / ops_per_s * 1000
    memory_ms = weight_bytes / bytes_per_s * 1000
    return InferenceTime(
        p50_ms=overhead_ms + max(compute_ms, memory_ms),
        overhead_ms=overhead_ms,
        compute_ms=compute_ms,
        memory_ms=memory_ms,
        tokens_per_s=0.0,
        llm=False,
    )


def ops_per_parameter(kind: str, general: General) -> float:
    return {
        "vision": general.vision_ops_per_param,
        "speech": general.speech_ops_per_param,
        "tabular": general.tabular_ops_per_param,
    }.get(kind, general.other_ops_per_param)
