"""The Costs page's charts mark what its sentences read out: every break-even after month 1 on
the cumulative chart, and the tornado's changes as signed dollars like the rest of the page."""

from __future__ import annotations

from itertools import pairwise

import pytest

from scoring.engine.evaluate import evaluate
from scoring.io.presets import bundled_presets, preset_by_id
from scoring.model.units import usd_signed
from scoring.model.vocabulary import OPTION_LABELS
from scoring.report import charts, cost_readings


@pytest.fixture(scope="module")
def evaluations():
    return {p.id: evaluate(p.scenario, draws=100) for p in bundled_presets()}


def break_even_trace(figure):
    marks = [t for t in figure.data if t.name == "break-even"]
    assert len(marks) <= 1, "all break-evens belong in one legend entry"
    return marks[0] if marks else None


@pytest.mark.parametrize("preset_id", [p.id for p in bundled_presets()])
def test_every_break_even_the_page_reads_out_after_month_1_is_marked(evaluations, preset_id):
    evaluation = evaluations[preset_id]
    read_out = sorted(
        (r for r in cost_readings.break_even_readings(evaluation) if r.month and r.month > 1),
        key=lambda r: r.month,
    )
    mark = break_even_trace(charts.cumulative_cost_chart(evaluation))
    if not read_out:
        assert mark is None
        return
    assert list(mark.x) == [r.month for r in read_out]
    for reading, y, text in zip(read_out, mark.y, mark.text, strict=True):
        assert y == evaluation.options[reading.dearer].cumulative_usd[reading.month - 1]
        dearer, cheaper = OPTION_LABELS[reading.dearer], OPTION_LABELS[reading.cheaper]
        assert text == f"{dearer} breaks even with {cheaper}, month {reading.month}"


def test_a_hybrid_break_even_is_marked_even_when_edge_is_no_crossing(evaluations):
    # Offshore: edge costs less than the cloud from the first month (no crossing to mark), and
    # the hybrid catches the cloud in month 2.
    evaluation = evaluations["offshore_field_equipment"]
    assert evaluation.break_even_month == 1
    month = evaluation.break_even("hybrid", "cloud")
    assert month is not None and month > 1
    mark = break_even_trace(charts.cumulative_cost_chart(evaluation, band=False))
    assert list(mark.x) == [month]
    assert list(mark.customdata) == ["Hybrid at or below Cloud"]


def test_neighbouring_break_even_labels_sit_on_opposite_sides(evaluations, monkeypatch):
    evaluation = evaluations["offshore_field_equipment"]
    readings = cost_readings.break_even_readings(evaluation)
    # As if every pair broke even in consecutive months: the labels must alternate sides.
    crossing = tuple(
        cost_readings.PairReading(r.dearer, r.cheaper, 2 + i, r.sentence)
        for i, r in enumerate(readings)
    )
    monkeypatch.setattr(charts, "break_even_readings", lambda _: crossing)
    mark = break_even_trace(charts.cumulative_cost_chart(evaluation))
    assert list(mark.x) == [2, 3, 4]
    assert all(a != b for a, b in pairwise(mark.textposition))


@pytest.mark.parametrize(("month", "side"), [(2, "right"), (7, "right"), (55, "left")])
def test_a_break_even_label_runs_towards_the_middle_so_no_edge_cuts_it(
    evaluations, monkeypatch, month, side
):
    evaluation = evaluations["law_firm_documents"]
    first = cost_readings.break_even_readings(evaluation)[0]
    crossing = (cost_readings.PairReading(first.dearer, first.cheaper, month, first.sentence),)
    monkeypatch.setattr(charts, "break_even_readings", lambda _: crossing)
    mark = break_even_trace(charts.cumulative_cost_chart(evaluation))
    assert mark.textposition[0].endswith(side)


def test_the_tornado_hover_writes_each_change_as_signed_dollars(evaluations):
    evaluation = evaluations["law_firm_documents"]
    drivers = evaluation.tornado.drivers
    low, high = charts.tornado_chart(evaluation).data
    assert list(low.y) == [d.label for d in drivers] == list(high.y)
    assert [tuple(c) for c in low.customdata] == [
        (d.low_change, usd_signed(d.low_delta_usd)) for d in drivers
    ]
    assert [tuple(c) for c in high.customdata] == [
        (d.high_change, usd_signed(d.high_delta_usd)) for d in drivers
    ]
    assert any(text.startswith("-$") for _, text in low.customdata)
    for trace in (low, high):
        assert "$%{x" not in trace.hovertemplate  # plotly would write "$-11,875"
        assert "%{customdata[1]}" in trace.hovertemplate


def test_the_tornado_grows_with_its_bars_so_every_label_has_room():
    evaluation = evaluate(preset_by_id("factory_qc_camera").scenario, draws=100)
    figure = charts.tornado_chart(evaluation)
    assert figure.layout.height >= 24 * len(evaluation.tornado.drivers)
