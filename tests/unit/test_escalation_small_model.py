"""Escalation runs a real small model on the device: smaller than the full model, by default
the largest published size of the same family that a device runs with room to spare, settable
by the user; the model-capability criterion and the record say which model answers what share."""

from __future__ import annotations

from datetime import date

import pytest
from records import record_with_read_figures
from scenarios import pinned

from scoring.catalog import default_catalog
from scoring.engine.deployment import plan_deployments, small_models
from scoring.engine.evaluate import Evaluation, evaluate
from scoring.io.presets import bundled_presets, preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.model.scenario import Scenario
from scoring.report.markdown import render_markdown

CATALOG = default_catalog()
PRESET_IDS = [p.id for p in bundled_presets()]


def escalating(scenario: Scenario, **hybrid) -> Scenario:
    data = scenario_to_dict(pinned(scenario, "escalate_hard_cases"))
    data["hybrid"] = {**data["hybrid"], **hybrid}
    return scenario_from_dict(data)


def evaluated(scenario: Scenario) -> Evaluation:
    return evaluate(scenario, draws=10, volume_search=False)


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_local_model_of_escalation_is_smaller_than_the_full_model(preset_id):
    scenario = escalating(preset_by_id(preset_id).scenario, local_params_billion=None)
    local = plan_deployments(scenario, CATALOG)["hybrid"].local
    assert local.params_billion < scenario.model.params_billion


def test_the_law_firms_small_model_is_the_largest_smaller_qwen_that_a_device_runs():
    scenario = escalating(preset_by_id("law_firm_documents").scenario)
    local = plan_deployments(scenario, CATALOG)["hybrid"].local
    assert local.params_billion == pytest.approx(14.7)  # Qwen2.5 14B, same family as the 32B
    assert "Qwen2.5 14B" in local.role
    assert local.choice.chosen is not None


def test_a_seventy_billion_llm_escalates_from_a_smaller_llama_never_another_family():
    scenario = escalating(preset_by_id("clinic_letter_summaries").scenario)
    names = [m.name for m in small_models(scenario, CATALOG)]
    assert names[:3] == ["Llama 3.1 8B", "Llama 3.2 3B", "Llama 3.2 1B"]
    local = plan_deployments(scenario, CATALOG)["hybrid"].local
    assert local.params_billion in (8.03, 3.21, 1.24)


def test_a_model_with_no_smaller_published_size_escalates_from_a_tenth_of_itself():
    scenario = escalating(preset_by_id("factory_qc_camera").scenario)
    local = plan_deployments(scenario, CATALOG)["hybrid"].local
    assert local.params_billion == pytest.approx(scenario.model.params_billion / 10)


def test_the_user_can_name_the_local_model_or_its_size():
    law = preset_by_id("law_firm_documents").scenario
    named = plan_deployments(escalating(law, local_model="llama_3_2_3b"), CATALOG)["hybrid"]
    assert named.local.params_billion == pytest.approx(3.21) and "Llama 3.2 3B" in named.local.role
    sized = plan_deployments(escalating(law, local_params_billion=7.0), CATALOG)["hybrid"]
    assert sized.local.params_billion == 7.0


def test_a_file_without_the_local_model_field_keeps_the_automatic_choice():
    data = scenario_to_dict(preset_by_id("law_firm_documents").scenario)
    data["hybrid"].pop("local_model", None)
    assert scenario_from_dict(data).hybrid.local_model == "auto"


@pytest.mark.parametrize("share", [0.0, 0.15, 0.5, 1.0])
def test_model_capability_weighs_the_local_and_the_full_model_by_the_shares_they_answer(share):
    law = preset_by_id("law_firm_documents").scenario
    hybrid = evaluated(escalating(law, escalation_share=share)).options["hybrid"]
    cloud = evaluated(law).options["cloud"].criteria["models"].score
    models = hybrid.criteria["models"]
    local_points = float(models.sentence.split(" and scores ")[1].split(":")[0])
    assert models.score == pytest.approx((1 - share) * local_points + share * cloud, abs=0.6)
    assert "a smaller model than the 32.5 B asked for" in models.sentence
    assert models.inputs["answered locally"] == f"{round(100 * (1 - share))} %"


def test_a_smaller_local_model_never_scores_more_capable():
    law = preset_by_id("law_firm_documents").scenario
    scores = [
        evaluated(escalating(law, local_params_billion=size)).options["hybrid"]
        for size in (14.7, 7.0, 3.0, 1.0)
    ]
    models = [r.criteria["models"].score for r in scores]
    assert models == sorted(models, reverse=True) and models[0] > models[-1]


def test_more_escalation_to_a_more_capable_full_model_never_lowers_capability():
    law = preset_by_id("law_firm_documents").scenario
    scores = [
        evaluated(escalating(law, escalation_share=s)).options["hybrid"].criteria["models"].score
        for s in (0.0, 0.2, 0.6, 1.0)
    ]
    assert scores == sorted(scores)


def test_the_record_says_which_model_answers_what_share():
    scenario = escalating(preset_by_id("law_firm_documents").scenario)
    record = record_with_read_figures(evaluated(scenario), date(2026, 12, 6))
    text = render_markdown(record)
    assert "answers 85 % of requests with Qwen2.5 14B" in text
    assert "the full 32.5 B model answers the escalated 15 % in the cloud" in text
