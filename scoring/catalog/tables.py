"""Typed views of the catalog tables.

Each dataclass here is one catalog table: its numeric fields are the figures that table must
carry (every one with a source and an as-of date in the data file), and each field's metadata
gives its unit and the range an override may take. The catalog loader checks the data files
against these definitions, so a figure cannot be shipped without them.
"""

from dataclasses import dataclass, field, fields


def figure(unit: str, label: str, minimum: float = 0.0, maximum: float = 1e12) -> object:
    """A numeric catalog field with its unit, a human label and the range an override may take."""
    return field(metadata={"unit": unit, "label": label, "min": minimum, "max": maximum})


def figure_fields(cls: type) -> dict[str, dict]:
    """Name -> metadata of the numeric figures of a table class."""
    return {f.name: dict(f.metadata) for f in fields(cls) if "unit" in f.metadata}


def attribute_fields(cls: type) -> tuple[str, ...]:
    """Names of the non-numeric attributes (name, class, references) of a table class."""
    return tuple(f.name for f in fields(cls) if "unit" not in f.metadata and f.name != "id")


# The weight precisions a model can be stored in. What each takes in memory and how fast its
# matrix products run is catalog data (table `formats`), not a flat byte count.
PRECISIONS: tuple[str, ...] = ("fp32", "fp16", "bf16", "fp8", "int8", "int4")


# Where a device sits in the range of hardware, smallest first. Phones and laptops are the
# customers' own devices; the others are bought and run by the company.
DEVICE_CLASSES = (
    "microcontroller",
    "phone_npu",
    "laptop_npu",
    "npu_board",
    "soc_module",
    "industrial_pc",
    "mini_pc",
    "workstation",
    "server",
)
# What the hardware is built for: a development kit (bench and prototype use), consumer
# hardware (phones, laptops), office hardware (desktops, workstations), industrial hardware
# (extended temperature, long availability) or data-centre hardware (rack, ECC, redundancy).
DEVICE_GRADES = ("devkit", "consumer", "office", "industrial", "datacenter")
# Serving classes: every device class, plus the cloud GPUs the cloud option rents. Each has its
# runtime figures (efficiencies, overheads, batch limit) in the table `serving_classes`.
CLOUD_GPU_CLASS = "cloud_gpu"
SERVING_CLASSES = (*DEVICE_CLASSES, CLOUD_GPU_CLASS)


@dataclass(frozen=True)
class Device:
    """Hardware that runs inference at the site: a board, a mini PC, a workstation or a server."""

    id: str
    name: str
    device_class: str  # one of DEVICE_CLASSES
    grade: str  # one of DEVICE_GRADES: what environment and duty the hardware is built for
    precisions: str  # the weight precisions it runs, comma-separated ("int8, int4")
    price_usd: float = figure("USD", "Price per unit", 1.0)
    memory_gb: float = figure("GB", "Memory available to the model", 0.001)
    memory_bandwidth_gbps: float = figure("GB/s", "Memory bandwidth", 0.1)
    tops_int8: float = figure("TOPS", "Peak INT8 throughput", 0.1)
    power_w: float = figure("W", "Typical power under load", 0.1)
    accelerator_count: float = figure(
        "accelerators", "Accelerators (GPUs) that share one model, tensor parallel", 1.0, 64.0
    )

    @property
    def precision_names(self) -> tuple[str, ...]:
        return tuple(name.strip() for name in self.precisions.split(","))

    def runs(self, precision: str) -> bool:
        return precision in self.precision_names


@dataclass(frozen=True)
class Gpu:
    """A data-centre GPU type, used to estimate cloud inference time and capacity."""

    id: str
    name: str
    memory_gb: float = figure("GB", "GPU memory", 1.0)
    memory_bandwidth_gbps: float = figure("GB/s", "Memory bandwidth", 1.0)
    tops_int8: float = figure("TOPS", "Peak INT8 throughput", 1.0)


@dataclass(frozen=True)
class GpuInstance:
    """A cloud virtual machine with GPUs, billed per hour while it runs."""

    id: str
    name: str
    provider: str
    gpu: str  # id in the gpus table
    usd_per_hour: float = figure("USD/h", "On-demand price per instance-hour", 0.01)
    gpu_count: float = figure("GPUs", "GPUs per instance", 1.0, 64.0)


@dataclass(frozen=True)
class ServerlessGpu:
    """A serverless GPU endpoint billed per second of active inference."""

    id: str
    name: str
    provider: str
    gpu: str  # id in the gpus table
    usd_per_gpu_hour: float = figure("USD/GPU-h", "Price per GPU-hour of active time", 0.01)


@dataclass(frozen=True)
class LlmModel:
    """A hosted LLM API priced per token."""

    id: str
    name: str
    provider: str
    deprecation_date: str
    input_usd_per_mtok: float = figure("USD/1M tokens", "Input price")
    output_usd_per_mtok: float = figure("USD/1M tokens", "Output price")
    ttft_p50_ms: float = figure("ms", "Time to first token, median", 1.0)
    output_tokens_per_s: float = figure("tokens/s", "Output speed", 0.1)


@dataclass(frozen=True)
class NetworkProfile:
    """The network between a site and the cloud region."""

    id: str
    name: str
    rtt_p50_ms: float = figure("ms", "Round trip, median", 0.01)
    rtt_p95_ms: float = figure("ms", "Round trip, p95", 0.01)
    uplink_mbps: float = figure("Mbit/s", "Upload bandwidth", 0.001)
    downlink_mbps: float = figure("Mbit/s", "Download bandwidth", 0.001)
    availability_pct: float = figure("%", "Network availability", 0.0, 100.0)
    data_usd_per_gb: float = figure("USD/GB", "Data price on this link")
    site_usd_per_month: float = figure("USD/month", "Connection fee per site")


@dataclass(frozen=True)
class WeightFormat:
    """How the weights of one precision are stored and computed: the bits each weight really
    takes (quantisation scales and the layers kept at higher precision included) and the rate
    of its matrix products as a share of the accelerator's INT8 tensor rate."""

    id: str  # one of PRECISIONS
    name: str
    bits_per_weight: float = figure("bits", "Stored bits per weight, scales included", 1.0, 64.0)
    compute_rate: float = figure(
        "fraction", "Matrix-product rate as a share of the INT8 tensor rate", 0.01, 2.0
    )

    @property
    def bytes_per_parameter(self) -> float:
        return self.bits_per_weight / 8


@dataclass(frozen=True)
class ServingClass:
    """How a class of hardware serves a model: the runtime it typically runs, the share of peak
    compute and bandwidth that runtime reaches, and its fixed costs per call and per step."""

    id: str  # one of SERVING_CLASSES
    name: str
    runtime: str  # the serving runtime the figures describe
    compute_efficiency: float = figure(
        "fraction", "Share of peak compute reached by vision and other models", 0.001, 1.0
    )
    prefill_efficiency: float = figure(
        "fraction", "Share of peak compute reached by LLM prefill and speech encoders", 0.001, 1.0
    )
    engine_share: float = figure(
        "fraction",
        "Share of the published TOPS on the engine that runs LLMs and one stream",
        0.01,
        1.0,
    )
    bandwidth_efficiency: float = figure(
        "fraction", "Share of memory bandwidth reached while decoding", 0.01, 1.0
    )
    call_overhead_ms: float = figure("ms", "Fixed time per inference call or batch", 0.0, 1e5)
    request_overhead_ms: float = figure(
        "ms", "Fixed time per generative request (scheduling, first sampling)", 0.0, 1e5
    )
    step_overhead_ms: float = figure("ms", "Fixed time per LLM decode step", 0.0, 1e5)
    speech_step_overhead_ms: float = figure(
        "ms", "Fixed time per decoded token of a speech model (beam search, timestamps)", 0.0, 1e5
    )
    preprocess_mb_per_s: float = figure(
        "MB/s", "Input pre-processing rate (decoded input per second)", 0.001
    )
    runtime_memory_gb: float = figure("GB", "Memory the runtime itself takes", 0.0, 1000.0)
    usable_memory_fraction: float = figure(
        "fraction", "Share of installed memory the model and its runtime may take", 0.05, 1.0
    )
    max_batch: float = figure(
        "requests", "Most requests one model copy serves at once", 1.0, 4096.0
    )


@dataclass(frozen=True)
class Architecture:
    """A published LLM configuration, used to size the KV cache."""

    id: str
    name: str
    params_billion: float = figure("billion", "Parameters", 0.001)
    layers: float = figure("layers", "Transformer layers", 1.0, 1000.0)
    kv_heads: float = figure("heads", "Key/value heads", 1.0, 1000.0)
    head_dim: float = figure("values", "Head dimension", 1.0, 10000.0)


@dataclass(frozen=True)
class CloudEgress:
    """Price of data leaving a cloud region to the internet."""

    id: str
    name: str
    usd_per_gb: float = figure("USD/GB", "Internet egress price")


@dataclass(frozen=True)
class General:
    """Single-valued assumptions: prices, efficiencies, operating figures and uncertainty."""

    id: str
    name: str
    electricity_usd_per_kwh: float = figure("USD/kWh", "Electricity price", 0.0, 10.0)
    staff_usd_per_fte_year: float = figure("USD/year", "Loaded cost of one engineer")
    edge_installation_usd_per_device: float = figure("USD", "Installation per device")
    edge_ops_usd_per_device_month: float = figure("USD/month", "Fleet management per device")
    edge_update_usd_per_device: float = figure("USD", "Roll-out of one update to one device")
    update_validation_hours: float = figure("hours", "Validation effort per model update")
    edge_refresh_years: float = figure("years", "Edge hardware refresh cycle", 0.5, 20.0)
    edge_failure_rate_pct_per_year: float = figure("%/year", "Edge device failure rate", 0.0, 100.0)
    edge_repair_hours: float = figure("hours", "Time to repair or replace a device", 0.0, 8760.0)
    edge_staff_fte_base: float = figure("FTE", "Edge staff, fixed part", 0.0, 1000.0)
    edge_devices_per_fte: float = figure("devices/FTE", "Edge devices one engineer runs", 1.0)
    edge_units_per_site_max: float = figure("units", "Most units at one site", 1.0, 1000.0)
    customer_device_uplift_usd: float = figure("USD", "On-device AI uplift per customer device")
    customer_ota_usd_per_device_month: float = figure("USD/month", "OTA and telemetry per device")
    customer_devices_per_fte: float = figure(
        "devices/FTE", "Customer devices one engineer runs", 1.0
    )
    cloud_platform_usd_per_month: float = figure("USD/month", "Cloud platform fixed costs")
    cloud_staff_fte: float = figure("FTE", "Cloud staff", 0.0, 1000.0)
    cloud_sla_pct: float = figure("%", "Cloud service SLA", 0.0, 100.0)
    edge_target_utilisation: float = figure("fraction", "Edge utilisation at peak", 0.05, 0.99)
    cloud_target_utilisation: float = figure("fraction", "Cloud utilisation at peak", 0.05, 0.99)
    inference_p95_over_p50: float = figure("ratio", "Local inference p95 / median", 1.0, 100.0)
    hosted_p95_over_p50: float = figure("ratio", "Hosted API p95 / median", 1.0, 100.0)
    idle_power_fraction: float = figure(
        "fraction", "Power drawn when idle, share of load", 0.0, 1.0
    )
    runtime_overhead_fraction: float = figure("fraction", "Runtime memory, share of weights")
    kv_bytes_per_value: float = figure("bytes", "Bytes per value in an LLM's KV cache", 0.25, 8.0)
    vision_ops_per_param_megapixel: float = figure(
        "ops/param/MP", "Operations per parameter per megapixel of input, vision"
    )
    speech_window_s: float = figure("s", "Audio the speech encoder takes at once", 0.01, 3600.0)
    speech_positions_per_s: float = figure(
        "positions/s", "Encoder positions per second of audio, speech", 0.01, 10000.0
    )
    speech_tokens_per_s: float = figure("tokens/s", "Text tokens per second of speech", 0.01, 100.0)
    speech_decoder_share: float = figure(
        "fraction", "Share of a speech model's parameters in its text decoder", 0.0, 1.0
    )
    tabular_ops_per_param: float = figure("ops/param", "Operations per parameter, tabular")
    other_ops_per_param: float = figure("ops/param", "Operations per parameter, other")
    jpeg_bits_per_pixel: float = figure("bits/pixel", "JPEG size per pixel", 0.01, 48.0)
    audio_kbit_per_s: float = figure("kbit/s", "Audio bitrate of a speech request", 1.0, 10000.0)
    site_lan_rtt_p50_ms: float = figure("ms", "Site LAN round trip, median", 0.01, 1000.0)
    site_lan_rtt_p95_ms: float = figure("ms", "Site LAN round trip, p95", 0.01, 1000.0)
    site_lan_mbps: float = figure("Mbit/s", "Site LAN throughput", 0.1, 1e6)
    tensor_parallel_loss: float = figure(
        "per GPU", "Efficiency lost per extra GPU a model is split over", 0.0, 1.0
    )
    allreduce_latency_us: float = figure(
        "µs", "Latency of one all-reduce between GPUs of a split model", 0.0, 1e5
    )
    safety_spare_units: float = figure(
        "units", "Spare units per site server where failure is safety-critical", 0.0, 100.0
    )
    seasonal_amplitude: float = figure("fraction", "Seasonal swing of monthly volume", 0.0, 0.95)
    spiky_peak_factor: float = figure("ratio", "Extra peak factor for spiky demand", 1.0, 100.0)
    volume_uncertainty: float = figure("sigma", "Volume uncertainty (lognormal sigma)", 0.0, 3.0)
    growth_uncertainty_pct: float = figure("pp/month", "Growth uncertainty (std dev)", 0.0, 50.0)
    cloud_price_uncertainty: float = figure("sigma", "Cloud price uncertainty", 0.0, 3.0)
    hardware_price_uncertainty: float = figure("sigma", "Hardware price uncertainty", 0.0, 3.0)
    failure_rate_uncertainty: float = figure("sigma", "Failure rate uncertainty", 0.0, 3.0)
    electricity_uncertainty: float = figure("sigma", "Electricity price uncertainty", 0.0, 3.0)


TABLES: dict[str, type] = {
    "devices": Device,
    "gpus": Gpu,
    "gpu_instances": GpuInstance,
    "serverless_gpus": ServerlessGpu,
    "llm_models": LlmModel,
    "network_profiles": NetworkProfile,
    "architectures": Architecture,
    "formats": WeightFormat,
    "serving_classes": ServingClass,
    "cloud_egress": CloudEgress,
    "general": General,
}
