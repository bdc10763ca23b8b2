"""What an option result reads in one place: where its model fits, how many hours a year its
function is lost, and how the latency chart explains a hosted API's missing queueing part."""

from __future__ import annotations

import pytest

from scoring.engine.evaluate import Evaluation, evaluate
from scoring.io.presets import preset_by_id
from scoring.model.codec import scenario_from_dict
from scoring.report.charts import latency_budget_chart


def evaluated(**sections) -> Evaluation:
    scenario = scenario_from_dict({"name": "Option reads", **sections})
    return evaluate(scenario, draws=50, volume_search=False)


@pytest.fixture(scope="module")
def hosted() -> Evaluation:
    """An LLM answered by a hosted API in the cloud and escalated to it by the hybrid."""
    return evaluated(
        workload={"kind": "llm", "tokens_in": 500, "tokens_out": 100},
        model={"params_billion": 8.0, "precision": "int4"},
        cloud={"pricing": "per_token"},
        hybrid={"pattern": "escalate_hard_cases", "escalation_share": 0.2},
    )


@pytest.fixture(scope="module")
def rented() -> Evaluation:
    """A vision model on rented cloud GPUs, with a hybrid that only queues at the site."""
    return evaluated(
        workload={"kind": "vision"},
        model={"params_billion": 0.011, "precision": "int8"},
        cloud={"pricing": "gpu_hour"},
        hybrid={"pattern": "queue_and_sync"},
    )


def test_edge_and_the_hybrids_local_model_read_the_fit_of_their_device(hosted):
    for option in ("edge", "hybrid"):
        result = hosted.options[option]
        assert result.fit is result.deployment.local.choice.closest.fit
        assert result.fit.need.precision == "int4"


def test_a_hosted_llm_has_no_fit_of_its_own(hosted):
    cloud = hosted.options["cloud"]
    assert cloud.deployment.cloud.llm is not None
    assert cloud.fit is None


def test_rented_gpus_read_the_cloud_gpus_fit_also_behind_a_queueing_gateway(rented):
    for option in ("cloud", "hybrid"):
        result = rented.options[option]
        assert result.fit is not None
        assert result.fit is result.deployment.cloud.fit
    assert rented.options["hybrid"].deployment.local.choice is None  # the gateway runs no model


def test_downtime_hours_per_year_are_the_hours_the_function_is_lost():
    evaluation = evaluate(preset_by_id("factory_qc_camera").scenario, draws=50)
    for result in evaluation.options.values():
        assert result.downtime_hours_per_year == result.resilience.lost_hours_per_year
    hours = [r.downtime_hours_per_year for r in evaluation.options.values()]
    assert all(h >= 0 for h in hours) and max(hours) > 0


def bar_hovers(evaluation: Evaluation, part: str) -> dict[str, str]:
    trace = next(t for t in latency_budget_chart(evaluation).data if t.name == part)
    return dict(zip(trace.y, trace.customdata, strict=True))


def test_a_hosted_llm_bar_says_its_queueing_is_folded_into_the_providers_p95(hosted):
    ratio = hosted.catalog.general.hosted_p95_over_p50
    hovers = bar_hovers(hosted, "cloud inference")
    note = f"the provider's queueing is folded into this p95 (median × {ratio:g})"
    assert note in hovers["Cloud"]
    escalated = next(bar for bar in hovers if bar.startswith("Hybrid: escalated"))
    assert note in hovers[escalated]
    cloud_parts = hosted.options["cloud"].latency.paths[0].parts
    assert not any("queueing" in part.name for part in cloud_parts)


def test_a_rented_gpu_bar_has_its_own_queueing_part_and_no_such_note(rented):
    hovers = bar_hovers(rented, "cloud inference")
    assert "folded" not in hovers["Cloud"]
    assert "Cloud" in bar_hovers(rented, "queueing at peak")
