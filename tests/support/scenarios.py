"""Scenarios for tests in any tier: a Hypothesis strategy for any valid scenario, drawn from the
model's limits, and the edits several tests make."""

from __future__ import annotations

import math
from functools import cache

from hypothesis import assume
from hypothesis import strategies as st

from scoring.catalog import default_catalog
from scoring.engine.evaluate import Evaluation, evaluate
from scoring.io.presets import preset_by_id
from scoring.model.codec import scenario_from_dict
from scoring.model.scenario import Scenario
from scoring.model.vocabulary import CRITERIA, HYBRID_PATTERNS

CATALOG = default_catalog()


def log_uniform(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(math.log10(low), math.log10(high)).map(lambda e: 10**e)


@st.composite
def scenario_dicts(draw) -> dict:
    """Any valid scenario, drawn from the allowed values and ranges of scoring/model/scenario.py."""
    kind = draw(st.sampled_from(["vision", "llm", "speech", "tabular", "other"]))
    tokens = st.integers(0, 8000) if kind == "llm" else st.just(0)
    data = {
        "name": "Generated scenario",
        "requirements": {
            "max_latency_ms": draw(log_uniform(1, 6e8)),
            "offline": draw(st.sampled_from(["required", "preferred", "not_needed"])),
            "data_leaving": draw(st.sampled_from(["none", "results_only", "anonymized", "raw"])),
            "data_sensitivity": draw(
                st.sampled_from(["public", "internal", "confidential", "regulated"])
            ),
            "model_updates_per_year": draw(st.integers(0, 365)),
            "devices": draw(log_uniform(1, 1e6).map(lambda v: max(1, min(1_000_000, round(v))))),
            "demand": draw(st.sampled_from(["steady", "seasonal", "spiky"])),
            "failure_mode": draw(st.sampled_from(["safety_critical", "degrade", "can_wait"])),
            "results_needed_centrally": draw(st.booleans()),
        },
        "workload": {
            "kind": kind,
            "requests_per_month": draw(st.one_of(st.just(0.0), log_uniform(1, 1e10))),
            "growth_pct_per_month": draw(st.floats(-10, 20)),
            "peak_to_average": draw(st.floats(1, 20)),
            "input_kb": draw(st.floats(0, 1e4, allow_subnormal=False)),
            "output_kb": draw(st.floats(0, 1e4, allow_subnormal=False)),
            "tokens_in": draw(tokens),
            "tokens_out": draw(tokens),
        },
        "model": {
            "params_billion": draw(log_uniform(0.001, 500)),
            "precision": draw(st.sampled_from(["fp32", "fp16", "bf16", "int8", "int4"])),
        },
        "horizon_months": draw(st.integers(1, 120)),
        "edge": {
            "devices_owned_by": draw(st.sampled_from(["operator", "customers"])),
            "device": draw(st.sampled_from(("auto", "auto", *CATALOG.ids("devices")))),
        },
        "cloud": {
            "pricing": draw(st.sampled_from(["auto", "per_token", "per_request", "gpu_hour"]))
        },
        "network": {"profile": draw(st.sampled_from(CATALOG.ids("network_profiles")))},
        "hybrid": {
            "pattern": draw(st.sampled_from(("auto", *HYBRID_PATTERNS))),
            "escalation_share": draw(st.floats(0, 1)),
        },
    }
    if draw(st.booleans()):
        weights = draw(st.dictionaries(st.sampled_from(CRITERIA), st.floats(0, 100)))
        assume(not (len(weights) == len(CRITERIA) and not any(weights.values())))
        data["weights"] = weights
    return data


def pinned(scenario: Scenario, pattern: str) -> Scenario:
    """The scenario with its hybrid pattern pinned instead of chosen."""
    hybrid = scenario.hybrid.model_copy(update={"pattern": pattern})
    return scenario.model_copy(update={"hybrid": hybrid})


def beyond_every_site(data: dict) -> dict:
    """`data` (a scenario as a dict) at the first volume, a power of ten, at which no catalog
    device carries a site's peak load (a `load` blocker on edge). Found by the engine, so a
    faster device in the catalog moves the volume rather than breaking the test."""
    for exponent in range(6, 13):
        workload = {**data.get("workload", {}), "requests_per_month": 10.0**exponent}
        found = {**data, "workload": workload}
        named = {"name": "Beyond every site", **found}
        edge = evaluate(scenario_from_dict(named), draws=5, volume_search=False).options["edge"]
        if any(b.constraint == "load" for b in edge.blockers):
            return found
    raise AssertionError("some catalog device carries even the largest volume a scenario allows")


@cache
def preset_evaluation(preset_id: str) -> Evaluation:
    """The full evaluation of a bundled preset, evaluated once per test process (an Evaluation
    is immutable, so tests share it)."""
    return evaluate(preset_by_id(preset_id).scenario)


def first_token_70b(**sections) -> dict:
    """A 70 B fp8 assistant whose first token must come within 300 ms of a 2,000-token prompt:
    on one H100 a copy has no room for a batch and misses it. `sections` adds to or replaces
    its sections (requirements are merged)."""
    data: dict = {
        "name": "70 B assistant, first token in 300 ms",
        "requirements": {"max_latency_ms": 300, "latency_applies_to": "first_token"},
        "workload": {
            "kind": "llm",
            "requests_per_month": 840_000,
            "peak_to_average": 3,
            "tokens_in": 2000,
            "tokens_out": 400,
        },
        "model": {"params_billion": 70.6, "precision": "fp8", "architecture": "llama_3_1_70b"},
    }
    requirements = {**data["requirements"], **sections.pop("requirements", {})}
    return {**data, **sections, "requirements": requirements}


def call_centre(max_latency_ms: float = 2000) -> dict:
    """Live transcription for 800 agents at 4 centres: 20 s chunks of speech to Whisper
    large-v3, spiky demand growing 1 % a month, on serverless L4s in the cloud. At a 2 s limit
    the cheapest cloud pool batches deep and misses it by seconds, where more containers at
    smaller batches come within ~10 %; the edge is a fleet of Jetson AGX Thor."""
    return {
        "name": "Call-centre live transcription",
        "requirements": {
            "max_latency_ms": max_latency_ms,
            "offline": "not_needed",
            "data_leaving": "raw",
            "devices": 800,
            "sites": 4,
            "demand": "spiky",
            "failure_mode": "degrade",
        },
        "workload": {
            "kind": "speech",
            "requests_per_month": 8_448_000,
            "growth_pct_per_month": 1,
            "peak_to_average": 5,
            "input_kb": 640,
            "audio_seconds": 20,
            "output_kb": 0.5,
            "tokens_out": 60,
        },
        "model": {"params_billion": 1.55, "precision": "fp16"},
        "horizon_months": 36,
        "cloud": {"pricing": "per_request", "serverless_gpu": "modal_l4"},
    }
