"""What one request is: the size of its input, and the operations and bytes it asks of the
hardware that serves it.

Compute follows the input: vision with the image's pixels, speech with the audio's seconds,
LLMs with the prompt and answer tokens. Where the scenario gives no image size or audio length,
they are derived from `input_kb` (a JPEG's bits per pixel, an audio bitrate) and the derivation
is said where the result is shown.

    vision   pass ops = model.gflops, else ops per parameter per megapixel x parameters x MP
    speech   encoder over 30 s windows: 2 x encoder parameters x 50 positions a second x
             the windows' seconds; then tokens_out decode steps (default 3 text tokens a
             second of audio), each reading the decoder's weights (a Whisper-style
             encoder-decoder)
    llm      prefill 2 x parameters x prompt tokens; one decode step per output token reading
             all weights and the sequence's KV cache
    tabular  model.gflops, else 2 x parameters (one multiply-add each) per row
    other    model.gflops, else the catalog's operations per parameter
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scoring.catalog import Catalog
from scoring.catalog.tables import General, WeightFormat
from scoring.engine.inference import GIGA, Work
from scoring.engine.memory import MemoryNeed
from scoring.model.scenario import Scenario

PCM_BYTES_PER_SECOND = 16_000 * 2  # what a speech front end decodes: 16 kHz 16-bit mono
RGB_BYTES_PER_PIXEL = 3


@dataclass(frozen=True)
class InputSize:
    """The input of one request, as pre-processing and the model see it."""

    kind: str
    megapixels: float  # vision; 0 otherwise
    audio_seconds: float  # speech; 0 otherwise
    decoded_mb: float  # what pre-processing produces: RGB pixels, PCM audio, text
    derived: tuple[str, ...]  # how a value not given in the scenario was derived

    def describe(self) -> str:
        if self.kind == "vision":
            return f"{self.megapixels:,.2f} MP image"
        if self.kind == "speech":
            return f"{self.audio_seconds:,.1f} s of audio"
        return f"{self.decoded_mb * 1000:,.1f} kB of input"


def input_size(scenario: Scenario, general: General) -> InputSize:
    workload = scenario.workload
    kind = workload.kind
    derived: list[str] = []
    if kind == "vision":
        megapixels = workload.image_megapixels
        if megapixels is None:
            megapixels = workload.input_kb * 1000 * 8 / general.jpeg_bits_per_pixel / 1e6
            derived.append(
                f"image size derived from input_kb: {workload.input_kb:g} kB at "
                f"{general.jpeg_bits_per_pixel:g} bits per pixel ≈ {megapixels:,.2f} megapixels "
                "(give workload.image_megapixels to set it)"
            )
        return InputSize(kind, megapixels, 0.0, megapixels * RGB_BYTES_PER_PIXEL, tuple(derived))
    if kind == "speech":
        seconds = workload.audio_seconds
        if seconds is None:
            seconds = workload.input_kb * 8 / general.audio_kbit_per_s
            derived.append(
                f"audio length derived from input_kb: {workload.input_kb:g} kB at "
                f"{general.audio_kbit_per_s:g} kbit/s ≈ {seconds:,.1f} s "
                "(give workload.audio_seconds to set it)"
            )
        decoded = seconds * PCM_BYTES_PER_SECOND / 1e6
        return InputSize(kind, 0.0, seconds, decoded, tuple(derived))
    return InputSize(kind, 0.0, 0.0, workload.input_kb / 1000, ())


def request_work(
    scenario: Scenario,
    catalog: Catalog,
    need: MemoryNeed,
    size: InputSize,
) -> Work:
    """The operations and bytes one request of the scenario asks of a copy of `need`'s model."""
    general = catalog.general
    workload, model = scenario.workload, scenario.model
    params = need.params_billion * GIGA
    fmt: WeightFormat = need.fmt
    weight_bytes = need.weights_gb * GIGA
    own_model = need.params_billion == model.params_billion
    given_ops = model.gflops * GIGA if model.gflops and own_model else None
    layers = need.kv_layout.layers if need.kv_layout else 0
    if workload.kind == "llm":
        tokens_in, tokens_out = max(1, workload.tokens_in), workload.tokens_out
        return Work(
            kind="llm",
            weight_bytes=weight_bytes,
            pass_ops=2 * params * tokens_in,
            steps=float(tokens_out),
            step_weight_bytes=weight_bytes,
            step_ops=2 * params,
            kv_bytes_per_token=need.kv_bytes_per_token,
            mean_context_tokens=tokens_in + tokens_out / 2,
            layers=layers,
            fmt=fmt,
        )
    if workload.kind == "speech":
        window = general.speech_window_s
        windows = max(1, math.ceil(size.audio_seconds / window - 1e-9))
        decoder = general.speech_decoder_share
        positions = windows * window * general.speech_positions_per_s
        return Work(
            kind="speech",
            weight_bytes=weight_bytes,
            pass_ops=2 * params * (1 - decoder) * positions,
            steps=float(workload.tokens_out)
            if workload.tokens_out
            else size.audio_seconds * general.speech_tokens_per_s,
            step_weight_bytes=weight_bytes * decoder,
            step_ops=2 * params * decoder,
            kv_bytes_per_token=0.0,
            mean_context_tokens=0.0,
            layers=0,
            fmt=fmt,
        )
    if given_ops is not None:
        ops = given_ops
    elif workload.kind == "vision":
        ops = general.vision_ops_per_param_megapixel * params * size.megapixels
    elif workload.kind == "tabular":
        ops = general.tabular_ops_per_param * params
    else:
        ops = general.other_ops_per_param * params
    return Work(
        kind=workload.kind,
        weight_bytes=weight_bytes,
        pass_ops=ops,
        steps=0.0,
        step_weight_bytes=0.0,
        step_ops=0.0,
        kv_bytes_per_token=0.0,
        mean_context_tokens=0.0,
        layers=0,
        fmt=fmt,
    )
