"""The engine behind the pages: one evaluation per distinct scenario, shared by every page and
session (an Evaluation is immutable), so switching pages never recomputes it."""

from __future__ import annotations

import datetime as dt
import json

import streamlit as st

from scoring.evaluate import Evaluation, evaluate
from scoring.files import scenario_from_dict, scenario_to_json
from scoring.markdown import render_markdown
from scoring.record import RecordContent, build_record
from scoring.scenario import Scenario

CACHE_ENTRIES = 64  # bounds memory: an evaluation holds a few MB of Monte Carlo arrays


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner="Evaluating the scenario…")
def _evaluate(scenario_json: str) -> Evaluation:
    return evaluate(scenario_from_dict(json.loads(scenario_json)))


def evaluation_of(scenario: Scenario) -> Evaluation:
    """The evaluation of `scenario` (cached by its content, not by identity)."""
    return _evaluate(scenario_to_json(scenario))


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner="Writing the record…")
def _record(scenario_json: str, today: str) -> tuple[RecordContent, str]:
    evaluation = _evaluate(scenario_json)
    content = build_record(evaluation, dt.date.fromisoformat(today))
    return content, render_markdown(content)


def record_of(scenario: Scenario) -> tuple[RecordContent, str]:
    """The decision record's content and its Markdown, dated today unless the scenario says."""
    return _record(scenario_to_json(scenario), dt.date.today().isoformat())
