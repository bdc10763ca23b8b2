"""Typed views of the catalog tables.

Each dataclass here is one catalog table: its numeric fields are the figures that table must
carry (every one with a source and an as-of date in the data file), and each field's metadata
gives its unit and the range an override may take. The catalog loader checks the data files
against these definitions, so a figure cannot be shipped without them.
"""

from dataclasses import dataclass, field, fields
from datetime import date


def figure(unit: str, label: str, minimum: float = 0.0, maximum: float = 1e12) -> object:
    """A numeric catalog field with its unit, a human label and the range an override may take."""
    return field(metadata={"unit": unit, "label": label, "min": minimum, "max": maximum})


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

# Bytes one weight takes in each precision.
BYTES_PER_PARAMETER: dict[str, float] = {
    "fp32": 4.0,
    "fp16": 2.0,
    "bf16": 2.0,
    "fp8": 1.0,
    "int8": 1.0,
    "int4": 0.5,
}


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


@dataclass(frozen=True)
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
    """A hosted LLM API priced per token, with the date its provider shuts it down (if any) and
    the catalog id of the provider's recommended replacement."""

    id: str
    name: str
    provider: str
    retired_on: str  # ISO date the API stops serving the model, or NO_RETIREMENT
    successor: str  # catalog id of the recommended replacement, or NO_SUCCESSOR
    input_usd_per_mtok: float = figure("USD/1M tokens", "Input price")
    output_usd_per_mtok: float = figure("USD/1M tokens", "Output price")
    ttft_p50_ms: float = figure("ms", "Time to first token, median", 1.0)
    output_tokens_per_s: float = figure("tokens/s", "Output speed", 0.1)

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
    compute_efficiency: float = figure("fraction", "Share of peak TOPS reached", 0.001, 1.0)
    prefill_efficiency_discrete_gpu: float = figure(
        "fraction", "Share of peak TOPS in LLM prompt processing, discrete GPUs", 0.001, 1.0
    )
    prefill_efficiency_embedded: float = figure(
        "fraction", "Share of peak TOPS in LLM prompt processing, SoCs and NPU boards", 0.001, 1.0
    )
    bandwidth_efficiency: float = figure("fraction", "Share of memory bandwidth reached", 0.01, 1.0)
    batch_throughput_gain: float = figure("ratio", "Cloud GPU throughput gain from batching", 1.0)
    inference_overhead_ms: float = figure("ms", "Fixed time per inference call")
    preprocess_ms: float = figure("ms", "Pre-processing on the device")
    inference_p95_over_p50: float = figure("ratio", "Local inference p95 / median", 1.0, 100.0)
    hosted_p95_over_p50: float = figure("ratio", "Hosted API p95 / median", 1.0, 100.0)
    idle_power_fraction: float = figure(
        "fraction", "Power drawn when idle, share of load", 0.0, 1.0
    )
    usable_memory_fraction: float = figure("fraction", "Memory usable by the model", 0.05, 1.0)
    runtime_overhead_gb: float = figure("GB", "Runtime memory, fixed part")
    runtime_overhead_fraction: float = figure("fraction", "Runtime memory, share of weights")
    vision_ops_per_param: float = figure("ops/param", "Operations per parameter, vision")
    speech_ops_per_param: float = figure("ops/param", "Operations per parameter, speech")
    tabular_ops_per_param: float = figure("ops/param", "Operations per parameter, tabular")
    other_ops_per_param: float = figure("ops/param", "Operations per parameter, other")
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
    "cloud_egress": CloudEgress,
    "general": General,
}
