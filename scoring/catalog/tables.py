"""Typed views of the catalog tables.

Each dataclass here is one catalog table: its numeric fields are the figures that table must
carry (every one with a source and an as-of date in the data file), and each field's metadata
gives its unit and the range an override may take. The catalog loader checks the data files
against these definitions, so a figure cannot be shipped without them.
"""

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")


def figure(unit: str, label: str, minimum: float = 0.0, maximum: float = 1e12) -> Any:
    """A numeric catalog field with its unit, a human label and the range an override may take."""
    # Typed Any like dataclasses.field: the type checker reads the field's annotation (float).
    return field(metadata={"unit": unit, "label": label, "min": minimum, "max": maximum})


# Each ranged operating figure comes as three figures, `<name>`, `<name>_low` and `<name>_high`:
# the value used and the P10 and P90 the uncertainty analysis draws between (one list of uncertain
# inputs serves the Monte Carlo band and the tornado: scoring.engine.uncertain).
RANGE_SUFFIXES = ("_low", "_high")


def ranged(unit: str, label: str, minimum: float = 0.0, maximum: float = 1e12) -> Any:
    """A figure whose P10 and P90 live beside it as `<name>_low` and `<name>_high`."""
    return field(
        metadata={"unit": unit, "label": label, "min": minimum, "max": maximum, "ranged": True}
    )


def bound(unit: str, label: str, minimum: float = 0.0, maximum: float = 1e12) -> Any:
    """The P10 (`_low`) or P90 (`_high`) of a ranged figure."""
    return figure(unit, label, minimum, maximum)


def ranged_fields(cls: type) -> tuple[str, ...]:
    """Names of the figures of a table that carry a range."""
    return tuple(f.name for f in fields(cls) if f.metadata.get("ranged"))


@dataclass_transform(frozen_default=True, field_specifiers=(field, figure, ranged, bound))
def table(cls: type[_T]) -> type[_T]:
    """A catalog table: a frozen dataclass whose `figure(...)` fields are required numbers
    (declared to type checkers, which would otherwise take `figure(...)` for a default)."""
    return dataclass(frozen=True)(cls)


def figure_fields(cls: type) -> dict[str, dict]:
    """Name -> metadata of the numeric figures of a table class."""
    return {f.name: dict(f.metadata) for f in fields(cls) if "unit" in f.metadata}


def attribute_fields(cls: type) -> tuple[str, ...]:
    """Names of the non-numeric attributes (name, class, references) of a table class."""
    return tuple(f.name for f in fields(cls) if "unit" not in f.metadata and f.name != "id")


# The date the shipped catalog's prices, specs and hosted-model lists were last checked. Each
# figure also carries the as-of date of its own source, which is often earlier.
CATALOG_AS_OF = "2026-12-06"
# How llm_models.yaml says a model has no announced shutdown or no named replacement.
NO_RETIREMENT = "none announced"
NO_SUCCESSOR = "none"
# How llm_models.yaml says a model's maker does not publish its size.
UNDISCLOSED = "undisclosed"

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


@table
class Device:
    """Hardware that runs inference where the data is: a microcontroller, a customer's phone or
    laptop, a board, a module, an industrial or mini PC, a workstation or a server.

    For a multi-GPU server, memory_gb, memory_bandwidth_gbps and tops_int8 are per accelerator
    and accelerator_count is how many accelerators share one model (tensor parallel); price_usd
    and power_w are for the whole server.
    """

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


@table
class Gpu:
    """A data-centre GPU type, used to estimate cloud inference time and capacity."""

    id: str
    name: str
    memory_gb: float = figure("GB", "GPU memory", 1.0)
    memory_bandwidth_gbps: float = figure("GB/s", "Memory bandwidth", 1.0)
    tops_int8: float = figure("TOPS", "Peak INT8 throughput", 1.0)


@table
class GpuInstance:
    """A cloud virtual machine with GPUs, billed per hour while it runs."""

    id: str
    name: str
    provider: str
    gpu: str  # id in the gpus table
    usd_per_hour: float = figure("USD/h", "On-demand price per instance-hour", 0.01)
    gpu_count: float = figure("GPUs", "GPUs per instance", 1.0, 64.0)


@table
class ServerlessGpu:
    """A serverless GPU endpoint billed per second of active inference."""

    id: str
    name: str
    provider: str
    gpu: str  # id in the gpus table
    usd_per_gpu_hour: float = figure("USD/GPU-h", "Price per GPU-hour of active time", 0.01)


@table
class LlmModel:
    """A hosted LLM API priced per token, with the date its provider shuts it down (if any) and
    the catalog id of the provider's recommended replacement."""

    id: str
    name: str
    provider: str
    retired_on: str  # ISO date the API stops serving the model, or NO_RETIREMENT
    successor: str  # catalog id of the recommended replacement, or NO_SUCCESSOR
    # The parameter count its maker publishes, in billions (a mixture of experts counts all its
    # experts), or UNDISCLOSED; the entry's source says where it is published.
    parameters: str
    input_usd_per_mtok: float = figure("USD/1M tokens", "Input price")
    output_usd_per_mtok: float = figure("USD/1M tokens", "Output price")
    ttft_p50_ms: float = figure("ms", "Time to first token, median", 1.0)
    output_tokens_per_s: float = figure("tokens/s", "Output speed", 0.1)

    @property
    def params_billion(self) -> float | None:
        """The published size in billions of parameters, or None when it is not published."""
        return None if self.parameters == UNDISCLOSED else float(self.parameters)

    @property
    def retirement_date(self) -> date | None:
        """The announced shutdown date, or None when none is announced."""
        return None if self.retired_on == NO_RETIREMENT else date.fromisoformat(self.retired_on)

    def retired(self, on: str = CATALOG_AS_OF) -> bool:
        """Whether the provider has shut the model down by the given ISO date."""
        retirement = self.retirement_date
        return retirement is not None and retirement <= date.fromisoformat(on)

    def lifecycle(self, on: str = CATALOG_AS_OF) -> str:
        """The model's status on the given ISO date, in words, with its successor."""
        if self.retirement_date is None:
            status = "available, no retirement announced"
        elif self.retired(on):
            status = f"retired on {self.retired_on}"
        else:
            status = f"available, retires on {self.retired_on}"
        if self.successor != NO_SUCCESSOR:
            status += f"; successor {self.successor}"
        return status


@table
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


@table
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


@table
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


@table
class Architecture:
    """A published LLM configuration, used to size the KV cache."""

    id: str
    name: str
    family: str  # the sizes one publisher trained together ("llama_3", "qwen2_5")
    params_billion: float = figure("billion", "Parameters", 0.001)
    layers: float = figure("layers", "Transformer layers", 1.0, 1000.0)
    kv_heads: float = figure("heads", "Key/value heads", 1.0, 1000.0)
    head_dim: float = figure("values", "Head dimension", 1.0, 10000.0)


@table
class CloudEgress:
    """Price of data leaving a cloud region to the internet."""

    id: str
    name: str
    usd_per_gb: float = figure("USD/GB", "Internet egress price")


@table
class General:
    """Single-valued assumptions: prices, efficiencies, operating figures and uncertainty."""

    id: str
    name: str
    electricity_usd_per_kwh: float = figure("USD/kWh", "Electricity price", 0.0, 10.0)
    edge_refresh_years: float = figure("years", "Edge hardware refresh cycle", 0.5, 20.0)
    edge_failure_rate_pct_per_year: float = figure("%/year", "Edge device failure rate", 0.0, 100.0)
    edge_repair_hours: float = figure("hours", "Time to repair or replace a device", 0.0, 8760.0)
    edge_common_cause_share: float = figure(
        "fraction", "Share of a unit's failures that take down every unit at its site", 0.0, 1.0
    )
    edge_units_per_site_max: float = figure("units", "Most units at one site", 1.0, 1000.0)
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


# --- Money: operating drivers, cloud billing terms and price tiers ------------------------------
@table
class Operations:
    """What it takes to run each option: people (by driver), fees, and the ranges of the
    scenario's own uncertain inputs. Hours are engineer-hours unless the name says support."""

    id: str
    name: str
    # People: loaded cost of a year of work.
    engineer_usd_per_year: float = ranged("USD/year", "Loaded cost of one engineer")
    engineer_usd_per_year_low: float = bound("USD/year", "Engineer cost, P10")
    engineer_usd_per_year_high: float = bound("USD/year", "Engineer cost, P90")
    support_usd_per_year: float = ranged("USD/year", "Loaded cost of one support agent")
    support_usd_per_year_low: float = bound("USD/year", "Support agent cost, P10")
    support_usd_per_year_high: float = bound("USD/year", "Support agent cost, P90")
    # Fleet work, by who owns the hardware and where it stands.
    fleet_platform_hours_per_month: float = ranged(
        "h/month", "Fixed work to run any fleet of company hardware"
    )
    fleet_platform_hours_per_month_low: float = bound("h/month", "Fleet platform work, P10")
    fleet_platform_hours_per_month_high: float = bound("h/month", "Fleet platform work, P90")
    site_hours_per_month: float = ranged("h/site/month", "Work per site with company hardware")
    site_hours_per_month_low: float = bound("h/site/month", "Work per site, P10")
    site_hours_per_month_high: float = bound("h/site/month", "Work per site, P90")
    field_device_hours_per_month: float = ranged(
        "h/device/month", "Work per company device in the field"
    )
    field_device_hours_per_month_low: float = bound("h/device/month", "Field device work, P10")
    field_device_hours_per_month_high: float = bound("h/device/month", "Field device work, P90")
    server_hours_per_month: float = ranged(
        "h/server/month", "Work per company server or workstation"
    )
    server_hours_per_month_low: float = bound("h/server/month", "Server work, P10")
    server_hours_per_month_high: float = bound("h/server/month", "Server work, P90")
    # Model releases.
    release_hours_per_update: float = ranged("h/update", "Validating one model update")
    release_hours_per_update_low: float = bound("h/update", "Validation per update, P10")
    release_hours_per_update_high: float = bound("h/update", "Validation per update, P90")
    rollout_hours_per_device_update: float = ranged(
        "h/device/update", "Hands-on roll-out work per company device and update"
    )
    rollout_hours_per_device_update_low: float = bound("h/device/update", "Roll-out work, P10")
    rollout_hours_per_device_update_high: float = bound("h/device/update", "Roll-out work, P90")
    app_release_hours_per_update: float = ranged(
        "h/update", "Shipping one model update to customer-owned devices"
    )
    app_release_hours_per_update_low: float = bound("h/update", "App release work, P10")
    app_release_hours_per_update_high: float = bound("h/update", "App release work, P90")
    # Customer-owned devices.
    app_platform_hours_per_month: float = ranged(
        "h/month", "Fixed work to keep a model running on customers' devices"
    )
    app_platform_hours_per_month_low: float = bound("h/month", "App platform work, P10")
    app_platform_hours_per_month_high: float = bound("h/month", "App platform work, P90")
    support_contacts_per_device_year: float = ranged(
        "contacts/device/year", "Support contacts about the on-device model"
    )
    support_contacts_per_device_year_low: float = bound("contacts/device/year", "Contacts, P10")
    support_contacts_per_device_year_high: float = bound("contacts/device/year", "Contacts, P90")
    support_minutes_per_contact: float = ranged("min/contact", "Handling time per contact")
    support_minutes_per_contact_low: float = bound("min/contact", "Handling time, P10")
    support_minutes_per_contact_high: float = bound("min/contact", "Handling time, P90")
    app_store_usd_per_year: float = figure("USD/year", "App store developer programme")
    # On-call, where a failure is safety-critical.
    oncall_usd_per_week: float = ranged("USD/week", "On-call pay per person on duty")
    oncall_usd_per_week_low: float = bound("USD/week", "On-call pay, P10")
    oncall_usd_per_week_high: float = bound("USD/week", "On-call pay, P90")
    oncall_people_on_duty: float = figure("people", "People on call at any time", 0.0, 100.0)
    # Cloud platform work and fees, by the kind of service.
    hosted_api_hours_per_month: float = ranged("h/month", "Work to run a hosted API")
    hosted_api_hours_per_month_low: float = bound("h/month", "Hosted API work, P10")
    hosted_api_hours_per_month_high: float = bound("h/month", "Hosted API work, P90")
    serverless_hours_per_month: float = ranged("h/month", "Work to run a serverless GPU service")
    serverless_hours_per_month_low: float = bound("h/month", "Serverless work, P10")
    serverless_hours_per_month_high: float = bound("h/month", "Serverless work, P90")
    gpu_instance_hours_per_month: float = ranged("h/month", "Work to run GPU instances, base")
    gpu_instance_hours_per_month_low: float = bound("h/month", "GPU instance work, P10")
    gpu_instance_hours_per_month_high: float = bound("h/month", "GPU instance work, P90")
    gpu_instance_hours_per_instance_month: float = ranged(
        "h/instance/month", "Work per running GPU instance"
    )
    gpu_instance_hours_per_instance_month_low: float = bound(
        "h/instance/month", "Work per instance, P10"
    )
    gpu_instance_hours_per_instance_month_high: float = bound(
        "h/instance/month", "Work per instance, P90"
    )
    hosted_api_platform_usd_per_month: float = ranged("USD/month", "Platform fees, hosted API")
    hosted_api_platform_usd_per_month_low: float = bound("USD/month", "Hosted API fees, P10")
    hosted_api_platform_usd_per_month_high: float = bound("USD/month", "Hosted API fees, P90")
    serverless_platform_usd_per_month: float = ranged("USD/month", "Platform fees, serverless")
    serverless_platform_usd_per_month_low: float = bound("USD/month", "Serverless fees, P10")
    serverless_platform_usd_per_month_high: float = bound("USD/month", "Serverless fees, P90")
    gpu_instance_platform_usd_per_month: float = ranged("USD/month", "Platform fees, GPU instances")
    gpu_instance_platform_usd_per_month_low: float = bound("USD/month", "GPU instance fees, P10")
    gpu_instance_platform_usd_per_month_high: float = bound("USD/month", "GPU instance fees, P90")
    hybrid_cloud_floor_share: float = ranged(
        "fraction", "Least share of a cloud service a hybrid's cloud side costs", 0.0, 1.0
    )
    hybrid_cloud_floor_share_low: float = bound("fraction", "Hybrid floor, P10", 0.0, 1.0)
    hybrid_cloud_floor_share_high: float = bound("fraction", "Hybrid floor, P90", 0.0, 1.0)
    # Company hardware: installing it and the fleet tooling per device.
    installation_usd_per_device: float = ranged("USD/device", "Installation per device")
    installation_usd_per_device_low: float = bound("USD/device", "Installation, P10")
    installation_usd_per_device_high: float = bound("USD/device", "Installation, P90")
    fleet_tooling_usd_per_device_month: float = ranged(
        "USD/device/month", "Fleet management tooling per device"
    )
    fleet_tooling_usd_per_device_month_low: float = bound("USD/device/month", "Tooling, P10")
    fleet_tooling_usd_per_device_month_high: float = bound("USD/device/month", "Tooling, P90")
    # Spreads of the scenario's own inputs, as multipliers of the value entered (P10, P90).
    peak_low: float = figure("x", "Peak-to-average ratio, P10 multiplier", 0.01, 1.0)
    peak_high: float = figure("x", "Peak-to-average ratio, P90 multiplier", 1.0, 100.0)
    payload_low: float = figure("x", "Payload and tokens, P10 multiplier", 0.01, 1.0)
    payload_high: float = figure("x", "Payload and tokens, P90 multiplier", 1.0, 100.0)
    model_updates_low: float = figure("x", "Model updates a year, P10 multiplier", 0.0, 1.0)
    model_updates_high: float = figure("x", "Model updates a year, P90 multiplier", 1.0, 100.0)
    network_prices_low: float = figure("x", "Site fees and data prices, P10 multiplier", 0.01, 1.0)
    network_prices_high: float = figure(
        "x", "Site fees and data prices, P90 multiplier", 1.0, 100.0
    )


@table
class ServerlessTerms:
    """How a serverless GPU provider bills beyond the GPU-seconds: containers kept warm, the idle
    time before a container stops, the start-up billed on a cold start, CPU and memory. Keyed by
    the provider (`default` for providers without an entry)."""

    id: str
    name: str
    min_containers: float = figure("containers", "Containers kept warm", 0.0, 1000.0)
    idle_timeout_s: float = figure("s", "Idle time before a container stops", 0.0, 86400.0)
    cold_start_s: float = figure("s", "Billed start-up of a cold container", 0.0, 3600.0)
    cpu_cores: float = figure("cores", "CPU cores billed per container", 0.0, 256.0)
    usd_per_core_hour: float = figure("USD/core-h", "CPU price")
    memory_gib: float = figure("GiB", "Memory billed per container", 0.0, 4096.0)
    usd_per_gib_hour: float = figure("USD/GiB-h", "Memory price")


@table
class TransferTiers:
    """The free allowance and the volume tiers of a data-transfer price list (per month, one
    account). The first paid tier's price is the `cloud_egress` entry's `usd_per_gb`."""

    id: str
    name: str
    free_gb_per_month: float = figure("GB/month", "Free transfer a month")
    tier1_up_to_gb: float = figure("GB/month", "End of the first paid tier")
    tier2_usd_per_gb: float = figure("USD/GB", "Second tier price")
    tier2_up_to_gb: float = figure("GB/month", "End of the second tier")
    tier3_usd_per_gb: float = figure("USD/GB", "Third tier price")
    tier3_up_to_gb: float = figure("GB/month", "End of the third tier")
    beyond_usd_per_gb: float = figure("USD/GB", "Price beyond the third tier")


@table
class LlmDiscounts:
    """Published discounts of a hosted LLM (keyed by model id, else by provider, else
    `default`): the price of a cached input token and of a batch request, as shares of the
    standard price, and the window in which a batch completes."""

    id: str
    name: str
    cached_input_share: float = figure("fraction", "Cached input price / input price", 0.0, 1.0)
    batch_price_share: float = figure("fraction", "Batch price / standard price", 0.0, 1.0)
    batch_window_hours: float = figure("h", "Batch completion window", 0.0, 8760.0)


# Any table's record, for code that reads a table named at run time.
TableRecord = (
    Device
    | Gpu
    | GpuInstance
    | ServerlessGpu
    | LlmModel
    | NetworkProfile
    | Architecture
    | CloudEgress
    | General
    | Operations
    | ServerlessTerms
    | TransferTiers
    | LlmDiscounts
    | WeightFormat
    | ServingClass
)

# Table name -> record class. A new table also gets its overloads of Catalog.get and
# Catalog.all (a unit test checks that they agree with this).
TABLES: dict[str, type[TableRecord]] = {
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
    "operations": Operations,
    "serverless_terms": ServerlessTerms,
    "transfer_tiers": TransferTiers,
    "llm_discounts": LlmDiscounts,
}
