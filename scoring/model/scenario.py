"""The scenario file, version 1: what a user decides about, validated once at the boundary.

The sections `requirements`, `workload`, `model` and the top-level `version`, `name`,
`description` and `horizon_months` are the public contract (docs/scenario-format.md). The other
sections (`edge`, `cloud`, `network`, `hybrid`, `weights`, `assumptions`, `decision`) are this
project's design; every field has a default so a file with only the contract fields is complete.

Validation is strict: a YAML `no` is not silently an enum value and `"1e3"` is not a number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Final, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic_core import core_schema

from scoring.catalog import default_catalog
from scoring.catalog.loader import RETIRED_FIGURES, canonical_key
from scoring.model.problems import capped_list, shown
from scoring.model.readonly import ReadOnlyDict
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

SCENARIO_VERSION: Final = 1
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
Text = Annotated[str, Field(max_length=4000)]
SHORT_TEXT_MAX = 200  # characters in a name, an id or a one-line note
MAX_LATENCY_MS = 604_800_000  # one week: the longest latency a limit or a measurement may have
MAX_COST_USD = 1_000_000  # the most a measurement may report per request or per task
ShortText = Annotated[str, Field(max_length=SHORT_TEXT_MAX)]
K = TypeVar("K")
V = TypeVar("V")


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
            raise ValueError(
                f"unknown {self.table} id {shown(value)}; allowed: {', '.join(allowed)}"
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: type, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # As AfterValidator(self.check) would, with the mark itself in the field's metadata.
        return core_schema.no_info_after_validator_function(self.check, handler(source))


CatalogId = Annotated[str, Field(max_length=SHORT_TEXT_MAX)]
DeviceId = Annotated[CatalogId, CatalogRef("devices", allow_auto=True)]
ArchitectureId = Annotated[CatalogId, CatalogRef("architectures", allow_auto=True)]
LlmModelId = Annotated[CatalogId, CatalogRef("llm_models")]
ServerlessGpuId = Annotated[CatalogId, CatalogRef("serverless_gpus")]
GpuInstanceId = Annotated[CatalogId, CatalogRef("gpu_instances")]
EgressId = Annotated[CatalogId, CatalogRef("cloud_egress")]
NetworkProfileId = Annotated[CatalogId, CatalogRef("network_profiles")]


# A mapping that no one can change once validated (a scenario is shared between browser
# sessions through the evaluation cache).
FrozenMap = Annotated[dict[K, V], AfterValidator(ReadOnlyDict)]


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
        description="Devices that produce the requests and could run the model themselves "
        "(cameras, robots, speakers, PCs). Without `sites`, each device is its own site.",
    )
    sites: int | None = Field(
        None,
        ge=1,
        le=10_000_000,
        description="Sites (plants, offices, stores, homes) the devices are spread over; a "
        "server at a site can serve that site's devices over its local network. Default: as "
        "many sites as devices (the meaning of a version-1 file without this field).",
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
    latency_applies_to: Literal["whole_response", "first_token"] = Field(
        "whole_response",
        description="What max_latency_ms bounds for an LLM: the whole response, or the time to "
        "its first token (an answer streamed as it is written). Other kinds return one "
        "response, so both mean the same.",
    )
    results_needed_centrally: bool = Field(
        False,
        description="Designed extension: results must reach a central place (dashboards, "
        "fleet-wide trends, central quality checks). Pure edge sends nothing, so it cannot.",
    )

    @model_validator(mode="after")
    def _sites_hold_devices(self) -> Requirements:
        if self.sites is not None and self.sites > self.devices:
            raise ValueError(
                f"sites ({self.sites:,}) must be at most devices ({self.devices:,}): every "
                "site has at least one device"
            )
        return self

    @property
    def site_count(self) -> int:
        """Sites the devices are spread over (as many as devices unless stated)."""
        return self.sites if self.sites is not None else self.devices


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
        0,
        ge=0,
        le=1_000_000,
        description="Generated tokens per request (llm; speech: the tokens its decoder writes, "
        "by default 3 a second of audio).",
    )
    image_megapixels: float | None = Field(
        None,
        gt=0,
        le=1000,
        description="Vision: megapixels of each image the model processes (1920 x 1080 = 2.07); "
        "compute and pre-processing scale with it. Default: derived from input_kb at the "
        "catalog's JPEG bits per pixel.",
    )
    audio_seconds: float | None = Field(
        None,
        gt=0,
        le=86_400,
        description="Speech: seconds of audio per request; compute scales with it. Default: "
        "derived from input_kb at the catalog's audio bitrate.",
    )
    tokens_in_cached: int = Field(
        0,
        ge=0,
        le=10_000_000,
        description="Prompt tokens per request that repeat across requests (a shared system "
        "prompt or document) and a hosted API bills at its cached-input price; at most "
        "tokens_in (llm).",
    )

    @model_validator(mode="after")
    def _cached_within_prompt(self) -> Workload:
        if self.tokens_in_cached > self.tokens_in:
            raise ValueError(
                f"tokens_in_cached ({self.tokens_in_cached:,}) must be at most tokens_in "
                f"({self.tokens_in:,})"
            )
        return self


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
    gflops: float | None = Field(
        None,
        gt=0,
        le=10_000_000,
        description="Vision, tabular and other models: operations per inference at the "
        "workload's input (GFLOP; a multiply-add counts 2), as published for the model. "
        "Default: estimated from the parameters and the input size.",
    )


class EdgeSettings(_Section):
    devices_owned_by: Literal["operator", "customers"] = Field(
        "operator",
        description="operator: the company buys, installs, powers and replaces the devices. "
        "customers: the devices are the customers' own (phones, laptops, speakers they "
        "bought); the company buys no hardware and runs no fleet, and pays app distribution, "
        "model downloads over a CDN and support instead.",
    )
    device: DeviceId = Field(
        "auto",
        description="Catalog device id to pin, or `auto` for the cheapest device that fits, "
        "meets the latency limit and carries the load.",
    )
    placement: Literal["auto", "in_device", "site_server"] = Field(
        "auto",
        description="Where the edge model runs: in_device (in each device, no network), "
        "site_server (on servers at each site, serving that site's devices over its local "
        "network), or auto: the cheaper placement that meets every requirement.",
    )
    model_cdn: EgressId = Field(
        "cloudfront",
        description="Catalog price list (cloud_egress id) of the network that delivers model "
        "downloads to devices the customers own.",
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
    local_model: ArchitectureId = Field(
        "auto",
        description="Catalog architecture of the small local model of escalate_hard_cases; "
        "auto: the largest published size of the full model's family, smaller than it, that "
        "fits the edge device with headroom, else a tenth of the full model.",
    )
    local_params_billion: float | None = Field(
        None,
        gt=0,
        le=10_000,
        description="Size of the small local model for escalate_hard_cases and "
        "anonymize_then_send, in billions of parameters; overrides local_model; default: "
        "local_model's size for escalation, 0.11 B (or the model, if smaller) for the "
        "anonymiser.",
    )


class Decision(_Section):
    """Metadata of the decision record (MADR 4.0: status, date, decision-makers, ...)."""

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
        if value is None:
            return value
        if not ISO_DATE.match(value):
            raise ValueError("date must be written YYYY-MM-DD")
        try:
            dt.date.fromisoformat(value)
        except ValueError as error:  # "month must be in 1..12": say which date and why
            raise ValueError(f"the date {value} does not exist ({error})") from None
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
    measured: FrozenMap[Option, Measurement] = Field(default_factory=dict)

    @field_validator("measured")
    @classmethod
    def _in_option_order(cls, value: Mapping[Option, Measurement]) -> Mapping[Option, Measurement]:
        # Edge, cloud, hybrid as everywhere else, whatever order a file (or sorted JSON) has.
        return ReadOnlyDict({option: value[option] for option in OPTIONS if option in value})


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
    weights: FrozenMap[str, Weight] = Field(
        default_factory=dict,
        description="Criterion weights the user pinned (relative; normalised to 100 %). "
        "Criteria left out take the weight derived from the answers.",
    )
    assumptions: FrozenMap[str, float] = Field(
        default_factory=dict,
        description="Overrides of catalog figures, keyed table.entry.field, e.g. "
        "devices.jetson_orin_nano_super.price_usd.",
    )
    decision: Decision = Decision()
    evidence: Evidence = Evidence()
    sources: Text = Field("", description="Where the scenario's own figures come from.")

    @field_validator("name")
    @classmethod
    def _visible_name(cls, name: str) -> str:
        # A name of spaces (or invisible characters) shows as nothing in lists and records.
        if not any(char.isprintable() and not char.isspace() for char in name):
            raise ValueError("the name must contain at least one visible character")
        return name

    @field_validator("weights")
    @classmethod
    def _known_criteria(cls, weights: Mapping[str, float]) -> Mapping[str, float]:
        unknown = sorted(set(weights) - set(CRITERIA))
        if unknown:
            raise ValueError(
                f"unknown criterion {capped_list(unknown)}; allowed: {', '.join(CRITERIA)}"
            )
        return weights

    @field_validator("assumptions")
    @classmethod
    def _known_figures(cls, assumptions: Mapping[str, float]) -> Mapping[str, float]:
        # A figure that moved keeps its meaning under its new key; a short key of a
        # single-entry table ("general.electricity_usd_per_kwh") is written out.
        assumptions = ReadOnlyDict({canonical_key(k): v for k, v in assumptions.items()})
        catalog = default_catalog()
        unknown = [key for key in assumptions if key not in catalog.figures]
        problems = [
            f"{key} {problem}"
            for key, value in assumptions.items()
            if key in catalog.figures and (problem := catalog.check_override(key, value))
        ]
        retired = [key for key in unknown if key in RETIRED_FIGURES]
        unknown = [key for key in unknown if key not in RETIRED_FIGURES]
        problems[:0] = [f"{key} {catalog.check_override(key, 0.0)}" for key in retired]
        if len(unknown) > 1:  # one hint for all of them
            problems.insert(
                0,
                f"{capped_list(unknown)} are not catalog figures (`python -m scoring figures` "
                "lists them)",
            )
        elif unknown:
            problems.insert(0, f"{unknown[0]} {catalog.check_override(unknown[0], 0.0)}")
        if problems:
            raise ValueError(capped_list(problems, separator="; "))
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
