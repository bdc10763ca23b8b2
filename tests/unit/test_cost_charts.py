"""The Costs page's charts mark what its sentences read out: every break-even after month 1 on
the cumulative chart, and the tornado's changes as signed dollars like the rest of the page."""

from __future__ import annotations

import itertools

import numpy as np
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


def break_even_labels(figure):
    return [a for a in figure.layout.annotations if a.name == charts.BREAK_EVEN_LABEL]


@pytest.mark.parametrize("preset_id", [p.id for p in bundled_presets()])
def test_every_break_even_the_page_reads_out_after_month_1_is_marked(evaluations, preset_id):
    evaluation = evaluations[preset_id]
    read_out = sorted(
        (r for r in cost_readings.break_even_readings(evaluation) if r.month and r.month > 1),
        key=lambda r: r.month,
    )
    figure = charts.cumulative_cost_chart(evaluation)
    mark = break_even_trace(figure)
    if not read_out:
        assert mark is None and not break_even_labels(figure)
        return
    assert list(mark.x) == [r.month for r in read_out]
    labels = break_even_labels(figure)
    for reading, y, label in zip(read_out, mark.y, labels, strict=True):
        assert y == evaluation.options[reading.dearer].cumulative_usd[reading.month - 1]
        dearer, cheaper = OPTION_LABELS[reading.dearer], OPTION_LABELS[reading.cheaper]
        assert label.text == f"{dearer} breaks even<br>with {cheaper}, month {reading.month}"
        # The arrow points at its mark.
        assert (label.x, label.y) == pytest.approx((reading.month, y))


# An independent, conservative estimate of a label's box: a 12 px font's characters at 7 px
# and 17 px lines, in a plot area no wider than 560 px and no taller than 240 px.
CHAR_PX, LINE_PX, PLOT_W, PLOT_H = 7.0, 17.0, 560.0, 240.0


def plot_fraction(figure, x, y, log: bool):
    x0, x1 = figure.layout.xaxis.range
    y0, y1 = figure.layout.yaxis.range
    y = np.log10(np.maximum(y, 1e-9)) if log else y
    return (np.asarray(x, float) - x0) / (x1 - x0), (np.asarray(y, float) - y0) / (y1 - y0)


def label_box(figure, label, log: bool):
    """(x0, y0, x1, y1) of a label anchored at its lower left corner, in plot fractions."""
    x0, x1 = figure.layout.xaxis.range
    y0, y1 = figure.layout.yaxis.range
    left, bottom = (label.ax - x0) / (x1 - x0), (label.ay - y0) / (y1 - y0)
    assert (label.xanchor, label.yanchor, label.axref, label.ayref) == ("left", "bottom", "x", "y")
    lines = label.text.split("<br>")
    width = max(len(line) for line in lines) * CHAR_PX / PLOT_W
    return left, bottom, left + width, bottom + len(lines) * LINE_PX / PLOT_H


def crosses(box, xs, ys) -> bool:
    """Whether a polyline passes through the box (its values at the box's edges and at its
    vertices inside bound it there)."""
    left, bottom, right, top = box
    if right < xs[0] or left > xs[-1]:
        return False
    inside = ys[(xs > left) & (xs < right)]
    edges = np.interp(np.clip([left, right], xs[0], xs[-1]), xs, ys)
    values = np.concatenate([edges, inside])
    return bool(values.max() >= bottom and values.min() <= top)


def assert_labels_cover_no_line(figure, log: bool):
    boxes = [label_box(figure, label, log) for label in break_even_labels(figure)]
    for box in boxes:
        left, bottom, right, top = box
        assert left >= 0 and right <= 1 and bottom >= 0 and top <= 1, box  # inside the plot
        for trace in figure.data:
            if trace.mode == "lines":
                xs, ys = plot_fraction(figure, trace.x, trace.y, log)
                assert not crosses(box, xs, ys), (trace.name, box)
    for a, b in itertools.combinations(boxes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def pretend_crossings(evaluation, months):
    """Every pair read out as breaking even in the given months (more marks than any preset
    has, in the crowded places)."""
    readings = cost_readings.break_even_readings(evaluation)
    return tuple(
        cost_readings.PairReading(r.dearer, r.cheaper, month, r.sentence)
        for r, month in zip(readings, months, strict=False)
    )


@pytest.mark.parametrize("preset_id", [p.id for p in bundled_presets()])
@pytest.mark.parametrize(("band", "log"), [(True, False), (False, False), (True, True)])
def test_no_break_even_label_covers_a_line_on_any_preset(
    evaluations, monkeypatch, preset_id, band, log
):
    evaluation = evaluations[preset_id]
    assert_labels_cover_no_line(charts.cumulative_cost_chart(evaluation, band, log), log)
    horizon = evaluation.scenario.horizon_months
    for months in ((2, horizon // 2, horizon - 1), (2, 3, 4), (horizon - 2, horizon - 1, horizon)):
        monkeypatch.setattr(
            charts, "break_even_readings", lambda e, m=months: pretend_crossings(e, m)
        )
        figure = charts.cumulative_cost_chart(evaluation, band, log)
        assert len(break_even_labels(figure)) == len(pretend_crossings(evaluation, months))
        assert_labels_cover_no_line(figure, log)


def test_the_tornado_hover_writes_each_change_as_signed_dollars(evaluations):
    evaluation = evaluations["law_firm_documents"]
    drivers = evaluation.tornado.drivers
    low, high = charts.tornado_chart(evaluation).data
    assert list(low.y) == [d.label for d in drivers] == list(high.y)
    assert [tuple(c) for c in low.customdata] == [
        (f"P10 ({d.low_change})", usd_signed(d.low_delta_usd)) for d in drivers
    ]
    assert [tuple(c) for c in high.customdata] == [
        (f"P90 ({d.high_change})", usd_signed(d.high_delta_usd)) for d in drivers
    ]
    assert any(text.startswith("-$") for _, text in low.customdata)
    for trace in (low, high):
        assert "$%{x" not in trace.hovertemplate  # plotly would write "$-11,875"
        assert "%{customdata[1]}" in trace.hovertemplate


def test_the_tornado_grows_with_its_bars_so_every_label_has_room():
    evaluation = evaluate(preset_by_id("factory_qc_camera").scenario, draws=100)
    figure = charts.tornado_chart(evaluation)
    assert figure.layout.height >= 24 * len(evaluation.tornado.drivers)


SINGLE_EVALUATION_CHARTS = (
    charts.cumulative_cost_chart,
    charts.tornado_chart,
    charts.operations_chart,
)


@pytest.mark.parametrize("chart", SINGLE_EVALUATION_CHARTS, ids=lambda c: c.__name__)
def test_every_dollar_axis_groups_thousands(evaluations, chart):
    figure = chart(evaluations["law_firm_documents"])
    axes = [figure.layout.xaxis, figure.layout.yaxis]
    dollar_axes = [a for a in axes if a.tickprefix == "$" or (a.tickformat or "").startswith("$")]
    assert dollar_axes, f"{chart.__name__} has no dollar axis"
    for axis in dollar_axes:
        assert "," in (axis.tickformat or ""), f"{chart.__name__}: {axis.title.text} reads $1000"


def test_the_memory_charts_legend_has_rows_of_its_own_under_the_axis_title(evaluations):
    # Long device names leave the legend little width and it wraps; placed as a share of a
    # plot that the names shrink, it ran into the axis title and the ticks.
    figure = charts.memory_chart(evaluations["law_firm_documents"])
    legend, margin = figure.layout.legend, figure.layout.margin
    assert (legend.yref, legend.yanchor, legend.y) == ("container", "bottom", 0)
    assert margin.b >= 50 and figure.layout.xaxis.title.text == "memory (GB)"
