"""Latency and model fit: memory need, decode speed, the latency budget, queueing, the mixture
quantile of a hybrid, and the choice of the edge device.

Anchored on published figures (shared/reference/figures.md §6a, §6b and §8) and on properties
that must hold whatever the inputs.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scenarios import call_centre, first_token_70b

from scoring.catalog import CatalogDataError, default_catalog, load_catalog
from scoring.catalog.loader import DATA_DIR
from scoring.catalog.tables import PRECISIONS
from scoring.engine.deployment import peak_rps_total, plan_deployments
from scoring.engine.devices import IN_DEVICE, SITE_SERVER, choose_device
from scoring.engine.evaluate import evaluate
from scoring.engine.latency import (
    LatencyPart,
    LatencyPath,
    erlang_c,
    mixture_quantile,
    queue_wait_ms,
    transfer_ms,
)
from scoring.engine.memory import memory_fit, memory_need
from scoring.model.codec import ScenarioError, scenario_from_dict
from scoring.model.scenario import Scenario
from scoring.model.units import ms

CATALOG = default_catalog()
GIB = 2**30
SETTINGS = settings(max_examples=40)


def scenario(**sections) -> Scenario:
    return scenario_from_dict({"name": "Latency test", **sections})


def llm(tokens_in: int = 0, tokens_out: int = 0, **model) -> Scenario:
    return scenario(
        workload={"kind": "llm", "tokens_in": tokens_in, "tokens_out": tokens_out},
        model={"params_billion": 8.0, "precision": "fp16", **model},
    )


# --- memory: anchored on published figures ------------------------------------------------


def test_an_8b_model_at_fp16_needs_about_16_gb_for_weights():
    need = memory_need(scenario(), CATALOG, 8.0, "fp16")
    assert need.weights_gb == pytest.approx(16.0)


def test_llama_3_8b_kv_cache_at_fp16_is_128_kib_per_token_from_the_catalog_architecture():
    s = llm(architecture="llama_3_1_8b")
    need = memory_need(s, CATALOG, 8.03, "fp16")
    assert need.kv_bytes_per_token == 131_072  # 2 x 32 layers x 8 KV heads x 128 x 2 bytes


def test_llama_3_8b_kv_cache_at_fp16_is_128_kib_per_token_from_an_explicit_layout():
    s = llm(layers=32, kv_heads=8, head_dim=128)
    need = memory_need(s, CATALOG, 8.0, "fp16")
    assert need.kv_bytes_per_token == 128 * 1024


def test_an_8b_model_picks_the_llama_3_8b_layout_when_the_architecture_is_auto():
    need = memory_need(llm(), CATALOG, 8.0, "fp16")
    assert need.kv_bytes_per_token == 131_072
    assert "Llama 3.1 8B" in need.kv_layout.source


def test_llama_3_8b_kv_cache_at_an_8k_context_is_1_gib():
    s = llm(architecture="llama_3_1_8b", context_tokens=8192)
    need = memory_need(s, CATALOG, 8.03, "fp16")
    assert need.context_tokens == 8192
    assert need.kv_cache_gb == pytest.approx(1.073741824)  # decimal GB
    assert need.kv_cache_gb * 1e9 == pytest.approx(1 * GIB)


def test_the_kv_cache_stays_in_fp16_whatever_the_weight_precision():
    fp16 = memory_need(llm(context_tokens=8192), CATALOG, 8.0, "fp16")
    int4 = memory_need(llm(context_tokens=8192), CATALOG, 8.0, "int4")
    assert int4.kv_cache_gb == fp16.kv_cache_gb


def test_the_context_defaults_to_prompt_plus_generated_tokens():
    need = memory_need(llm(tokens_in=1500, tokens_out=500), CATALOG, 8.0, "fp16")
    assert need.context_tokens == 2000


def test_a_model_that_is_not_an_llm_has_no_kv_cache():
    need = memory_need(scenario(workload={"kind": "vision"}), CATALOG, 8.0, "fp16")
    assert need.kv_cache_gb == 0
    assert need.kv_bytes_per_token == 0


@given(params=st.floats(0.001, 500))
@SETTINGS
def test_weights_take_the_bits_per_weight_of_their_format(params):
    weights = {p: memory_need(scenario(), CATALOG, params, p).weights_gb for p in PRECISIONS}
    for precision, gb in weights.items():
        fmt = CATALOG.get("formats", precision)
        assert gb == pytest.approx(params * fmt.bits_per_weight / 8)
    assert weights["bf16"] == weights["fp16"] == pytest.approx(weights["fp32"] / 2)
    # Quantised formats carry their scales: more than a flat half or one byte per weight.
    assert weights["int4"] > params * 0.5
    assert weights["int8"] > params * 1.0


def test_a_70b_int4_model_takes_the_size_of_its_published_q4_k_m_file():
    # Llama 3 70B Q4_K_M: 39.60 GiB = 42.5 GB (XiongjieDai/GPU-Benchmarks-on-LLM-Inference).
    need = memory_need(llm(architecture="llama_3_1_70b"), CATALOG, 70.55, "int4")
    assert need.weights_gb == pytest.approx(39.60 * GIB / 1e9, rel=0.02)


def test_an_awq_int4_model_is_described_by_overriding_the_formats_bits_per_weight():
    catalog = CATALOG.with_overrides({"formats.int4.bits_per_weight": 4.5})
    need = memory_need(llm(), catalog, 70.6, "int4")
    assert need.weights_gb == pytest.approx(70.6 * 4.5 / 8)


def test_the_total_memory_need_adds_weights_kv_cache_and_runtime_overhead():
    general = CATALOG.general
    need = memory_need(llm(context_tokens=8192), CATALOG, 8.0, "int8")
    weights = 8.0 * CATALOG.get("formats", "int8").bits_per_weight / 8
    runtime = CATALOG.get("serving_classes", "cloud_gpu").runtime_memory_gb
    overhead = runtime + general.runtime_overhead_fraction * weights
    assert need.total_gb == pytest.approx(weights + 1.073741824 + overhead)


@given(
    params=st.floats(0.001, 200),
    precision=st.sampled_from(PRECISIONS),
    small=st.floats(0.001, 500),
    extra=st.floats(0.0, 500),
)
@SETTINGS
def test_a_device_with_more_memory_never_fits_less(params, precision, small, extra):
    need = memory_need(llm(tokens_in=1000, tokens_out=200), CATALOG, params, precision)
    usable = CATALOG.get("serving_classes", "cloud_gpu").usable_memory_fraction
    smaller, larger = memory_fit(need, small, usable), memory_fit(need, small + extra, usable)
    assert larger.usable_gb >= smaller.usable_gb
    assert larger.share_used <= smaller.share_used
    if smaller.fits:
        assert larger.fits


# --- the latency budget of the cloud path ---------------------------------------------------


def cloud_p95(s: Scenario) -> float:
    catalog = CATALOG.with_overrides(s.assumptions)
    return plan_deployments(s, catalog)["cloud"].latency.p95_ms


def test_uploading_100_kb_at_8_mbit_per_s_takes_100_ms():
    assert transfer_ms(100, 8) == pytest.approx(100.0)


def payload_scenario(input_kb: float, profile: str, pricing: str) -> Scenario:
    # A hosted LLM is priced per token, so that pricing goes with an LLM workload.
    workload = (
        {"kind": "llm", "tokens_in": 500, "tokens_out": 100}
        if pricing == "per_token"
        else {"kind": "vision"}
    )
    # The device is pinned: a larger input may otherwise move the choice to a faster device.
    return scenario(
        workload={**workload, "input_kb": input_kb},
        network={"profile": profile},
        cloud={"pricing": pricing},
        hybrid={"pattern": "escalate_hard_cases", "escalation_share": 0.2},
        edge={"device": "jetson_agx_orin_64gb"},
    )


PAYLOAD = {
    "small": st.floats(0, 10_000),
    "extra": st.floats(0.1, 10_000),
    "profile": st.sampled_from(CATALOG.ids("network_profiles")),
    "pricing": st.sampled_from(["per_request", "gpu_hour", "per_token"]),
}


@given(**PAYLOAD)
@SETTINGS
def test_cloud_latency_grows_with_the_payload(small, extra, profile, pricing):
    def p95(input_kb: float) -> float:
        return cloud_p95(payload_scenario(input_kb, profile, pricing))

    assert p95(small + extra) > p95(small)


@given(**PAYLOAD)
@SETTINGS
def test_the_escalated_requests_of_a_hybrid_take_longer_with_a_larger_payload(
    small, extra, profile, pricing
):
    def hybrid(input_kb: float):
        return plan_deployments(payload_scenario(input_kb, profile, pricing), CATALOG)["hybrid"]

    lighter, heavier = hybrid(small), hybrid(small + extra)
    assert heavier.pattern.pattern == "escalate_hard_cases"
    local, escalated = heavier.latency.paths

    def unqueued(path) -> float:
        return sum(part.p95_ms for part in path.parts if part.name != "queueing at peak")

    # Every part but the wait grows with the input (a heavier input may need another unit,
    # which shortens the queue: the pools are sized again for it).
    assert unqueued(escalated) > unqueued(lighter.latency.paths[1])
    # Answered on site: nothing is uploaded (the input still costs its pre-processing).
    assert not {"upload", "network round trip"} & {part.name for part in local.parts}
    same_pools = (
        heavier.local.choice.closest.plan.units == lighter.local.choice.closest.plan.units
        and (heavier.cloud.plan is None or heavier.cloud.plan.units == lighter.cloud.plan.units)
    )
    if same_pools:  # the mixture quantile is found by bisection to a relative 1e-6
        assert heavier.latency.p95_ms >= lighter.latency.p95_ms * (1 - 2e-6)


@given(
    rtt_p50=st.floats(0.01, 500),
    spread=st.floats(1.0, 5.0),
    more=st.floats(1.0, 1000),
)
@SETTINGS
def test_cloud_latency_grows_with_the_round_trip(rtt_p50, spread, more):
    def p95(p50: float, p95_: float) -> float:
        return cloud_p95(
            scenario(
                workload={"kind": "vision"},
                assumptions={
                    "network_profiles.metro.rtt_p50_ms": p50,
                    "network_profiles.metro.rtt_p95_ms": p95_,
                },
            )
        )

    base = p95(rtt_p50, rtt_p50 * spread)
    assert p95(rtt_p50, rtt_p50 * spread + more) > base  # a longer tail
    assert p95(rtt_p50 + more, (rtt_p50 + more) * spread) > base  # a longer round trip


def test_the_cloud_p95_is_the_sum_of_its_parts_p95():
    deployment = plan_deployments(scenario(), CATALOG)["cloud"]
    path = deployment.cloud.path
    names = [part.name for part in path.parts]
    assert {"network round trip", "upload", "download", "cloud inference"} <= set(names)
    assert deployment.latency.p95_ms == pytest.approx(sum(p.p95_ms for p in path.parts))


def test_the_hosted_llm_latency_is_first_token_plus_decode_at_the_published_speed():
    s = scenario(
        workload={"kind": "llm", "tokens_in": 1000, "tokens_out": 600, "input_kb": 0},
        cloud={"pricing": "per_token", "llm_model": "gpt_4o_mini"},
    )
    llm_model = CATALOG.get("llm_models", "gpt_4o_mini")
    inference = next(
        p for p in plan_deployments(s, CATALOG)["cloud"].cloud.path.parts if "inference" in p.name
    )
    expected_p50 = llm_model.ttft_p50_ms + 600 / llm_model.output_tokens_per_s * 1000
    assert inference.p50_ms == pytest.approx(expected_p50)  # 350 ms + 10 s
    assert inference.p95_ms == pytest.approx(expected_p50 * CATALOG.general.hosted_p95_over_p50)


# --- queueing: M/M/c -----------------------------------------------------------------------


def test_a_single_server_waits_with_probability_equal_to_its_utilisation():
    assert erlang_c(1, 0.5) == pytest.approx(0.5)
    assert erlang_c(1, 0.9) == pytest.approx(0.9)


def test_the_p95_wait_of_an_m_m_1_queue_matches_the_textbook_formula_with_kingmans_factor():
    # P(W > t) = rho exp(-(1 - rho) t / s)  =>  t95 = ln(rho / 0.05) s / (1 - rho), scaled by
    # (ca^2 + cs^2) / 2 for random arrivals and a nearly constant inference time.
    textbook = math.log(10) * 10 / 0.5
    assert queue_wait_ms(10.0, 0.5, 1, 0.95) == pytest.approx(textbook * (1.0 + 0.1) / 2)


def test_erlang_c_for_two_servers_matches_the_closed_form():
    # For c = 2: C = 2 rho^2 / (1 + rho)
    rho = 0.6
    assert erlang_c(2, rho) == pytest.approx(2 * rho**2 / (1 + rho))


def test_an_idle_or_overloaded_queue_has_no_wait_or_no_bound():
    assert queue_wait_ms(10.0, 0.0, 1, 0.95) == 0.0
    assert queue_wait_ms(10.0, 1.0, 4, 0.95) == math.inf


@given(
    low=st.floats(0.0, 0.98),
    step=st.floats(0.001, 0.5),
    servers=st.integers(1, 200),
    service=st.floats(0.1, 10_000),
)
@SETTINGS
def test_queue_wait_grows_with_utilisation(low, step, servers, service):
    high = min(low + step, 0.99)
    assert erlang_c(servers, high) >= erlang_c(servers, low)
    for q in (0.5, 0.95):
        assert queue_wait_ms(service, high, servers, q) >= queue_wait_ms(service, low, servers, q)


@given(
    utilisation=st.floats(0.01, 0.99),
    servers=st.integers(1, 200),
    more=st.integers(1, 200),
    service=st.floats(0.1, 10_000),
)
@SETTINGS
def test_queue_wait_shrinks_with_more_servers_at_the_same_utilisation(
    utilisation, servers, more, service
):
    assert erlang_c(servers + more, utilisation) <= erlang_c(servers, utilisation) + 1e-12
    assert queue_wait_ms(service, utilisation, servers + more, 0.95) <= queue_wait_ms(
        service, utilisation, servers, 0.95
    ) * (1 + 1e-9)


# --- the mixture quantile of a hybrid ------------------------------------------------------


def path(name: str, share: float, p50: float, p95: float) -> LatencyPath:
    return LatencyPath(name, share, (LatencyPart(name, p50, p95, ""),))


paths_strategy = st.lists(
    st.tuples(st.floats(0.01, 1.0), st.floats(0.01, 1e5), st.floats(1.0, 20.0)),
    min_size=2,
    max_size=4,
)


@given(specs=paths_strategy, quantile=st.sampled_from([0.5, 0.95]))
@SETTINGS
def test_the_mixture_quantile_lies_between_the_smallest_and_largest_path_quantile(specs, quantile):
    paths = tuple(
        path(f"p{i}", share, p50, p50 * ratio) for i, (share, p50, ratio) in enumerate(specs)
    )
    mixed = mixture_quantile(paths, quantile)
    own = [p.p95_ms if quantile == 0.95 else p.p50_ms for p in paths]
    assert min(own) * (1 - 1e-6) <= mixed <= max(own) * (1 + 1e-5)


def test_a_mixture_of_identical_paths_has_their_quantile():
    paths = (path("a", 0.3, 100, 200), path("b", 0.7, 100, 200))
    assert mixture_quantile(paths, 0.95) == pytest.approx(200, rel=1e-6)
    assert mixture_quantile(paths, 0.50) == pytest.approx(100, rel=1e-6)


def test_a_15_percent_slow_tail_dominates_the_mixture_p95():
    # 85 % answered locally in ~50 ms, 15 % escalated at ~2 s: more than 5 % of all requests
    # are slow, so the p95 is in the escalated requests' range, far above an average of p95s.
    paths = (path("local", 0.85, 40, 50), path("escalated", 0.15, 1500, 2000))
    p95 = mixture_quantile(paths, 0.95)
    assert 1000 < p95 < 2000
    assert mixture_quantile(paths, 0.50) < 100


def test_a_path_with_no_share_does_not_count():
    paths = (path("local", 1.0, 40, 50), path("escalated", 0.0, 1500, 2000))
    assert mixture_quantile(paths, 0.95) == 50


def test_the_hybrid_escalating_hard_cases_has_the_mixture_p95_of_its_paths():
    s = scenario(
        workload={"kind": "speech"},
        hybrid={"pattern": "escalate_hard_cases", "escalation_share": 0.2},
    )
    hybrid = plan_deployments(s, CATALOG)["hybrid"]
    local, escalated = hybrid.latency.paths
    assert (local.share, escalated.share) == pytest.approx((0.8, 0.2))
    assert escalated.p95_ms > local.p95_ms
    assert local.p95_ms <= hybrid.latency.p95_ms <= escalated.p95_ms


# --- the edge device ----------------------------------------------------------------------


def device_choice(s: Scenario, params: float | None = None, precision: str | None = None):
    catalog = CATALOG.with_overrides(s.assumptions)
    return choose_device(
        s,
        catalog,
        params if params is not None else s.model.params_billion,
        precision or s.model.precision,
        peak_rps_total(s, catalog),
    )


@given(
    kind=st.sampled_from(["vision", "llm", "speech", "tabular", "other"]),
    params=st.floats(-3, 2).map(lambda e: 10**e),
    precision=st.sampled_from(["fp32", "fp16", "int8", "int4"]),
    limit=st.floats(0, 6).map(lambda e: 10**e),
    requests=st.floats(3, 9).map(lambda e: 10**e),
    devices=st.integers(1, 1000),
)
@SETTINGS
def test_the_automatic_device_is_the_cheapest_usable_one(
    kind, params, precision, limit, requests, devices
):
    tokens = {"tokens_in": 500, "tokens_out": 100} if kind == "llm" else {}
    s = scenario(
        requirements={"max_latency_ms": limit, "devices": devices},
        workload={"kind": kind, "requests_per_month": requests, **tokens},
        model={"params_billion": params, "precision": precision},
    )
    choice = device_choice(s)
    usable = [a for a in choice.assessments if a.usable]
    assert not choice.pinned
    if not usable:
        assert choice.chosen is None
        assert choice.closest.device.name in choice.reason
        if choice.fastest is not None:  # the fastest that could serve, at its best sizing
            runnable = [a for a in choice.assessments if a.runnable and a.carries_load]
            assert choice.fastest.best_p95_ms == min(a.best_p95_ms for a in runnable)
        return
    assert choice.chosen is not None and choice.chosen.usable
    assert choice.chosen.device.runs(precision)
    assert all(a.fleet_price_usd >= choice.chosen.fleet_price_usd for a in usable)
    assert choice.chosen.device.name in choice.reason


def test_a_small_vision_model_runs_on_a_cheap_board():
    s = scenario(workload={"kind": "vision"}, model={"params_billion": 0.011, "precision": "int8"})
    choice = device_choice(s)
    assert choice.chosen is not None
    assert choice.chosen.device.price_usd <= 250


def largest_company_device():
    """The catalog device with the most memory for one model, counting every accelerator of a
    multi-GPU server (a model split over them), among those a company deploys."""
    allowed = [d for d in CATALOG.all("devices") if d.grade != "consumer"]
    return max(allowed, key=lambda d: d.memory_gb * d.accelerator_count)


def test_when_only_memory_falls_short_the_closest_device_is_the_one_with_most_memory():
    largest = largest_company_device()
    # fp16 weights alone half as large again as the whole of that device's memory.
    total_gb = largest.memory_gb * largest.accelerator_count * GIB / 1e9
    s = scenario(
        requirements={"max_latency_ms": 600_000_000},
        workload={"kind": "tabular", "requests_per_month": 1000},
        model={"params_billion": 1.5 * total_gb / 2, "precision": "fp16"},
    )
    choice = device_choice(s)
    assert choice.chosen is None
    assert choice.closest.device.id == largest.id
    assert "No catalog device" in choice.reason
    assert f"Closest: {largest.name}" in choice.reason
    assert "does not fit" in choice.reason


def test_a_model_too_large_for_the_customers_own_devices_shows_one_of_them_not_a_server():
    # 70 B parameters at int4 fit a data-centre server, not a phone or a laptop.
    s = scenario(
        requirements={"devices": 1000},
        workload={"kind": "llm", "tokens_in": 500, "tokens_out": 100},
        model={"params_billion": 70, "precision": "int4"},
        edge={"devices_owned_by": "customers"},
    )
    choice = device_choice(s)
    assert choice.chosen is None
    assert any(a.fit.fits for a in choice.assessments if not a.allowed)  # a server would hold it
    closest = choice.closest
    assert closest.allowed and closest.device.grade == "consumer"
    assert not closest.fit.fits
    assert f"Closest: {closest.device.name}" in choice.reason


def test_a_model_a_multi_gpu_server_holds_only_split_over_its_gpus_fits_it():
    largest = largest_company_device()
    assert largest.accelerator_count > 1
    # Weights of three GPUs' memory: too much for one, held by the server's GPUs together.
    per_gpu_gb = largest.memory_gb * GIB / 1e9
    s = scenario(
        requirements={"max_latency_ms": 600_000_000},
        workload={"kind": "tabular", "requests_per_month": 1000},
        model={"params_billion": 3 * per_gpu_gb / 2, "precision": "fp16"},
        edge={"device": largest.id},
    )
    server = device_choice(s).chosen
    assert server.fit.fits
    assert 3 < server.split <= largest.accelerator_count
    assert server.copies == largest.accelerator_count // server.split
    assert server.fit.usable_gb > 3 * per_gpu_gb > server.fit.usable_gb / server.split


def test_a_multi_gpu_server_splits_a_model_over_more_gpus_when_that_serves_it_better():
    # A 70 B fp8 model fits one H100 with 1.5 GB to spare: one request at a time per copy,
    # a 2,000-token prefill on one GPU. Split over several GPUs (tensor parallel), each copy
    # has room for a batch and a prefill several times faster; TensorRT-LLM publishes 109 ms
    # to the first token for LLaMA 70B FP8 on 4 H100s at batch 1 (docs/source/performance.md,
    # v0.5).
    s = scenario_from_dict(
        first_token_70b(
            requirements={"devices": 2000, "sites": 5},
            edge={"device": "hgx_h100_8x_server", "placement": "site_server"},
        )
    )
    choice = device_choice(s)
    hgx = [a for a in choice.assessments if a.device.id == "hgx_h100_8x_server"]
    (one_gpu,) = [a for a in hgx if a.split == 1]
    assert one_gpu.plan.point.batch == 1 and not one_gpu.meets_latency
    chosen = choice.chosen
    assert chosen.split > 1 and chosen.copies == 8 // chosen.split
    assert chosen.plan.point.batch > 1
    assert chosen.meets_latency and chosen.p95_ms < one_gpu.p95_ms / 1.5
    # The narrowest split that meets the limit at that price: more copies, no wasted GPUs.
    narrower = [a for a in hgx if 1 < a.split < chosen.split]
    assert all(not a.usable for a in narrower)


def test_a_pinned_device_that_does_not_fit_is_reported_with_its_shortfall():
    s = scenario(
        workload={"kind": "llm", "tokens_in": 500, "tokens_out": 100},
        model={"params_billion": 8.0, "precision": "fp16"},
        edge={"device": "jetson_orin_nano_super"},
    )
    choice = device_choice(s)
    assert choice.pinned and choice.chosen.device.id == "jetson_orin_nano_super"
    need = choice.chosen.fit.need.total_gb
    assert need > 16
    assert "falls short" in choice.reason
    assert f"needs {need:.2f} GB of 7.30 GB usable" in choice.reason  # 8 GiB x 0.85

    edge = evaluate(s).options["edge"]
    assert not edge.feasible
    fit = next(b for b in edge.blockers if b.constraint == "model_fit")
    assert "pinned" in fit.message and "Jetson Orin Nano Super" in fit.message
    assert f"needs {need:.2f} GB" in fit.message
    assert fit.relax


def test_a_pinned_device_that_fits_is_used_even_when_a_cheaper_one_would_do():
    s = scenario(
        workload={"kind": "vision"},
        model={"params_billion": 0.011, "precision": "int8"},
        edge={"device": "l40s_server"},
    )
    evaluation = evaluate(s)
    assert evaluation.device_choice.chosen.device.id == "l40s_server"
    assert evaluation.options["edge"].feasible


def camera_fleet(**edge) -> Scenario:
    """40 cameras at one site with a small vision model and a tight limit: a rack server's GPU
    is the fastest hardware in the catalog for it."""
    return scenario(
        requirements={"devices": 40, "max_latency_ms": 20},
        workload={"kind": "vision", "requests_per_month": 5e6},
        model={"params_billion": 0.011, "precision": "int8"},
        edge=edge,
    )


def test_a_rack_server_serves_a_site_and_never_stands_in_each_device():
    choice = device_choice(camera_fleet())
    racks = [a for a in choice.assessments if a.device.grade == "datacenter"]
    assert {a.placement for a in racks} == {IN_DEVICE, SITE_SERVER}
    for rack in racks:
        if rack.placement == IN_DEVICE:
            assert not rack.usable
            assert "rack server" in "; ".join(rack.shortfalls())
        else:
            assert rack.allowed
    for plan in (choice.chosen, choice.fastest, choice.closest):
        assert plan is not None
        assert not (plan.device.grade == "datacenter" and plan.placement == IN_DEVICE)


def test_a_rack_server_pinned_in_each_device_is_taken_as_the_user_says():
    choice = device_choice(camera_fleet(device="l4_server", placement="in_device"))
    assert choice.pinned
    assert (choice.chosen.device.id, choice.chosen.placement) == ("l4_server", IN_DEVICE)
    assert choice.chosen.allowed


def test_the_fleet_is_sized_for_the_peak_at_the_target_utilisation():
    s = scenario(
        requirements={"devices": 1, "max_latency_ms": 60_000},
        workload={"kind": "vision", "requests_per_month": 2e9, "peak_to_average": 3},
        model={"params_billion": 0.011, "precision": "int8"},
        edge={"device": "jetson_orin_nano_super", "placement": "site_server"},
    )
    assessment = device_choice(s).chosen
    peak = 2e9 / (730 * 3600) * 3
    per_unit = assessment.copies * assessment.plan.point.throughput_rps
    target = CATALOG.general.edge_target_utilisation
    assert assessment.units_per_site == math.ceil(peak / (per_unit * target))
    assert assessment.peak_utilisation <= target


# --- bad input cannot get in --------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "allowed"),
    [
        ("network_profiles.lan.uplink_mbps", "between 0.001 and"),
        ("network_profiles.lan.downlink_mbps", "between 0.001 and"),
        ("devices.jetson_orin_nano_super.memory_gb", "between 0.001 and"),
        ("devices.coral_usb.memory_bandwidth_gbps", "between 0.1 and"),
        ("devices.coral_usb.tops_int8", "between 0.1 and"),
        ("gpus.l4.memory_bandwidth_gbps", "between 1 and"),
        ("llm_models.gpt_4o_mini.output_tokens_per_s", "between 0.1 and"),
        ("serving_classes.cloud_gpu.usable_memory_fraction", "between 0.05 and"),
    ],
)
def test_a_zero_bandwidth_speed_or_memory_cannot_get_in(key, allowed):
    with pytest.raises(ScenarioError) as caught:
        scenario(assumptions={key: 0})
    message = str(caught.value)
    assert key in message
    assert allowed in message
    assert "(got 0)" in message


def test_an_unknown_figure_key_is_named():
    with pytest.raises(ScenarioError) as caught:
        scenario(assumptions={"devices.no_such_device.memory_gb": 8})
    assert "devices.no_such_device.memory_gb" in str(caught.value)


@given(
    uplink=st.floats(0.001, 1e5),
    memory=st.floats(0.001, 1e4),
    kind=st.sampled_from(["vision", "llm"]),
)
@settings(max_examples=15)
def test_the_smallest_allowed_bandwidth_and_memory_evaluate_to_finite_latencies(
    uplink, memory, kind
):
    tokens = {"tokens_in": 100, "tokens_out": 50} if kind == "llm" else {}
    s = scenario(
        network={"profile": "lan"},
        workload={"kind": kind, **tokens},
        assumptions={
            "network_profiles.lan.uplink_mbps": uplink,
            "devices.jetson_orin_nano_super.memory_gb": memory,
        },
    )
    evaluation = evaluate(s, draws=50)
    cloud = evaluation.options["cloud"]
    assume(cloud.deployment.cloud.fit is None or cloud.deployment.cloud.fit.fits)
    assert math.isfinite(cloud.latency_p95_ms)
    for result in evaluation.options.values():
        assert all(math.isfinite(c.score) for c in result.criteria.values())


# --- the precisions a device runs ---------------------------------------------------------


def test_npu_boards_run_only_integer_models_and_the_other_devices_run_every_precision():
    # fp8 needs fp8 tensor cores (Ada, Hopper, Blackwell); every other precision runs on any
    # GPU or CPU through its runtime. A phone's Neural Engine and GPU run fp16 and integers.
    for device in CATALOG.all("devices"):
        runs = set(device.precision_names)
        if device.device_class in ("npu_board", "microcontroller"):
            assert runs <= {"int8", "int4"}, device.id
        elif device.device_class == "phone_npu":
            assert runs <= {"fp16", "int8", "int4"}, device.id
        else:
            assert runs - {"fp8"} == set(PRECISIONS) - {"fp8"}, device.id


def test_a_floating_point_model_falls_short_on_an_npu_board_and_runs_elsewhere():
    s = scenario(
        requirements={"max_latency_ms": 60_000},
        workload={"kind": "tabular", "requests_per_month": 100_000},
        model={"params_billion": 0.0012, "precision": "fp32"},
    )
    choice = device_choice(s)
    hailo = next(a for a in choice.assessments if a.device.id == "rpi5_hailo8")
    assert hailo.fit.fits and hailo.meets_latency and hailo.carries_load
    assert not hailo.usable
    assert hailo.shortfalls() == ("runs only int8 or int4 models, not fp32",)
    assert choice.chosen is not None and choice.chosen.device.runs("fp32")


def test_the_same_model_quantised_to_int8_runs_on_the_npu_board():
    s = scenario(
        requirements={"max_latency_ms": 60_000},
        workload={"kind": "tabular", "requests_per_month": 100_000},
        model={"params_billion": 0.0012, "precision": "int8"},
    )
    hailo = next(a for a in device_choice(s).assessments if a.device.id == "rpi5_hailo8")
    assert hailo.usable and hailo.shortfalls() == ()


def test_a_pinned_npu_board_with_an_fp16_model_is_a_blocker_that_says_why():
    s = scenario(
        workload={"kind": "vision"},
        model={"params_billion": 0.011, "precision": "fp16"},
        edge={"device": "rpi5_hailo8"},
    )
    evaluation = evaluate(s, draws=50, volume_search=False)
    assert "falls short: runs only int8 or int4 models, not fp16" in (
        evaluation.device_choice.reason
    )
    edge = evaluation.options["edge"]
    assert not edge.feasible
    blocker = next(b for b in edge.blockers if b.constraint == "model_fit")
    assert blocker.message == (
        "The pinned Raspberry Pi 5 (8 GB) + AI HAT+ 26 TOPS (Hailo-8) runs only int8 or int4 "
        "models, not fp16."
    )
    assert "quantise" in blocker.relax


# --- the catalog data files ---------------------------------------------------------------


def copied_catalog(tmp_path: Path, edit) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    devices = data / "devices.yaml"
    devices.write_text(edit(devices.read_text(encoding="utf-8")), encoding="utf-8")
    return data


def test_a_device_without_memory_gb_is_named_plainly(tmp_path):
    coral_memory = "    memory_gb: 0.008\n"
    data = copied_catalog(tmp_path, lambda text: text.replace(coral_memory, "", 1))
    with pytest.raises(CatalogDataError) as caught:
        load_catalog(data)
    assert str(caught.value) == "devices.coral_usb: missing memory_gb"


def test_a_misspelt_figure_is_named_as_unknown_and_the_one_it_replaced_as_missing(tmp_path):
    data = copied_catalog(
        tmp_path, lambda text: text.replace("    memory_gb: 0.008\n", "    memory_gib: 0.008\n")
    )
    with pytest.raises(CatalogDataError) as caught:
        load_catalog(data)
    assert str(caught.value) == "devices.coral_usb: unknown memory_gib; missing memory_gb"


def test_a_device_precision_that_is_not_one_the_scenario_knows_is_refused(tmp_path):
    data = copied_catalog(
        tmp_path,
        lambda text: text.replace(
            'grade: devkit\n  precisions: "int8"\n', 'grade: devkit\n  precisions: "int3"\n', 1
        ),
    )
    with pytest.raises(CatalogDataError) as caught:
        load_catalog(data)
    assert str(caught.value).startswith("devices.coral_usb.precisions: unknown int3")


def test_the_shipped_catalog_loads_from_its_data_files():
    assert load_catalog(DATA_DIR).ids("devices") == CATALOG.ids("devices")


def test_when_only_integer_npus_have_room_the_blocker_says_precision_not_memory():
    # Every device that runs fp16 shrunk below the model's need (0.1 GB for all of a
    # multi-GPU server's accelerators together): only NPU boards have room.
    shrunk = {
        f"devices.{device.id}.memory_gb": 0.1 / device.accelerator_count
        for device in CATALOG.all("devices")
        if device.runs("fp16")
    }
    result = evaluate(
        scenario(model={"params_billion": 0.011, "precision": "fp16"}, assumptions=shrunk),
        draws=50,
    ).options["edge"]
    blocker = next(b for b in result.blockers if b.constraint == "model_fit")
    assert "runs only other precisions" in blocker.message
    assert "not fp16" in blocker.message
    assert "quantise" in blocker.relax


def test_a_cloud_that_misses_the_limit_names_the_best_it_reaches_and_that_limit_lets_it_in():
    evaluation = evaluate(scenario_from_dict(call_centre()), draws=10, volume_search=False)
    cloud = evaluation.options["cloud"]
    [blocker] = [b for b in cloud.blockers if b.constraint == "latency"]
    best_ms = cloud.deployment.cloud.best_p95_ms
    assert best_ms < 0.5 * cloud.latency_p95_ms  # the cheapest plan is far from the best
    assert f"~ {ms(best_ms)} at best" in blocker.message
    raised_ms = float(
        blocker.relax.removeprefix("raise the latency limit to ").split()[0].replace(",", "")
    )
    assert best_ms <= raised_ms < cloud.latency_p95_ms
    raised = evaluate(scenario_from_dict(call_centre(raised_ms)), draws=10, volume_search=False)
    assert "latency" not in {b.constraint for b in raised.options["cloud"].blockers}
