"""Operations for every option: what updates, versioning, monitoring and rollback need, paid by
the same people lines as the costs, and how the quality answer shapes the plan: its method read
from documented cues, what must travel back, and a conflict when the data rules forbid it."""

from __future__ import annotations

import numpy as np
import pytest
from records import record_with_read_figures
from scenarios import preset_evaluation

from scoring.engine.evaluate import evaluate
from scoring.engine.operations import ACTIVITIES, operations_plan, quality_plan
from scoring.io.presets import bundled_presets, preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.model.vocabulary import lower_first
from scoring.report.markdown import render_markdown
from scoring.report.operations_readings import operations_readings, quality_reading

PRESET_IDS = [preset.id for preset in bundled_presets()]


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_operations_cost_is_the_people_lines_of_the_costs_in_the_last_month(preset_id):
    evaluation = preset_evaluation(preset_id)
    plan = operations_plan(evaluation)
    for option, result in evaluation.options.items():
        ops = plan.of(option)
        people = result.costs.people
        assert [c.driver for c in ops.costs] == [line.driver for line in people]
        assert ops.usd_per_month == pytest.approx(sum(float(x.usd[0, -1]) for x in people))
        # ... which is the staff component of the cost projection in that month.
        assert ops.usd_per_month == pytest.approx(float(result.costs.items["staff"][0, -1]))
        # Every people line pays for at least one of the four activities.
        assert all(c.activities and set(c.activities) <= set(ACTIVITIES) for c in ops.costs)


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_every_option_says_what_each_activity_needs_where_it_runs(preset_id):
    evaluation = preset_evaluation(preset_id)
    _, readings = operations_readings(evaluation)
    assert [r.option for r in readings] == list(evaluation.options)
    for reading in readings:
        ops = operations_plan(evaluation).of(reading.option)
        needs = {a.activity: a.need for a in reading.activities}
        assert list(needs) == list(ACTIVITIES) and all(needs.values())
        if ops.runs_locally:
            assert "ign every model" in needs["updates"]
            watched = "Temperature" if not ops.customer_owned else "Crash, latency and memory"
            assert watched in needs["monitoring"] or watched.lower() in needs["monitoring"]
        if ops.runs_in_cloud:
            assert "error rate and cost per 1,000 requests" in needs["monitoring"]
        if ops.runs_locally and ops.runs_in_cloud:
            where = "devices" if ops.customer_owned else "units"
            assert needs["monitoring"].startswith(f"On the {where}: ")
        if ops.runs_locally and not ops.customer_owned:
            # A company's fleet is the units the model runs on, not the devices that send
            # the requests to them.
            for need in needs.values():
                assert "each device" not in need and "On the devices" not in need
        assert reading.cost_rows[-1][0] == "Total"


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_a_staged_roll_out_starts_with_a_canary_site_only_where_there_are_several_sites(
    preset_id,
):
    evaluation = preset_evaluation(preset_id)
    plan = operations_plan(evaluation)
    for reading in operations_readings(evaluation)[1]:
        ops = plan.of(reading.option)
        if not ops.runs_locally or ops.customer_owned:
            continue
        updates = next(a.need for a in reading.activities if a.activity == "updates")
        assert ("a canary site first" in updates) == (ops.sites > 1)
        assert ("one unit first" in updates) == (ops.sites == 1 and ops.devices > 1)
        assert f"each of the {ops.devices:,} unit" in updates


def test_the_factorys_plan_updates_the_units_that_run_the_model_twelve_times_a_year():
    # Forty cameras at one plant send their images to the units of one site server: those
    # units, not the cameras, receive each model update.
    evaluation = preset_evaluation("factory_qc_camera")
    units = round(float(evaluation.options["edge"].costs.fleet_units[0, -1]))
    assert 0 < units < evaluation.scenario.requirements.devices
    ops = operations_plan(evaluation).of("edge")
    assert (ops.devices, ops.updates_per_year, ops.device_updates_per_year) == (
        units,
        12,
        12 * units,
    )
    drivers = {c.driver for c in ops.costs}
    assert {"release_hours_per_update", "rollout_hours_per_device_update"} <= drivers
    assert "oncall_usd_per_week" in drivers  # safety-critical: paid on-call


@pytest.mark.parametrize(
    ("answer", "allowed", "kinds", "cue", "needs", "conflict"),
    [
        (
            "Weekly sample of 200 images re-labelled by QA",
            "results_only",
            ["relabel"],
            "re-labelled",
            "raw",
            True,
        ),
        (
            "Weekly sample of 200 images re-labelled by QA on site",
            "results_only",
            ["relabel"],
            "re-labelled",
            "none",
            False,
        ),
        (
            "Annotators label anonymised clips",
            "anonymized",
            ["relabel"],
            "Annotators",
            "anonymized",
            False,
        ),
        ("Monthly human review of 50 answers", "raw", ["review"], "human review", "raw", False),
        ("We sample 1 % of calls", "none", ["sampled"], "sample", "raw", True),
        (
            "A/B test of each new version on conversion",
            "results_only",
            ["ab_test", "downstream"],
            "A/B",
            "results_only",
            False,
        ),
        ("Thumbs-down rate per week", "none", ["feedback"], "Thumbs-down", "results_only", True),
        (
            "Returns matched to predictions",
            "results_only",
            ["downstream"],
            "Returns",
            "results_only",
            False,
        ),
    ],
)
def test_the_quality_answer_is_read_by_its_cues(answer, allowed, kinds, cue, needs, conflict):
    plan = quality_plan(answer, allowed)
    assert [m.kind for m in plan.methods] == kinds
    assert plan.methods[0].text == cue
    assert plan.needs == needs
    assert plan.conflict is conflict
    reading = quality_reading(plan)
    assert f"cue “{cue}”" in reading.classification
    assert bool(reading.conflict) is conflict and bool(reading.resolutions) is conflict


def test_the_law_firms_associates_review_inside_the_firm_so_nothing_conflicts():
    answer = preset_by_id("law_firm_documents").scenario.requirements.quality_measurement
    plan = quality_plan(answer, "none")
    assert plan.local is not None and plan.local.text == "associates"
    assert plan.needs == "none" and not plan.conflict
    # The same review by an outside firm must send the samples out: the rule forbids it.
    outside = quality_plan(answer.replace("two associates", "an outside firm"), "none")
    assert outside.local is None and outside.needs == "raw" and outside.conflict
    # A team named without saying whose it is still asks where it works.
    assert quality_plan("Weekly sample re-labelled by QA", "results_only").conflict
    assert not quality_plan("Weekly sample re-labelled by our own QA team", "results_only").conflict


def test_an_empty_answer_asks_for_one_and_an_unrecognised_one_says_why():
    empty = quality_reading(quality_plan("", "raw"))
    assert empty.prompt.startswith("Not stated yet") and not empty.conflict
    vague = quality_reading(quality_plan("We keep an eye on it", "none"))
    assert vague.prompt.startswith("No cue recognised") and not vague.conflict


def test_a_conflict_offers_labelling_on_site_anonymising_or_changing_the_rule():
    reading = quality_reading(quality_plan("Frames re-labelled centrally", "results_only"))
    assert reading.conflict.startswith("CONFLICT: the data rules forbid it, only results may")
    assert [r.split(":")[0].split(" ")[0] for r in reading.resolutions] == [
        "Label",
        "Anonymise",
        "Change",
    ]


def test_the_records_plan_carries_the_answer_its_reading_and_the_conflict():
    evaluation = preset_evaluation("factory_qc_camera")
    markdown = render_markdown(record_with_read_figures(evaluation))
    plan = markdown.split("## Operations Plan", 1)[1].split("\n## ", 1)[0]
    assert "Weekly sample of 200 images re-labelled by QA" in plan
    assert "Read as re-labelling (cue “re-labelled”)." in plan
    assert "CONFLICT: the data rules forbid it, only results may leave" in plan
    assert "**To resolve the conflict:** Label on site" in plan
    # Saying where the labelling happens resolves it, and the record follows.
    data = scenario_to_dict(evaluation.scenario)
    data["requirements"]["quality_measurement"] = "Weekly sample of 200 images re-labelled on site"
    fixed = evaluate(scenario_from_dict(data), draws=50, volume_search=False)
    plan = render_markdown(record_with_read_figures(fixed)).split("## Operations Plan", 1)[1]
    assert "CONFLICT" not in plan.split("\n## ", 1)[0]


def test_a_hybrid_that_sends_a_share_needs_the_rest_collected_from_the_devices():
    # The law firm with its review done by an outside firm: the samples must travel.
    data = scenario_to_dict(preset_evaluation("law_firm_documents").scenario)
    answer = data["requirements"]["quality_measurement"]
    data["requirements"]["quality_measurement"] = answer.replace("two associates", "an agency")
    # Escalation sends a share of the requests; the automatic pattern anonymises them all.
    data["hybrid"] = {**data.get("hybrid", {}), "pattern": "escalate_hard_cases"}
    outside = evaluate(scenario_from_dict(data), draws=50, volume_search=False)
    _, readings = operations_readings(outside)
    hybrid = next(r for r in readings if r.option == "hybrid")
    assert hybrid.quality.startswith("Partly: 15 % of requests already reach the cloud")
    edge = next(r for r in readings if r.option == "edge")
    assert edge.quality.startswith("An extra flow: raw samples must be collected back")
    assert np.isfinite(
        operations_plan(preset_evaluation("law_firm_documents")).of("edge").usd_per_month
    )


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_each_summary_counts_a_companys_units_and_keeps_the_cloud_services_name(preset_id):
    evaluation = preset_evaluation(preset_id)
    plan = operations_plan(evaluation)
    for reading in operations_readings(evaluation)[1]:
        ops = plan.of(reading.option)
        summary = lower_first(reading.summary)  # as the record continues it after "For X: "
        if ops.runs_in_cloud:
            assert f"the cloud service {ops.cloud_service}" in summary
        if ops.runs_locally:
            noun = "customer-owned device" if ops.customer_owned else "unit"
            assert summary.startswith(f"{ops.devices:,} {noun}")
            if "collected back from the" in reading.quality:
                fleet = f"{ops.devices:,} {'device' if ops.customer_owned else 'unit'}"
                assert f"collected back from the {fleet}" in reading.quality
