"""Model capability scores the model as it runs, with the same penalty wherever it runs: a hosted
model of published size scores like the same model on a cloud GPU, the cloud loses what the
device loses for int4 weights or a small LLM, and only a hosted model whose size is not published
is taken as the provider's large model."""

from __future__ import annotations

import math

import pytest

from scoring.catalog import default_catalog
from scoring.catalog.loader import CatalogDataError, load_catalog
from scoring.engine.criteria import MODEL_POINTS
from scoring.engine.evaluate import evaluate
from scoring.io.presets import preset_by_id
from scoring.model.codec import scenario_from_dict

CATALOG = default_catalog()
EDGE_BASE = MODEL_POINTS["edge and local-first hybrids"]
CLOUD_BASE = MODEL_POINTS["cloud, own model or hosted LLM of published size"]
FRONTIER = MODEL_POINTS["cloud, hosted LLM of undisclosed size"]
# One L40S (48 GB): holds every model size these tests use, as the workstation does.
RENTED_GPU = {"pricing": "gpu_hour", "gpu_instance": "aws_g6e_xlarge"}


def assistant(params_billion: float, precision: str, **sections) -> dict:
    """A small office assistant: 50 operator-owned workstations, one at each desk, that a model of
    this size fits with room to spare."""
    return {
        "name": "Office assistant",
        "requirements": {"max_latency_ms": 20_000, "devices": 50, "data_leaving": "raw"},
        "workload": {
            "kind": "llm",
            "requests_per_month": 200_000,
            "tokens_in": 800,
            "tokens_out": 200,
        },
        "model": {"params_billion": params_billion, "precision": precision},
        "edge": {"device": "rtx_pro_6000_workstation"},
        **sections,
    }


def models_of(data: dict, option: str):
    """The option's model-capability score, with its sentence."""
    evaluation = evaluate(scenario_from_dict(data), draws=10, volume_search=False, hints=False)
    return evaluation.options[option].criteria["models"]


def capability(data: dict, option: str) -> float:
    return models_of(data, option).score


def hosted(model_id: str) -> dict:
    return {"cloud": {"pricing": "per_token", "llm_model": model_id}}


def test_a_hosted_8b_model_scores_as_the_same_8b_model_on_a_rented_gpu():
    on_a_gpu = capability(assistant(8.03, "bf16", cloud=RENTED_GPU), "cloud")
    llama = capability(assistant(8.03, "bf16", **hosted("llama_3_1_8b_hosted")), "cloud")
    assert llama == on_a_gpu == CLOUD_BASE - 10  # an LLM under 10 B parameters


def test_a_hosted_model_of_undisclosed_size_scores_above_a_hosted_8b_model():
    frontier = capability(assistant(8.03, "bf16", **hosted("gpt_6_luna")), "cloud")
    llama = capability(assistant(8.03, "bf16", **hosted("llama_3_1_8b_hosted")), "cloud")
    assert frontier == FRONTIER
    assert frontier - llama == FRONTIER - CLOUD_BASE + 10


def test_a_hosted_model_of_published_large_size_loses_nothing_for_its_size():
    assert capability(assistant(8.03, "bf16", **hosted("mistral_large_3")), "cloud") == CLOUD_BASE


@pytest.mark.parametrize("precision", ["bf16", "fp8", "int8", "int4"])
@pytest.mark.parametrize("params_billion", [3.2, 14.0])
def test_the_cloud_and_the_device_differ_only_by_the_clouds_headroom(precision, params_billion):
    data = assistant(params_billion, precision, cloud=RENTED_GPU)
    edge, cloud = capability(data, "edge"), capability(data, "cloud")
    assert cloud - edge == pytest.approx(CLOUD_BASE - EDGE_BASE)


def test_int4_weights_cost_the_cloud_what_they_cost_the_device():
    full = capability(assistant(14.0, "bf16", cloud=RENTED_GPU), "cloud")
    int4 = capability(assistant(14.0, "int4", cloud=RENTED_GPU), "cloud")
    assert full - int4 == 15


def test_the_sentence_names_each_point_the_cloud_model_loses():
    data = assistant(3.2, "int4", cloud=RENTED_GPU)
    sentence = models_of(data, "cloud").sentence
    assert "90 points, less 15 for int4 weights and 10 for an LLM under 10 B parameters" in (
        sentence
    )


def test_anonymised_inputs_score_the_cloud_model_less_five():
    for model_id in ("gpt_6_luna", "llama_3_1_8b_hosted"):
        data = assistant(8.03, "bf16", **hosted(model_id))
        data["requirements"]["data_leaving"] = "anonymized"
        data["hybrid"] = {"pattern": "anonymize_then_send"}
        cloud, hybrid = capability(data, "cloud"), capability(data, "hybrid")
        assert hybrid == cloud - 5


def test_a_gateway_scores_what_the_cloud_scores():
    for model_id in ("gpt_6_luna", "llama_3_1_8b_hosted"):
        data = assistant(8.03, "bf16", **hosted(model_id))
        data["hybrid"] = {"pattern": "queue_and_sync"}
        assert capability(data, "hybrid") == capability(data, "cloud")


def test_every_hosted_model_says_its_size_or_that_it_is_undisclosed():
    for model in CATALOG.all("llm_models"):
        assert model.params_billion is None or model.params_billion > 0
    sizes = {m.id: m.params_billion for m in CATALOG.all("llm_models")}
    assert sizes["llama_3_1_8b_hosted"] == pytest.approx(8.03)
    assert sizes["gpt_6_luna"] is None


@pytest.mark.parametrize("size", ["big", "0"])
def test_a_hosted_models_size_must_be_a_number_of_billions_or_undisclosed(tmp_path, size, root):
    data = root / "scoring" / "catalog" / "data"
    for path in data.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "llm_models.yaml":
            text = text.replace('parameters: "8.03"', f'parameters: "{size}"')
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    with pytest.raises(CatalogDataError, match=r"llm_models\.llama_3_1_8b_hosted\W.*parameters"):
        load_catalog(tmp_path)


def test_a_model_that_does_not_fit_the_pinned_device_scores_as_not_running_there():
    # A 14 B bf16 model (about 30 GB) on a pinned 8 GB Jetson; the workstation would hold it.
    data = assistant(14.0, "bf16", edge={"device": "jetson_orin_nano_8gb_module"})
    models = models_of(data, "edge")
    assert models.score == MODEL_POINTS["the model does not fit the GPU or device it is given"]
    assert "does not fit NVIDIA Jetson Orin Nano 8 GB module" in models.sentence
    assert "% of" not in models.sentence  # no share of a memory it does not fit in


def test_a_model_no_allowed_device_holds_scores_nothing_on_the_edge():
    # Consumer chat: a 70.6 B model for customers' own phones and laptops, none of which holds
    # it; a company's server would, but customers do not own one.
    scenario = preset_by_id("consumer_chat_service").scenario
    evaluation = evaluate(scenario, draws=10, volume_search=False, hints=False)
    models = evaluation.options["edge"].criteria["models"]
    assert models.score == 0
    assert models.sentence.startswith(
        "No catalog device these requirements allow can run the 70.6 B model at int4; the "
        "closest is "
    )


def test_a_device_that_lacks_the_models_precision_scores_as_not_running_it():
    # A 14 B fp8 model fits the 64 GB of a pinned Jetson AGX Orin, which runs no fp8.
    data = assistant(14.0, "fp8", edge={"device": "jetson_agx_orin_64gb"})
    models = models_of(data, "edge")
    assert models.score == MODEL_POINTS["the model does not fit the GPU or device it is given"]
    assert "cannot run at fp8 on NVIDIA Jetson AGX Orin 64 GB" in models.sentence


def test_a_hybrid_never_says_the_cloud_model_runs_where_it_does_not_fit():
    # 70 B at bf16 (about 150 GB) on one rented L40S (48 GB).
    data = assistant(70.6, "bf16", cloud=RENTED_GPU)
    data["requirements"]["data_leaving"] = "anonymized"
    for pattern in ("anonymize_then_send", "queue_and_sync"):
        evaluation = evaluate(
            scenario_from_dict({**data, "hybrid": {"pattern": pattern}}),
            draws=10,
            volume_search=False,
            hints=False,
        )
        models = evaluation.options["hybrid"].criteria["models"]
        assert models.sentence.startswith("The model does not fit AWS EC2 g6e.xlarge")
        assert "runs in the cloud" not in models.sentence


def test_escalating_to_a_smaller_hosted_model_costs_what_a_smaller_local_model_costs():
    data = assistant(70.6, "int4", **hosted("llama_3_1_8b_hosted"))
    data["hybrid"] = {"pattern": "escalate_hard_cases", "escalation_share": 0.2}
    evaluation = evaluate(scenario_from_dict(data), draws=10, volume_search=False, hints=False)
    cloud = evaluation.options["cloud"].criteria["models"]
    halvings = math.log2(70.6 / 8.03)
    assert cloud.score == pytest.approx(CLOUD_BASE - 10 - 5 * halvings)
    assert "a smaller model than the 70.6 B asked for" in cloud.sentence
    escalation = evaluation.options["hybrid"].criteria["models"].sentence
    assert "Llama 3.1 8B Instruct (hosted, DeepInfra) in the cloud answers the escalated 20 %" in (
        escalation
    )


def test_a_model_of_a_thousand_billion_parameters_is_written_out_in_full():
    data = assistant(
        1200.0, "int4", cloud={"pricing": "gpu_hour", "gpu_instance": "aws_p5_48xlarge"}
    )
    evaluation = evaluate(scenario_from_dict(data), draws=10, volume_search=False, hints=False)
    sentences = [r.criteria["models"].sentence for r in evaluation.options.values()]
    assert any("1,200 B" in s for s in sentences)
    assert not any("e+" in s for s in sentences)
