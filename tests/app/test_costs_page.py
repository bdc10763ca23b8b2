"""The Costs page shows the engine's numbers: totals, bands, break-even months, the cumulative
series in the chart, the totals table and the CSV; its inputs and toggles change what it shows."""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pytest
from app_helpers import by_label, figure, open_on, scenario_of, values
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from scoring.engine.costs import COMPONENTS
from scoring.engine.evaluate import evaluate
from scoring.model.units import format_volume, percent, usd, usd_per_1k, usd_signed
from scoring.report import cost_readings

PAGE = "pages/3_costs.py"


@pytest.fixture(scope="module")
def law_firm():
    return open_on(PAGE, "law_firm_documents")


def test_the_headline_metrics_show_each_options_total_from_the_engine(law_firm):
    at, evaluation = law_firm
    shown = {m.label: m.value for m in at.metric}
    for result in evaluation.options.values():
        label = f"{result.label}: total over 60 months" + (
            "" if result.feasible else " (ruled out)"
        )
        assert shown[label] == usd(result.cost_total_usd)  # three significant figures


def test_cost_per_thousand_requests_band_and_chance_of_being_cheapest_are_shown(law_firm):
    at, evaluation = law_firm
    captions = " ".join(c.value.replace("\\", "") for c in at.caption)
    for option, result in evaluation.options.items():
        band = evaluation.uncertainty.bands[option]
        assert f"{usd_per_1k(result.cost_per_1k_requests_usd)} per 1,000 requests" in captions
        assert f"P10-P90: {usd(band.total_p10_usd)} to {usd(band.total_p90_usd)}" in captions
    chance = percent(evaluation.uncertainty.probability_cheapest["edge"])
    assert f"Cheapest in {chance} of draws" in captions
    # Cloud and hybrid are ruled out: nobody's cheapest choice, whatever the draws.
    assert captions.count("Ruled out: not counted among the cheapest") == 2


def test_the_break_even_sentence_shows_the_engines_month():
    at, evaluation = open_on(PAGE, "hospital_dictation")
    month = evaluation.break_even("edge", "cloud")
    assert month is not None and month > 1
    texts = [m.value.replace("\\", "") for m in at.markdown]
    assert any(t.startswith(f"- Edge breaks even with Cloud in month {month} ") for t in texts)


def test_the_cumulative_chart_carries_the_engines_series_and_bands():
    at, evaluation = open_on(PAGE, "hospital_dictation")
    traces = {t.get("name"): t for t in figure(at, "cumulative")["data"]}
    for option, result in evaluation.options.items():
        name = result.label + ("" if result.feasible else " (ruled out)")
        line = traces[name]
        assert values(line["x"]).tolist() == list(range(1, 61))
        np.testing.assert_allclose(values(line["y"]), result.cumulative_usd)
        assert line["line"]["dash"] == ("solid" if result.feasible else "dot")
        band = traces[f"{result.label} P10-P90"]
        np.testing.assert_allclose(values(band["y"]), evaluation.uncertainty.bands[option].p10_usd)
    marker = traces["break-even"]
    read_out = [
        r.month for r in cost_readings.break_even_readings(evaluation) if (r.month or 0) > 1
    ]
    assert values(marker["x"]).tolist() == sorted(read_out)
    assert evaluation.break_even("edge", "cloud") in read_out


def test_a_hybrid_break_even_is_read_out_and_marked():
    at, evaluation = open_on(PAGE, "smart_home_voice")
    month = evaluation.break_even("hybrid", "cloud")
    assert month is not None and month > 1
    texts = [m.value.replace("\\", "") for m in at.markdown]
    assert any(t.startswith(f"- Hybrid breaks even with Cloud in month {month} ") for t in texts)
    spec = figure(at, "cumulative")
    marker = next(t for t in spec["data"] if t.get("name") == "break-even")
    assert values(marker["x"]).tolist() == [month]
    labels = [a for a in spec["layout"]["annotations"] if a.get("name") == "break-even label"]
    assert [a["text"] for a in labels] == [f"Hybrid breaks even<br>with Cloud, month {month}"]


def test_hovers_show_dollars_with_thousands_separators(law_firm):
    at, _ = law_firm
    for key in ("cumulative", "components"):
        for trace in figure(at, key)["data"]:
            if trace.get("hoverinfo") == "skip":
                continue
            assert ":,.0f}" in trace["hovertemplate"] and "$%{" in trace["hovertemplate"], key
    for trace in figure(at, "tornado")["data"]:
        # Signed text from the engine: "-$11,875", where plotly would write "$-11,875".
        assert "%{customdata[1]}" in trace["hovertemplate"]
        for _, change in trace["customdata"]:
            assert re.fullmatch(r"[+-]?\$[\d,]+(\.\d+)?", change), change


def test_the_tornado_bars_on_the_page_are_the_engines_drivers(law_firm):
    at, evaluation = law_firm
    drivers = evaluation.tornado.drivers
    low, high = figure(at, "tornado")["data"]
    assert low["y"] == high["y"] == [d.label for d in drivers]
    np.testing.assert_allclose(values(low["x"]), [d.low_delta_usd for d in drivers])
    np.testing.assert_allclose(values(high["x"]), [d.high_delta_usd for d in drivers])
    assert [c[1] for c in low["customdata"]] == [usd_signed(d.low_delta_usd) for d in drivers]
    assert [c[1] for c in high["customdata"]] == [usd_signed(d.high_delta_usd) for d in drivers]
    # Edge is the only feasible option: its own total, and people drivers among the bars.
    assert evaluation.tornado.versus is None
    assert "engineer_usd_per_year" in {d.name for d in drivers}


def table_with(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_the_totals_table_shows_each_component_and_the_total_from_the_engine(law_firm):
    at, evaluation = law_firm
    table = table_with(at, "Component")
    assert table["Component"].iloc[-1] == "Total"
    for result in evaluation.options.values():
        column = table[result.label]
        assert column.iloc[-1] == pytest.approx(result.cost_total_usd)
        assert column.iloc[:-1].sum() == pytest.approx(result.cost_total_usd)


def test_cost_per_thousand_requests_is_tabled_under_the_totals_as_the_engine_gives_it(law_firm):
    at, evaluation = law_firm
    table = table_with(at, "Measure")
    rows = dict(zip(table["Measure"], table.index, strict=True))
    for result in evaluation.options.values():
        column = table[result.label]
        per_1k = column.loc[rows[cost_readings.PER_1K_ROW]]
        assert per_1k == usd_per_1k(result.cost_per_1k_requests_usd)
        assert len(per_1k.strip("$").replace(",", "").replace(".", "").lstrip("0")) <= 3
        assert column.loc[rows[cost_readings.REQUESTS_ROW]] == format_volume(result.total_requests)


def test_the_monthly_projection_downloads_as_csv_that_adds_up(monkeypatch):
    offered: list[tuple[bytes, str, str | None]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes | str) and mimetype == "text/csv":
            data = path_or_data.encode() if isinstance(path_or_data, str) else path_or_data
            offered.append((data, mimetype, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    at, evaluation = open_on(PAGE, "law_firm_documents")
    assert not at.exception
    data, _, filename = offered[-1]
    assert filename == "law-firm-document-assistant-monthly-costs.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert len(rows) == 3 * evaluation.scenario.horizon_months
    for row in rows:
        parts = sum(float(row[f"{name}_usd"]) for name in COMPONENTS)
        assert parts == pytest.approx(float(row["total_usd"]), abs=0.06)
    for option, result in evaluation.options.items():
        last = [r for r in rows if r["option"] == option][-1]
        assert float(last["cumulative_usd"]) == pytest.approx(result.cost_total_usd, abs=0.01)


def test_the_tornado_reading_and_ruled_out_notice_come_from_the_engine(law_firm):
    at, evaluation = law_firm
    infos = [i.value.replace("\\", "") for i in at.info]
    assert cost_readings.tornado_reading(evaluation) in infos
    markdown = " ".join(m.value.replace("\\", "") for m in at.markdown)
    cloud, hybrid = (evaluation.options[o].ruled_out_by for o in ("cloud", "hybrid"))
    assert "data leaving" in cloud and "data leaving" in hybrid
    assert f"Cloud ({cloud}) and Hybrid ({hybrid}) are ruled out" in markdown


def test_the_component_chart_follows_the_chosen_option():
    at, evaluation = open_on(PAGE, "law_firm_documents")
    assert figure(at, "components")["layout"]["title"]["text"].startswith("Edge:")
    at.button_group[0].set_value("cloud").run()
    spec = figure(at, "components")
    assert spec["layout"]["title"]["text"] == "Cloud: monthly cost by component"
    stacked = sum(values(trace["y"]) for trace in spec["data"])
    np.testing.assert_allclose(stacked, evaluation.options["cloud"].monthly_usd)


def test_the_toggles_switch_to_a_log_scale_and_hide_the_band():
    at, _ = open_on(PAGE, "factory_qc_camera")
    assert figure(at, "cumulative")["layout"]["yaxis"]["type"] == "linear"
    by_label(at.toggle, "Log scale").set_value(True).run()
    by_label(at.toggle, "P10-P90 band").set_value(False).run()
    spec = figure(at, "cumulative")
    assert spec["layout"]["yaxis"]["type"] == "log"
    assert not any("P10-P90" in (t.get("name") or "") for t in spec["data"])


def test_the_view_settings_survive_a_switch_to_another_page_and_back():
    at, evaluation = open_on(PAGE, "factory_qc_camera")
    assert evaluation.recommendation != "hybrid"
    by_label(at.toggle, "Log scale").set_value(True).run()
    by_label(at.toggle, "P10-P90 band").set_value(False).run()
    at.button_group[0].set_value("hybrid").run()
    at.switch_page("pages/4_latency.py").run()
    assert not at.exception
    assert not any(t.label == "Log scale" for t in at.toggle)  # the Costs page is gone
    at.switch_page(PAGE).run()
    assert not at.exception
    assert by_label(at.toggle, "Log scale").value is True
    assert by_label(at.toggle, "P10-P90 band").value is False
    assert at.button_group[0].value == "hybrid"
    spec = figure(at, "cumulative")
    assert spec["layout"]["yaxis"]["type"] == "log"
    assert not any("P10-P90" in (t.get("name") or "") for t in spec["data"])
    assert figure(at, "components")["layout"]["title"]["text"].startswith("Hybrid:")


def test_changing_the_horizon_on_the_page_re_evaluates_the_scenario():
    at, _ = open_on(PAGE, "factory_qc_camera")
    by_label(at.number_input, "Cost horizon").set_value(36).run()
    assert not at.exception
    scenario = scenario_of(at)
    assert scenario.horizon_months == 36
    shorter = evaluate(scenario)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Edge: total over 36 months"] == usd(shorter.options["edge"].cost_total_usd)
    assert values(figure(at, "cumulative")["data"][2]["x"]).tolist() == list(range(1, 37))


def test_the_people_table_lists_each_driver_of_the_chosen_option_and_adds_up():
    at, evaluation = open_on(PAGE, "factory_qc_camera")
    table = table_with(at, "FTE")
    edge = evaluation.options["edge"]
    assert list(table["Driver"])[:-1] == [line.label for line in edge.costs.people]
    assert table["Driver"].iloc[-1] == "Total"
    shown_total = float(table["Total"].iloc[-1].replace("$", "").replace(",", ""))
    assert shown_total == pytest.approx(edge.component_totals_usd()["staff"], abs=1)
    site = table[table["Driver"] == "Fleet work per site"].iloc[0]
    sites = evaluation.scenario.requirements.site_count  # the plant: 40 cameras, 1 site
    assert site["Quantity"] == f"{sites} {'site' if sites == 1 else 'sites'}" == "1 site"
    assert site["Rate"].endswith("h per site a month")
    at.button_group[1].set_value("hybrid").run()
    hybrid = table_with(at, "FTE")
    assert "Running a serverless GPU service" in list(hybrid["Driver"])


def test_the_page_says_whose_devices_they_are_and_the_price_of_the_verdict():
    at, evaluation = open_on(PAGE, "smart_home_voice")
    markdown = " ".join(m.value.replace("\\", "") for m in at.markdown)
    assert "devices belong to the customers" in markdown
    infos = " ".join(i.value.replace("\\", "") for i in at.info)
    assert cost_readings.verdict_price_sentence(evaluation) in infos
