"""Plotly figures of an evaluation, shared by the app's pages and the HTML report.

Pure functions: an Evaluation in, a figure out; no Streamlit, no I/O. Every hover names the
inputs behind the number and carries its unit.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from scoring.engine.costs import COMPONENT_LABELS, COMPONENTS
from scoring.engine.evaluate import Evaluation
from scoring.engine.evidence import OptionEvidence
from scoring.engine.latency import LatencyPath
from scoring.engine.operations import operations_plan
from scoring.model.units import hours, ms_whole, percent, usd_signed, usd_whole
from scoring.model.vocabulary import (
    CRITERIA,
    CRITERION_LABELS,
    OPTION_LABELS,
    OPTIONS,
    Option,
    marked_label,
)
from scoring.report.cost_readings import break_even_readings, tornado_subject
from scoring.report.label_space import place
from scoring.report.latency_readings import local_parts

OPTION_COLOURS = {"edge": "#0f766e", "cloud": "#2563eb", "hybrid": "#9333ea"}
BAND_COLOURS = {
    "edge": "rgba(15,118,110,0.15)",
    "cloud": "rgba(37,99,235,0.15)",
    "hybrid": "rgba(147,51,234,0.15)",
}
COMPONENT_COLOURS = dict(
    zip(
        COMPONENTS,
        (
            "#0f766e",
            "#14b8a6",
            "#f59e0b",
            "#84cc16",
            "#64748b",
            "#a855f7",
            "#ef4444",
            "#2563eb",
            "#60a5fa",
            "#1e3a8a",
        ),
        strict=True,
    )
)
PART_COLOURS = {
    "pre-processing": "#94a3b8",
    "cloud pre-processing": "#cbd5e1",
    "queueing at peak": "#f59e0b",
    "site network": "#7c3aed",
    "inference": "#0f766e",
    "inference to first token": "#14b8a6",
    "local inference": "#0f766e",
    "network round trip": "#2563eb",
    "upload": "#60a5fa",
    "download": "#93c5fd",
    "cloud inference": "#1e3a8a",
    "cloud inference to first token": "#3730a3",
}
FONT = "Inter, system-ui, -apple-system, Segoe UI, sans-serif"


def _layout(figure: go.Figure, title: str, height: int = 380) -> go.Figure:
    figure.update_layout(
        title={"text": title, "font": {"size": 15}},
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        font={"family": FONT, "size": 12},
        # Below the plot: a legend above it collides with the title once it wraps.
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -min(0.5, 80 / max(height - 60, 1)),
            "xanchor": "left",
            "x": 0,
        },
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"font": {"family": FONT}},
    )
    # automargin: long tick labels push the plot area in instead of being cut off.
    figure.update_xaxes(showgrid=True, gridcolor="#eef2f7", zeroline=False, automargin=True)
    figure.update_yaxes(showgrid=True, gridcolor="#eef2f7", zeroline=False, automargin=True)
    return figure


def _text(value: str) -> str:
    """User and catalog text inside a hover is HTML for plotly: escape it."""
    return html.escape(value).replace("\n", "<br>")


# --- Recommendation --------------------------------------------------------------------------


def criteria_heatmap(evaluation: Evaluation, colour_scale: bool = True) -> go.Figure:
    """Options x criteria; `colour_scale=False` drops the scale bar for a narrow column (the
    cells carry their numbers)."""
    options = list(evaluation.options.values())
    z = [[r.criteria[c].score for c in CRITERIA] for r in options]
    hover = [
        [
            f"<b>{r.label} · {CRITERION_LABELS[c]}: {r.criteria[c].score:.0f}/100</b><br>"
            f"{_wrap(_text(r.criteria[c].sentence))}"
            + "".join(
                f"<br>{_text(k)}: {_text(v)}"
                for k, v in r.criteria[c].inputs.items()
                if k != "budget"
            )
            for c in CRITERIA
        ]
        for r in options
    ]
    labels = [marked_label(r.label, r.feasible) for r in options]
    # One word per line keeps eight columns legible in a narrow page.
    columns = [
        f"{re.sub(r' (?!&)', '<br>', CRITERION_LABELS[c])}<br>{evaluation.weights.percent(c):.0f} %"
        for c in CRITERIA
    ]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=labels,
            zmin=0,
            zmax=100,
            colorscale=[[0, "#fee2e2"], [0.5, "#fef9c3"], [1, "#bbf7d0"]],
            text=[[f"{v:.0f}" for v in row] for row in z],
            texttemplate="%{text}",
            textfont={"size": 14},
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorbar={"title": {"text": "score"}, "thickness": 12},
            showscale=colour_scale,
        )
    )
    figure.update_yaxes(autorange="reversed", showgrid=False)
    figure.update_xaxes(side="top", showgrid=False, tickangle=0)
    return _layout(figure, "", height=260)


def weighted_totals_chart(evaluation: Evaluation) -> go.Figure:
    figure = go.Figure()
    for result in evaluation.options.values():
        contributions = [evaluation.weights.shares[c] * result.criteria[c].score for c in CRITERIA]
        figure.add_trace(
            go.Bar(
                y=[CRITERION_LABELS[c] for c in CRITERIA],
                x=contributions,
                name=result.label,
                orientation="h",
                marker_color=OPTION_COLOURS[result.option],
                marker_opacity=1.0 if result.feasible else 0.35,
                customdata=[
                    [result.criteria[c].score, evaluation.weights.percent(c)] for c in CRITERIA
                ],
                hovertemplate=(
                    f"<b>{result.label}</b> · %{{y}}<br>score %{{customdata[0]:.0f}} x weight "
                    "%{customdata[1]:.0f} % = %{x:.1f} points<extra></extra>"
                ),
            )
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title="points contributed to the weighted total (0-100)")
    return _layout(figure, "What each criterion contributes", height=420)


def stability_chart(evaluation: Evaluation) -> go.Figure:
    """The range each weight can take before the recommendation changes."""
    ranges = evaluation.sensitivity.ranges
    figure = go.Figure()
    if not ranges:
        return _layout(figure, "Weight stability: no feasible option")
    names = [CRITERION_LABELS[r.criterion] for r in ranges]
    figure.add_trace(
        go.Bar(
            y=names,
            x=[100 * (r.high - r.low) for r in ranges],
            base=[100 * r.low for r in ranges],
            orientation="h",
            marker_color="rgba(15,118,110,0.25)",
            marker_line_color="#0f766e",
            marker_line_width=1,
            name="range that keeps the recommendation",
            customdata=[
                [
                    100 * r.low,
                    100 * r.high,
                    OPTION_LABELS[r.below] if r.below else "nobody",
                    OPTION_LABELS[r.above] if r.above else "nobody",
                ]
                for r in ranges
            ],
            hovertemplate=(
                "<b>%{y}</b><br>stays between %{customdata[0]:.0f} % and %{customdata[1]:.0f} %"
                "<br>below: %{customdata[2]} wins<br>above: %{customdata[3]} wins<extra></extra>"
            ),
        )
    )
    figure.add_trace(
        go.Scatter(
            y=names,
            x=[100 * r.share for r in ranges],
            mode="markers",
            marker={"symbol": "diamond", "size": 12, "color": "#111827"},
            name="current weight",
            hovertemplate="<b>%{y}</b><br>current weight %{x:.0f} %<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(range=[0, 100], title="weight (%)", ticksuffix="%")
    return _layout(figure, "How far each weight can move before the answer changes", 380)


def win_share_chart(evaluation: Evaluation) -> go.Figure:
    shares = evaluation.sensitivity.win_shares
    options = [o for o in OPTIONS if o in shares]
    figure = go.Figure(
        go.Bar(
            x=[OPTION_LABELS[o] for o in options],
            y=[100 * shares[o] for o in options],
            marker_color=[OPTION_COLOURS[o] for o in options],
            text=[f"{100 * shares[o]:.0f} %" for o in options],
            textposition="outside",
            hovertemplate=(
                f"%{{x}} wins in %{{y:.1f}}% of {evaluation.sensitivity.random_weightings:,} "
                "random weightings<extra></extra>"
            ),
        )
    )
    figure.update_yaxes(range=[0, 110], title="share of random weightings (%)", ticksuffix="%")
    return _layout(figure, "Who wins under random weights", height=300)


# --- Costs --------------------------------------------------------------------------------------


def cumulative_cost_chart(
    evaluation: Evaluation, band: bool = True, log_scale: bool = False
) -> go.Figure:
    months = evaluation.months
    figure = go.Figure()
    for option, result in evaluation.options.items():
        if band:
            bands = evaluation.uncertainty.bands[option]
            figure.add_trace(
                go.Scatter(
                    x=months,
                    y=bands.p90_usd,
                    line={"width": 0},
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=option,
                )
            )
            figure.add_trace(
                go.Scatter(
                    x=months,
                    y=bands.p10_usd,
                    fill="tonexty",
                    fillcolor=BAND_COLOURS[option],
                    line={"width": 0},
                    name=f"{result.label} P10-P90",
                    legendgroup=option,
                    customdata=np.stack([bands.p10_usd, bands.p90_usd], axis=1),
                    hovertemplate=(
                        f"{result.label} P10-P90: $%{{customdata[0]:,.0f}} to "
                        "$%{customdata[1]:,.0f}<extra></extra>"
                    ),
                )
            )
        figure.add_trace(
            go.Scatter(
                x=months,
                y=result.cumulative_usd,
                mode="lines",
                name=marked_label(result.label, result.feasible),
                line={
                    "color": OPTION_COLOURS[option],
                    "width": 3,
                    "dash": "solid" if result.feasible else "dot",
                },
                legendgroup=option,
                hovertemplate=f"{result.label}: $%{{y:,.0f}} by month %{{x}}<extra></extra>",
            )
        )
    figure.update_layout(hovermode="x unified")
    figure.update_xaxes(title="month", range=[1, max(2, len(months))])
    figure.update_yaxes(
        title="cumulative cost (USD)" + (", log scale" if log_scale else ""),
        # On a log axis plotly drops a tick prefix from the 2s and 5s: format the $ instead.
        tickformat="$,.0f",
        type="log" if log_scale else "linear",
        range=cost_axis_range([np.asarray(t.y, float) for t in figure.data], log_scale),
    )
    _add_break_evens(figure, evaluation, log_scale)
    title = "Cumulative cost" + (" with the P10-P90 band" if band else "")
    return _layout(figure, title, height=420)


def _add_break_evens(figure: go.Figure, evaluation: Evaluation, log_scale: bool) -> None:
    """One mark per break-even the page reads out (month 1 is not marked: level from the start
    is not a crossing), each labelled in the free space nearest it, clear of every line, with
    an arrow to its mark."""
    readings = sorted(
        (r for r in break_even_readings(evaluation) if r.month is not None and r.month > 1),
        key=lambda r: r.month or 0,
    )
    if not readings:
        return
    names = [(OPTION_LABELS[r.dearer], OPTION_LABELS[r.cheaper]) for r in readings]
    months = [r.month or 1 for r in readings]
    values = [
        evaluation.options[r.dearer].cumulative_usd[m - 1]
        for r, m in zip(readings, months, strict=True)
    ]
    figure.add_trace(
        go.Scatter(
            x=months,
            y=values,
            mode="markers",
            marker={"size": 13, "color": "#111827", "symbol": "x"},
            name="break-even",
            customdata=[f"{a} at or below {b}" for a, b in names],
            hovertemplate="%{customdata} from month %{x}: $%{y:,.0f}<extra></extra>",
        )
    )
    frame = PlotFrame.of(figure, log_scale)
    texts = [
        f"{a} breaks even<br>with {b}, month {m}" for (a, b), m in zip(names, months, strict=True)
    ]
    lines = [
        frame.to_plot(np.asarray(t.x, float), np.asarray(t.y, float))
        for t in figure.data
        if t.mode == "lines"
    ]
    markers = [frame.point_to_plot(m, v) for m, v in zip(months, values, strict=True)]
    for text, marker, corner in zip(texts, markers, place(markers, texts, lines), strict=True):
        x, y = frame.point_from_plot(*corner)
        mx, my = frame.point_from_plot(*marker)
        figure.add_annotation(
            name=BREAK_EVEN_LABEL,
            text=text,
            x=mx,
            y=my,
            ax=x,
            ay=y,
            axref="x",
            ayref="y",
            xanchor="left",
            yanchor="bottom",
            align="left",
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor="#6b7280",
            standoff=7,
            font={"size": 12, "color": "#111827"},
            bgcolor="rgba(255,255,255,0.85)",
        )


BREAK_EVEN_LABEL = "break-even label"


@dataclass(frozen=True)
class PlotFrame:
    """The axis ranges a chart is drawn with, to turn data into plot fractions and back (a
    log axis in decades, as plotly places annotations on it)."""

    x0: float
    x1: float
    y0: float
    y1: float
    log: bool

    @classmethod
    def of(cls, figure: go.Figure, log: bool) -> PlotFrame:
        x_range = figure.layout.xaxis.range
        y_range = figure.layout.yaxis.range
        return cls(x_range[0], x_range[1], y_range[0], y_range[1], log)

    def _y(self, y):
        return np.log10(np.maximum(y, 1e-9)) if self.log else y

    def to_plot(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (x - self.x0) / (self.x1 - self.x0), (self._y(y) - self.y0) / (self.y1 - self.y0)

    def point_to_plot(self, x: float, y: float) -> tuple[float, float]:
        px, py = self.to_plot(np.asarray([x], float), np.asarray([y], float))
        return float(px[0]), float(py[0])

    def point_from_plot(self, px: float, py: float) -> tuple[float, float]:
        """Data coordinates as plotly reads them for this axis (log10 on a log axis)."""
        return self.x0 + px * (self.x1 - self.x0), self.y0 + py * (self.y1 - self.y0)


def cost_axis_range(values: list[np.ndarray], log: bool) -> list[float]:
    """The cost axis from the data: from 0 (or a tenth below the smallest cost on a log axis)
    to 5 % above the largest, set explicitly so labels can be placed against it."""
    top = max(float(np.max(v)) for v in values)
    if log:
        positive = [float(np.min(v[v > 0])) for v in values if np.any(v > 0)]
        bottom = min(positive) if positive else 1.0
        return [math.log10(bottom) - 0.1, math.log10(max(top, bottom * 10)) + 0.05]
    return [0.0, max(top, 1.0) * 1.05]


def monthly_components_chart(evaluation: Evaluation, option: Option) -> go.Figure:
    result = evaluation.options[option]
    months = evaluation.months
    figure = go.Figure()
    for name in COMPONENTS:
        values = result.costs.items[name][0]
        if not np.any(values):
            continue
        figure.add_trace(
            go.Bar(
                x=months,
                y=values,
                name=COMPONENT_LABELS[name],
                marker_color=COMPONENT_COLOURS[name],
                hovertemplate=f"{COMPONENT_LABELS[name]}: $%{{y:,.0f}} in month %{{x}}"
                "<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack", hovermode="x unified")
    figure.update_xaxes(title="month")
    figure.update_yaxes(title="cost per month (USD)", tickprefix="$", tickformat=",.0f")
    return _layout(figure, f"{result.label}: monthly cost by component", height=380)


# The change is signed text ("-$11,875"): plotly's own format would write "$-11,875".
TORNADO_HOVER = "%{y} at its %{customdata[0]}: it moves by %{customdata[1]}<extra></extra>"


def tornado_chart(evaluation: Evaluation) -> go.Figure:
    tornado = evaluation.tornado
    drivers = tornado.drivers
    labels = [d.label for d in drivers]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            y=labels,
            x=[d.low_delta_usd for d in drivers],
            orientation="h",
            name="input at its P10",
            marker_color="#60a5fa",
            customdata=[(f"P10 ({d.low_change})", usd_signed(d.low_delta_usd)) for d in drivers],
            hovertemplate=TORNADO_HOVER,
        )
    )
    figure.add_trace(
        go.Bar(
            y=labels,
            x=[d.high_delta_usd for d in drivers],
            orientation="h",
            name="input at its P90",
            marker_color="#f59e0b",
            customdata=[(f"P90 ({d.high_change})", usd_signed(d.high_delta_usd)) for d in drivers],
            hovertemplate=TORNADO_HOVER,
        )
    )
    subject, axis = tornado_subject(evaluation)
    figure.update_layout(barmode="overlay")
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(
        title=f"{axis}; as entered {usd_whole(tornado.base_difference_usd)}",
        tickprefix="$",
        tickformat=",.0f",
    )
    # Room for every bar's label: about 24 px a bar, never shorter than the other cost charts.
    height = max(380, 120 + 24 * len(drivers))
    return _layout(figure, f"What moves {subject} most (each input at its P10 and P90)", height)


# --- Latency and resilience ---------------------------------------------------------------------


LIMIT_OFF_SCALE = 4.0  # a latency limit this many times the slowest bar is drawn off the scale
HOSTED_INFERENCE = "cloud inference"  # the part a hosted LLM's queueing is folded into


def latency_budget_chart(evaluation: Evaluation) -> go.Figure:
    """One stacked bar per path (hybrid paths separately) against the requirement line."""
    limit = evaluation.scenario.requirements.max_latency_ms
    # (bar name, path, whether its cloud part is a hosted LLM API)
    bars: list[tuple[str, LatencyPath, bool]] = []
    for result in evaluation.options.values():
        paths = result.latency.paths
        cloud = result.deployment.cloud
        hosted = cloud is not None and cloud.llm is not None
        for path in paths:
            if path.share <= 0:
                continue
            name = (
                result.label
                if len(paths) == 1
                else f"{result.label}: {path.name} ({percent(path.share)})"
            )
            bars.append((name, path, hosted))
    # A hosted API shows no queueing part: its wait at peak is the provider's, and the p95 over
    # median ratio stands for it. Said on the bar, so a missing part does not read as no wait.
    hosted_note = (
        "<br>No separate queueing part: the provider's queueing is folded into this p95 "
        f"(median × {evaluation.catalog.general.hosted_p95_over_p50:g})"
    )
    part_names: list[str] = []
    for _, path, _ in bars:
        for listed in path.parts:
            if listed.name not in part_names:
                part_names.append(listed.name)
    figure = go.Figure()
    for part_name in part_names:
        values, hovers = [], []
        for _, path, hosted in bars:
            part = next((p for p in path.parts if p.name == part_name), None)
            values.append(part.p95_ms if part else 0.0)
            hover = _text(part.detail) if part else ""
            if part and part_name == HOSTED_INFERENCE and hosted:
                hover += hosted_note
            hovers.append(hover)
        figure.add_trace(
            go.Bar(
                y=[name for name, _, _ in bars],
                x=values,
                name=part_name,
                orientation="h",
                marker_color=PART_COLOURS.get(part_name, "#64748b"),
                customdata=hovers,
                hovertemplate=f"<b>{part_name}</b>: %{{x:,.1f}} ms (p95)<br>%{{customdata}}"
                "<extra></extra>",
            )
        )
    longest = max(
        [p.p95_ms for _, p, _ in bars if np.isfinite(p.p95_ms)]
        + [r.latency_p95_ms for r in evaluation.options.values() if np.isfinite(r.latency_p95_ms)]
        + [0.0]
    )
    off_scale = longest > 0 and limit > LIMIT_OFF_SCALE * longest
    figure.add_vline(
        x=limit,
        line_dash="dash",
        line_color="#dc2626",
        annotation_text="" if off_scale else f"limit {ms_whole(limit)}",
        annotation_position="top",
    )
    if off_scale:  # a limit far beyond every bar would squash the bars to nothing
        figure.update_xaxes(range=[0, 1.1 * longest])
        figure.add_annotation(
            x=1,
            y=1.02,
            xref="paper",
            yref="paper",
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            text=f"limit {ms_whole(limit)}, off the scale →",
            font={"color": "#dc2626"},
        )
    mixes = [r for r in evaluation.options.values() if len(r.latency.paths) > 1]
    if mixes:
        figure.add_trace(
            go.Bar(
                y=[f"{r.label}: p95 of the mix" for r in mixes],
                x=[r.latency_p95_ms for r in mixes],
                name="p95 of the mixture",
                orientation="h",
                marker_color="#475569",
                customdata=[_text(r.latency.explain()) for r in mixes],
                hovertemplate="<b>p95 of the mixture</b>: %{x:,.1f} ms<br>%{customdata}"
                "<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title="p95 latency budget (ms)", ticksuffix=" ms")
    rows = len(bars) + len(mixes)
    return _layout(figure, "Latency budget at p95 against the requirement", 170 + 55 * rows)


def memory_chart(evaluation: Evaluation) -> go.Figure:
    """Weights, KV cache and overhead of each local model against its device's usable memory."""
    rows = [(label, assessment.fit) for label, _, assessment in local_parts(evaluation)]
    figure = go.Figure()
    parts = (("weights", "#0f766e"), ("KV cache", "#f59e0b"), ("runtime overhead", "#94a3b8"))
    for name, colour in parts:
        values = [
            {
                "weights": fit.need.weights_gb,
                "KV cache": fit.need.kv_cache_gb,
                "runtime overhead": fit.need.overhead_gb,
            }[name]
            for _, fit in rows
        ]
        figure.add_trace(
            go.Bar(
                y=[label for label, _ in rows],
                x=values,
                name=name,
                orientation="h",
                marker_color=colour,
                customdata=[_wrap(_text(fit.need.explain())) for _, fit in rows],
                hovertemplate=f"<b>{name}</b>: %{{x:,.2f}} GB<br>%{{customdata}}<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            y=[label for label, _ in rows],
            x=[fit.usable_gb for _, fit in rows],
            mode="markers",
            marker={"symbol": "line-ns-open", "size": 26, "color": "#dc2626", "line": {"width": 3}},
            name="usable device memory",
            customdata=[fit.device_memory_gb for _, fit in rows],
            hovertemplate="usable %{x:,.2f} GB of %{customdata:g} GB installed<extra></extra>",
        )
    )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title="memory (GB)", ticksuffix=" GB")
    # Long device names leave the legend little width, so it wraps to two lines: give it
    # its own room under the axis title, in pixels (yref container), not a share of the plot.
    legend_px = 50
    figure = _layout(
        figure,
        "Does the model fit? Memory needed against usable memory",
        120 + legend_px + 70 * max(1, len(rows)),
    )
    figure.update_layout(
        legend={"yref": "container", "yanchor": "bottom", "y": 0},
        margin={"b": 10 + legend_px},
    )
    return figure


def downtime_chart(evaluation: Evaluation) -> go.Figure:
    options = list(evaluation.options.values())
    figure = go.Figure()
    kinds = (
        ("lost_hours_per_year", "function lost", "#dc2626"),
        ("degraded_hours_per_year", "degraded", "#f59e0b"),
        ("delayed_hours_per_year", "only reports delayed", "#94a3b8"),
    )
    for attribute, name, colour in kinds:
        figure.add_trace(
            go.Bar(
                x=[r.label for r in options],
                y=[getattr(r.resilience, attribute) for r in options],
                name=name,
                marker_color=colour,
                customdata=[_wrap(_text(r.resilience.explanation), 60) for r in options],
                hovertemplate=f"%{{x}}: %{{y:,.1f}} h a year {name}<br>%{{customdata}}"
                "<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(title="hours per year", ticksuffix=" h")
    return _layout(figure, "Hours a year lost, degraded or delayed", height=340)


# --- Operations ---------------------------------------------------------------------------------

DRIVER_COLOURS = (
    "#0f766e",
    "#14b8a6",
    "#2563eb",
    "#60a5fa",
    "#f59e0b",
    "#a855f7",
    "#ef4444",
    "#64748b",
    "#84cc16",
    "#1e3a8a",
)


def operations_chart(evaluation: Evaluation) -> go.Figure:
    """People work a month per option at the horizon, driver by driver (the people lines)."""
    plan = operations_plan(evaluation)
    figure = go.Figure()
    labels = [marked_label(OPTION_LABELS[o.option], o.feasible) for o in plan.options]
    drivers = list(dict.fromkeys(c.label for o in plan.options for c in o.costs))
    for index, driver in enumerate(drivers):
        costs = [next((c for c in o.costs if c.label == driver), None) for o in plan.options]
        figure.add_trace(
            go.Bar(
                y=labels,
                x=[c.usd_per_month if c else 0.0 for c in costs],
                orientation="h",
                name=driver,
                marker_color=DRIVER_COLOURS[index % len(DRIVER_COLOURS)],
                customdata=[
                    hours(c.hours_per_month) if c and c.hours_per_month else "a payment"
                    for c in costs
                ],
                hovertemplate=f"<b>%{{y}}</b> · {_text(driver)}<br>$%{{x:,.0f}} a month "
                "(%{customdata})<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(
        title="people work a month at the horizon (USD)", tickprefix="$", tickformat=",.0f"
    )
    return _layout(figure, "What running each option costs a month, driver by driver", 300)


def _wrap(text: str, width: int = 70) -> str:
    words, lines, line = text.split(" "), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


# --- Compare: variants side by side and prototype measurements --------------------------------

VARIANT_COLOURS = ("#0f766e", "#2563eb", "#d97706", "#be185d")
VARIANT_DASHES = ("solid", "dash", "dot", "dashdot")


def variants_cost_chart(evaluations: Mapping[str, Evaluation]) -> go.Figure:
    """Cumulative cost per option (one panel each), one line per variant; a variant's line
    keeps its colour and dash in every panel, so equal curves still show both. Options ruled
    out are faint."""
    figure = make_subplots(
        rows=1,
        cols=len(OPTIONS),
        shared_yaxes=True,
        subplot_titles=[OPTION_LABELS[o] for o in OPTIONS],
        horizontal_spacing=0.04,
    )
    for index, (name, evaluation) in enumerate(evaluations.items()):
        colour = VARIANT_COLOURS[index % len(VARIANT_COLOURS)]
        dash = VARIANT_DASHES[index % len(VARIANT_DASHES)]
        shown = _text(name)
        for column, option in enumerate(OPTIONS, start=1):
            result = evaluation.options[option]
            figure.add_trace(
                go.Scatter(
                    x=evaluation.months,
                    y=result.cumulative_usd,
                    mode="lines",
                    name=shown,
                    legendgroup=name,
                    showlegend=column == 1,
                    opacity=1.0 if result.feasible else 0.35,
                    line={"color": colour, "width": 2.5, "dash": dash},
                    hovertemplate=f"{shown} · {marked_label(result.label, result.feasible)}: "
                    "$%{y:,.0f} by month "
                    "%{x}<extra></extra>",
                ),
                row=1,
                col=column,
            )
    figure.update_xaxes(title="month")
    figure.update_yaxes(tickprefix="$", tickformat=",.0f")
    figure.update_yaxes(title="cumulative cost (USD)", row=1, col=1)
    _layout(figure, "Cumulative cost per option (faint: ruled out)", 420)
    return figure.update_layout(margin={"t": 75})  # room for the panel titles


def variants_score_chart(evaluations: Mapping[str, Evaluation]) -> go.Figure:
    """Weighted total of each option, grouped by variant; the recommended one is starred."""
    names = list(evaluations)
    shown = [_wrap(_text(name), 18) for name in names]  # long names wrap under their group
    figure = go.Figure()
    for option in OPTIONS:
        results = [evaluations[name].options[option] for name in names]
        figure.add_trace(
            go.Bar(
                x=shown,
                y=[r.score for r in results],
                name=OPTION_LABELS[option],
                marker_color=OPTION_COLOURS[option],
                marker_opacity=[1.0 if r.feasible else 0.3 for r in results],
                text=[
                    f"{r.score:.0f}"
                    + (" ★" if evaluations[n].recommendation == option else "")
                    + ("" if r.feasible else " ✗")
                    for n, r in zip(names, results, strict=True)
                ],
                textposition="outside",
                constraintext="none",
                cliponaxis=False,
                customdata=[
                    "recommended"
                    if evaluations[n].recommendation == option
                    else ("feasible" if r.feasible else "ruled out")
                    for n, r in zip(names, results, strict=True)
                ],
                hovertemplate=f"%{{x}} · {OPTION_LABELS[option]}: %{{y:.1f}}/100 "
                "(%{customdata})<extra></extra>",
            )
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(range=[0, 110], title="weighted score (0-100)")
    figure.update_xaxes(tickangle=0)
    return _layout(figure, "Weighted score per option (★ recommended, ✗ ruled out)", 380)


def latency_distribution_chart(
    evidence: Mapping[Option, OptionEvidence], limit_ms: float
) -> go.Figure:
    """Measured latencies per option (violin with box, p95 marked) against the requirement;
    a log axis when the values spread over more than a factor of 20."""
    figure = go.Figure()
    low, high = math.inf, 0.0
    for option, measured in evidence.items():
        values = measured.latencies_ms
        low, high = min(low, float(values.min())), max(high, float(values.max()))
        figure.add_trace(
            go.Violin(
                x=values,
                name=measured.label,
                orientation="h",
                line_color=OPTION_COLOURS[option],
                box_visible=True,
                meanline_visible=False,
                points="all" if len(values) <= 2000 else "outliers",
                pointpos=0,
                jitter=0.3,
                marker={"size": 3, "opacity": 0.5},
                spanmode="hard",
                hoveron="points",
                hovertemplate=f"{measured.label}: %{{x:,.1f}} ms<extra></extra>",
                showlegend=False,
            )
        )
    m = {o: e.measurement for o, e in evidence.items()}
    figure.add_trace(
        go.Scatter(
            x=[m[o].latency_p95_ms for o in m],
            y=[evidence[o].label for o in m],
            mode="markers",
            marker={"symbol": "diamond", "size": 12, "color": "#111827"},
            name="p95",
            customdata=[
                [m[o].latency_p50_ms, m[o].latency_p99_ms, len(evidence[o].latencies_ms)] for o in m
            ],
            hovertemplate="%{y}: p95 %{x:,.1f} ms (p50 %{customdata[0]:,.1f}, p99 "
            "%{customdata[1]:,.1f} ms; %{customdata[2]:,} timed requests)<extra></extra>",
        )
    )
    log = _log_spread(low, high, limit_ms)
    # A shape takes data coordinates on a log axis, an annotation takes their log10.
    figure.add_shape(
        type="line",
        x0=limit_ms,
        x1=limit_ms,
        y0=0,
        y1=1,
        yref="paper",
        line={"dash": "dash", "color": "#dc2626", "width": 2},
    )
    figure.add_annotation(
        x=math.log10(limit_ms) if log else limit_ms,
        y=1,
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=f"limit {ms_whole(limit_ms)}",
        font={"color": "#dc2626"},
    )
    if log:
        figure.update_xaxes(type="log", title="latency (ms, log scale)")
    else:
        figure.update_xaxes(title="latency (ms)", rangemode="tozero")
    figure.update_yaxes(autorange="reversed")
    return _layout(
        figure, "Measured latency per option against the requirement", 170 + 110 * len(evidence)
    )


def _log_spread(low: float, high: float, limit_ms: float) -> bool:
    low, high = min(low, limit_ms), max(high, limit_ms)
    return low > 0 and high / low > 20


# The interactive charts a decision record shows, by the kind its Chart blocks name.
RECORD_CHARTS: Mapping[str, Callable[[Evaluation], go.Figure]] = {
    "cumulative_cost": cumulative_cost_chart,
    "criteria": criteria_heatmap,
    "latency": latency_budget_chart,
}
