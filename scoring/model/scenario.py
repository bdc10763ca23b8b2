"""The scenario file, version 1: what a user decides about, validated once at the boundary.

The sections `requirements`, `workload`, `model` and the top-level `version`, `name`,
`description` and `horizon_months` are the public contract (docs/scenario-format.md). The other
sections (`edge`, `cloud`, `network`, `hybrid`, `weights`, `assumptions`, `decision`) are this
project's design; every field has a default so a file with only the contract fields is complete.

Validation is strict: a YAML `no` is not silently an enum value and `"1e3"` is not a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from scoring.catalog import default_catalog
from scoring.model.vocabulary import (
    CRITERIA,
    OPTIONS,
    CloudPricing,
    DataLeaving,
    DataSensitivity,
    DecisionStatus,
    Demand,
    FailureMode,
    HybridPattern,
    Offline,
    Option,
    Precision,
    WorkloadKind,
)

SCENARIO_VERSION = 1
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
Text = Annotated[str, Field(max_length=4000)]
SHORT_TEXT_MAX = 200  # characters in a name, an id or a one-line note
MAX_LATENCY_MS = 604_800_000  # one week: the longest latency a limit or a measurement may have
MAX_COST_USD = 1_000_000  # the most a measurement may report per request or per task
ShortText = Annotated[str, Field(max_length=SHORT_TEXT_MAX)]


@dataclass(frozen=True)
class CatalogRef:
    """Marks a text field as the id of a catalog entry (or `auto`, where the engine chooses).

    The field's validator and the JSON Schema's list of allowed ids both come from this mark."""

    table: str
    allow_auto: bool = False

    def allowed(self) -> tuple[str, ...]:
        ids = default_catalog().ids(self.table)
        return ("auto", *ids) if self.allow_auto else ids

    def check(self, value: str) -> str:
        allowed = self.allowed()
        if value not in allowed:
            raise ValueError(f"unknown {self.table} id {value!r}; allowed: {', '.join(allowed)}")
        return value


def catalog_id(table: str, allow_auto: bool = False) -> object:
    """The type of a field naming a catalog entry."""
    ref = CatalogRef(table, allow_auto)
    return Annotated[str, Field(max_length=SHORT_TEXT_MAX), ref, AfterValidator(ref.check)]


DeviceId = catalog_id("devices", allow_auto=True)
ArchitectureId = catalog_id("architectures", allow_auto=True)
LlmModelId = catalog_id("llm_models")
ServerlessGpuId = catalog_id("serverless_gpus")
GpuInstanceId = catalog_id("gpu_instances")
EgressId = catalog_id("cloud_egress")
NetworkProfileId = catalog_id("network_profiles")


class _Section(BaseModel):
    model_config = ConfigDict(
        strict=True, extra="forbid", frozen=True, allow_inf_nan=False, validate_default=True
    )


class Requirements(_Section):
    """The eight questions every edge / cloud decision must answer."""

    max_latency_ms: float = Field(
        200.0,
        gt=0,
        le=MAX_LATENCY_MS,
        description="p95 end-to-end response time the product can accept, in milliseconds "
        "(up to 7 days for batch work).",
    )
    offline: Offline = Field(
        "not_needed",
        description="Must the product keep working without an internet connection?",
    )
    data_leaving: DataLeaving = Field(
        "raw",
        description="The most revealing data that may leave the device or organisation: "
        "none, results_only, anonymized or raw.",
    )
    data_sensitivity: DataSensitivity = Field(
        "internal", description="How sensitive the input data is."
    )
    model_updates_per_year: int = Field(
        4, ge=0, le=365, description="How often a new model version is rolled out, per year."
    )
    devices: int = Field(
        1,
        ge=1,
        le=10_000_000,
        description="Devices or sites that would run inference locally.",
    )
    demand: Demand = Field("steady", description="Shape of demand: steady, seasonal or spiky.")
    failure_mode: FailureMode = Field(
        "degrade",
        description="What must happen when the cloud or a device fails: safety_critical, "
        "degrade or can_wait.",
    )
    quality_measurement: Text = Field(
        "", description="How model quality is measured after deployment (free text)."
    )
    results_needed_centrally: bool = Field(
        False,
        description="Designed extension: results must reach a central place (dashboards, "
        "fleet-wide trends, central quality checks). Pure edge sends nothing, so it cannot.",
    )


class Workload(_Section):
    kind: WorkloadKind = Field("other", description="vision, llm, speech, tabular or other.")
    requests_per_month: float = Field(
        1_000_000,
        ge=0,
        le=1_000_000_000_000,
        description="Inference requests per month, all devices together, at month 1.",
    )
    growth_pct_per_month: float = Field(
        0.0, ge=-50, le=100, description="Compound monthly growth of the volume, in percent."
    )
    peak_to_average: float = Field(
        2.0, ge=1, le=1000, description="Peak request rate divided by the average rate."
    )
    input_kb: float = Field(
        10.0, ge=0, le=1_000_000, description="Kilobytes sent per request to a cloud model."
    )
    output_kb: float = Field(1.0, ge=0, le=1_000_000, description="Kilobytes returned per request.")
    tokens_in: int = Field(0, ge=0, le=10_000_000, description="Prompt tokens per request (llm).")
    tokens_out: int = Field(
        0, ge=0, le=1_000_000, description="Generated tokens per request (llm)."
    )


class Model(_Section):
    params_billion: float = Field(
        0.1, gt=0, le=10_000, description="Model parameters, in billions."
    )
    precision: Precision = Field("fp16", description="Weight precision on the device.")
    architecture: ArchitectureId = Field(
        "auto",
        description="Catalog architecture used to size the KV cache of an LLM; `auto` picks "
        "the published configuration nearest in parameter count.",
    )
    layers: int | None = Field(None, ge=1, le=1000, description="Transformer layers (LLM).")
    kv_heads: int | None = Field(None, ge=1, le=1000, description="Key/value heads (LLM).")
    head_dim: int | None = Field(None, ge=1, le=10_000, description="Head dimension (LLM).")
    context_tokens: int | None = Field(
        None,
        ge=1,
        le=10_000_000,
        description="Context held in the KV cache; default tokens_in + tokens_out.",
    )


class EdgeSettings(_Section):
    devices_owned_by: Literal["operator", "customers"] = Field(
        "operator",
        description="operator: the company buys, installs, powers and replaces the devices. "
        "customers: the devices are consumer products the customers own (speakers, phones); "
        "the operator pays only the on-device AI uplift per unit, over-the-air updates and "
        "the engineers who run them.",
    )
    device: DeviceId = Field(
        "auto",
        description="Catalog device id to pin, or `auto` for the cheapest device that fits, "
        "meets the latency limit and carries the load.",
    )

    @property
    def customer_owned(self) -> bool:
        return self.devices_owned_by == "customers"


class CloudSettings(_Section):
    pricing: CloudPricing | Literal["auto"] = Field(
        "auto",
        description="per_token (hosted LLM API), per_request (serverless GPU, per second of "
        "work), gpu_hour (GPU instances sized for peak); auto: per_token for LLMs, else "
        "per_request.",
    )
    llm_model: LlmModelId = Field("gpt_6_luna", description="Catalog LLM for per-token pricing.")
    serverless_gpu: ServerlessGpuId = Field(
        "modal_l4", description="Catalog serverless GPU for per-request pricing."
    )
    gpu_instance: GpuInstanceId = Field(
        "aws_g6_xlarge", description="Catalog GPU instance for GPU-hour pricing."
    )
    egress: EgressId = Field("aws_internet", description="Catalog egress price for responses.")


class NetworkSettings(_Section):
    profile: NetworkProfileId = Field(
        "metro", description="Catalog network profile between the sites and the cloud region."
    )


class HybridSettings(_Section):
    pattern: HybridPattern | Literal["auto"] = Field(
        "auto", description="Hybrid pattern to use, or `auto` to let the engine choose."
    )
    escalation_share: float = Field(
        0.15,
        ge=0,
        le=1,
        description="Share of requests the local model escalates to the cloud "
        "(escalate_hard_cases pattern).",
    )
    local_params_billion: float | None = Field(
        None,
        gt=0,
        le=10_000,
        description="Size of the small local model for escalate_hard_cases and "
        "anonymize_then_send; default: the scenario's model if it fits, else a 3 B model "
        "for LLMs and a tenth of the model otherwise.",
    )


class Decision(_Section):
    """Metadata of the decision record (MADR front matter)."""

    title: ShortText = Field("", description="Record title; default: the scenario name.")
    status: DecisionStatus = "proposed"
    date: str | None = Field(None, description="YYYY-MM-DD; default: the day it is written.")
    decision_makers: tuple[ShortText, ...] = ()
    consulted: tuple[ShortText, ...] = ()
    informed: tuple[ShortText, ...] = ()
    supersedes: tuple[ShortText, ...] = Field(
        (), description="File names of the records this one replaces, oldest first."
    )
    superseded_by: ShortText = Field("", description="File name of the record replacing this.")
    notes: Text = ""

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        # YAML reads an unquoted 2026-11-26 as a date; the scenario keeps it as text.
        if hasattr(value, "isoformat"):
            return value.isoformat()[:10]
        return value

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None and not ISO_DATE.match(value):
            raise ValueError("date must be written YYYY-MM-DD")
        return value

    @field_validator("decision_makers", "consulted", "informed", mode="before")
    @classmethod
    def _list_as_tuple(cls, value: object) -> object:
        return tuple(value) if isinstance(value, list) else value

    @field_validator("supersedes", mode="before")
    @classmethod
    def _one_name_as_list(cls, value: object) -> object:
        # Records written before a record could supersede several name one file as text.
        if isinstance(value, str):
            return (value,) if value.strip() else ()
        return tuple(value) if isinstance(value, list) else value


class Measurement(_Section):
    """What a prototype of one option measured on real requests."""

    requests: int = Field(ge=1, le=100_000_000, description="Requests measured.")
    latency_p50_ms: float = Field(ge=0, le=MAX_LATENCY_MS)
    latency_p95_ms: float = Field(ge=0, le=MAX_LATENCY_MS)
    latency_p99_ms: float = Field(ge=0, le=MAX_LATENCY_MS)
    success_rate: float = Field(ge=0, le=1, description="Share of requests that succeeded.")
    requests_during_network_loss: int = Field(0, ge=0, le=100_000_000)
    success_rate_during_network_loss: float | None = Field(None, ge=0, le=1)
    cost_per_task_usd: float | None = Field(
        None, ge=0, le=MAX_COST_USD, description="Measured cost divided by successful requests."
    )


class Evidence(_Section):
    """Measured prototype results; with `replace_estimates` they take the estimates' place."""

    source: ShortText = Field("", description="Where the measurements come from (file, date).")
    replace_estimates: bool = Field(
        False,
        description="Use the measured p95 latency, cost per task and behaviour during network "
        "loss instead of the engine's estimates.",
    )
    measured: dict[Option, Measurement] = Field(default_factory=dict)

    @field_validator("measured")
    @classmethod
    def _in_option_order(cls, value: dict[Option, Measurement]) -> dict[Option, Measurement]:
        # Edge, cloud, hybrid as everywhere else, whatever order a file (or sorted JSON) has.
        return {option: value[option] for option in OPTIONS if option in value}


Weight = Annotated[float, Field(ge=0, le=1000)]


class Scenario(_Section):
    version: Literal[1] = Field(SCENARIO_VERSION, description="Scenario file format version.")
    name: Annotated[str, Field(min_length=1, max_length=SHORT_TEXT_MAX)] = Field(
        description="Short name of the scenario."
    )
    description: Text = ""
    requirements: Requirements = Requirements()
    workload: Workload = Workload()
    model: Model = Model()
    horizon_months: int = Field(
        60, ge=1, le=240, description="Months over which costs are projected."
    )
    edge: EdgeSettings = EdgeSettings()
    cloud: CloudSettings = CloudSettings()
    network: NetworkSettings = NetworkSettings()
    hybrid: HybridSettings = HybridSettings()
    weights: dict[str, Weight] = Field(
        default_factory=dict,
        description="Criterion weights the user pinned (relative; normalised to 100 %). "
        "Criteria left out take the weight derived from the answers.",
    )
    assumptions: dict[str, float] = Field(
        default_factory=dict,
        description="Overrides of catalog figures, keyed table.entry.field, e.g. "
        "devices.jetson_orin_nano_super.price_usd.",
    )
    decision: Decision = Decision()
    evidence: Evidence = Evidence()
    sources: Text = Field("", description="Where the scenario's own figures come from.")

    @field_validator("weights")
    @classmethod
    def _known_criteria(cls, weights: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(weights) - set(CRITERIA))
        if unknown:
            raise ValueError(
                f"unknown criterion {', '.join(unknown)}; allowed: {', '.join(CRITERIA)}"
            )
        return weights

    @field_validator("assumptions")
    @classmethod
    def _known_figures(cls, assumptions: dict[str, float]) -> dict[str, float]:
        problems = []
        for key, value in assumptions.items():
            problem = default_catalog().check_override(key, value)
            if problem:
                problems.append(f"{key} {problem}")
        if problems:
            raise ValueError("; ".join(problems))
        return assumptions

    @model_validator(mode="after")
    def _round_trips_ordered(self) -> Scenario:
        catalog = default_catalog().with_overrides(self.assumptions)
        for profile in catalog.ids("network_profiles"):
            p50 = catalog.value(f"network_profiles.{profile}.rtt_p50_ms")
            p95 = catalog.value(f"network_profiles.{profile}.rtt_p95_ms")
            if p95 < p50:
                raise ValueError(
                    f"assumptions: network_profiles.{profile}.rtt_p95_ms ({p95:g} ms) must be at "
                    f"least rtt_p50_ms ({p50:g} ms)"
                )
        return self

    @model_validator(mode="after")
    def _weights_not_all_zero(self) -> Scenario:
        if self.weights and len(self.weights) == len(CRITERIA) and not any(self.weights.values()):
            raise ValueError("weights: at least one criterion needs a weight above 0")
        return self
