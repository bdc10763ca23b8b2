"""What runs where, for each option: the deployment plan that latency, cost, resilience and the
constraints are all computed from.

- edge: the model runs on a device at each site; nothing leaves.
- cloud: every request is sent to a cloud service (hosted LLM, serverless GPU or GPU instances).
- hybrid: one of five patterns (scoring.engine.hybrid) splits the work between a local part and a
  cloud part and decides what data crosses the boundary. Given a screen, the pattern is the
  best-rated one that meets every hard requirement.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from scoring.catalog import Catalog
from scoring.catalog.tables import (
    Device,
    General,
    Gpu,
    GpuInstance,
    LlmModel,
    NetworkProfile,
    ServerlessGpu,
)
from scoring.engine.demand import monthly_requests, peak_requests_per_second
from scoring.engine.devices import DeviceChoice, choose_device
from scoring.engine.hybrid import (
    DATA_SENT,
    ESSENTIAL_LOCAL,
    HybridChoice,
    choose_pattern,
    first_runnable,
)
from scoring.engine.inference import Accelerator, InferenceTime, inference_time
from scoring.engine.latency import (
    LatencyPart,
    LatencyPath,
    OptionLatency,
    network_parts,
    queueing_part,
)
from scoring.engine.memory import MemoryFit, memory_fit, memory_need
from scoring.model.scenario import Scenario
from scoring.model.units import percent
from scoring.model.vocabulary import CloudPricing, DataLeaving, HybridPattern, Option

ANONYMISER_PARAMS_BILLION = 0.11  # a BERT-base-sized entity tagger, enough to redact inputs
SMALL_LLM_PARAMS_BILLION = 3.0  # a 3 B model is the usual on-device LLM (Llama 3.2 3B class)


@dataclass(frozen=True)
class LocalPart:
    role: str  # what the device does, in words
    params_billion: float  # 0 when no model runs locally (a gateway that buffers requests)
    precision: str
    choice: DeviceChoice | None  # None for a gateway
    gateway: Device | None

    @property
    def runs_model(self) -> bool:
        return self.choice is not None

    @property
    def device(self) -> Device:
        if self.choice is not None:
            return self.choice.closest.device
        assert self.gateway is not None
        return self.gateway

    @property
    def units_per_site(self) -> int:
        """Units at each site for the peak load (1 for a gateway)."""
        return self.choice.closest.units_per_site if self.choice else 1

    @property
    def service_ms(self) -> float:
        return self.choice.closest.inference.p50_ms if self.choice else 0.0

    @property
    def weights_gb(self) -> float:
        """Size of the local model's weights: what an update downloads to each device."""
        return self.choice.closest.fit.need.weights_gb if self.choice else 0.0

    @property
    def usable(self) -> bool:
        return self.choice is None or self.choice.chosen is not None

    @property
    def utilisation_cap(self) -> float | None:
        """The lower utilisation per unit that the latency limit needs, when the plan added
        units for it (None: the target utilisation applies)."""
        if self.choice is None:
            return None
        chosen = self.choice.closest
        if chosen.units_per_site <= chosen.units_for_load or chosen.peak_utilisation <= 0:
            return None
        return chosen.peak_utilisation


@dataclass(frozen=True)
class CloudPart:
    pricing: CloudPricing
    service_name: str
    provider: str  # who bills it (its billing terms and discounts are the provider's)
    share: float  # share of all requests inferred in the cloud
    upload_kb: float  # per request sent to the cloud
    download_kb: float
    path: LatencyPath  # network, queueing and inference for a request sent to the cloud
    llm: LlmModel | None  # per_token
    gpu: Gpu | None  # per_request and gpu_hour
    usd_per_hour: float  # per GPU-hour of work (per_request) or per instance-hour (gpu_hour)
    inference: InferenceTime | None
    fit: MemoryFit | None


@dataclass(frozen=True)
class Deployment:
    option: Option
    local: LocalPart | None
    cloud: CloudPart | None
    report_kb: float  # results sent to the cloud for every request (reporting, trends)
    data_sent: DataLeaving
    latency: OptionLatency
    pattern: HybridChoice | None = None

    @property
    def description(self) -> str:
        if self.option == "edge":
            return f"The model runs on {self.local.device.name} at each site."  # type: ignore[union-attr]  # edge has a local part
        if self.option == "cloud":
            return f"Every request goes to {self.cloud.service_name} in the cloud."  # type: ignore[union-attr]  # cloud has a cloud part
        local = self.local
        text = f"{local.device.name} at each site {local.role}"  # type: ignore[union-attr]  # a hybrid always has a local part
        if self.cloud is not None:
            text += f"; the cloud part runs on {self.cloud.service_name}"
        return text + "."


def peak_rps_per_site(scenario: Scenario, catalog: Catalog) -> float:
    """The highest peak rate a site sees over the horizon, with the stated growth."""
    ones = np.ones(1)
    requests = monthly_requests(scenario, catalog.general, ones, np.zeros(1))
    peak = peak_requests_per_second(requests, scenario, catalog.general, ones)
    return float(peak.max()) / scenario.requirements.devices


def plan_deployments(
    scenario: Scenario,
    catalog: Catalog,
    hard_failures: Callable[[Deployment], str] | None = None,
) -> dict[Option, Deployment]:
    """Edge, cloud and hybrid. `hard_failures(hybrid)` names the hard requirements a planned
    hybrid fails ("" when none); with it, an automatic pattern is the best-rated one that runs
    (the screen lives in scoring.engine.constraints, which builds on this module)."""
    network: NetworkProfile = catalog.get("network_profiles", scenario.network.profile)
    peak_site = peak_rps_per_site(scenario, catalog)
    peak_total = peak_site * scenario.requirements.devices
    model = scenario.model
    edge_choice = choose_device(scenario, catalog, model.params_billion, model.precision, peak_site)
    edge_local = LocalPart(
        "runs the model", model.params_billion, model.precision, edge_choice, None
    )
    edge = Deployment(
        option="edge",
        local=edge_local,
        cloud=None,
        report_kb=0.0,
        data_sent="none",
        latency=OptionLatency((edge_choice.closest.path,)),
    )
    full_cloud = cloud_part(scenario, catalog, network, 1.0, peak_total)
    cloud = Deployment(
        option="cloud",
        local=None,
        cloud=full_cloud,
        report_kb=0.0,
        data_sent="raw",
        latency=OptionLatency((full_cloud.path,)),
    )
    model_fits = any(a.fit.fits for a in edge_choice.assessments)
    rated = choose_pattern(scenario, model_fits, network.availability_pct)
    planned: dict[HybridPattern, Deployment] = {}

    def hybrid_of(pattern: HybridPattern) -> Deployment:
        if pattern not in planned:  # each pattern is planned once, screened or chosen
            choice = replace(rated, pattern=pattern)
            planned[pattern] = plan_hybrid(
                scenario, catalog, network, choice, edge_local, full_cloud, peak_site
            )
        return planned[pattern]

    choice = rated
    if hard_failures is not None:
        choice = first_runnable(rated, lambda p: hard_failures(hybrid_of(p)))
    hybrid = replace(hybrid_of(choice.pattern), pattern=choice)
    return {"edge": edge, "cloud": cloud, "hybrid": hybrid}


def plan_hybrid(
    scenario: Scenario,
    catalog: Catalog,
    network: NetworkProfile,
    pattern: HybridChoice,
    edge_local: LocalPart,
    full_cloud: CloudPart,
    peak_site: float,
) -> Deployment:
    """The hybrid of the chosen pattern, reusing the edge's device choice and the cloud part
    of the cloud option wherever the pattern runs the same thing."""
    workload = scenario.workload
    sent = DATA_SENT[pattern.pattern]
    if pattern.pattern in ESSENTIAL_LOCAL:
        role = (
            "detects locally; results go to the cloud for trends"
            if pattern.pattern == "local_detect_cloud_trends"
            else "runs the safety function locally; reports go to the cloud"
        )
        local = replace(edge_local, role=role)
        latency = OptionLatency((local.choice.closest.path,))  # type: ignore[union-attr]  # edge_local carries its device choice
        return Deployment("hybrid", local, None, workload.output_kb, sent, latency, pattern)
    if pattern.pattern == "queue_and_sync":
        local = LocalPart(
            "captures requests and queues them while the link is down",
            0.0,
            "int8",
            None,
            queue_gateway(catalog),
        )
        latency = OptionLatency((full_cloud.path,))
        return Deployment("hybrid", local, full_cloud, 0.0, sent, latency, pattern)
    params = local_model_params(scenario, pattern, edge_local)
    precision = scenario.model.precision
    if pattern.pattern == "anonymize_then_send":
        # The anonymiser tags and masks the input; it generates nothing of its own.
        tagging = scenario.model_copy(
            update={"workload": workload.model_copy(update={"tokens_out": 0})}
        )
        choice = choose_device(tagging, catalog, params, precision, peak_site)
        local = LocalPart(
            "anonymises each input before it is sent", params, precision, choice, None
        )
        parts = choice.closest.path.parts + full_cloud.path.parts
        latency = OptionLatency((LatencyPath("anonymise, then cloud", 1.0, parts),))
        return Deployment("hybrid", local, full_cloud, 0.0, sent, latency, pattern)
    share = scenario.hybrid.escalation_share
    same_model = params == edge_local.params_billion
    choice = (
        edge_local.choice
        if same_model and edge_local.choice is not None
        else choose_device(scenario, catalog, params, precision, peak_site)
    )
    local = LocalPart(
        f"answers locally and escalates {percent(share)} of requests",
        params,
        precision,
        choice,
        None,
    )
    # Its own pool: only the escalated share of the peak reaches the cloud.
    peak_total = peak_site * scenario.requirements.devices
    remote = cloud_part(scenario, catalog, network, share, peak_total)
    local_path = choice.closest.path
    paths = (
        LatencyPath("local", 1.0 - share, local_path.parts),
        LatencyPath("escalated", share, local_path.parts + remote.path.parts),
    )
    return Deployment("hybrid", local, remote, 0.0, sent, OptionLatency(paths), pattern)


GATEWAY_MIN_MEMORY_GB = 2.0  # runs an OS and buffers hours of requests; a USB stick cannot


def queue_gateway(catalog: Catalog) -> Device:
    """The cheapest catalog device that can stand alone as a store-and-forward gateway."""
    devices: tuple[Device, ...] = catalog.all("devices")
    standalone = [d for d in devices if d.memory_gb >= GATEWAY_MIN_MEMORY_GB] or list(devices)
    return min(standalone, key=lambda d: d.price_usd)


def local_model_params(scenario: Scenario, pattern: HybridChoice, edge_local: LocalPart) -> float:
    """The small local model of escalate_hard_cases / anonymize_then_send (or the user's)."""
    pinned = scenario.hybrid.local_params_billion
    if pinned:
        return pinned
    full = scenario.model.params_billion
    if pattern.pattern == "anonymize_then_send":
        return min(full, ANONYMISER_PARAMS_BILLION)
    if edge_local.runs_model and edge_local.usable:
        return full
    if scenario.workload.kind == "llm":
        return min(full, SMALL_LLM_PARAMS_BILLION)
    return full / 10


def cloud_busy_ms(general: General, inference: InferenceTime) -> float:
    """How long a cloud request holds a GPU slot: pre-processing, then inference (median)."""
    return general.preprocess_ms + inference.p50_ms


def cloud_machines(peak_rps: float | np.ndarray, busy_ms: float, general: General):
    """GPU machines (instances, or serverless containers) a pool runs at a peak rate: each
    serves `batch_throughput_gain` requests at once and is kept at the target utilisation.
    Works on a number or on an array of peak rates (the cost projection's months and draws)."""
    concurrent = np.asarray(peak_rps) * busy_ms / 1000  # requests in service at once (Little)
    capacity = general.batch_throughput_gain * general.cloud_target_utilisation
    return np.maximum(np.ceil(concurrent / capacity), 1.0)


def cloud_rps_per_machine(busy_ms: float, general: General) -> float:
    """Requests a second one GPU machine (instance or serverless container) serves at the
    target utilisation: the capacity `cloud_machines` sizes with, for the bills that pay for
    machine time rather than whole machines."""
    return general.batch_throughput_gain * general.cloud_target_utilisation * 1000 / busy_ms


# Where the cloud service is chosen, by pricing: (field of the scenario's `cloud`, catalog table).
CLOUD_SERVICES: dict[str, tuple[str, str]] = {
    "per_token": ("llm_model", "llm_models"),
    "per_request": ("serverless_gpu", "serverless_gpus"),
    "gpu_hour": ("gpu_instance", "gpu_instances"),
}


def cloud_service(scenario: Scenario) -> tuple[str, str]:
    """(catalog table, entry id) of the service the cloud option uses."""
    field, table = CLOUD_SERVICES[resolved_pricing(scenario)]
    return table, getattr(scenario.cloud, field)


def resolved_pricing(scenario: Scenario) -> CloudPricing:
    if scenario.cloud.pricing != "auto":
        return scenario.cloud.pricing
    return "per_token" if scenario.workload.kind == "llm" else "per_request"


def cloud_part(
    scenario: Scenario,
    catalog: Catalog,
    network: NetworkProfile,
    share: float,
    peak_rps: float,
) -> CloudPart:
    general = catalog.general
    upload_kb, download_kb = scenario.workload.input_kb, scenario.workload.output_kb
    transfer = network_parts(network, upload_kb, download_kb)
    pricing = resolved_pricing(scenario)
    entry = catalog.get(*cloud_service(scenario))
    if pricing == "per_token":
        llm: LlmModel = entry  # type: ignore[assignment]  # cloud_service gives this pricing's table
        decode_ms = scenario.workload.tokens_out / llm.output_tokens_per_s * 1000
        p50 = llm.ttft_p50_ms + decode_ms
        inference = LatencyPart(
            "cloud inference",
            p50,
            p50 * general.hosted_p95_over_p50,
            f"{llm.name}: first token {llm.ttft_p50_ms:g} ms + {scenario.workload.tokens_out:,} "
            f"tokens at {llm.output_tokens_per_s:g} tokens/s; p95 = median x "
            f"{general.hosted_p95_over_p50:g}",
        )
        return CloudPart(
            pricing=pricing,
            service_name=llm.name,
            provider=llm.provider,
            share=share,
            upload_kb=upload_kb,
            download_kb=download_kb,
            path=LatencyPath("cloud", 1.0, (*transfer, inference)),
            llm=llm,
            gpu=None,
            usd_per_hour=0.0,
            inference=None,
            fit=None,
        )
    if pricing == "per_request":
        service: ServerlessGpu = entry  # type: ignore[assignment]  # as above
        count, usd_per_hour, name = 1, service.usd_per_gpu_hour, service.name
    else:
        instance: GpuInstance = entry  # type: ignore[assignment]  # as above
        count, usd_per_hour, name = int(instance.gpu_count), instance.usd_per_hour, instance.name
        service = instance  # type: ignore[assignment]  # both name their gpu; only .gpu is read
    gpu: Gpu = catalog.get("gpus", service.gpu)
    # GPUs of one instance serve one model together (tensor parallel): memory and speed add up.
    accelerator = Accelerator(
        name=f"{count} x {gpu.name}" if count > 1 else gpu.name,
        tops_int8=gpu.tops_int8 * count,
        memory_bandwidth_gbps=gpu.memory_bandwidth_gbps * count,
        memory_gb=gpu.memory_gb * count,
    )
    model = scenario.model
    need = memory_need(scenario, catalog, model.params_billion, model.precision)
    fit = memory_fit(need, accelerator.memory_gb, general.usable_memory_fraction)
    timing = inference_time(
        accelerator,
        model.params_billion,
        model.precision,
        scenario,
        general,
        need.kv_bytes_per_token,
    )
    busy_ms = cloud_busy_ms(general, timing)
    machines = int(cloud_machines(peak_rps * share, busy_ms, general))
    slots = machines * general.batch_throughput_gain  # requests served at once
    utilisation = peak_rps * share * busy_ms / 1000 / slots
    parts = (
        *transfer,
        LatencyPart(
            "cloud pre-processing",
            general.preprocess_ms,
            general.preprocess_ms * general.inference_p95_over_p50,
            "decode, resize and normalise the input on the server",
        ),
        queueing_part(busy_ms, utilisation, math.ceil(slots), name),
        LatencyPart(
            "cloud inference",
            timing.p50_ms,
            timing.p50_ms * general.inference_p95_over_p50,
            f"{accelerator.name}: {timing.explain()}",
        ),
    )
    return CloudPart(
        pricing=pricing,
        service_name=name,
        provider=service.provider,
        share=share,
        upload_kb=upload_kb,
        download_kb=download_kb,
        path=LatencyPath("cloud", 1.0, parts),
        llm=None,
        gpu=gpu,
        usd_per_hour=usd_per_hour,
        inference=timing,
        fit=fit,
    )
