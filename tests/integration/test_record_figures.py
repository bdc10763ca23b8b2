"""The record's figure table is lean and true by construction: every figure it lists changes
the result when changed, and figures it leaves out change nothing; keys are short and
readable, and the short key works as an override."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from functools import cache

import pytest

from scoring.catalog import default_catalog
from scoring.catalog.loader import canonical_key, short_key
from scoring.engine.dependencies import CHECK_DRAWS, nudges, result_fingerprint, with_figure
from scoring.engine.evaluate import Evaluation, evaluate
from scoring.io.presets import preset_by_id
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.report.figures_in_use import (
    SOURCE_COLUMNS,
    candidate_figures,
    figure_value,
    figures_in_result,
)
from scoring.report.markdown import render_markdown
from scoring.report.record import build_record

# An LLM on a workstation, a vision camera fleet, a customer-owned speaker, a hosted LLM.
PRESETS = ("law_firm_documents", "factory_qc_camera", "smart_home_voice", "customer_support_rag")
SAMPLE = 12


@cache
def evaluated(preset_id: str) -> Evaluation:
    return evaluate(preset_by_id(preset_id).scenario)


DRAWS = 64  # not the check's number of Monte Carlo draws


def fingerprints(evaluation: Evaluation, figure, values) -> Iterator[tuple]:
    """The result with the figure at each of `values` that makes a valid scenario, one at a
    time (a test stops at the first that tells). Without the hint searches, which the result
    compared does not include."""
    for value in values:
        scenario = with_figure(evaluation.scenario, figure.key, value)
        if scenario is not None:
            yield result_fingerprint(_evaluate(scenario))


def _evaluate(scenario) -> Evaluation:
    return evaluate(scenario, draws=DRAWS, volume_search=False, hints=False)


def bigger_changes(figure) -> tuple[float, ...]:
    """Half as much again and half as much: changes the check never made."""
    value = figure.value or 1.0
    return tuple(v for v in (value * 1.5, value * 0.5) if figure.minimum <= v <= figure.maximum)


@pytest.mark.parametrize("preset_id", PRESETS)
def test_changing_any_listed_figure_changes_the_result(preset_id):
    evaluation = evaluated(preset_id)
    listed = figures_in_result(evaluation)
    assert listed
    # Another number of draws than the check, and changes of another size beside its own.
    base = result_fingerprint(_evaluate(evaluation.scenario))
    unchanged = [
        f.key
        for f in listed
        if all(fp == base for fp in fingerprints(evaluation, f, bigger_changes(f) + nudges(f)))
    ]
    assert not unchanged, unchanged


@pytest.mark.parametrize("preset_id", PRESETS)
def test_a_sample_of_the_figures_left_out_changes_nothing(preset_id):
    evaluation = evaluated(preset_id)
    listed = {f.key for f in figures_in_result(evaluation)}
    tables = {key.split(".")[0] for key in listed}
    # Left out from the candidates, and from the same tables' other entries (other network
    # profiles, GPUs, hosted models), which the evaluation never reads.
    left_out = [
        f
        for key, f in evaluation.catalog.figures.items()
        if key.split(".")[0] in tables and key not in listed
    ]
    sample = random.Random(preset_id).sample(left_out, min(SAMPLE, len(left_out)))
    base = result_fingerprint(_evaluate(evaluation.scenario))
    changed = [
        f.key for f in sample if any(fp != base for fp in fingerprints(evaluation, f, nudges(f)))
    ]
    assert not changed, changed


def test_screening_in_groups_finds_the_same_figures_as_trying_each_alone():
    evaluation = evaluated("factory_qc_camera")  # passed-over devices and ranged figures
    scenario = evaluation.scenario

    def fingerprint(s) -> tuple:
        return result_fingerprint(
            evaluate(s, draws=CHECK_DRAWS, volume_search=False, shared=False, hints=False)
        )

    base = fingerprint(scenario)
    one_by_one = [
        f.key
        for f in candidate_figures(evaluation)
        if any(
            (nudged := with_figure(scenario, f.key, value)) is not None
            and fingerprint(nudged) != base
            for value in nudges(f)
        )
    ]
    assert [f.key for f in figures_in_result(evaluation)] == one_by_one


def test_the_record_lists_exactly_the_figures_the_check_finds():
    evaluation = evaluated("law_firm_documents")
    record = render_markdown(build_record(evaluation, dt.date(2026, 1, 5)))
    rows = record.split(f"| {' | '.join(SOURCE_COLUMNS)} |", 1)[1].split("\n\n", 1)[0]
    keys = [line.split(" | ")[1] for line in rows.strip().splitlines()[1:]]
    assert keys == [short_key(f.key) for f in figures_in_result(evaluation)]


def test_figures_of_other_kinds_of_model_are_left_out_of_an_llm_record():
    listed = {f.key for f in figures_in_result(evaluated("law_firm_documents"))}
    candidates = {f.key for f in candidate_figures(evaluated("law_firm_documents"))}
    other_kinds = (
        "vision_ops_per_param_megapixel",
        "speech_window_s",
        "speech_positions_per_s",
        "tabular_ops_per_param",
        "other_ops_per_param",
    )
    for name in other_kinds:
        key = f"general.general.{name}"
        assert key in candidates and key not in listed
    # Devices the company does not own cost no app distribution or support contacts.
    assert "operations.operations.app_store_usd_per_year" not in listed
    assert "operations.operations.release_hours_per_update" in listed


def test_keys_of_single_entry_tables_are_short_and_work_as_overrides():
    assert short_key("general.general.electricity_usd_per_kwh") == "general.electricity_usd_per_kwh"
    assert short_key("devices.jetson_orin_nano_super.price_usd") == (
        "devices.jetson_orin_nano_super.price_usd"
    )
    assert (
        canonical_key("general.electricity_usd_per_kwh")
        == "general.general.electricity_usd_per_kwh"
    )
    data = scenario_to_dict(preset_by_id("factory_qc_camera").scenario)
    data["assumptions"] = {"general.electricity_usd_per_kwh": 0.2}
    scenario = scenario_from_dict(data)
    assert dict(scenario.assumptions) == {"general.general.electricity_usd_per_kwh": 0.2}
    assert (
        evaluate(scenario, draws=20).catalog.value("general.general.electricity_usd_per_kwh") == 0.2
    )


def test_catalog_values_are_written_in_full_never_in_exponent_form():
    assert figure_value(190000) == "190,000"
    assert figure_value(1e12) == "1,000,000,000,000"
    assert figure_value(0.127) == "0.127"
    assert figure_value(0.0472) == "0.0472"
    assert default_catalog()  # loads
