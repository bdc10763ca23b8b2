"""What runs where, for each option: the deployment plan that latency, cost, resilience and the
constraints are all computed from.

- edge: the model runs on a device at each site; nothing leaves.
- cloud: every request is sent to a cloud service (hosted LLM, serverless GPU or GPU instances).
- hybrid: one of five patterns (scoring.engine.hybrid) splits the work between a local part and a
  cloud part and decides what data crosses the boundary. Every pattern asked for is planned here;
  the evaluation scores them and keeps the best feasible one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TypedDict

import numpy as np

from scoring.catalog import Catalog
from scoring.catalog.tables import (
    CLOUD_GPU_CLASS,
    Device,
    General,
    Gpu,
    GpuInstance,
    LlmModel,
    NetworkProfile,
    ServerlessGpu,
    ServingClass,
)
from scoring.engine.demand import monthly_requests, peak_requests_per_second
from scoring.engine.devices import (
    CUSTOMER_CLASSES,
    IN_DEVICE,
    PLACEMENT_WORDS,
    SITE_SERVER,
    DeviceAssessment,
    DeviceChoice,
    choose_device,
    copy_split,
    local_paths,
    preprocess_part,
    splits_from,
)
from scoring.engine.hybrid import (
    DATA_SENT,
    ESSENTIAL_LOCAL,
    HybridChoice,
    default_pattern,
    planned_choice,
)
from scoring.engine.inference import Hardware, Work
from scoring.engine.latency import LatencyPart, LatencyPath, OptionLatency, network_parts
from scoring.engine.memory import MemoryFit, memory_fit, memory_need, nearest_architecture
from scoring.engine.request import input_size, request_work
from scoring.engine.serving import PoolPlan, serving_curve, size_pool
from scoring.model.scenario import Scenario
from scoring.model.units import percent
from scoring.model.vocabulary import CloudPricing, DataLeaving, HybridPattern, Option

ANONYMISER_PARAMS_BILLION = 0.11  # a BERT-base-sized entity tagger, enough to redact inputs
# Entity taggers of that size ship quantised to int8 for CPUs and NPUs: a full model in a
# floating-point format (at fp8 only the newest GPUs would run the tagger) leaves the tagger
# at int8; one quantised to integers lends the tagger its format.
ANONYMISER_PRECISION = "int8"
INTEGER_PRECISIONS = frozenset({"int8", "int4"})
# Escalation's small model when no smaller published size of the family fits the device: a
# tenth of the full model, the size ratio of common distillations (team estimate).
SMALL_MODEL_SHARE = 0.1
SMALL_MODEL_HEADROOM = 0.2  # of the device's usable memory left free: context, runtime growth


@dataclass(frozen=True)
class LocalPart:
    role: str  # what the device does, in words
    params_billion: float  # 0 when no model runs locally (a gateway that buffers requests)
    precision: str
    choice: DeviceChoice | None  # None for a gateway
    gateway: Device | None
    sites: int  # sites the company runs hardware at (customers' homes count as none)
    devices: int  # devices that produce the requests
    model_note: str = ""  # which model answers what share, when it is not the full model

    @property
    def runs_model(self) -> bool:
        return self.choice is not None

    @property
    def assessment(self) -> DeviceAssessment | None:
        return self.choice.closest if self.choice is not None else None

    @property
    def device(self) -> Device:
        if self.choice is not None:
            return self.choice.closest.device
        assert self.gateway is not None
        return self.gateway

    @property
    def placement(self) -> str:
        """in_device or site_server; a gateway sits at each company site (on customers' own
        devices, the app queues on the device)."""
        if self.choice is not None:
            return self.choice.closest.placement
        return SITE_SERVER if self.sites else IN_DEVICE

    @property
    def pools(self) -> int:
        """Independent pools of units: sites for site servers and gateways, devices when each
        device runs its own model."""
        return self.devices if self.placement == IN_DEVICE else self.sites

    @property
    def units_per_site(self) -> int:
        """Units in each pool at the horizon's peak (1 for a gateway or a device)."""
        return self.choice.closest.units_per_site if self.choice else 1

    @property
    def fleet_units(self) -> int:
        """Units in the field at the horizon's peak, all sites."""
        return self.pools * self.units_per_site

    def units_at(self, peak_rps_total):
        """Units in the field for total peak rates (a number or a numpy array, e.g. the cost
        projection's months and Monte Carlo draws), sized like the plan at the horizon."""
        peak = np.asarray(peak_rps_total, dtype=float)
        if self.choice is None or self.placement == IN_DEVICE:
            return np.full(peak.shape, float(self.pools))
        plan = self.choice.closest.plan
        return plan.units_for(peak / self.pools) * self.pools

    @property
    def unit_seconds_per_request(self) -> float:
        """Busy time of one unit per request it serves (0 for a gateway)."""
        return self.choice.closest.plan.unit_seconds_per_request if self.choice else 0.0

    @property
    def weights_gb(self) -> float:
        """Size of the local model's weights: what an update downloads to each device."""
        return self.choice.closest.fit.need.weights_gb if self.choice else 0.0

    @property
    def usable(self) -> bool:
        return self.choice is None or self.choice.chosen is not None


@dataclass(frozen=True)
class CloudPart:
    pricing: CloudPricing
    service_name: str
    provider: str  # who bills it (its billing terms and discounts are the provider's)
    share: float  # share of all requests inferred in the cloud
    upload_kb: float  # per request sent to the cloud
    download_kb: float
    path: LatencyPath  # what the limit applies to: whole response or first token
    response: LatencyPath  # network, queueing and inference of the whole response
    first_token: LatencyPath  # until the first output token
    llm: LlmModel | None  # per_token
    gpu: Gpu | None  # per_request and gpu_hour
    usd_per_hour: float  # per GPU-hour of work (per_request) or per instance-hour (gpu_hour)
    fit: MemoryFit | None
    plan: PoolPlan | None  # the GPU pool sized for the peak (None for a hosted LLM)
    gpus_per_copy: int = 1  # GPUs one copy of the model is split over
    hardware: Hardware | None = None  # what a copy runs on (None for a hosted LLM)
    work: Work | None = None  # what a request asks of it
    # The lowest p95 the GPUs reach with more of them and smaller batches, when the plan (the
    # cheapest) misses the limit: what the limit would have to be raised to. None otherwise.
    best_p95_ms: float | None = None

    @property
    def machines(self) -> int:
        """Instances (or serverless containers) at the horizon's peak."""
        return self.plan.units if self.plan is not None else 0

    def machines_for(self, peak_rps_total):
        """Instances or containers for total peak rates (a number or a numpy array): this
        option's share of the peak at the batch and utilisation its plan chose, at least one."""
        assert self.plan is not None
        return self.plan.units_for(np.asarray(peak_rps_total, dtype=float) * self.share)

    @property
    def requests_per_s_per_machine(self) -> float:
        """Requests a second one machine (instance or serverless container) serves at the
        plan's batch and utilisation: what the bills that pay for machine time divide by."""
        assert self.plan is not None
        plan = self.plan
        return plan.copies * plan.point.throughput_rps * plan.utilisation_cap

    @property
    def gpu_seconds_per_request(self) -> float:
        """GPU time a request takes at the plan's batch: what per-second billing charges."""
        assert self.plan is not None
        return self.plan.unit_seconds_per_request * (self.gpus_per_copy * self.plan.copies)


@dataclass(frozen=True)
class Deployment:
    option: Option
    local: LocalPart | None
    cloud: CloudPart | None
    report_kb: float  # results sent to the cloud for every request (reporting, trends)
    data_sent: DataLeaving
    latency: OptionLatency  # what the limit applies to: whole response or first token
    pattern: HybridChoice | None = None
    response_latency: OptionLatency | None = None  # the whole response (when different)
    first_token_latency: OptionLatency | None = None  # until the first output token

    @property
    def response(self) -> OptionLatency:
        return self.response_latency or self.latency

    @property
    def first_token(self) -> OptionLatency:
        return self.first_token_latency or self.latency

    @property
    def sites(self) -> int:
        """Sites the company runs hardware at (0 for cloud, and for customers' own devices)."""
        return self.local.sites if self.local is not None else 0

    @property
    def description(self) -> str:
        if self.option == "edge":
            local = self.local
            return f"The model runs on {local.device.name} {PLACEMENT_WORDS[local.placement]}."  # type: ignore[union-attr]  # edge has a local part
        if self.option == "cloud":
            return f"Every request goes to {self.cloud.service_name} in the cloud."  # type: ignore[union-attr]  # cloud has a cloud part
        local = self.local
        assert local is not None  # a hybrid always has a local part
        if local.gateway is not None and not local.sites:
            # Customers' own devices queue in the app: there is no company gateway.
            text = f"The app on the customers' own devices {local.role}"
        else:
            text = f"{local.device.name} {PLACEMENT_WORDS[local.placement]} {local.role}"
        if self.cloud is not None:
            text += f"; the cloud part runs on {self.cloud.service_name}"
        return text + "." + (f" {local.model_note}" if local.model_note else "")


class Timing(TypedDict):
    """The Deployment's latency fields."""

    latency: OptionLatency
    response_latency: OptionLatency
    first_token_latency: OptionLatency


def latencies(
    paths_whole: tuple[LatencyPath, ...],
    paths_first: tuple[LatencyPath, ...],
    first_token: bool,
) -> Timing:
    """The Deployment latency fields: the judged one, and the whole and first-token ones."""
    whole, first = OptionLatency(paths_whole), OptionLatency(paths_first)
    return Timing(
        latency=first if first_token else whole,
        response_latency=whole,
        first_token_latency=first,
    )


def peak_rps_total(scenario: Scenario, catalog: Catalog) -> float:
    """The highest peak rate over the horizon, all devices together, with the stated growth."""
    ones = np.ones(1)
    requests = monthly_requests(scenario, catalog.general, ones, np.zeros(1))
    return float(peak_requests_per_second(requests, scenario, catalog.general, ones).max())


def peak_rps_per_site(scenario: Scenario, catalog: Catalog) -> float:
    """The highest peak rate one site sees over the horizon."""
    return peak_rps_total(scenario, catalog) / scenario.requirements.site_count


@dataclass(frozen=True)
class Planned:
    """Edge, cloud and each hybrid pattern asked for, planned from the same device choice and
    cloud part."""

    edge: Deployment | None  # None when a search of another option did not need it
    cloud: Deployment | None
    hybrids: dict[HybridPattern, Deployment]

    def options(self, pattern: HybridPattern) -> dict[Option, Deployment]:
        assert self.edge is not None and self.cloud is not None  # planned without `only`
        return {"edge": self.edge, "cloud": self.cloud, "hybrid": self.hybrids[pattern]}

    def option(self, option: Option, pattern: HybridPattern) -> Deployment:
        planned = {"edge": self.edge, "cloud": self.cloud}.get(option) or self.hybrids[pattern]
        assert planned is not None  # the option asked for is planned
        return planned


def plan_deployments(
    scenario: Scenario,
    catalog: Catalog,
    statics: dict | None = None,
    pattern: HybridPattern | None = None,
) -> dict[Option, Deployment]:
    """Edge, cloud and the hybrid of `pattern` (default: the pinned pattern, else the first
    applicable one; evaluate() scores every pattern and keeps the best)."""
    pattern = pattern or default_pattern(scenario)
    return plan_options(scenario, catalog, (pattern,), statics).options(pattern)


def plan_options(
    scenario: Scenario,
    catalog: Catalog,
    patterns: Iterable[HybridPattern],
    statics: dict | None = None,
    only: Option | None = None,
) -> Planned:
    """Edge, cloud and the hybrid of each of `patterns`. `statics`: a cache kept while the
    scenario changes only in volume or latency limit (devices.choose_device). `only`: the one
    option a search needs (the others are planned only as far as it builds on them)."""
    network: NetworkProfile = catalog.get("network_profiles", scenario.network.profile)
    peak_total = peak_rps_total(scenario, catalog)
    model = scenario.model
    first = scenario.requirements.latency_applies_to == "first_token"
    patterns = tuple(patterns)
    # A search of the cloud, or of a hybrid that runs another model locally, needs no edge.
    needs_edge = only in (None, "edge") or (
        only == "hybrid" and any(p in ESSENTIAL_LOCAL for p in patterns)
    )
    edge_local: LocalPart | None = None
    edge: Deployment | None = None
    if needs_edge:
        edge_choice = choose_device(
            scenario, catalog, model.params_billion, model.precision, peak_total, statics
        )
        edge_local = local_part(
            scenario, "runs the model", model.params_billion, model.precision, edge_choice
        )
        chosen = edge_choice.closest
        edge = Deployment(
            option="edge",
            local=edge_local,
            cloud=None,
            report_kb=0.0,
            data_sent="none",
            **latencies((chosen.response,), (chosen.first_token,), first),
        )
    # A search of edge, or of a local-first hybrid, needs no cloud part.
    needs_cloud = only in (None, "cloud") or (
        only == "hybrid" and any(p not in ESSENTIAL_LOCAL for p in patterns)
    )
    full_cloud = cloud_part(scenario, catalog, network, 1.0, peak_total) if needs_cloud else None
    cloud = (
        Deployment(
            option="cloud",
            local=None,
            cloud=full_cloud,
            report_kb=0.0,
            data_sent="raw",
            **latencies((full_cloud.response,), (full_cloud.first_token,), first),
        )
        if full_cloud is not None
        else None
    )
    hybrids = (
        {
            p: plan_hybrid(
                scenario,
                catalog,
                network,
                planned_choice(scenario, p),
                edge_local,
                full_cloud,
                peak_total,
                statics,
            )
            for p in patterns
        }
        if only in (None, "hybrid")
        else {}
    )
    return Planned(edge, cloud, hybrids)


def local_part(
    scenario: Scenario,
    role: str,
    params_billion: float,
    precision: str,
    choice: DeviceChoice | None,
    gateway: Device | None = None,
) -> LocalPart:
    req = scenario.requirements
    sites = 0 if scenario.edge.customer_owned else req.site_count
    return LocalPart(role, params_billion, precision, choice, gateway, sites, req.devices)


def plan_hybrid(
    scenario: Scenario,
    catalog: Catalog,
    network: NetworkProfile,
    pattern: HybridChoice,
    edge_local: LocalPart | None,
    full_cloud: CloudPart | None,
    peak_total: float,
    statics: dict | None = None,
) -> Deployment:
    """The hybrid of the pattern, reusing the edge's device choice and the cloud part
    of the cloud option wherever the pattern runs the same thing."""
    workload = scenario.workload
    first = scenario.requirements.latency_applies_to == "first_token"
    sent = DATA_SENT[pattern.pattern]
    if pattern.pattern in ESSENTIAL_LOCAL:
        assert edge_local is not None  # planned whenever a local-first pattern is
        role = (
            "detects locally; results go to the cloud for trends"
            if pattern.pattern == "local_detect_cloud_trends"
            else "runs the safety function locally; reports go to the cloud"
        )
        local = replace(edge_local, role=role)
        chosen = local.choice.closest  # type: ignore[union-attr]  # edge_local carries its device choice
        timing = latencies((chosen.response,), (chosen.first_token,), first)
        return Deployment(
            "hybrid", local, None, workload.output_kb, sent, pattern=pattern, **timing
        )
    assert full_cloud is not None  # the patterns below send requests to the cloud
    if pattern.pattern == "queue_and_sync":
        local = local_part(
            scenario,
            "captures requests and queues them while the link is down",
            0.0,
            "int8",
            None,
            queue_gateway(catalog),
        )
        timing = latencies((full_cloud.response,), (full_cloud.first_token,), first)
        return Deployment("hybrid", local, full_cloud, 0.0, sent, pattern=pattern, **timing)
    precision = scenario.model.precision
    if pattern.pattern == "anonymize_then_send":
        params = scenario.hybrid.local_params_billion or min(
            scenario.model.params_billion, ANONYMISER_PARAMS_BILLION
        )
        # The anonymiser tags and masks the input; it generates nothing of its own.
        tagging = scenario.model_copy(
            update={"workload": workload.model_copy(update={"tokens_out": 0})}
        )
        tagger = precision if precision in INTEGER_PRECISIONS else ANONYMISER_PRECISION
        choice = choose_device(tagging, catalog, params, tagger, peak_total, statics)
        local = local_part(
            scenario, "anonymises each input before it is sent", params, tagger, choice
        )
        parts = choice.closest.response.parts
        in_series = LatencyPath("anonymise, then cloud", 1.0, parts + full_cloud.response.parts)
        first_path = LatencyPath("anonymise, then cloud", 1.0, parts + full_cloud.first_token.parts)
        timing = latencies((in_series,), (first_path,), first)
        return Deployment("hybrid", local, full_cloud, 0.0, sent, pattern=pattern, **timing)
    share = scenario.hybrid.escalation_share
    small, choice = _local_small_model(scenario, catalog, peak_total, statics)
    local = replace(
        local_part(
            scenario,
            f"answers {percent(1.0 - share)} of requests with {small.name} and escalates "
            f"{percent(share)} to the full model",
            small.params_billion,
            precision,
            choice,
        ),
        model_note=(
            f"The local model, {small.name} ({small.params_billion:.3g} B), is {small.why}; "
            f"the full {scenario.model.params_billion:.3g} B model answers the escalated "
            f"{percent(share)} in the cloud."
        ),
    )
    # Its own pool: only the escalated share of the peak reaches the cloud.
    remote = cloud_part(scenario, catalog, network, share, peak_total)
    chosen = choice.closest
    # An escalated request is answered locally first; the cloud's answer follows. Judged on
    # the whole response, the local answer is complete before the cloud is asked; judged on
    # the first token, the router decides on the local model's first token (its confidence).
    whole = (
        LatencyPath("local", 1.0 - share, chosen.response.parts),
        LatencyPath("escalated", share, chosen.response.parts + remote.response.parts),
    )
    first_paths = (
        LatencyPath("local", 1.0 - share, chosen.first_token.parts),
        LatencyPath("escalated", share, chosen.first_token.parts + remote.first_token.parts),
    )
    timing = latencies(whole, first_paths, first)
    return Deployment("hybrid", local, remote, 0.0, sent, pattern=pattern, **timing)


GATEWAY_MIN_MEMORY_GB = 2.0  # runs an OS and buffers hours of requests; a USB stick cannot


def queue_gateway(catalog: Catalog) -> Device:
    """The cheapest catalog device that can stand alone as a store-and-forward gateway (a
    customer's phone or laptop is not the company's to use)."""
    devices: tuple[Device, ...] = catalog.all("devices")
    standalone = [
        d
        for d in devices
        if d.memory_gb >= GATEWAY_MIN_MEMORY_GB and d.device_class not in CUSTOMER_CLASSES
    ] or list(devices)
    return min(standalone, key=lambda d: d.price_usd)


@dataclass(frozen=True)
class SmallModel:
    params_billion: float
    name: str  # "Qwen2.5 14B", or the size in words
    why: str  # how it was chosen, in words


def small_models(scenario: Scenario, catalog: Catalog) -> tuple[SmallModel, ...]:
    """Escalation's candidate local models, in order of preference: the user's size or
    published model; else, for an LLM, the published sizes of the full model's family that
    are smaller than it, largest first; then a tenth of the full model."""
    given = scenario.hybrid.local_params_billion
    if given:
        return (SmallModel(given, f"a {given:g} B model", "the size set in the scenario"),)
    architectures = catalog.all("architectures")
    if scenario.hybrid.local_model != "auto":
        pinned = next(a for a in architectures if a.id == scenario.hybrid.local_model)
        return (SmallModel(pinned.params_billion, pinned.name, "set in the scenario"),)
    model = scenario.model
    full = model.params_billion
    rule = SmallModel(
        full * SMALL_MODEL_SHARE,
        f"a {full * SMALL_MODEL_SHARE:.3g} B model",
        f"{percent(SMALL_MODEL_SHARE)} of the full model",
    )
    if scenario.workload.kind != "llm":
        return (rule,)
    family = nearest_architecture(model, catalog, full).family
    kin = sorted(
        (a for a in architectures if a.family == family and a.params_billion < full),
        key=lambda a: -a.params_billion,
    )
    fits = (
        f"the largest smaller size of its family that a catalog device runs with "
        f"{percent(SMALL_MODEL_HEADROOM)} of its memory to spare"
    )
    none_fits = f"{rule.why} (no smaller published size of its family fits a device)"
    return (
        *(SmallModel(a.params_billion, a.name, fits) for a in kin),
        replace(rule, why=none_fits) if kin else rule,
    )


def _local_small_model(
    scenario: Scenario, catalog: Catalog, peak_total: float, statics: dict | None
) -> tuple[SmallModel, DeviceChoice]:
    """The first candidate small model that a catalog device runs (within the limit, carrying
    the load) with headroom, with its device choice; the last candidate when none does."""
    precision = scenario.model.precision
    candidates = small_models(scenario, catalog)
    for small in candidates:
        choice = choose_device(
            scenario, catalog, small.params_billion, precision, peak_total, statics
        )
        roomy = (
            a.usable and a.fit.share_used <= 1.0 - SMALL_MODEL_HEADROOM for a in choice.assessments
        )
        if choice.chosen is not None and any(roomy):
            return small, choice
    return small, choice


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
        return _hosted_llm(scenario, general, entry, transfer, share, upload_kb, download_kb)  # type: ignore[arg-type]
    if pricing == "per_request":
        service: ServerlessGpu = entry  # type: ignore[assignment]  # cloud_service gives this pricing's table
        gpus, usd_per_hour, name = 1, service.usd_per_gpu_hour, service.name
    else:
        instance: GpuInstance = entry  # type: ignore[assignment]  # as above
        gpus, usd_per_hour, name = int(instance.gpu_count), instance.usd_per_hour, instance.name
        service = instance  # type: ignore[assignment]  # both name their gpu; only .gpu is read
    gpu: Gpu = catalog.get("gpus", service.gpu)
    klass: ServingClass = catalog.get("serving_classes", CLOUD_GPU_CLASS)
    model = scenario.model
    need = memory_need(scenario, catalog, model.params_billion, model.precision)
    size = input_size(scenario, general)
    work = request_work(scenario, catalog, need, size)
    pre = preprocess_part(size, klass, general)
    first_token = scenario.requirements.latency_applies_to == "first_token"
    fewest = copy_split(need, gpu.memory_gb, gpus, klass.usable_memory_fraction)

    def sized(split: int, fastest: bool = False) -> tuple[MemoryFit, Hardware, PoolPlan]:
        fit = memory_fit(need, gpu.memory_gb * split, klass.usable_memory_fraction)
        hardware = Hardware(
            f"{gpus} x {gpu.name}" if gpus > 1 else gpu.name,
            klass,
            gpu.tops_int8,
            gpu.memory_bandwidth_gbps,
            gpu.memory_gb,
            split,
        )
        sequences = need.sequences_fitting(fit.usable_gb) if fit.fits else 1
        curve = serving_curve(hardware, work, max(1, sequences), general)
        plan = size_pool(
            curve,
            peak_rps=peak_rps * share,
            copies=max(1, gpus // split),
            fixed_p95_ms=sum(p.p95_ms for p in transfer) + pre.p95_ms,
            limit_ms=scenario.requirements.max_latency_ms,
            first_token=first_token,
            target_utilisation=general.cloud_target_utilisation,
            p95_factor=general.inference_p95_over_p50,
            fastest=fastest,
        )
        return fit, hardware, plan

    # As on a multi-GPU server at a site (devices.candidates_for): every split of a copy over
    # the instance's GPUs, the fewest machines first, then the narrowest split, then the p95.
    options = [(split, *sized(split)) for split in splits_from(fewest, gpus)]
    split, fit, hardware, plan = min(
        options, key=lambda o: (not o[3].meets, o[3].units, o[0], o[3].p95_ms)
    )
    best_p95_ms = None if plan.meets else min(sized(s, fastest=True)[2].p95_ms for s, *_ in options)
    response, first = local_paths(plan, (*transfer, pre), name, general, "cloud inference")
    return CloudPart(
        pricing=pricing,
        service_name=name,
        provider=service.provider,
        share=share,
        upload_kb=upload_kb,
        download_kb=download_kb,
        path=first if first_token else response,
        response=replace(response, name="cloud"),
        first_token=replace(first, name="cloud"),
        llm=None,
        gpu=gpu,
        usd_per_hour=usd_per_hour,
        fit=fit,
        plan=plan,
        gpus_per_copy=split,
        hardware=hardware,
        work=work,
        best_p95_ms=best_p95_ms,
    )


def _hosted_llm(
    scenario: Scenario,
    general: General,
    llm: LlmModel,
    transfer: tuple[LatencyPart, ...],
    share: float,
    upload_kb: float,
    download_kb: float,
) -> CloudPart:
    """A hosted LLM API: the provider's time to first token and output speed, with their p95
    (its queueing is inside the provider's figures)."""
    tokens = scenario.workload.tokens_out
    decode_ms = tokens / llm.output_tokens_per_s * 1000
    p50 = llm.ttft_p50_ms + decode_ms
    factor = general.hosted_p95_over_p50
    whole = LatencyPart(
        "cloud inference",
        p50,
        p50 * factor,
        f"{llm.name}: first token {llm.ttft_p50_ms:g} ms + {tokens:,} tokens at "
        f"{llm.output_tokens_per_s:g} tokens/s; p95 = median x {factor:g}",
    )
    first = LatencyPart(
        "cloud inference to first token",
        llm.ttft_p50_ms,
        llm.ttft_p50_ms * factor,
        f"{llm.name}: first token {llm.ttft_p50_ms:g} ms; p95 = median x {factor:g}",
    )
    response = LatencyPath("cloud", 1.0, (*transfer, whole))
    first_path = LatencyPath("cloud", 1.0, (*transfer, first))
    judged = first_path if scenario.requirements.latency_applies_to == "first_token" else response
    return CloudPart(
        pricing="per_token",
        service_name=llm.name,
        provider=llm.provider,
        share=share,
        upload_kb=upload_kb,
        download_kb=download_kb,
        path=judged,
        response=response,
        first_token=first_path,
        llm=llm,
        gpu=None,
        usd_per_hour=0.0,
        fit=None,
        plan=None,
    )
