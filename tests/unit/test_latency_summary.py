"""The Latency & resilience page's words and tables: does each option meet the limit and by how
much, why this edge device, how fast an LLM decodes on it, how failures are weighed."""

from __future__ import annotations

import math

import pytest

from scoring.catalog import default_catalog
from scoring.engine.evaluate import evaluate
from scoring.engine.resilience import FAILURE_WEIGHTS
from scoring.engine.validation import rough_reasons
from scoring.io.presets import preset_by_id
from scoring.model import units
from scoring.report import latency_readings


@pytest.fixture(scope="module")
def chat():
    return evaluate(preset_by_id("consumer_chat_service").scenario)


@pytest.fixture(scope="module")
def factory():
    return evaluate(preset_by_id("factory_qc_camera").scenario)


@pytest.fixture(scope="module")
def law():
    return evaluate(preset_by_id("law_firm_documents").scenario)


def test_an_option_within_the_limit_is_said_to_meet_it_with_the_share_to_spare():
    assert latency_readings.latency_sentence("Edge", 34.4, 100) == (
        "Edge meets the 100 ms limit with 66 % to spare: p95 ≈ 34.4 ms."
    )


def test_an_option_over_the_limit_is_said_to_miss_it_by_the_share_over():
    assert latency_readings.latency_sentence("Cloud", 140.0, 100) == (
        "Cloud misses the 100 ms limit by 40 %: p95 ≈ 140 ms."
    )


@pytest.mark.parametrize(
    ("p95", "words"),
    [
        (100.0, "with 0 % to spare"),
        (99.9, "with under 1 % to spare"),
        (100.2, "by under 1 %"),
        (0.1, "with over 99 % to spare"),
    ],
)
def test_margins_near_zero_or_all_are_not_rounded_to_a_misleading_figure(p95, words):
    assert words in latency_readings.latency_sentence("Edge", p95, 100)


def test_an_overloaded_queue_is_said_to_be_unbounded_rather_than_a_number():
    sentence = latency_readings.latency_sentence("Edge", math.inf, 50)
    assert sentence.startswith("Edge misses the 50 ms limit: at peak load the queue grows")
    assert "unbounded" in sentence


@pytest.mark.parametrize(
    ("value", "text"), [(9.61, "9.61 ms"), (146.2, "146 ms"), (27107.8, "27,100 ms")]
)
def test_milliseconds_keep_three_significant_figures(value, text):
    assert units.ms_short(value) == text


def test_the_sentences_carry_the_engines_p95_and_margin_for_every_option(factory):
    limit = factory.scenario.requirements.max_latency_ms
    sentences = sentences_of(factory)
    for option, result in factory.options.items():
        p95 = result.latency_p95_ms
        assert f"p95 ≈ {units.ms_short(p95)}" in sentences[option]
        assert f"{round(100 * (limit - p95) / limit)} % to spare" in sentences[option]


def test_a_hybrid_that_escalates_says_its_p95_comes_from_the_mixture():
    scenario = preset_by_id("law_firm_documents").scenario
    hybrid = scenario.hybrid.model_copy(update={"pattern": "escalate_hard_cases"})
    law = evaluate(scenario.model_copy(update={"hybrid": hybrid}), volume_search=False)
    sentence = sentences_of(law)["hybrid"]
    assert "(p95 of the mixture: 85 % local, 15 % escalated)" in sentence
    assert "mixture" not in sentences_of(law)["cloud"]


def test_the_device_table_lists_every_device_once_with_the_chosen_one_first(factory):
    choice = factory.device_choice
    rows = latency_readings.device_rows(choice, llm=False)
    assert len(rows) == len({a.device.id for a in choice.assessments})
    assert rows[0]["Device"] == f"{choice.chosen.device.name} (chosen)"
    assert rows[0]["Where"] == "on a server at each site"
    assert rows[0]["p95 (ms)"] == choice.chosen.path.p95_ms
    assert rows[0]["Units"] == f"{choice.chosen.units_per_site} per site"
    assert rows[0]["Fleet price (USD)"] == choice.chosen.fleet_price_usd
    assert rows[0]["Usable"] == "yes" and rows[0]["Falls short because"] == ""
    usable_prices = [r["Fleet price (USD)"] for r in rows[1:] if r["Usable"] == "yes"]
    assert usable_prices == sorted(usable_prices)
    assert "Decode (tokens/s)" not in rows[0]


def test_a_device_that_falls_short_says_why(chat):
    rows = latency_readings.device_rows(chat.device_choice, llm=True)
    assert all(r["Usable"] == "no" for r in rows)  # nothing fits a 70 B model at this load
    coral = next(r for r in rows if r["Device"].startswith("Google Coral"))
    assert "does not fit" in coral["Falls short because"]
    assert "exceeds the 10,000 ms limit" in coral["Falls short because"]
    assert coral["Memory used"].endswith("×)")  # thousands of percent read better as a factor


def test_llm_serving_is_read_from_the_device_assessment(law):
    sentences = latency_readings.serving_sentences(law)
    edge = law.device_choice.closest
    point = edge.plan.point
    assert sentences[0].startswith(f"Edge: the 32.5 B model on {edge.device.name}")
    assert f"up to {point.batch:,} requests at once" in sentences[0]
    assert f"≈ {point.tokens_per_s:,.1f} tokens/s" in sentences[0]
    assert "reads" in sentences[0] and "GB of weights once for the batch" in sentences[0]


def test_a_vision_model_is_said_to_serve_in_batches_without_a_decode_speed(factory):
    sentences = latency_readings.serving_sentences(factory)
    assert sentences and "tokens/s" not in sentences[0]
    assert "A batch takes" in sentences[0] and "requests/s per unit" in sentences[0]


def test_llm_options_show_first_token_speed_and_whole_response(law):
    timings = latency_readings.response_timings(law)
    assert [t.option for t in timings] == ["edge", "cloud", "hybrid"]
    edge = next(t for t in timings if t.option == "edge")
    d = law.options["edge"].deployment
    assert edge.first_token_p95_ms == d.first_token.p95_ms < edge.response_p95_ms
    assert edge.tokens_per_s == d.local.choice.closest.plan.point.tokens_per_s
    assert edge.judged == "the whole response"
    assert "the whole 400-token response" in edge.sentence
    cloud = next(t for t in timings if t.option == "cloud")
    assert cloud.tokens_per_s == d.cloud.llm.output_tokens_per_s if d.cloud else True


def test_a_vision_scenario_has_no_first_token_timings(factory):
    assert latency_readings.response_timings(factory) == ()


def test_a_derived_input_size_is_said_and_a_given_one_is_not(factory):
    assert latency_readings.input_notes(factory) == ()  # the preset gives 1.23 megapixels
    scenario = preset_by_id("factory_qc_camera").scenario
    derived = scenario.model_copy(
        update={"workload": scenario.workload.model_copy(update={"image_megapixels": None})}
    )
    notes = latency_readings.input_notes(evaluate(derived, draws=20, volume_search=False))
    assert notes and notes[0].startswith("Image size derived from input_kb")


def test_estimates_outside_the_validated_classes_are_marked_rough(factory, law):
    # The factory's own device is of a class the vision rows of the validation table cover...
    chosen = factory.options["edge"].deployment.local.device
    assert not rough_reasons(chosen.device_class, "vision")
    assert latency_readings.rough_notes(factory)["edge"] == ()
    # ...a device of a class they do not cover, pinned, is marked rough...
    unvalidated = next(
        d
        for d in default_catalog().all("devices")
        if d.grade not in ("consumer", "devkit")
        and d.runs("int8")
        and rough_reasons(d.device_class, "vision")
    )
    scenario = preset_by_id("factory_qc_camera").scenario
    pinned = scenario.model_copy(
        update={"edge": scenario.edge.model_copy(update={"device": unvalidated.id})}
    )
    notes = latency_readings.rough_notes(evaluate(pinned, draws=20, volume_search=False))
    assert notes["edge"] and "no published measurement" in notes["edge"][0]
    assert notes["edge"][0].startswith(unvalidated.name)
    # ...and llama.cpp's prompt processing on workstation cards varies beyond 25 %.
    law_notes = latency_readings.rough_notes(law)
    assert any("time to first token" in note for note in law_notes["edge"])
    assert law_notes["cloud"] == ()  # a hosted API: the provider's own figures


def test_the_failure_mode_sentence_states_the_weights_of_each_kind_of_hour(factory):
    lost, degraded, delayed = FAILURE_WEIGHTS["safety_critical"]
    sentence = latency_readings.failure_mode_sentence(factory)
    assert "safety-critical" in sentence
    assert f"counts {lost:g}×, a degraded hour {degraded:g}×" in sentence
    assert f"wait {delayed:g}×" in sentence
    assert units.spaced_percents(factory.options["edge"].resilience.explanation) in (
        latency_readings.resilience_caption(factory)
    )


def test_a_pinned_device_that_falls_short_points_to_the_automatic_choice():
    scenario = preset_by_id("factory_qc_camera").scenario
    pinned = scenario.model_copy(
        update={"edge": scenario.edge.model_copy(update={"device": "coral_usb"})}
    )
    choice = evaluate(pinned, draws=20, volume_search=False).device_choice
    assert choice.pinned and not choice.chosen.usable
    usable = len({a.device.id for a in choice.assessments if a.usable})
    assert latency_readings.device_hint(choice).startswith(
        f"{usable} catalog devices would meet every requirement. Set Edge device to Automatic"
    )


def test_an_automatic_choice_says_how_the_device_was_picked(factory):
    assert latency_readings.device_hint(factory.device_choice).startswith(
        "The engine picks the cheapest fleet among the usable devices"
    )


def test_a_reading_meets_the_limit_exactly_when_p95_is_at_or_under_it(chat):
    limit = chat.scenario.requirements.max_latency_ms
    for reading in latency_readings.latency_readings(chat):
        assert reading.meets == (chat.options[reading.option].latency_p95_ms <= limit)
        assert reading.sentence.split(" ")[1] == ("meets" if reading.meets else "misses")


def sentences_of(evaluation):
    return {r.option: r.sentence for r in latency_readings.latency_readings(evaluation)}
