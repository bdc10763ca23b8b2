"""Records for the tests of their wording and layout, built without the figure check.

The check (which catalog figures change the result) evaluates the scenario some 230 times, seconds
a scenario; tests/integration/test_record_figures.py tests it. A test of anything else in the
record gives it the figures the evaluation read instead, which fill the same table."""

from __future__ import annotations

import datetime as dt

from scoring.engine.evaluate import Evaluation
from scoring.report.figures_in_use import used_figures
from scoring.report.record import RecordContent, build_record


def record_with_read_figures(evaluation: Evaluation, today: dt.date | None = None) -> RecordContent:
    """The record of `evaluation`, its sources table listing the figures the evaluation read."""
    return build_record(evaluation, today, figures=used_figures(evaluation))
