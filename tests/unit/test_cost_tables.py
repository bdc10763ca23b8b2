"""The Costs page's words and tables: headline figures, totals by component, the monthly CSV,
the break-even and driver sentences, all read from the engine's evaluation."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import numpy as np
import pytest
from scenarios import preset_evaluation

from scoring.engine.costs import COMPONENT_LABELS, COMPONENTS
from scoring.engine.drivers import Driver, Tornado
from scoring.engine.evaluate import evaluate
from scoring.engine.uncertain import uncertain_inputs
from scoring.io.presets import bundled_presets, preset_by_id
from scoring.model import units
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.model.units import spaced_percents
from scoring.model.vocabulary import OPTION_LABELS
from scoring.report import cost_readings


@pytest.fixture(scope="module")
def law_firm():
    return evaluate(preset_by_id("law_firm_documents").scenario)


@pytest.fixture(scope="module")
def factory():
    return evaluate(preset_by_id("factory_qc_camera").scenario)


@pytest.mark.parametrize(
    ("value", "text"),
    [(1234567.4, "$1,234,567"), (0.4, "$0"), (-52013.2, "-$52,013"), (999.5, "$1,000")],
)
def test_dollars_are_whole_with_thousands_separators_and_the_sign_first(value, text):
    assert units.usd_whole(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (305.2837, "$305"),
        (1.4281, "$1.43"),
        (0.9996, "$1.00"),
        (0.995, "$0.995"),
        (0.2, "$0.200"),
        (0.09996, "$0.100"),
        (0.0041828, "$0.00418"),
        (None, "n/a"),
    ],
)
def test_cost_per_thousand_requests_keeps_three_significant_digits_below_a_dollar(value, text):
    assert units.usd_per_1k(value) == text


def test_signed_dollars_show_a_plus_for_increases_and_no_sign_for_nothing():
    assert units.usd_signed(11281.2) == "+$11,300"
    assert units.usd_signed(-11281.2) == "-$11,300"
    assert units.usd_signed(0) == "$0"


def test_the_headline_figures_are_the_engines_totals_bands_and_chances(law_firm):
    for row in cost_readings.option_costs(law_firm):
        result = law_firm.options[row.option]
        band = law_firm.uncertainty.bands[row.option]
        assert row.total_usd == result.cost_total_usd
        # Three significant figures on the card, the exact sum in its help
        assert row.total_text == units.usd(result.cost_total_usd)
        assert f"${result.cost_total_usd:,.0f}" in row.total_help
        assert row.band_text == (
            f"P10-P90: {units.usd(band.total_p10_usd)} to {units.usd(band.total_p90_usd)}"
        )
        assert row.per_1k_usd == result.cost_per_1k_requests_usd
        assert (row.p10_usd, row.p90_usd) == (band.total_p10_usd, band.total_p90_usd)
        assert row.probability_cheapest == law_firm.uncertainty.probability_cheapest[row.option]
        assert row.feasible == result.feasible
        assert f"{result.total_requests:,.0f} requests" in row.per_1k_help


def test_the_totals_table_has_a_row_per_component_that_costs_something_and_a_total_row(factory):
    rows = cost_readings.component_totals_rows(factory)
    assert rows[-1]["Component"] == cost_readings.TOTAL_ROW
    for option, result in factory.options.items():
        label = result.label
        assert rows[-1][label] == pytest.approx(result.cost_total_usd)
        assert sum(row[label] for row in rows[:-1]) == pytest.approx(result.cost_total_usd)
        for name, value in result.component_totals_usd().items():
            shown = [row[label] for row in rows if row["Component"] == COMPONENT_LABELS[name]]
            assert shown == ([value] if shown else []), (option, name)
    listed = {row["Component"] for row in rows[:-1]}
    for name in COMPONENTS:
        spent = any(r.component_totals_usd()[name] for r in factory.options.values())
        assert (COMPONENT_LABELS[name] in listed) == spent


def test_under_the_totals_the_requests_served_and_cost_per_thousand_come_from_the_engine(
    factory,
):
    served, per_1k = cost_readings.per_request_rows(factory)
    assert (served["Measure"], per_1k["Measure"]) == (
        cost_readings.REQUESTS_ROW,
        cost_readings.PER_1K_ROW,
    )
    for result in factory.options.values():
        value = result.cost_per_1k_requests_usd
        assert value == pytest.approx(result.cost_total_usd / result.total_requests * 1000)
        assert per_1k[result.label] == units.usd_per_1k(value)
        assert per_1k[result.label] != "$0"
        assert served[result.label] == units.format_volume(result.total_requests)


def test_without_requests_the_cost_per_thousand_is_not_available_and_cloud_inference_is_free():
    data = scenario_to_dict(preset_by_id("factory_qc_camera").scenario)
    data["workload"]["requests_per_month"] = 0
    evaluation = evaluate(scenario_from_dict(data), draws=100)
    _, per_1k = cost_readings.per_request_rows(evaluation)
    for option, result in evaluation.options.items():
        assert result.total_requests == 0
        assert result.cost_per_1k_requests_usd is None, option
        assert per_1k[result.label] == "n/a"
    assert evaluation.options["cloud"].component_totals_usd()["inference"] == 0
    assert evaluation.options["cloud"].cost_total_usd > 0  # the platform and staff still cost
    for row in cost_readings.option_costs(evaluation):
        assert row.per_1k_text == "n/a per 1,000 requests"


def test_the_csv_has_one_row_per_option_and_month_whose_components_add_up(law_firm):
    text = cost_readings.monthly_projection_csv(law_firm)
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == cost_readings.CSV_COLUMNS
    rows = list(reader)
    horizon = law_firm.scenario.horizon_months
    assert len(rows) == 3 * horizon
    for option, result in law_firm.options.items():
        mine = [r for r in rows if r["option"] == option]
        assert [int(r["month"]) for r in mine] == list(range(1, horizon + 1))
        for row, monthly in zip(mine, result.monthly_usd, strict=True):
            parts = sum(float(row[f"{name}_usd"]) for name in COMPONENTS)
            assert parts == pytest.approx(float(row["total_usd"]), abs=0.06)
            assert float(row["total_usd"]) == pytest.approx(monthly, abs=0.005)
        cumulative = np.cumsum([float(r["total_usd"]) for r in mine])
        assert [float(r["cumulative_usd"]) for r in mine] == pytest.approx(cumulative, abs=0.5)
        assert float(mine[-1]["cumulative_usd"]) == pytest.approx(result.cost_total_usd, abs=0.01)
        band = law_firm.uncertainty.bands[option]
        assert float(mine[-1]["cumulative_p90_usd"]) == pytest.approx(band.total_p90_usd, abs=0.01)


def expected_catch_up(reading, evaluation) -> str:
    """The sentence of a pair whose dearer option catches the other after month 1."""
    a, b = OPTION_LABELS[reading.dearer], OPTION_LABELS[reading.cheaper]
    horizon = evaluation.scenario.horizon_months
    gap = (
        evaluation.options[reading.dearer].cost_total_usd
        - evaluation.options[reading.cheaper].cost_total_usd
    )
    how = (
        f"and is {units.usd(-gap)} cheaper" if gap <= 0 else f"but is {units.usd(gap)} dearer again"
    )
    ruled_out = [
        OPTION_LABELS[o]
        for o in (reading.dearer, reading.cheaper)
        if not evaluation.options[o].feasible
    ]
    tail = f" ({' and '.join(ruled_out)} ruled out)" if ruled_out else ""
    return f"{a} breaks even with {b} in month {reading.month} {how} by month {horizon}{tail}."


def test_the_break_even_sentence_carries_the_engines_month():
    hospital = evaluate(preset_by_id("hospital_dictation").scenario, draws=100)
    edge_cloud = cost_readings.break_even_readings(hospital)[0]
    month = hospital.break_even("edge", "cloud")
    assert month is not None and 1 < month < 60  # edge catches cloud after its purchase
    assert (edge_cloud.dearer, edge_cloud.cheaper, edge_cloud.month) == ("edge", "cloud", month)
    assert edge_cloud.sentence == expected_catch_up(edge_cloud, hospital)


def test_an_option_that_never_catches_up_is_said_not_to_break_even_within_the_horizon():
    evaluation = evaluate(preset_by_id("smart_home_voice").scenario)
    readings = {(r.dearer, r.cheaper): r for r in cost_readings.break_even_readings(evaluation)}
    edge_cloud = readings[("edge", "cloud")]
    assert edge_cloud.month is None and evaluation.break_even("edge", "cloud") is None
    assert edge_cloud.sentence.startswith(
        "Edge does not break even with Cloud within the 60 months: it costs $"
    )


def reading_of(evaluation, pair: set[str]) -> cost_readings.PairReading:
    return next(
        r for r in cost_readings.break_even_readings(evaluation) if {r.dearer, r.cheaper} == pair
    )


@pytest.mark.parametrize("preset_id", [p.id for p in bundled_presets()])
def test_every_catch_up_after_month_1_is_read_with_the_engines_month_and_the_final_gap(preset_id):
    evaluation = evaluate(preset_by_id(preset_id).scenario, draws=100)
    for reading in cost_readings.break_even_readings(evaluation):
        month = evaluation.break_even(reading.dearer, reading.cheaper)
        assert reading.month == month
        dearer = evaluation.options[reading.dearer].cumulative_usd
        cheaper = evaluation.options[reading.cheaper].cumulative_usd
        if month is None:
            gap = dearer[-1] - cheaper[-1]
            assert reading.sentence.startswith(
                f"{OPTION_LABELS[reading.dearer]} does not break even with "
                f"{OPTION_LABELS[reading.cheaper]} within the "
                f"{evaluation.scenario.horizon_months} months: it costs {units.usd(gap)} more"
            )
        elif month > 1:
            assert dearer[month - 2] > cheaper[month - 2]
            assert dearer[month - 1] <= cheaper[month - 1] * (1 + 1e-9)
            assert reading.sentence == expected_catch_up(reading, evaluation)


def test_an_option_cheaper_from_month_one_is_the_one_the_other_must_catch(law_firm):
    """Cloud costs less in month 1 (no devices to buy), so the question is when edge catches it."""
    for reading in cost_readings.break_even_readings(law_firm):
        assert law_firm.break_even(reading.cheaper, reading.dearer) == 1
        assert reading.month == law_firm.break_even(reading.dearer, reading.cheaper)


def test_the_tornado_reading_names_the_top_driver_its_p10_and_p90_and_what_it_moves(law_firm):
    top = law_firm.tornado.drivers[0]
    sentence = cost_readings.tornado_reading(law_firm)
    assert sentence.startswith(
        f"Check the {top.label[:1].lower() + top.label[1:]} assumption first: at its P10 / "
        f"P90 ({spaced_percents(top.low_change)} / {spaced_percents(top.high_change)}) it moves "
        "Edge's total by "
    )
    assert units.usd_signed(top.low_delta_usd) in sentence
    assert units.usd_signed(top.high_delta_usd) in sentence
    total = law_firm.options["edge"].cost_total_usd
    assert f"as entered, Edge costs {units.usd(total)} by month 60" in sentence
    assert "Edge is the only feasible option" in sentence


def test_the_tornado_reading_keeps_an_acronym_in_a_label_upper_case(law_firm):
    driver = Driver("x", "OTA and telemetry per device", "-25%", "+25%", 900.0, -900.0)
    evaluation = replace(law_firm, tornado=Tornado("edge", "cloud", -1000.0, (driver,)))
    assert cost_readings.tornado_reading(evaluation).startswith(
        "Check the OTA and telemetry per device assumption first: at its P10 / P90 "
        "(-25 % / +25 %) it moves the Edge-minus-Cloud difference by +$900 / -$900"
    )


def test_the_tornado_reading_warns_when_the_swing_changes_which_option_is_cheaper(law_firm):
    def with_top(low: float, high: float):
        driver = Driver("cloud_price", "Cloud prices", "-25%", "+25%", low, high)
        return replace(law_firm, tornado=Tornado("edge", "cloud", -1000.0, (driver,)))

    assert "enough to change which" in cost_readings.tornado_reading(with_top(1500.0, -1500.0))
    assert "enough to change which" not in cost_readings.tornado_reading(with_top(500.0, -500.0))


def test_the_uncertainty_caption_states_the_draws_and_the_inputs_it_shares_with_the_tornado():
    evaluation = evaluate(preset_by_id("factory_qc_camera").scenario, draws=300)
    caption = cost_readings.uncertainty_caption(evaluation)
    count = len(uncertain_inputs(evaluation.catalog))
    assert f"300 Monte Carlo draws of the {count} uncertain inputs the tornado moves" in (caption)
    assert "every people and operating driver" in caption


def test_the_ruled_out_sentence_names_each_option_and_its_constraints(law_firm):
    assert cost_readings.ruled_out_sentence(law_firm) == (
        "Cloud (data leaving) and Hybrid (data leaving) are ruled out by a hard "
        "requirement: "
        "dotted lines in the charts, shown for comparison only."
    )


def test_no_ruled_out_sentence_when_every_option_is_feasible():
    evaluation = evaluate(preset_by_id("batch_document_ocr").scenario)
    assert all(r.feasible for r in evaluation.options.values())
    assert cost_readings.ruled_out_sentence(evaluation) is None


def test_a_log_scale_is_suggested_only_when_one_option_dwarfs_another(law_firm):
    # Streaming camera frames over cellular data makes cloud dozens of times dearer.
    robots = evaluate(preset_by_id("warehouse_robot").scenario)
    ratio = robots.options["cloud"].cost_total_usd / robots.options["edge"].cost_total_usd
    assert ratio >= cost_readings.LOG_SCALE_RATIO
    assert cost_readings.scale_hint(robots) == (
        f"Cloud costs {ratio:,.0f}× as much as Edge. Switch on Log scale to tell the cheaper "
        "lines apart."
    )
    assert cost_readings.scale_hint(law_firm) is None


def test_the_component_caption_names_the_largest_part_and_explains_spikes_only_with_hardware(
    law_firm,
):
    edge = cost_readings.components_caption(law_firm, "edge")
    cloud = cost_readings.components_caption(law_firm, "cloud")
    totals = law_firm.options["cloud"].component_totals_usd()
    largest = max(totals, key=totals.__getitem__)
    assert cloud.startswith(f"{COMPONENT_LABELS[largest]} is the largest part of Cloud's cost")
    assert "Spikes are hardware purchases" in edge
    assert "Spikes" not in cloud


COMPANY_OWNED = [p.id for p in bundled_presets() if not p.scenario.edge.customer_owned]


@pytest.mark.parametrize("preset_id", COMPANY_OWNED)
def test_whose_hardware_names_the_units_the_costs_charge_not_the_devices_that_send_requests(
    preset_id,
):
    evaluation = preset_evaluation(preset_id)
    sentence = cost_readings.ownership_sentence(evaluation)
    count = evaluation.scenario.requirements.devices
    for option in ("edge", "hybrid"):
        result = evaluation.options[option]
        local = result.deployment.local
        if local is None:
            continue
        phrase = cost_readings.hardware_phrase(evaluation, option)
        first, last = result.costs.fleet_units[0, [0, -1]].astype(int)
        assert phrase in sentence
        assert phrase.startswith(f"{last:,} x {local.device.name} (")
        assert (f"growing from {first:,} in the first month" in phrase) == (first < last)
    assert sentence.startswith("The company owns the hardware the model runs on: ")
    in_devices = all(
        r.deployment.local.placement == "in_device"
        for r in evaluation.options.values()
        if r.deployment.local is not None
    )
    if in_devices:
        others = f"{'device that hosts' if count == 1 else 'devices that host'} them"
    else:
        others = f"{'device that sends' if count == 1 else 'devices that send'} the requests"
    assert sentence.endswith(f"not the {count:,} {others}.")


def test_a_law_firm_owns_a_workstation_at_each_office_not_its_lawyers_laptops():
    evaluation = preset_evaluation("law_firm_documents")
    sentence = cost_readings.ownership_sentence(evaluation)
    edge = evaluation.options["edge"].deployment.local
    assert edge is not None and edge.placement == "site_server"
    sites = evaluation.scenario.requirements.site_count
    assert f"({edge.units_per_site} at each of the {sites} sites)" in sentence
    assert "devices at" not in sentence  # the 120 laptops are not hardware the firm buys here


def test_customers_devices_are_said_to_be_theirs():
    sentence = cost_readings.ownership_sentence(preset_evaluation("smart_home_voice"))
    assert sentence.startswith("The 300,000 devices belong to the customers: ")


@pytest.mark.parametrize("preset_id", [p.id for p in bundled_presets()])
def test_the_price_of_the_verdict_says_its_gap_per_1000_requests_is_a_gap(preset_id):
    evaluation = preset_evaluation(preset_id)
    price = evaluation.verdict_price
    sentence = cost_readings.verdict_price_sentence(evaluation) or ""
    if price is None or price.difference_per_1k_usd is None:
        assert "per 1,000 requests" not in sentence  # nothing to compare, no gap to tell
        return
    gap = units.usd_per_1k(abs(price.difference_per_1k_usd))
    way = "less" if price.cheapest else "more"
    assert f"({gap} {way} per 1,000 requests)" in sentence


@pytest.mark.parametrize(("model", "share"), [("gpt_4o", "50 %"), ("llama_3_1_8b_hosted", None)])
def test_repeated_prompt_tokens_are_said_to_be_discounted_only_where_the_provider_discounts_them(
    model, share
):
    data = scenario_to_dict(preset_by_id("customer_support_rag").scenario)
    data["cloud"]["llm_model"] = model
    data["workload"]["tokens_in_cached"] = 800
    evaluation = evaluate(scenario_from_dict(data), draws=20, volume_search=False)
    notes = " ".join(cost_readings.cloud_bill_notes(evaluation, "cloud"))
    if share:
        assert f"billed at the cached-input price ({share} of the input price)" in notes
    else:
        assert "publishes no cached-input price" in notes
        assert "billed at the full input price" in notes
        assert "billed at the cached-input price" not in notes
