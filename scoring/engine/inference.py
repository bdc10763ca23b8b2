"""How long one batch, one prefill or one decode step takes on given hardware: a roofline at
batch size b, with the efficiencies and fixed overheads of the hardware's serving class.

Every request is a pass over its input (an LLM's prompt, a speech encoder's audio windows, an
image, a row of a table); generative models then take decode steps, one per output token. With
b requests in flight:

    pass time(b)  = call overhead + max(b x pass ops / compute, weight bytes / bandwidth)
    prefill       = request overhead + pass time(1)
    step time(b)  = step overhead + all-reduces
                    + max((step weight bytes + b x KV bytes per sequence) / bandwidth,
                          b x step ops / compute)

so a decode step reads the weights once for the whole batch and each sequence's KV cache
(continuous batching), and a batch of images reads the weights once while compute grows with
every image. Activations are taken to stay on chip (fused kernels); their traffic is part of
the calibrated efficiencies.

    compute   = tops_int8 x the format's compute_rate x the class's efficiency (prefill
                efficiency for LLMs and speech encoders, compute efficiency otherwise)
                x engine share (LLMs and single streams run on one engine of an SoC)
                x GPUs a copy is split over x their scaling efficiency
    bandwidth = memory bandwidth x the class's bandwidth_efficiency x GPUs x scaling efficiency

The efficiencies and overheads are catalog figures (serving_classes.yaml) calibrated on the
published measurements in validation.yaml; docs/validation.md compares every one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scoring.catalog.tables import General, ServingClass, WeightFormat

TERA = 1e12
GIGA = 1e9


@dataclass(frozen=True)
class Hardware:
    """What one copy of the model runs on: one accelerator, or `split` of them sharing it
    (tensor parallel). Figures are per accelerator, as the catalog gives them."""

    name: str
    serving_class: ServingClass
    tops_int8: float
    memory_bandwidth_gbps: float
    memory_gb: float
    split: int = 1

    def scaling_efficiency(self, general: General) -> float:
        """A model split over n GPUs gets n x the throughput at 1 / (1 + loss x (n - 1))."""
        return 1.0 / (1.0 + general.tensor_parallel_loss * (self.split - 1))

    def compute_ops_per_s(
        self, fmt: WeightFormat, transformer: bool, single_engine: bool, general: General
    ) -> float:
        """Operations a second: the large matrix products of LLMs and speech encoders reach
        the class's prefill efficiency, vision and other models its compute efficiency."""
        klass = self.serving_class
        share = klass.engine_share if single_engine else 1.0
        efficiency = klass.prefill_efficiency if transformer else klass.compute_efficiency
        per_gpu = self.tops_int8 * TERA * fmt.compute_rate * efficiency * share
        return per_gpu * self.split * self.scaling_efficiency(general)

    def bandwidth_bytes_per_s(self, general: General) -> float:
        per_gpu = self.memory_bandwidth_gbps * GIGA * self.serving_class.bandwidth_efficiency
        return per_gpu * self.split * self.scaling_efficiency(general)

    @property
    def copy_memory_gb(self) -> float:
        return self.memory_gb * self.split


@dataclass(frozen=True)
class Work:
    """What one request asks of the hardware, in operations and bytes."""

    kind: str
    weight_bytes: float  # every weight, read once per pass or batch
    pass_ops: float  # the pass over the input: prefill, encoder, or the whole inference
    steps: float  # decode steps (output tokens); 0 for a single pass
    step_weight_bytes: float  # weights a decode step reads (a speech model's decoder only)
    step_ops: float  # operations per sequence per decode step
    kv_bytes_per_token: float
    mean_context_tokens: float  # KV cache length on average while decoding
    layers: int  # transformer layers (two all-reduces each per step when split)
    fmt: WeightFormat

    @property
    def generative(self) -> bool:
        return self.steps > 0

    @property
    def single_engine_pass(self) -> bool:
        """LLMs and speech models run on the GPU alone; vision batches also use an SoC's DLAs."""
        return self.kind in ("llm", "speech")


def pass_ms(hardware: Hardware, work: Work, batch: int, general: General) -> float:
    """A pass over `batch` inputs together (one request's prefill when batch is 1)."""
    single = work.single_engine_pass or batch == 1
    compute = hardware.compute_ops_per_s(work.fmt, work.single_engine_pass, single, general)
    bandwidth = hardware.bandwidth_bytes_per_s(general)
    roofline_s = max(batch * work.pass_ops / compute, work.weight_bytes / bandwidth)
    return hardware.serving_class.call_overhead_ms + roofline_s * 1000


def step_ms(hardware: Hardware, work: Work, batch: int, general: General) -> float:
    """One decode step with `batch` sequences in flight."""
    if not work.generative:
        return 0.0
    compute = hardware.compute_ops_per_s(work.fmt, True, True, general)
    bandwidth = hardware.bandwidth_bytes_per_s(general)
    read = work.step_weight_bytes + batch * work.kv_bytes_per_token * work.mean_context_tokens
    roofline_s = max(read / bandwidth, batch * work.step_ops / compute)
    allreduce_ms = (
        2 * work.layers * general.allreduce_latency_us / 1000 if hardware.split > 1 else 0.0
    )
    klass = hardware.serving_class
    overhead = klass.speech_step_overhead_ms if work.kind == "speech" else klass.step_overhead_ms
    return overhead + allreduce_ms + roofline_s * 1000


def prefill_ms(hardware: Hardware, work: Work, general: General) -> float:
    """One generative request's pass over its input, with the runtime's fixed cost of taking
    on a request (scheduling it, sampling its first token)."""
    return hardware.serving_class.request_overhead_ms + pass_ms(hardware, work, 1, general)


@dataclass(frozen=True)
class ServingPoint:
    """One copy of the model with `batch` requests in flight (continuous batching)."""

    batch: int
    prefill_ms: float  # one request's pass over its input
    step_ms: float  # one decode step at this batch; 0 for a single pass
    latency_ms: float  # a request's time in service, median
    first_token_ms: float  # until the first output token (the whole response for one pass)
    throughput_rps: float  # requests a second the copy completes
    steps: float

    @property
    def tokens_per_s(self) -> float:
        """Output tokens a second one request sees while it decodes (0 for a single pass)."""
        decoding_ms = self.latency_ms - self.first_token_ms
        return self.steps / decoding_ms * 1000 if self.steps and decoding_ms > 0 else 0.0


def serving_point(hardware: Hardware, work: Work, batch: int, general: General) -> ServingPoint:
    """Latency and throughput of one copy with `batch` requests in flight.

    A single pass serves the batch together. A generative model decodes the batch in steps
    while it prefills newly arrived requests: with every slot busy, the other b - 1 requests'
    prefills stall my decoding for a share (b - 1) p / R of the time, so my time in service R
    solves R = p + a / (1 - (b - 1) p / R), with p the prefill and a = steps x step time(b):
    R^2 - (b p + a) R + (b - 1) p^2 = 0, the larger root.
    """
    if not work.generative:
        latency = pass_ms(hardware, work, batch, general)
        return ServingPoint(batch, latency, 0.0, latency, latency, batch / latency * 1000, 0.0)
    prefill = prefill_ms(hardware, work, general)
    step = step_ms(hardware, work, batch, general)
    decode = work.steps * step
    b_p = batch * prefill
    latency = (b_p + decode + math.sqrt((b_p + decode) ** 2 - 4 * (batch - 1) * prefill**2)) / 2
    # A new request waits for the step in flight, unless it is alone.
    first_token = prefill + (1 - 1 / batch) * step
    return ServingPoint(
        batch,
        prefill,
        step,
        latency,
        first_token,
        batch / latency * 1000,
        work.steps,
    )
