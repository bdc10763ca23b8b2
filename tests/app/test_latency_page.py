"""The Latency & resilience page reads back the engine's values: p95 and margin per option, the
memory parts against the device, the assessed devices, and the hours lost to failures."""

from __future__ import annotations

import numpy as np
import pytest
from app_helpers import (
    by_label,
    figure,
    open_app,
    open_on,
    plain,
    scenario_of,
    shown_table,
    values,
)

from scoring.io.presets import preset_by_id
from scoring.model.units import ms
from scoring.model.units import ms_short as format_ms
from scoring.report import latency_readings
from ui.codec import encode_scenario

PAGE = "pages/4_latency.py"


@pytest.fixture(scope="module")
def factory():
    return open_on(PAGE, "factory_qc_camera")


@pytest.fixture(scope="module")
def chat():
    """An LLM: the law firm's 32 B model on a workstation GPU in each office."""
    return open_on(PAGE, "law_firm_documents")


@pytest.fixture(scope="module")
def speaker():
    """The smart speaker: its full assistant misses the limit on the speaker; the hybrid
    answers most requests locally and escalates the rest."""
    return open_on(PAGE, "smart_home_voice")


def test_each_option_has_a_sentence_with_the_engines_p95_and_margin(factory):
    at, evaluation = factory
    limit = evaluation.scenario.requirements.max_latency_ms
    sentences = [plain(s.value) for s in at.success]
    assert len(sentences) == 3
    for result, sentence in zip(evaluation.options.values(), sentences, strict=True):
        p95 = result.latency_p95_ms
        spare = round(100 * (limit - p95) / limit)
        assert sentence == (
            f"{result.label} meets the 100 ms limit with {spare} % to spare: "
            f"p95 ≈ {format_ms(p95)}."
        )
    edge = evaluation.options["edge"].latency_p95_ms
    assert f"Edge meets the 100 ms limit with {round(100 - edge)} % to spare: " in sentences[0]


def test_an_option_over_the_limit_is_shown_as_an_error_saying_by_how_much(speaker):
    at, evaluation = speaker
    edge = evaluation.options["edge"]
    over = round(100 * (edge.latency_p95_ms - 1_500) / 1_500)
    errors = [plain(e.value) for e in at.error]
    p95 = format_ms(edge.latency_p95_ms)
    assert f"Edge misses the 1,500 ms limit by {over:,} %: p95 ≈ {p95}." in errors
    hybrid = next(plain(s.value) for s in at.success if s.value.startswith("Hybrid"))
    assert "p95 of the mixture: 80 % local, 20 % escalated" in hybrid


def test_the_latency_chart_stacks_the_engines_parts_against_the_limit(factory):
    at, evaluation = factory
    spec = figure(at, "latency")
    assert spec["layout"]["shapes"][0]["x0"] == evaluation.scenario.requirements.max_latency_ms
    rows = list(values(spec["data"][0]["y"]))
    totals = sum(values(trace["x"]) for trace in spec["data"])
    edge = evaluation.options["edge"].latency.paths[0]
    assert totals[rows.index("Edge")] == pytest.approx(edge.p95_ms)


def test_the_memory_chart_shows_the_engines_weights_kv_cache_and_overhead(chat):
    at, evaluation = chat
    traces = {t["name"]: t for t in figure(at, "memory")["data"]}
    fit = evaluation.options["edge"].deployment.local.choice.closest.fit
    assert values(traces["weights"]["x"])[0] == pytest.approx(fit.need.weights_gb)
    assert values(traces["KV cache"]["x"])[0] == pytest.approx(fit.need.kv_cache_gb)
    assert values(traces["runtime overhead"]["x"])[0] == pytest.approx(fit.need.overhead_gb)
    assert values(traces["usable device memory"]["x"])[0] == pytest.approx(fit.usable_gb)
    assert fit.need.kv_cache_gb > 0


def test_the_decode_speed_of_an_llm_on_the_device_is_stated(chat):
    at, evaluation = chat
    point = evaluation.device_choice.closest.plan.point
    text = " ".join(plain(m.value) for m in at.markdown)
    assert f"so a request gets ≈ {point.tokens_per_s:,.1f} tokens/s" in text
    assert f"up to {point.batch:,} requests at once" in text


def test_the_device_table_lists_every_assessed_device_with_the_chosen_one_first(factory):
    at, evaluation = factory
    choice = evaluation.device_choice
    plain_reason = plain(at.info[0].value)
    assert plain_reason == choice.reason + "."
    table = at.table[0].value
    # Each device once, in its better placement (in the device or on a server at each site).
    per_device = choice.per_device()
    assert len(table) == len(per_device) == len({a.device.id for a in choice.assessments})
    # ...and the heading above it counts devices, not device-and-placement pairs.
    assert at.expander[0].label == f"All {len(table)} catalog devices assessed"
    assert len(choice.assessments) > len(table)
    first = table.iloc[0]
    assert first["Device"] == f"{choice.chosen.device.name} (chosen)"
    assert first["p95 (ms)"] == pytest.approx(choice.chosen.path.p95_ms)
    assert first["Units"] == f"{choice.chosen.units_per_site:,} per {choice.chosen.per_pool}"
    assert first["Usable"] == "yes"
    short = table[table["Usable"] == "no"]
    assert len(short) == sum(not a.usable for a in per_device)
    assert all(short["Falls short because"].str.len() > 0)


def test_the_downtime_chart_shows_the_engines_hours_a_year(factory):
    at, evaluation = factory
    traces = {t["name"]: t for t in figure(at, "downtime")["data"]}
    for kind, attribute in (
        ("function lost", "lost_hours_per_year"),
        ("degraded", "degraded_hours_per_year"),
        ("only reports delayed", "delayed_hours_per_year"),
    ):
        expected = [getattr(r.resilience, attribute) for r in evaluation.options.values()]
        np.testing.assert_allclose(values(traces[kind]["y"]), expected)


def test_each_option_says_what_it_does_when_the_network_or_a_device_fails(factory):
    at, evaluation = factory
    text = " ".join(plain(m.value) for m in at.markdown)
    for result in evaluation.options.values():
        r = result.resilience
        assert f"{result.label}** · function lost ≈ {r.lost_hours_per_year:,.1f} h a year" in text
        assert plain(r.during_network_loss) in text
        assert plain(r.during_device_failure) in text
    captions = " ".join(plain(c.value) for c in at.caption)
    assert "a lost hour" in captions or "function lost counts 3×" in captions


def test_lowering_the_limit_on_the_page_turns_a_met_limit_into_a_miss():
    at, before = open_on(PAGE, "factory_qc_camera")
    cloud_p95 = before.options["cloud"].latency_p95_ms
    assert any(plain(s.value).startswith("Cloud meets") for s in at.success)
    by_label(at.number_input, "Maximum response time").set_value(40).run()
    assert not at.exception
    scenario = scenario_of(at)
    assert scenario.requirements.max_latency_ms == 40
    over = round(100 * (cloud_p95 - 40) / 40)
    assert [plain(e.value) for e in at.error] == [
        f"Cloud misses the 40 ms limit by {over} %: p95 ≈ {format_ms(cloud_p95)}."
    ]


def test_a_limit_far_beyond_every_bar_is_marked_off_the_scale_so_the_bars_stay_readable():
    at, evaluation = open_on(PAGE, "batch_document_ocr")
    layout = figure(at, "latency")["layout"]
    slowest = max(r.latency_p95_ms for r in evaluation.options.values())
    assert layout["xaxis"]["range"][1] == pytest.approx(1.1 * slowest)
    assert any("3,600,000 ms, off the scale" in a["text"] for a in layout["annotations"])


def test_under_each_sentence_the_parts_add_up_and_the_hover_gives_their_inputs(chat):
    at, evaluation = chat
    captions = {plain(c.value): c for c in at.caption}
    for result in evaluation.options.values():
        caption = captions[latency_readings.latency_breakdown(result.latency)]
        hover = plain(caption.proto.help)
        for path in result.latency.paths:
            shown = plain(caption.value).lower()
            if len(result.latency.paths) > 1:
                assert f"{path.name} path p95 {ms(path.p95_ms)}" in shown
            for part in path.parts:
                if len(result.latency.paths) == 1:
                    assert f"{part.name} {ms(part.p95_ms)}" in shown
                assert f"{part.name}: {part.detail}" in hover


def test_an_llm_shows_its_first_token_speed_and_whole_response_as_the_engine_says(chat):
    at, evaluation = chat
    timings = latency_readings.response_timings(evaluation)
    table = next(shown_table(t.value) for t in at.table if "First token, p95" in t.value.columns)
    assert list(table["Option"]) == [t.label for t in timings]
    for (_, row), timing in zip(table.iterrows(), timings, strict=True):
        assert row["First token, p95"] == latency_readings.duration(timing.first_token_p95_ms)
        assert row["Whole response (400 tokens), p95"] == latency_readings.duration(
            timing.response_p95_ms
        )
    captions = " ".join(plain(c.value) for c in at.caption)
    assert "The limit applies to the whole response" in captions
    # It names the input as the Requirements page labels it, not by its scenario-file key.
    assert "“The limit applies to” under Workload and model" in captions
    assert "latency_applies_to" not in captions


def test_a_vision_page_has_no_token_table_and_says_when_the_image_size_was_derived():
    at, _ = open_on(PAGE, "factory_qc_camera")  # gives its image size
    assert not any("First token, p95" in t.value.columns for t in at.table)
    assert not any("derived from input_kb" in plain(c.value) for c in at.caption)
    # Without image_megapixels, the size is derived from input_kb, and the page says so.
    scenario = preset_by_id("factory_qc_camera").scenario
    workload = scenario.workload.model_copy(update={"image_megapixels": None})
    derived = open_app(
        PAGE, {"s": encode_scenario(scenario.model_copy(update={"workload": workload}))}
    )
    captions = " ".join(plain(c.value) for c in derived.caption)
    assert "Image size derived from input_kb: 200 kB at 2 bits per pixel ≈ 0.80 megapixels" in (
        captions
    )


def test_an_estimate_outside_the_validated_classes_is_marked_rough(speaker):
    at, evaluation = speaker
    rough = latency_readings.rough_notes(evaluation)
    marked = [c for c in at.caption if "Rough estimate" in c.value]
    assert len(marked) == sum(bool(notes) for notes in rough.values())
