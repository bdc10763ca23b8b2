"""The Recommendation page shows the engine's answer and follows the weight sliders."""

from __future__ import annotations

import json

import pytest
from app_helpers import keyed_block, open_app, plain, shown_table

from scoring.engine.evaluate import evaluate
from scoring.io.presets import preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.model.units import ms, usd
from scoring.model.vocabulary import CRITERIA, OPTION_LABELS
from scoring.report.cost_readings import verdict_price_sentence
from scoring.report.latency_readings import latency_readings
from scoring.report.verdict_readings import verdict_reading
from ui.codec import encode_scenario
from ui.recommendation import VERDICT_KEY

PAGE = "pages/2_recommendation.py"


def open_with(preset_id: str, **changes):
    scenario = preset_by_id(preset_id).scenario
    if changes:
        data = scenario_to_dict(scenario)
        data.update(changes)
        scenario = scenario_from_dict(data)
    return open_app(PAGE, {"s": encode_scenario(scenario)}), scenario


def shown_scores(at) -> dict[str, float]:
    """The options' scores in the row of metrics under the verdict."""
    return {
        m.label: float(m.value.split(" / ")[0])
        for m in at.metric
        if m.label in OPTION_LABELS.values()
    }


def verdict_text(at) -> str:
    return plain("\n".join(m.value for m in keyed_block(at, VERDICT_KEY).markdown))


def test_the_page_states_the_engines_recommendation_and_its_reason():
    at, scenario = open_with("retail_store_analytics")
    evaluation = evaluate(scenario)
    banner = verdict_text(at)
    assert f"Recommended: {OPTION_LABELS[evaluation.recommendation]}" in banner
    assert "only option that meets every hard requirement" in banner
    assert not at.exception


def test_the_option_scores_shown_are_the_engines_weighted_totals():
    at, scenario = open_with("factory_qc_camera")
    evaluation = evaluate(scenario)
    expected = {r.label: round(r.score, 1) for r in evaluation.options.values()}
    assert shown_scores(at) == expected


def test_every_blocker_of_the_engine_is_listed_as_ruled_out():
    at, scenario = open_with("factory_qc_camera")
    evaluation = evaluate(scenario)
    # The page escapes Markdown; without the backslashes each message reads as the engine's.
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    blockers = [b for r in evaluation.options.values() for b in r.blockers]
    assert blockers
    for blocker in blockers:
        assert blocker.message in shown


def test_the_heat_map_carries_the_engines_criterion_scores():
    at, scenario = open_with("hospital_dictation")
    evaluation = evaluate(scenario)
    heatmap = next(c for c in at.get("plotly_chart") if '"heatmap"' in c.proto.spec)
    z = json.loads(heatmap.proto.spec)["data"][0]["z"]
    expected = [[r.criteria[c].score for c in CRITERIA] for r in evaluation.options.values()]
    assert z == expected


def test_moving_a_weight_slider_pins_it_and_changes_the_totals_shown():
    at, _ = open_with("factory_qc_camera")
    before = shown_scores(at)
    at.slider(key="in:weights.privacy").set_value(0).run()
    pinned = at.session_state["scenario"]
    assert pinned.weights == {"privacy": 0}
    after = shown_scores(at)
    assert after != before
    expected = {r.label: round(r.score, 1) for r in evaluate(pinned).options.values()}
    assert after == expected


def test_resetting_the_weights_unpins_them_and_restores_the_derived_totals():
    at, scenario = open_with("factory_qc_camera")
    original = shown_scores(at)
    at.slider(key="in:weights.cost").set_value(50).run()
    assert at.session_state["scenario"].weights == {"cost": 50}
    at.button[[b.label for b in at.button].index("Reset weights to the derived values")].click()
    at.run()
    assert at.session_state["scenario"].weights == {}
    assert shown_scores(at) == original
    assert at.slider(key="in:weights.cost").value == round(
        evaluate(scenario).weights.derived["cost"]
    )


def test_when_nothing_is_feasible_the_page_says_so_and_what_would_help():
    at, _ = open_with(
        "factory_qc_camera",
        requirements={
            **scenario_to_dict(preset_by_id("factory_qc_camera").scenario)["requirements"],
            "data_leaving": "none",
            "results_needed_centrally": True,
        },
    )
    verdict = verdict_text(at)
    assert "No option is feasible" in verdict
    assert "What would make an option feasible" in verdict and "would become feasible" in verdict


def test_weights_pinned_above_the_usual_range_or_as_fractions_are_shown_as_written():
    for weights in ({"cost": 100, "privacy": 20}, {"cost": 0.2, "latency": 0.8}):
        at, scenario = open_with("factory_qc_camera", weights=weights)
        assert not at.exception
        sliders = {s.label.split(":")[0]: s.value for s in at.slider}
        assert sliders["Cost"] == weights["cost"]
        evaluation = evaluate(scenario)
        assert shown_scores(at) == {r.label: round(r.score, 1) for r in evaluation.options.values()}


def cli_price_line(tmp_path, scenario) -> tuple[str, dict]:
    """The verdict's price as the command line prints it (text table and JSON)."""
    import subprocess
    import sys

    from app_helpers import ROOT

    from scoring.model.codec import scenario_to_yaml

    path = tmp_path / "scenario.yaml"
    path.write_text(scenario_to_yaml(scenario), encoding="utf-8")
    run = [sys.executable, "-m", "scoring", "evaluate", str(path)]
    text = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=120)
    data = subprocess.run([*run, "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert text.returncode == data.returncode == 0, text.stderr + data.stderr
    line = next(x for x in text.stdout.splitlines() if x.startswith("Price of the verdict: "))
    return line.removeprefix("Price of the verdict: "), json.loads(data.stdout)


def test_the_verdict_line_states_the_price_the_command_line_prints(tmp_path):
    """Smart-home voice: the recommended cloud costs more than the hybrid; the page says by
    how much and what the extra money buys, in the very words of `evaluate`."""
    at, scenario = open_with("smart_home_voice")
    banner = verdict_text(at).replace("**", "")
    sentence, data = cli_price_line(tmp_path, scenario)
    assert f"Price of the verdict: {sentence}" in banner
    assert data["price_of_verdict"]["sentence"] == sentence
    assert not data["price_of_verdict"]["cheapest_feasible"]
    assert "The extra money buys" in sentence
    alternative = OPTION_LABELS[data["price_of_verdict"]["alternative"]]
    assert f"more than {alternative}, the cheapest feasible option" in banner


def test_the_verdict_line_of_a_cheapest_recommendation_says_how_much_it_saves(tmp_path):
    at, scenario = open_with("customer_support_rag")
    banner = verdict_text(at).replace("**", "")
    sentence, data = cli_price_line(tmp_path, scenario)
    assert data["price_of_verdict"]["cheapest_feasible"]
    assert f"Price of the verdict: {sentence}" in banner
    assert "is the cheapest feasible option" in sentence


# --- the one-screen verdict -----------------------------------------------------------------


def verdict_metrics(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in keyed_block(at, VERDICT_KEY).metric}


@pytest.mark.parametrize("preset_id", ["law_firm_documents", "factory_qc_camera"])
def test_the_verdict_block_holds_the_answer_its_price_p95_top_risk_and_what_would_change_it(
    preset_id,
):
    at, scenario = open_with(preset_id)
    evaluation = evaluate(scenario)
    chosen = evaluation.options[evaluation.recommendation]
    text = verdict_text(at).replace("**", "")
    reading = verdict_reading(evaluation)
    assert f"Recommended: {chosen.label}" in text
    assert f"Price of the verdict: {verdict_price_sentence(evaluation)}" in text
    latency = next(r for r in latency_readings(evaluation) if r.option == chosen.option)
    assert f"Latency: {latency.sentence}" in text
    assert f"Top risk: {reading.risk}" in text
    assert f"What would change the answer: {' '.join(reading.changes)}" in text
    metrics = verdict_metrics(at)
    horizon = scenario.horizon_months
    assert metrics[f"Cost over {horizon} months"][0] == usd(chosen.cost_total_usd)
    p95, limit = metrics["p95 response time"]
    assert p95 == ms(chosen.latency_p95_ms)
    assert limit == f"limit {scenario.requirements.max_latency_ms:,.0f} ms"


def test_the_law_firms_top_risk_is_its_nearest_miss_and_weights_cannot_change_its_answer():
    at, _ = open_with("law_firm_documents")
    text = verdict_text(at).replace("**", "")
    # Edge's p95 uses under half the limit; its model fills 90 % of the card's usable memory.
    assert "Top risk: Edge: Near miss: the model takes" in text
    assert "Only Edge is feasible, so weights cannot change the answer." in text


def test_a_single_feasible_option_gets_sentences_instead_of_empty_robustness_charts():
    at, _ = open_with("law_firm_documents")
    keys = [c.proto.id for c in at.get("plotly_chart")]
    assert not any("stability" in k or "wins" in k for k in keys)
    infos = [plain(i.value) for i in at.main.info]
    assert "Only Edge is feasible, so weights cannot change the answer." in infos
    shown = plain(" ".join(m.value for m in at.main.markdown))
    assert "Edge wins under every one of 4,000 random weightings." in shown


def test_with_two_feasible_options_the_robustness_charts_are_drawn():
    at, _ = open_with("factory_qc_camera")
    keys = " ".join(c.proto.id for c in at.get("plotly_chart"))
    assert "stability" in keys and "wins" in keys


def test_the_pattern_table_lists_every_pattern_with_the_score_and_blockers_the_engine_found():
    at, scenario = open_with("law_firm_documents")
    choice = evaluate(scenario).hybrid
    table = next(shown_table(t.value) for t in at.table if "Blockers" in t.value.columns)
    rows = table.to_dict("records")
    assert [r["Pattern"] for r in rows] == [o.label for o in choice.outcomes]
    for row, outcome in zip(rows, choice.outcomes, strict=True):
        if outcome.applicable:
            assert row["Weighted score (0-100)"] == f"{outcome.score:.1f}"
            assert row["Blockers"] == (outcome.blockers or "none")
        else:
            assert row["Outcome"] == f"not applicable: {outcome.not_applicable}"
    texts = [plain(t.value) for t in at.text]
    assert choice.grounds in texts
    assert not at.exception
