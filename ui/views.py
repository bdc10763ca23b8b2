"""Charts and downloads of the session's scenario, built once per scenario and view.

Building a plotly figure (plotly validates every trace) costs 10-20 ms; a rerun that only flips a
toggle or picks another option should not pay it again. Like the evaluation, each figure is
cached by what the engine reads of the scenario (scoring.model.codec.engine_key) and shared; nothing
mutates a figure once it is built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Concatenate, ParamSpec

import plotly.graph_objects as go
import streamlit as st

from scoring.engine.evaluate import Evaluation
from scoring.model.codec import engine_key
from scoring.model.scenario import Scenario
from scoring.report import cost_readings
from ui.engine import evaluation_of

CACHE_ENTRIES = 256  # a few charts and views per scenario; figures are small

P = ParamSpec("P")
VariantsChart = Callable[[Mapping[str, Evaluation]], go.Figure]


def figure(
    scenario: Scenario,
    chart: Callable[Concatenate[Evaluation, P], go.Figure],
    *args: P.args,
    **kwargs: P.kwargs,
) -> go.Figure:
    """`chart(evaluation, *args, **kwargs)` for the scenario's evaluation (cached); `chart` is
    a function of scoring.report.charts, so a type checker checks its arguments."""
    arguments = (args, tuple(sorted(kwargs.items())))
    return _figure(engine_key(scenario), _name(chart), arguments, chart, scenario)


def variants_figure(chart: VariantsChart, scenarios: Mapping[str, Scenario]) -> go.Figure:
    """`chart` over named variants (cached by each variant's name and content)."""
    key = tuple((name, engine_key(scenario)) for name, scenario in scenarios.items())
    return _variants_figure(key, _name(chart), chart, dict(scenarios))


def monthly_costs_csv(scenario: Scenario) -> str:
    """The monthly projection of every option as CSV (cached)."""
    return _csv(engine_key(scenario), scenario)


def _name(chart: Callable[..., go.Figure]) -> str:
    """The chart's part of a cache key (a function is not hashed by its name)."""
    return f"{chart.__module__}.{chart.__qualname__}"


# Arguments with a leading underscore are not hashed: the key arguments before them say
# everything they hold.
@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _figure(
    key: str,
    chart_name: str,
    arguments: tuple[tuple[object, ...], tuple[tuple[str, object], ...]],
    _chart: Callable[..., go.Figure],
    _scenario: Scenario,
) -> go.Figure:
    args, kwargs = arguments
    return _chart(evaluation_of(_scenario), *args, **dict(kwargs))


@st.cache_resource(max_entries=CACHE_ENTRIES // 4, show_spinner=False)
def _variants_figure(
    key: tuple, chart_name: str, _chart: VariantsChart, _scenarios: dict[str, Scenario]
) -> go.Figure:
    evaluations = {name: evaluation_of(scenario) for name, scenario in _scenarios.items()}
    return _chart(evaluations)


@st.cache_resource(max_entries=CACHE_ENTRIES // 4, show_spinner=False)
def _csv(key: str, _scenario: Scenario) -> str:
    return cost_readings.monthly_projection_csv(evaluation_of(_scenario))
