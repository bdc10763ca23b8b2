"""The serving model: worked examples computed by hand, and the laws it must keep whatever the
inputs (more load never lowers the p95 at fixed capacity, a tighter limit never yields a slower
device, a larger input never makes vision or speech faster, more sites never fewer sites)."""

from __future__ import annotations

import math
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scenarios import first_token_70b

from scoring.catalog import default_catalog, load_catalog
from scoring.catalog.loader import DATA_DIR
from scoring.catalog.tables import ServingClass
from scoring.engine.deployment import peak_rps_total, plan_deployments
from scoring.engine.devices import choose_device
from scoring.engine.evaluate import evaluate
from scoring.engine.inference import Hardware, serving_point, step_ms
from scoring.engine.memory import memory_fit, memory_need
from scoring.engine.request import input_size, request_work
from scoring.engine.serving import MIN_BATCH_GAIN, pool_waits, serving_curve
from scoring.model.codec import scenario_from_dict
from scoring.model.scenario import Scenario

CATALOG = default_catalog()
GENERAL = CATALOG.general
SETTINGS = settings(max_examples=25, deadline=None)

# A class with round figures, so that the examples below can be worked out by hand.
ROUND = ServingClass(
    id="cloud_gpu",
    name="Round figures",
    runtime="test",
    compute_efficiency=0.5,
    prefill_efficiency=0.5,
    engine_share=1.0,
    bandwidth_efficiency=0.5,
    call_overhead_ms=1.0,
    request_overhead_ms=0.0,
    step_overhead_ms=1.0,
    speech_step_overhead_ms=1.0,
    preprocess_mb_per_s=100.0,
    runtime_memory_gb=0.5,
    usable_memory_fraction=0.85,
    max_batch=256,
)
GPU = Hardware("test GPU", ROUND, tops_int8=200, memory_bandwidth_gbps=1000, memory_gb=80)


def scenario(**sections) -> Scenario:
    return scenario_from_dict({"name": "Serving test", **sections})


def llm(params: float = 10.0, precision: str = "fp16", tokens_in=1, tokens_out=100, **extra):
    s = scenario(
        workload={"kind": "llm", "tokens_in": tokens_in, "tokens_out": tokens_out},
        model={"params_billion": params, "precision": precision, **extra},
    )
    need = memory_need(s, CATALOG, params, precision)
    return s, need, request_work(s, CATALOG, need, input_size(s, GENERAL))


# --- worked examples ----------------------------------------------------------------------


def test_a_batch_1_decode_step_reads_the_weights_and_kv_cache_at_the_effective_bandwidth():
    # 10 B parameters in fp16 = 20 GB of weights; Llama-3-8B-like KV layout, 128 KiB a token,
    # at a mean context of 1 + 100 / 2 = 51 tokens = 6.7 MB. Effective bandwidth 1,000 GB/s x
    # 0.5 = 500 GB/s: (20 GB + 6.7 MB) / 500 GB/s = 40.01 ms, + 1 ms step overhead = 41.01 ms,
    # i.e. 24.4 tokens/s.
    _, need, work = llm(architecture="llama_3_1_8b")
    assert need.weights_gb == pytest.approx(20.0)
    kv_read = 131_072 * 51
    expected_ms = 1.0 + (20e9 + kv_read) / 500e9 * 1000
    assert step_ms(GPU, work, 1, GENERAL) == pytest.approx(expected_ms)
    assert 1000 / step_ms(GPU, work, 1, GENERAL) == pytest.approx(24.38, abs=0.01)


def test_at_batch_32_decode_throughput_is_bounded_by_compute():
    # fp16 runs at half the INT8 rate: 200 TOPS x 0.5 x 0.5 efficiency = 50 TOPS. 32 sequences
    # x 2 x 10 B operations = 640 GFLOP a step = 12.8 ms of compute, more than the 40 ms... no:
    # less than reading 20 GB (40 ms), so a 10 B model is still memory-bound at 32. A GPU ten
    # times slower in compute turns it: 5 TOPS -> 128 ms a step, compute-bound.
    _, _, work = llm(architecture="llama_3_1_8b")
    slow = replace(GPU, tops_int8=20)
    step = step_ms(slow, work, 32, GENERAL)
    assert step == pytest.approx(1.0 + 32 * 2 * 10e9 / 5e12 * 1000)  # 129 ms
    memory_bound_ms = 1.0 + (20e9 + 32 * 131_072 * 51) / 500e9 * 1000
    assert step > memory_bound_ms
    tokens_per_s = 32 * 1000 / step
    assert tokens_per_s == pytest.approx(248.1, abs=0.1)
    assert tokens_per_s < 32 * 1000 / memory_bound_ms  # batching stops paying when compute binds


def test_the_kv_cache_that_fits_beside_the_weights_bounds_the_batch():
    # 8 B fp16 on a 24 GB card (24 GiB = 25.77 GB) at 0.85 usable: 21.91 GB - 16 GB weights
    # - 1.3 GB runtime (0.5 GB + 5 % of the weights) = 4.61 GB for KV caches of 2,800 tokens
    # x 128 KiB = 0.367 GB each: 12 sequences.
    _s, need, work = llm(8.0, tokens_in=2500, tokens_out=300, architecture="llama_3_1_8b")
    assert need.kv_cache_gb == pytest.approx(2800 * 131_072 / 1e9)
    assert need.overhead_gb == pytest.approx(0.5 + 0.05 * 16)
    usable = memory_fit(need, 24, ROUND.usable_memory_fraction).usable_gb
    assert usable == pytest.approx(24 * 2**30 / 1e9 * 0.85)
    assert need.sequences_fitting(usable) == 12
    card = replace(GPU, memory_gb=24)
    curve = serving_curve(card, work, need.sequences_fitting(usable), GENERAL)
    assert curve.max_batch == 12 and curve.kv_limited
    assert [p.batch for p in curve.points] == [1, 2, 4, 8, 12]


def test_continuous_batching_shares_the_prefill_of_new_requests_among_those_decoding():
    # Alone, a request takes its prefill plus its decode. With b in flight, the other b - 1
    # prefills stall its decoding: R^2 - (b p + a) R + (b - 1) p^2 = 0.
    _, _, work = llm(tokens_in=2000, tokens_out=100)
    alone = serving_point(GPU, work, 1, GENERAL)
    assert alone.latency_ms == pytest.approx(alone.prefill_ms + 100 * alone.step_ms)
    eight = serving_point(GPU, work, 8, GENERAL)
    p, a = eight.prefill_ms, 100 * eight.step_ms
    assert eight.latency_ms**2 - (8 * p + a) * eight.latency_ms + 7 * p**2 == pytest.approx(
        0, abs=1e-6 * eight.latency_ms**2
    )
    assert eight.latency_ms > p + a  # stalls lengthen it
    assert eight.throughput_rps > alone.throughput_rps  # but eight finish sooner than one by one


def test_a_model_split_over_gpus_pays_the_scaling_efficiency():
    _, _, work = llm(70.0, architecture="llama_3_1_70b")
    one, four = GPU, replace(GPU, split=4)
    loss = GENERAL.tensor_parallel_loss
    efficiency = 1 / (1 + loss * 3)
    assert four.bandwidth_bytes_per_s(GENERAL) == pytest.approx(
        4 * efficiency * one.bandwidth_bytes_per_s(GENERAL)
    )
    # Four GPUs decode faster than one, but not four times faster: all-reduces and the loss.
    ratio = step_ms(one, work, 1, GENERAL) / step_ms(four, work, 1, GENERAL)
    assert 1 < ratio < 4


def test_vision_compute_scales_with_the_images_pixels():
    def ops(megapixels: float) -> float:
        s = scenario(
            workload={"kind": "vision", "image_megapixels": megapixels},
            model={"params_billion": 0.011, "precision": "int8"},
        )
        need = memory_need(s, CATALOG, 0.011, "int8")
        return request_work(s, CATALOG, need, input_size(s, GENERAL)).pass_ops

    assert ops(8.3) == pytest.approx(ops(0.83) * 10)
    assert ops(0.41) == pytest.approx(GENERAL.vision_ops_per_param_megapixel * 0.011e9 * 0.41)


def test_an_image_size_not_given_is_derived_from_the_input_and_says_so():
    s = scenario(workload={"kind": "vision", "input_kb": 200}, model={"params_billion": 0.01})
    size = input_size(s, GENERAL)
    assert size.megapixels == pytest.approx(200e3 * 8 / GENERAL.jpeg_bits_per_pixel / 1e6)
    assert "derived from input_kb" in size.derived[0]
    given_size = scenario(workload={"kind": "vision", "image_megapixels": 2.07})
    assert input_size(given_size, GENERAL).derived == ()


def test_a_five_minute_call_takes_ten_encoder_windows_and_900_decode_steps():
    s = scenario(
        workload={"kind": "speech", "audio_seconds": 300},
        model={"params_billion": 1.55, "precision": "fp16"},
    )
    need = memory_need(s, CATALOG, 1.55, "fp16")
    work = request_work(s, CATALOG, need, input_size(s, GENERAL))
    encoder = 1.55e9 * (1 - GENERAL.speech_decoder_share)
    assert work.pass_ops == pytest.approx(2 * encoder * 10 * 30 * 50)
    assert work.steps == pytest.approx(300 * GENERAL.speech_tokens_per_s)
    jetson = CATALOG.get("devices", "jetson_agx_orin_64gb")
    hardware = Hardware(
        jetson.name,
        CATALOG.get("serving_classes", "soc_module"),
        jetson.tops_int8,
        jetson.memory_bandwidth_gbps,
        jetson.memory_gb,
    )
    # Tens of seconds on a Jetson, not the fraction of a second a flat per-request figure gave.
    assert serving_point(hardware, work, 1, GENERAL).latency_ms > 10_000


def test_a_site_server_adds_the_lan_hop_and_a_model_in_the_device_does_not():
    base = {
        "requirements": {"devices": 40, "sites": 1, "max_latency_ms": 1000},
        "workload": {"kind": "vision", "image_megapixels": 1.0, "input_kb": 250},
        "model": {"params_billion": 0.011, "precision": "int8"},
    }
    for placement, has_lan in (("in_device", False), ("site_server", True)):
        s = scenario(**base, edge={"placement": placement, "device": "jetson_agx_orin_64gb"})
        edge = plan_deployments(s, CATALOG)["edge"]
        names = {p.name for p in edge.latency.paths[0].parts}
        assert ("site network" in names) is has_lan
        assert edge.local.placement == placement
    server = plan_deployments(
        scenario(**base, edge={"placement": "site_server", "device": "jetson_agx_orin_64gb"}),
        CATALOG,
    )["edge"]
    lan = next(p for p in server.latency.paths[0].parts if p.name == "site network")
    transfer = (250 + 1) * 8 / GENERAL.site_lan_mbps
    assert lan.p50_ms == pytest.approx(GENERAL.site_lan_rtt_p50_ms + transfer)


def twelve_megapixel_photos(requests_per_month: float) -> Scenario:
    """A compute-bound vision model: a copy serves two photos at once hardly faster than one."""
    return scenario(
        requirements={"max_latency_ms": 2000, "data_leaving": "raw", "devices": 60, "sites": 30},
        workload={
            "kind": "vision",
            "requests_per_month": requests_per_month,
            "peak_to_average": 2,
            "input_kb": 4000,
            "image_megapixels": 12,
        },
        model={"params_billion": 0.3, "precision": "fp16"},
    )


@pytest.mark.parametrize("requests", [29.55e6, 29.66e6, 29.8e6, 40.79e6, 50.05e6])
def test_a_larger_batch_is_planned_only_where_a_copy_serves_materially_more_at_it(requests):
    # Near 29.66 M photos a month, batch 2 (0.04 % more throughput, twice the time in service)
    # once saved one container in 17 and took the cloud's p95 from 841 to 1,393 ms.
    cloud = plan_deployments(twelve_megapixel_photos(requests), CATALOG)["cloud"].cloud
    single = serving_curve(cloud.hardware, cloud.work, 1, GENERAL).single
    plan = cloud.plan
    assert plan.point.batch == 1 or plan.point.throughput_rps >= single.throughput_rps * (
        1 + MIN_BATCH_GAIN
    )
    assert plan.point.latency_ms == pytest.approx(single.latency_ms)


def test_the_factory_runs_one_plants_cameras_from_servers_at_its_one_site():
    s = next(p.scenario for p in bundled() if p.id == "factory_qc_camera")
    edge = evaluate(s, draws=50, volume_search=False).options["edge"]
    assert edge.deployment.sites == 1
    assert edge.deployment.local.placement == "site_server"
    # Safety-critical: a spare server beside the ones the load needs (N + 1).
    assert edge.deployment.local.units_per_site >= 2


def bundled():
    from scoring.io.presets import bundled_presets

    return bundled_presets()


def catalog_with_microcontroller(tmp_path: Path):
    """The shipped catalog plus one microcontroller with an NPU (STMicroelectronics STM32N6:
    600 GOPS INT8 Neural-ART accelerator, 4.2 MB of on-chip RAM)."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with open(data / "devices.yaml", "a", encoding="utf-8") as f:
        f.write(
            """
- id: test_mcu
  name: Test microcontroller with NPU
  device_class: microcontroller
  grade: industrial
  precisions: "int8"
  source: "STMicroelectronics STM32N6 product page: Neural-ART 600 GOPS, 4.2 MB RAM"
  as_of: "2025-01"
  figures:
    price_usd: 15
    memory_gb: 0.0042
    memory_bandwidth_gbps: 6.4
    tops_int8: 0.6
    power_w: 0.5
    accelerator_count: 1
"""
        )
    return load_catalog(data)


def test_a_tiny_sensor_model_meets_a_10_ms_control_loop_on_a_microcontroller(tmp_path):
    catalog = catalog_with_microcontroller(tmp_path)
    s = scenario(
        requirements={"max_latency_ms": 10, "devices": 50, "offline": "required"},
        workload={
            "kind": "other",
            "requests_per_month": 50 * 100 * 3600 * 24 * 30,
            "peak_to_average": 1,
            "input_kb": 2,
        },
        model={"params_billion": 0.002, "precision": "int8"},
    )
    choice = choose_device(s, catalog, 0.002, "int8", peak_rps_total(s, catalog))
    mcu = choice.chosen
    assert mcu.device.id == "test_mcu" and mcu.placement == "in_device"
    assert mcu.usable
    assert mcu.path.p95_ms < 10
    # 100 inferences a second per device: each takes a few milliseconds, no queue to speak of.
    assert mcu.plan.point.latency_ms < 5


def test_a_20m_parameter_fraud_model_at_1700_requests_a_second_needs_one_gpu_server():
    s = scenario(
        requirements={"max_latency_ms": 100, "devices": 1},
        workload={
            "kind": "tabular",
            "requests_per_month": 1700 * 3600 * 730,
            "peak_to_average": 1,
            "input_kb": 2,
        },
        model={"params_billion": 0.02, "precision": "fp16"},
        edge={"device": "l4_server"},
    )
    edge = plan_deployments(s, CATALOG)["edge"]
    unit = edge.local.choice.chosen
    capacity = unit.copies * unit.plan.point.throughput_rps
    assert capacity > 500  # a unit serves far more than 500 requests a second
    assert edge.local.units_per_site == 1
    assert edge.latency.p95_ms < 100


# --- laws ---------------------------------------------------------------------------------


@given(
    tokens_in=st.integers(1, 8000),
    tokens_out=st.integers(1, 2000),
    batch=st.sampled_from([1, 2, 4, 8, 16, 32, 64]),
    units=st.integers(1, 16),
    load=st.floats(0.001, 50),
    more=st.floats(1.0, 10.0),
)
@SETTINGS
def test_more_load_never_lowers_the_p95_at_fixed_capacity(
    tokens_in, tokens_out, batch, units, load, more
):
    _, _, work = llm(8.0, tokens_in=tokens_in, tokens_out=tokens_out)
    point = serving_point(GPU, work, batch, GENERAL)
    _, _, lower = pool_waits(point, units, 1, load)
    _, _, higher = pool_waits(point, units, 1, load * more)
    assert higher >= lower


@given(
    kind=st.sampled_from(["vision", "speech"]),
    size=st.floats(0.05, 50),
    batch=st.sampled_from([1, 4, 16, 64]),
    device=st.sampled_from(CATALOG.ids("devices")),
)
@SETTINGS
def test_an_input_ten_times_larger_never_makes_vision_or_speech_faster(kind, size, batch, device):
    def latency(scale: float) -> float:
        field = "image_megapixels" if kind == "vision" else "audio_seconds"
        s = scenario(
            workload={"kind": kind, field: size * scale},
            model={"params_billion": 0.1, "precision": "int8"},
        )
        d = CATALOG.get("devices", device)
        hardware = Hardware(
            d.name,
            CATALOG.get("serving_classes", d.device_class),
            d.tops_int8,
            d.memory_bandwidth_gbps,
            d.memory_gb,
        )
        need = memory_need(s, CATALOG, 0.1, "int8")
        work = request_work(s, CATALOG, need, input_size(s, GENERAL))
        return serving_point(hardware, work, batch, GENERAL).latency_ms

    assert latency(10) >= latency(1)


def limit_scenario(kind: str, params: float, requests: float, limit: float) -> Scenario:
    tokens = {"tokens_in": 800, "tokens_out": 200} if kind == "llm" else {}
    return scenario(
        requirements={"max_latency_ms": limit, "devices": 3},
        workload={"kind": kind, "requests_per_month": requests, **tokens},
        model={"params_billion": params, "precision": "int4" if kind == "llm" else "int8"},
    )


@given(
    kind=st.sampled_from(["vision", "llm", "tabular"]),
    params=st.floats(-2, 1.5).map(lambda e: 10**e),
    requests=st.floats(3, 8).map(lambda e: 10**e),
    limit=st.floats(0, 5).map(lambda e: 10**e),
    factor=st.floats(1.1, 20),
)
@SETTINGS
def test_a_tighter_limit_never_ends_with_a_slower_device(kind, params, requests, limit, factor):
    # The device's p95 as planned: the chosen one's, or when none meets the limit, the lowest
    # any device reaches (what the blocker names).
    def p95(max_latency_ms: float) -> float:
        s = limit_scenario(kind, params, requests, max_latency_ms)
        choice = choose_device(
            s, CATALOG, s.model.params_billion, s.model.precision, peak_rps_total(s, CATALOG)
        )
        if choice.chosen is not None:
            return choice.chosen.path.p95_ms
        assume(choice.fastest is not None)
        return choice.fastest.best_p95_ms

    tight, loose = p95(limit), p95(limit * factor)
    assert tight <= loose * (1 + 1e-9)


def test_the_law_firm_blocker_names_the_fastest_a_device_reaches_and_that_limit_works():
    base = next(p.scenario for p in bundled() if p.id == "law_firm_documents")

    def at(limit_ms: float):
        requirements = base.requirements.model_copy(update={"max_latency_ms": limit_ms})
        return base.model_copy(update={"requirements": requirements})

    # A limit a little under the lowest p95 any device reaches (as found at a limit of 1 ms).
    fastest = evaluate(at(1), draws=5, volume_search=False).device_choice.fastest
    edge = evaluate(at(0.9 * fastest.best_p95_ms), draws=50, volume_search=False).options["edge"]
    blocker = next(b for b in edge.blockers if b.constraint == "latency")
    reach = float(blocker.relax.split("to ")[1].split(" ms")[0].replace(",", ""))
    # Every device that could serve reaches at best what the blocker names...
    choice = edge.deployment.local.choice
    runnable = [a for a in choice.assessments if a.runnable and a.carries_load]
    assert min(a.best_p95_ms for a in runnable) <= reach
    # ...and with the limit raised to it, edge becomes feasible.
    assert evaluate(at(reach), draws=50, volume_search=False).options["edge"].feasible


@given(
    devices=st.integers(2, 500),
    sites=st.integers(1, 500),
    more=st.integers(1, 500),
    kind=st.sampled_from(["vision", "tabular", "llm"]),
)
@SETTINGS
def test_splitting_the_same_devices_over_more_sites_never_lowers_the_site_count(
    devices, sites, more, kind
):
    sites = min(sites, devices - 1)
    wider = min(devices, sites + more)

    def planned(site_count: int):
        tokens = {"tokens_in": 500, "tokens_out": 100} if kind == "llm" else {}
        s = scenario(
            requirements={"devices": devices, "sites": site_count, "max_latency_ms": 30_000},
            workload={"kind": kind, **tokens},
            model={"params_billion": 0.05 if kind != "llm" else 1.0, "precision": "int8"},
        )
        evaluation = evaluate(s, draws=20, volume_search=False)
        edge = evaluation.options["edge"]
        fees = edge.component_totals_usd()["connectivity"]
        return edge.deployment.sites, edge.criteria["operations"].inputs["sites"], fees

    fewer, many = planned(sites), planned(wider)
    assert many[0] >= fewer[0]
    assert int(many[1].replace(",", "")) >= int(fewer[1].replace(",", ""))
    if wider > sites:
        assert many[2] >= fewer[2]


def test_a_development_kit_is_not_chosen_for_regulated_data_unless_pinned():
    s = scenario(
        requirements={"data_sensitivity": "regulated", "max_latency_ms": 60_000},
        workload={"kind": "vision"},
        model={"params_billion": 0.011, "precision": "int8"},
    )
    choice = choose_device(s, CATALOG, 0.011, "int8", peak_rps_total(s, CATALOG))
    assert choice.chosen is not None and choice.chosen.device.grade != "devkit"
    kits = [a for a in choice.assessments if a.device.grade == "devkit"]
    assert kits and all("development kit" in a.excluded for a in kits)
    pinned = s.model_copy(update={"edge": s.edge.model_copy(update={"device": "rpi5_hailo8"})})
    choice = choose_device(pinned, CATALOG, 0.011, "int8", peak_rps_total(pinned, CATALOG))
    assert choice.chosen.device.id == "rpi5_hailo8" and not choice.chosen.excluded


def test_a_safety_critical_scenario_keeps_development_kits_out_too():
    s = scenario(
        requirements={"failure_mode": "safety_critical", "max_latency_ms": 60_000},
        workload={"kind": "vision"},
        model={"params_billion": 0.011, "precision": "int8"},
    )
    choice = choose_device(s, CATALOG, 0.011, "int8", peak_rps_total(s, CATALOG))
    assert choice.chosen.device.grade != "devkit"


def test_when_the_limit_applies_to_the_first_token_an_llm_is_judged_by_it():
    def edge_p95(applies_to: str) -> tuple[float, float, float]:
        s = scenario(
            requirements={"max_latency_ms": 60_000, "latency_applies_to": applies_to},
            workload={"kind": "llm", "tokens_in": 2000, "tokens_out": 500},
            model={"params_billion": 8.0, "precision": "int4"},
            edge={"device": "rtx4090_workstation"},
        )
        d = plan_deployments(s, CATALOG)["edge"]
        return d.latency.p95_ms, d.first_token.p95_ms, d.response.p95_ms

    judged, first, whole = edge_p95("first_token")
    assert judged == first < whole
    judged, first, whole = edge_p95("whole_response")
    assert judged == whole > first


def test_a_scenario_file_without_sites_keeps_each_device_its_own_site():
    s = scenario(requirements={"devices": 12})
    assert s.requirements.sites is None and s.requirements.site_count == 12
    with pytest.raises(Exception, match="sites"):
        scenario(requirements={"devices": 3, "sites": 5})


def test_an_older_scenario_overriding_a_retired_figure_is_told_what_replaced_it():
    with pytest.raises(Exception, match="no longer a catalog figure"):
        scenario(assumptions={"general.general.batch_throughput_gain": 4})


def test_customers_own_devices_are_only_their_phones_and_laptops():
    s = scenario(
        edge={"devices_owned_by": "customers"},
        workload={"kind": "vision"},
        model={"params_billion": 0.011, "precision": "int8"},
    )
    choice = choose_device(s, CATALOG, 0.011, "int8", peak_rps_total(s, CATALOG))
    for a in choice.assessments:
        customer = a.device.device_class in ("phone_npu", "laptop_npu")
        assert a.allowed == customer
        assert a.placement == "in_device"


def test_no_flat_batching_factor_is_left_in_the_catalog():
    assert "batch_throughput_gain" not in {f.split(".")[-1] for f in CATALOG.figures}
    assert math.isfinite(GENERAL.tensor_parallel_loss)


def test_a_cloud_instance_with_eight_gpus_splits_a_model_over_more_of_them_when_it_must():
    # The same 70 B fp8 model on AWS p5 (8 x H100): one copy per GPU serves one request at a
    # time, and the first token of a 2,000-token prompt misses 300 ms; split wider it meets it.
    s = scenario_from_dict(
        first_token_70b(cloud={"pricing": "gpu_hour", "gpu_instance": "aws_p5_48xlarge"})
    )
    cloud = plan_deployments(s, CATALOG)["cloud"].cloud
    assert cloud.gpus_per_copy > 1
    assert cloud.plan.meets and cloud.plan.point.batch > 1
    assert cloud.plan.copies == 8 // cloud.gpus_per_copy
