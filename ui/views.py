"""Charts and downloads of the session's scenario, built once per scenario and view.

Building a plotly figure (plotly validates every trace) costs 10-20 ms; a rerun that only flips a
toggle or picks another option should not pay it again. Like the evaluation, each figure is
cached by what the engine reads of the scenario (ui.engine.engine_key) and shared; nothing
mutates a figure once it is built.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import streamlit as st

from scoring.model.scenario import Scenario
from scoring.report import charts, cost_readings
from ui.engine import engine_key, evaluation_of

CACHE_ENTRIES = 256  # a few charts and views per scenario; figures are small


def figure(scenario: Scenario, chart: str, *args: object) -> go.Figure:
    """`scoring.report.charts.<chart>(evaluation, *args)` for the scenario (cached)."""
    return _figure(engine_key(scenario), chart, args, scenario)


def variants_figure(chart: str, scenarios: Mapping[str, Scenario]) -> go.Figure:
    """`scoring.report.charts.<chart>` over named variants (cached by each variant's name and
    content)."""
    key = tuple((name, engine_key(scenario)) for name, scenario in scenarios.items())
    return _variants_figure(key, chart, dict(scenarios))


def monthly_costs_csv(scenario: Scenario) -> str:
    """The monthly projection of every option as CSV (cached)."""
    return _csv(engine_key(scenario), scenario)


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _figure(key: str, chart: str, args: tuple, _scenario: Scenario) -> go.Figure:
    return getattr(charts, chart)(evaluation_of(_scenario), *args)


@st.cache_resource(max_entries=CACHE_ENTRIES // 4, show_spinner=False)
def _variants_figure(key: tuple, chart: str, _scenarios: dict[str, Scenario]) -> go.Figure:
    evaluations = {name: evaluation_of(scenario) for name, scenario in _scenarios.items()}
    return getattr(charts, chart)(evaluations)


@st.cache_resource(max_entries=CACHE_ENTRIES // 4, show_spinner=False)
def _csv(key: str, _scenario: Scenario) -> str:
    return cost_readings.monthly_projection_csv(evaluation_of(_scenario))
