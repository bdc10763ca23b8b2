"""The engine behind the pages: one evaluation per distinct scenario, shared by every page and
session (an Evaluation is immutable), so switching pages never recomputes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from scoring.engine.evaluate import Evaluation, evaluate
from scoring.model.codec import engine_key, scenario_to_json
from scoring.model.scenario import Scenario
from scoring.report.figures_in_use import figures_in_result
from scoring.report.markdown import render_markdown
from scoring.report.record import FIGURES_PENDING, RecordContent, build_record

SIDE_DRAWS = 100  # Monte Carlo draws of a side evaluation (see side_evaluation_of)
CACHE_ENTRIES = 64  # bounds memory: an evaluation holds a few MB of Monte Carlo arrays
# Editing free text only the record shows must not re-run the evaluation: evaluations are
# kept by engine_key (scoring.model.codec).


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner="Evaluating the scenario…")
def _evaluate(key: str, _scenario: Scenario) -> Evaluation:
    return evaluate(_scenario)


def evaluation_of(scenario: Scenario) -> Evaluation:
    """The evaluation of `scenario`, cached by what the engine reads of it."""
    evaluation = _evaluate(engine_key(scenario), scenario)
    # A cached evaluation may carry another wording of the same scenario: give it this one.
    return evaluation if evaluation.scenario == scenario else replace(evaluation, scenario=scenario)


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner="Evaluating the scenario…")
def _evaluate_scores(key: str, _scenario: Scenario) -> Evaluation:
    # Its scores and checks do not use the cost band, so a few draws suffice.
    return evaluate(_scenario, draws=SIDE_DRAWS, volume_search=False)


def side_evaluation_of(scenario: Scenario, current: Scenario) -> Evaluation:
    """The evaluation of a scenario shown beside the current one (the same scenario with or
    without its measurements): without the volume tipping points and with a coarse cost band,
    which a side-by-side does not show, unless it is the current scenario, whose full
    evaluation every page shares."""
    if scenario == current:
        return evaluation_of(current)
    return _evaluate_scores(engine_key(scenario), scenario)


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner="Writing the record…")
def _record(
    scenario_json: str, today: str, checked: bool, _scenario: Scenario
) -> tuple[RecordContent, str]:
    evaluation = evaluation_of(_scenario)
    figures = figures_in_result(evaluation) if checked else FIGURES_PENDING
    content = build_record(evaluation, dt.date.fromisoformat(today), figures)
    return content, render_markdown(content)


def record_of(scenario: Scenario, checked: bool = True) -> tuple[RecordContent, str]:
    """The decision record's content and its Markdown, dated today unless the scenario says.
    With `checked` False, a record that says its table of figures is not checked yet instead
    of checking it (seconds, the first time for a scenario)."""
    return _record(scenario_to_json(scenario), dt.date.today().isoformat(), checked, scenario)
